"""Pages of plans and summaries (§12), the vice-chair's approval inbox, and the office's
plans for the year with their clash report (§13)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.forms.plans import (
    DecisionForm,
    OfficePlanApproveForm,
    PlanCreateForm,
    PlanEditForm,
    PlanItemForm,
)
from committees.models import OfficePlan, PlanItem, WorkPlan
from committees.selectors.activities import with_labels
from committees.selectors.clashes import clashes_of
from committees.selectors.plans import (
    approval_inbox as inbox_of,
)
from committees.selectors.plans import (
    committee_plans,
    get_plan_for,
    labelled_log,
    office_plan_contents,
    office_plans,
    plan_access,
    plan_items,
    plans_visible_to,
)
from committees.services import plans as services
from committees.workflow import PLAN_WORKFLOW
from organisation.access import committees_where
from organisation.selectors import committee_access, get_committee_for
from portal.access import OVERSEE_COMMITTEE, office_required
from portal.feedback import run_service
from portal.params import year_param


@login_required
def plan_list(request: HttpRequest, pk: int) -> HttpResponse:
    """A committee's plans and summaries, for its staff, its vice-chair and the office."""
    committee = get_committee_for(request.user, pk)
    access = committee_access(request.user, committee)
    if not access.see_roster:  # members see the committee's public page only
        raise PermissionDenied
    return render(
        request,
        "committees/plan_list.html",
        {"committee": committee, "access": access, "plans": committee_plans(committee)},
    )


def plan_created_message(plan: WorkPlan) -> str:
    """What to do next with a new draft: a plan gets items, a summary is prose (§12)."""
    if plan.has_items:
        return _("已创建草稿，请添加计划事项后报送审批。")
    return _("已创建草稿（%(kind)s），请完善总结正文后报送分管副主席审批。") % {
        "kind": plan.get_kind_display()
    }


@login_required
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_committee_for(request.user, pk)
    if not committee_access(request.user, committee).staff:
        raise PermissionDenied
    form = PlanCreateForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(committee=committee, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, plan_created_message(plan))
            return redirect("committees:plan_detail", pk=plan.pk)
    return render(
        request, "committees/plan_form.html", {"form": form, "committee": committee, "plan": None}
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for(request.user, pk)
    access = plan_access(request.user, plan)
    log = labelled_log(plan)
    return render(
        request,
        "committees/plan_detail.html",
        {
            "plan": plan,
            "committee": plan.committee,
            "access": access,
            "items": plan_items(plan) if plan.has_items else [],
            "log": log,
            "last_return": next((e for e in reversed(log) if e.to_state == "returned"), None),
            "can_submit": PLAN_WORKFLOW.can(plan, WorkPlan.Status.SUBMITTED, request.user),
            "can_decide": PLAN_WORKFLOW.can(plan, WorkPlan.Status.APPROVED, request.user),
            "own_submission": plan.submitted_by_user(request.user),
            "decision_form": DecisionForm(),
        },
    )


def _editable_plan(request: HttpRequest, pk: int) -> WorkPlan:
    plan = get_plan_for(request.user, pk)
    if not plan_access(request.user, plan).edit:
        raise PermissionDenied
    return plan


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    form = PlanEditForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                title=form.cleaned_data["title"],
                content=form.cleaned_data["content"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("committees:plan_detail", pk=plan.pk)
    return render(
        request,
        "committees/plan_form.html",
        {"form": form, "committee": plan.committee, "plan": plan},
    )


def _item_form_page(request: HttpRequest, plan: WorkPlan, item: PlanItem) -> HttpResponse:
    form = PlanItemForm(request.POST or None, instance=item, body_id=plan.committee.body_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_item_save(
                item=form.instance,
                sector_groups=form.cleaned_data["sector_groups"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("计划事项已保存。"))
            return redirect("committees:plan_detail", pk=plan.pk)
    return render(
        request, "committees/plan_item_form.html", {"form": form, "plan": plan, "item": item}
    )


@login_required
def plan_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    return _item_form_page(request, plan, PlanItem(plan=plan))


def _get_item(request: HttpRequest, pk: int) -> PlanItem:
    item = get_object_or_404(
        PlanItem.objects.select_related("plan"),
        pk=pk,
        plan__in=plans_visible_to(request.user),
    )
    if not plan_access(request.user, item.plan).edit:
        raise PermissionDenied
    return item


@login_required
def plan_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_item(request, pk)
    return _item_form_page(request, item.plan, item)


@require_POST
@login_required
def plan_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get_item(request, pk)
    run_service(
        request,
        lambda: services.plan_item_delete(item=item, by=request.user),
        _("计划事项已删除。"),
    )
    return redirect("committees:plan_detail", pk=item.plan_id)


@require_POST
@login_required
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _editable_plan(request, pk)
    run_service(
        request,
        lambda: services.plan_submit(plan=plan, by=request.user),
        _("已报送分管副主席审批。"),
    )
    return redirect("committees:plan_detail", pk=plan.pk)


def _decide(request: HttpRequest, pk: int, *, approve: bool) -> HttpResponse:
    plan = get_plan_for(request.user, pk)
    if not plan_access(request.user, plan).vice_chair:
        raise PermissionDenied
    form = DecisionForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    run_service(
        request,
        lambda: services.plan_decide(plan=plan, approve=approve, comment=comment, by=request.user),
        _("已批准。") if approve else _("已退回修改。"),
    )
    return redirect("committees:plan_detail", pk=plan.pk)


@require_POST
@login_required
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=True)


@require_POST
@login_required
def plan_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)


@login_required
def approval_inbox(request: HttpRequest) -> HttpResponse:
    """The vice-chair's inbox: plans, summaries and major activities waiting for him."""
    if not committees_where(request.user, OVERSEE_COMMITTEE).exists():
        raise PermissionDenied
    return render(request, "committees/approval_inbox.html", inbox_of(request.user))


# ---- the office's plans (§13) ----------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    return year_param(request.GET, default=timezone.localdate().year)


@office_required
def office_plan_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    return render(
        request,
        "committees/office_plan_list.html",
        {"year": year, "plans": office_plans(body_id=request.user.body_id, year=year)},
    )


def _office_kind(kind: str) -> str:
    if kind not in OfficePlan.Kind.values:
        raise Http404
    return kind


OFFICE_PLAN_ACTIVITIES_PER_PAGE = 30
OFFICE_PLAN_CLASHES_PER_PAGE = 20


@office_required
def office_plan_detail(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    """The plan's items in full; the clash report and the year's activities one page each
    (`clashes` and `page`), with their totals and the activities' summary."""
    contents = office_plan_contents(
        body_id=request.user.body_id, year=year, kind=_office_kind(kind)
    )
    page = Paginator(contents.activities, OFFICE_PLAN_ACTIVITIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = with_labels(page.object_list)
    clash_page = Paginator(contents.clash_pairs, OFFICE_PLAN_CLASHES_PER_PAGE).get_page(
        request.GET.get("clashes")
    )
    return render(
        request,
        "committees/office_plan_detail.html",
        {
            "contents": contents,
            "plan": contents.plan,
            "clash_page": clash_page,
            "clashes": clashes_of(clash_page.object_list),
            "page": page,
            "log": labelled_log(contents.plan) if contents.plan.pk else [],
            "form": OfficePlanApproveForm(),
        },
    )


@require_POST
@office_required
def office_plan_approve(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    form = OfficePlanApproveForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    run_service(
        request,
        lambda: services.office_plan_approve(
            body_id=request.user.body_id,
            year=year,
            kind=_office_kind(kind),
            comment=comment,
            by=request.user,
        ),
        _("计划已批准。"),
    )
    return redirect("committees:office_plan_detail", year=year, kind=kind)


@require_POST
@office_required
def office_plan_reopen(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    plan = get_object_or_404(
        OfficePlan, body_id=request.user.body_id, year=year, kind=_office_kind(kind)
    )
    form = OfficePlanApproveForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    run_service(
        request,
        lambda: services.office_plan_reopen(plan=plan, comment=comment, by=request.user),
        _("计划已退回编制。"),
    )
    return redirect("committees:office_plan_detail", year=year, kind=kind)
