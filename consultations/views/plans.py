"""协商 annual plans: items, comments, status moves, the PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisation.access import WORK_IN_COMMITTEE, committees_where
from portal.access import is_office

from .. import forms, services
from ..access import is_chair
from ..models import (
    Plan,
    PlanItem,
)
from ..selectors import (
    get_plan_for,
    plan_items,
    plans_visible_to,
    sees_plans,
)
from ..workflow import (
    PLAN,
)
from .base import _attempt, _form_page, _log

# ---- plans ------------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    if not sees_plans(request.user):
        raise PermissionDenied
    return render(
        request,
        "consultations/plan_list.html",
        {
            "plans": plans_visible_to(request.user).order_by("-year"),
            "form": forms.PlanForm(initial={"year": timezone.localdate().year + 1})
            if is_office(request.user)
            else None,
        },
    )


@require_POST
@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    if not is_office(request.user):
        raise PermissionDenied
    form = forms.PlanForm(request.POST)
    if form.is_valid():
        plan = _attempt(
            form,
            lambda: services.plan_create(
                body_id=request.user.body_id, year=form.cleaned_data["year"], by=request.user
            ),
        )
        if plan is not None:
            messages.success(request, _("已创建协商计划，请添加课题。"))
            return redirect("consultations:plan_detail", pk=plan.pk)
    return render(
        request,
        "consultations/plan_list.html",
        {"plans": plans_visible_to(request.user).order_by("-year"), "form": form},
        status=422,
    )


def _plan_page(request: HttpRequest, plan: Plan, *, status: int = 200, **extra) -> HttpResponse:
    user = request.user
    office = is_office(user)
    committees = committees_where(user, WORK_IN_COMMITTEE) if plan.editable else None
    steps = [
        (t, forms.PlanStepForm(initial={"target": t.target})) for t in PLAN.available(plan, user)
    ]
    context = {
        "plan": plan,
        "items": plan_items(plan),
        "office": office,
        "comments": list(plan.comments.select_related("committee", "by")),
        "comment_form": forms.PlanCommentForm(committees=committees)
        if committees is not None and committees.exists()
        else None,
        "steps": steps,
        "dated": {Plan.Status.REVIEWED, Plan.Status.APPROVED, Plan.Status.ISSUED},
        "log": _log(plan),
        "startable": plan.status in (Plan.Status.APPROVED, Plan.Status.ISSUED),
        "my_committees": set(
            committees_where(user, WORK_IN_COMMITTEE).values_list("pk", flat=True)
        ),
        **extra,
    }
    return render(request, "consultations/plan_detail.html", context, status=status)


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_page(request, get_plan_for(request.user, pk))


@login_required
def plan_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for(request.user, pk)
    if not is_office(request.user):
        raise PermissionDenied
    form = forms.PlanItemForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = _attempt(
            form,
            lambda: services.plan_item_add(
                plan=plan,
                topic=data["topic"],
                title=data["title"],
                kind=data["kind"],
                committee=data["committee"],
                co_committees=list(data["co_committees"]),
                leader=data["leader"],
                departments=list(data["departments"]),
                month=data["month"],
                is_key=data["is_key"],
                by=request.user,
            ),
        )
        if item is not None:
            messages.success(request, _("课题已列入计划。"))
            return redirect("consultations:plan_detail", pk=pk)
    return _form_page(
        request,
        form,
        title=_("添加协商课题：%(plan)s") % {"plan": plan.title},
        back=reverse("consultations:plan_detail", args=[pk]),
        status=422 if form.errors else 200,
    )


def _plan_item_for(request: HttpRequest, pk: int) -> PlanItem:
    item = PlanItem.objects.select_related("plan", "committee").filter(pk=pk).first()
    if item is None:
        raise Http404
    get_plan_for(request.user, item.plan_id)  # 404 outside the user's reach
    return item


@require_POST
@login_required
def plan_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _plan_item_for(request, pk)
    if not is_office(request.user):
        raise PermissionDenied
    try:
        services.plan_item_remove(item=item, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("已从计划中删除该课题。"))
    return redirect("consultations:plan_detail", pk=item.plan_id)


@require_POST
@login_required
def plan_comment(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for(request.user, pk)
    committees = committees_where(request.user, WORK_IN_COMMITTEE)
    if not committees.exists():
        raise PermissionDenied
    form = forms.PlanCommentForm(request.POST, committees=committees)
    if form.is_valid():
        done = _attempt(
            form,
            lambda: services.plan_comment_add(
                plan=plan,
                committee=form.cleaned_data["committee"],
                text=form.cleaned_data["text"],
                by=request.user,
            ),
        )
        if done is not None:
            messages.success(request, _("意见已提交。"))
            return redirect("consultations:plan_detail", pk=pk)
    return _plan_page(request, plan, status=422, comment_form=form)


@require_POST
@login_required
def plan_move(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for(request.user, pk)
    if not (is_office(request.user) or is_chair(request.user)):
        raise PermissionDenied
    form = forms.PlanStepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_move(
                plan=plan,
                target=data["target"],
                comment=data["comment"],
                on=data["on"],
                doc=data["doc"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, _("协商计划已更新为「%(s)s」。") % {"s": plan.get_status_display()}
            )
    else:
        messages.error(request, _("请检查填写的日期。"))
    return redirect("consultations:plan_detail", pk=pk)


@login_required
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from portal.pdf import PdfError

    from ..reports import plan_pdf as render

    plan = get_plan_for(request.user, pk)
    try:
        return render(plan)
    except PdfError:
        messages.error(request, _("PDF 生成超时或失败，请稍后再试。"))
        return redirect("consultations:plan_detail", pk=pk)
