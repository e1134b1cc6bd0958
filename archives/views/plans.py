"""Collection plans: list, writing, detail, status moves."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.feedback import run_service
from portal.workflow import transitions_of

from .. import selectors, services
from ..access import (
    culture_committees,
    manages_plan,
    may_submit,
)
from ..forms import (
    CommentForm,
    PlanForm,
)
from ..workflow import PLAN
from .common import P

# ---- collection plans -------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.plans_with_progress(request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "archives/plan_list.html",
        {"page": page, "may_create": culture_committees(request.user).exists()},
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    committees = culture_committees(request.user)
    if not committees.exists():
        raise PermissionDenied
    form = PlanForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        data = {f: v for f, v in form.cleaned_data.items() if f != "version"}
        try:
            plan = services.plan_create(body_id=request.user.body_id, data=data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("征集计划已保存为草稿。"))
            return redirect("archives:plan_detail", pk=plan.pk)
    return render(
        request,
        "archives/plan_form.html",
        {"form": form, "plan": None},
        status=422 if form.errors else 200,
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for(request.user, pk)
    progress = selectors.plans_with_progress(request.user).get(pk=plan.pk)
    return render(
        request,
        "archives/plan_detail.html",
        {
            "plan": progress,
            "manage": manages_plan(plan, request.user),
            "moves": PLAN.available(plan, request.user),
            "comment_form": CommentForm(),
            "log": [(e, P(e.to_state).label) for e in transitions_of(plan)],
            "may_submit": may_submit(request.user) and plan.accepting,
        },
    )


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for(request.user, pk)
    if not manages_plan(plan, request.user):
        raise PermissionDenied
    form = PlanForm(
        request.POST or None,
        instance=plan,
        committees=culture_committees(request.user),
        initial={"version": plan.version},
    )
    if request.method == "POST" and form.is_valid():
        data = {f: v for f, v in form.cleaned_data.items() if f != "version"}
        try:
            services.plan_update(
                plan=plan, data=data, version=form.cleaned_data["version"] or 0, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("征集计划已保存。"))
            return redirect("archives:plan_detail", pk=pk)
    return render(
        request,
        "archives/plan_form.html",
        {"form": form, "plan": plan},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def plan_move(request: HttpRequest, pk: int, target: str) -> HttpResponse:
    plan = selectors.get_plan_for(request.user, pk)
    if target not in P.values:
        raise Http404
    if not (manages_plan(plan, request.user) or PLAN.can(plan, target, request.user)):
        raise PermissionDenied
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    run_service(
        request,
        lambda: services.plan_move(plan=plan, target=target, comment=comment, by=request.user),
        _("已办理：%(s)s。") % {"s": P(target).label},
    )
    return redirect("archives:plan_detail", pk=pk)
