"""Pages of activities (§1–3, §6, §7, §12, §15): the list, create and edit, the detail page,
submitting, publishing, cancelling, approval of major activities. Invitations, attendance and
outputs have modules of their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.forms.activities import (
    ActivityForm,
    CancelForm,
    InviteForm,
    OutputForm,
    ParticipantForm,
    RespondForm,
)
from committees.forms.plans import DecisionForm
from committees.models import (
    Activity,
    PlanItem,
)
from committees.selectors.activities import (
    ACTIVITY_COUNTS,
    ActivityFilters,
    activity_access,
    activity_invitations,
    activity_list,
    attach_counts,
    followed_committees,
    get_activity_for,
    invitable_choices,
    invitable_members,
    with_labels,
)
from committees.selectors.plans import find_clashes, labelled_log
from committees.services import activities as services
from committees.workflow import ACTIVITY_WORKFLOW
from members.models import Member
from organisation.access import committees_where
from portal.access import WORK_IN_COMMITTEE, is_office
from portal.feedback import run_service, submit_on_page
from portal.paging import counted_page
from portal.params import id_param, year_param

A = Activity.Status


def _may_create(request: HttpRequest) -> bool:
    return is_office(request.user) or committees_where(request.user, WORK_IN_COMMITTEE).exists()


@login_required
def activity_list_view(request: HttpRequest) -> HttpResponse:
    filters = ActivityFilters(
        committee=id_param(request.GET, "committee"),
        type=request.GET.get("type", ""),
        status=request.GET.get("status", ""),
        year=year_param(request.GET),
        query=request.GET.get("q", "").strip()[:50],
        attendance_missing=request.GET.get("attendance") == "missing",
    )
    activities = activity_list(request.user, filters)
    page = counted_page(request, activities, 30, counts=ACTIVITY_COUNTS)
    page.object_list = attach_counts(with_labels(page.object_list))
    committees = followed_committees(request.user)
    return render(
        request,
        "committees/activity_list.html",
        {
            "page": page,
            "filters": filters,
            "committees": committees,
            "types": Activity.Type.choices,
            "statuses": A.choices,
            "may_create": _may_create(request),
            "is_office": is_office(request.user),
        },
    )


def _activity_form(request: HttpRequest, activity: Activity) -> HttpResponse:
    user = request.user
    office = is_office(user)
    committees = committees_where(user, WORK_IN_COMMITTEE).order_by("order", "id")
    plan_items = PlanItem.objects.filter(plan__committee__in=committees).select_related("plan")
    initial = {}
    if activity.pk is None:
        chosen = id_param(request.GET, "committee")
        if chosen and committees.filter(pk=chosen).exists():
            initial["committee"] = chosen
        item = id_param(request.GET, "plan_item")
        if item and plan_items.filter(pk=item).exists():
            planned = plan_items.get(pk=item)
            initial.update(
                plan_item=item,
                type=planned.activity_type,
                topic=planned.topic,
                committee=planned.plan.committee_id,
                sector_groups=list(planned.sector_groups.values_list("pk", flat=True)),
            )
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        initial=initial,
        body_id=user.body_id,
        committees=committees,
        plan_items=plan_items.order_by("-plan__year", "order", "id"),
        office=office,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.activity_save(
                activity=form.instance,
                sector_groups=form.cleaned_data["sector_groups"],
                version=form.cleaned_data.get("version"),
                by=user,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(
                None, error if isinstance(error, ValidationError) else str(error) or _("无权操作。")
            )
        else:
            messages.success(request, _("活动已保存。"))
            return redirect("committees:activity_detail", pk=saved.pk)
    return render(
        request,
        "committees/activity_form.html",
        {"form": form, "activity": activity if activity.pk else None},
    )


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    if not _may_create(request):
        raise PermissionDenied
    return _activity_form(request, Activity(body_id=request.user.body_id))


def _managed(request: HttpRequest, pk: int) -> Activity:
    """An activity the user may see (else 404) and manage (else 403)."""
    activity = get_activity_for(request.user, pk)
    if not activity_access(request.user, activity).manage:
        raise PermissionDenied
    return activity


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _managed(request, pk)
    if not activity.is_editable:
        messages.error(
            request, _("「%(s)s」的活动不能修改。") % {"s": activity.get_status_display()}
        )
        return redirect("committees:activity_detail", pk=pk)
    return _activity_form(request, activity)


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return activity_page(request, get_activity_for(request.user, pk))


def activity_page(
    request: HttpRequest, activity: Activity, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    """The activity's page; `bound` replaces its empty forms by forms that a refusal sent
    back, shown with what was typed (issue 10: nothing typed is lost)."""
    if bound:
        activity.refresh_from_db()
    access = activity_access(request.user, activity)
    context = {
        "activity": activity,
        "access": access,
        "sector_groups": activity.sector_groups.all(),
        "participants": activity.participants.select_related("department"),
        "outputs": activity.outputs.select_related("speaker", "uploaded_by"),
        "log": labelled_log(activity),
        "can": {
            name: ACTIVITY_WORKFLOW.can(activity, target, request.user)
            for name, target in (
                ("publish", A.PUBLISHED),
                ("submit", A.PENDING),
                ("hold", A.HELD),
                ("decide", A.APPROVED),
                ("cancel", A.CANCELLED),
            )
        },
        "now": timezone.now(),
    }
    if access.see_people:
        invitations = list(activity_invitations(activity))
        context["invitations"] = invitations
        clashes = find_clashes(
            body_id=activity.body_id,
            start=activity.starts_at,
            end=activity.ends_at,
            activity_id=activity.pk,
        )
        context["clashes"] = [
            (c.second if c.first.pk == activity.pk else c.first, c) for c in clashes
        ]
    if access.manage:
        context.update(
            invite_form=InviteForm(members=invitable_members(activity)),
            invite_choices=invitable_choices(activity),
            participant_form=ParticipantForm(body_id=activity.body_id),
            output_form=OutputForm(speakers=Member.objects.filter(invitations__activity=activity)),
            cancel_form=CancelForm(),
        )
    if access.decide:
        context["decision_form"] = DecisionForm()
    if access.invitation is not None:
        context["respond_form"] = RespondForm()
    for name, form in (bound or {}).items():
        if name in context:  # only a form the page shows to this user
            context[name] = form
    return render(request, "committees/activity_detail.html", context, status=status)


# ---- workflow -------------------------------------------------------------------------------


def _run(request: HttpRequest, pk: int, action, success: str) -> HttpResponse:
    run_service(request, action, success)
    return redirect("committees:activity_detail", pk=pk)


def _submit(
    request: HttpRequest, activity: Activity, form, name: str, action, success: str
) -> HttpResponse:
    """A form posted from the activity's page (portal.feedback.submit_on_page)."""
    return submit_on_page(
        request,
        form,
        action,
        success,
        done=lambda: redirect("committees:activity_detail", pk=activity.pk),
        again=lambda bound: activity_page(request, activity, {name: bound}, status=400),
    )


@require_POST
@login_required
def activity_submit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _managed(request, pk)
    return _run(
        request,
        pk,
        lambda: services.activity_submit(activity=activity, by=request.user),
        _("已报分管副主席审批。"),
    )


@require_POST
@login_required
def activity_publish(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _managed(request, pk)
    return _run(
        request,
        pk,
        lambda: services.activity_publish(activity=activity, by=request.user),
        _("活动已发布，受邀委员将收到通知。"),
    )


@require_POST
@login_required
def activity_mark_held(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _managed(request, pk)
    return _run(
        request,
        pk,
        lambda: services.activity_mark_held(activity=activity, by=request.user),
        _("已标记为已举行，请登记考勤并上传成果。"),
    )


@require_POST
@login_required
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _managed(request, pk)
    return _submit(
        request,
        activity,
        CancelForm(request.POST),
        "cancel_form",
        lambda data: services.activity_cancel(
            activity=activity, reason=data["reason"], by=request.user
        ),
        _("活动已取消。"),
    )


def _decide(request: HttpRequest, pk: int, *, approve: bool) -> HttpResponse:
    activity = get_activity_for(request.user, pk)
    if not activity_access(request.user, activity).decide:
        raise PermissionDenied
    return _submit(
        request,
        activity,
        DecisionForm(request.POST),
        "decision_form",
        lambda data: services.activity_decide(
            activity=activity, approve=approve, comment=data["comment"], by=request.user
        ),
        _("已批准，组织方可以发布。") if approve else _("已退回修改。"),
    )


@require_POST
@login_required
def activity_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=True)


@require_POST
@login_required
def activity_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)
