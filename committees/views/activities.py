"""Pages of activities (§1–3, §6, §7, §12, §15): the list, create and edit, approval of major
activities, invitations, attendance, outside participants, outputs, QR check-in, and the
member's own invitations."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from committees.forms.activities import (
    ATTENDANCE_CHOICES,
    ActivityForm,
    CancelForm,
    InviteForm,
    OutputForm,
    ParticipantForm,
    RespondForm,
    parse_attendance,
)
from committees.forms.plans import DecisionForm
from committees.models import (
    Activity,
    ActivityInvitation,
    ActivityOutput,
    ActivityParticipant,
    PlanItem,
)
from committees.selectors.activities import (
    ActivityFilters,
    activities_visible_to,
    activity_access,
    activity_invitations,
    activity_list,
    attach_counts,
    attendance_version,
    committee_member_ids,
    followed_committees,
    get_activity_for,
    group_member_ids,
    invitable_members,
    my_invitations,
)
from committees.selectors.plans import find_clashes, labelled_log
from committees.services import activities as services
from committees.workflow import ACTIVITY_WORKFLOW
from members.models import Member
from organisation.access import committees_where
from portal.access import WORK_IN_COMMITTEE, is_office, roles_of
from portal.feedback import form_errors, run_service, submit_on_page
from portal.uploads import attachment_response

A = Activity.Status


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _may_create(request: HttpRequest) -> bool:
    return is_office(request.user) or committees_where(request.user, WORK_IN_COMMITTEE).exists()


@login_required
def activity_list_view(request: HttpRequest) -> HttpResponse:
    filters = ActivityFilters(
        committee=_int(request.GET.get("committee")),
        type=request.GET.get("type", ""),
        status=request.GET.get("status", ""),
        year=_int(request.GET.get("year")),
        query=request.GET.get("q", "").strip()[:50],
        attendance_missing=request.GET.get("attendance") == "missing",
    )
    page = Paginator(activity_list(request.user, filters), 30).get_page(request.GET.get("page"))
    page.object_list = attach_counts(list(page.object_list))
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
        chosen = _int(request.GET.get("committee"))
        if chosen and committees.filter(pk=chosen).exists():
            initial["committee"] = chosen
        item = _int(request.GET.get("plan_item"))
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


# ---- invitations and answers ------------------------------------------------------------------


@require_POST
@login_required
def activity_invite(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _managed(request, pk)
    form = InviteForm(request.POST, members=invitable_members(activity))
    if not form.is_valid():
        messages.error(request, _("所选委员无效（可能不在任或已邀请），请刷新后重试。"))
        return redirect("committees:activity_detail", pk=pk)
    ids = {m.pk for m in form.cleaned_data["members"]}
    day = activity.local_date
    if form.cleaned_data["whole_committee"] and activity.owner_committee is not None:
        ids |= set(committee_member_ids(activity.owner_committee, day))
    if form.cleaned_data["organiser_groups"]:
        group_ids = list(activity.sector_groups.values_list("pk", flat=True))
        ids |= set(group_member_ids(group_ids, activity.body_id, day))
    members = Member.objects.filter(pk__in=ids, body_id=activity.body_id)
    if not members:
        messages.error(request, _("请选择要邀请的委员。"))
        return redirect("committees:activity_detail", pk=pk)
    try:
        added = services.invitations_add(activity=activity, members=members, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("新邀请 %(n)d 人。") % {"n": added})
    return redirect("committees:activity_detail", pk=pk)


def _invitation_of_managed(request: HttpRequest, pk: int) -> ActivityInvitation:
    invitation = get_object_or_404(
        ActivityInvitation.objects.select_related("activity", "member"),
        pk=pk,
        activity__in=activities_visible_to(request.user),
    )
    if not activity_access(request.user, invitation.activity).manage:
        raise PermissionDenied
    return invitation


@require_POST
@login_required
def invitation_remove(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation_of_managed(request, pk)
    return _run(
        request,
        invitation.activity_id,
        lambda: services.invitation_remove(invitation=invitation, by=request.user),
        _("已取消对 %(name)s 的邀请。") % {"name": invitation.member.name},
    )


@login_required
def my_activities(request: HttpRequest) -> HttpResponse:
    """A member's invitations on his phone: upcoming to answer, and past ones."""
    member = roles_of(request.user).member
    if member is None:
        raise PermissionDenied
    now = timezone.now()
    invitations = my_invitations(member)
    past = invitations.filter(activity__ends_at__lt=now)
    shown = PastTab.parse(request.GET.get("past"))
    counts = past.aggregate(**{tab.key: Count("pk", filter=tab.filter) for tab in PAST_TABS})
    page = Paginator(
        past.filter(shown.filter).order_by("-activity__starts_at", "-pk"), MY_PAST_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "committees/my_activities.html",
        {
            "upcoming": invitations.filter(activity__ends_at__gte=now).order_by(
                "activity__starts_at"
            ),
            "tabs": [(tab, counts[tab.key]) for tab in PAST_TABS],
            "shown": shown,
            "page": page,
            "form": RespondForm(),
            "now": now,
        },
    )


MY_PAST_PER_PAGE = 20


@dataclass(frozen=True)
class PastTab:
    """One part of a member's past activities, split by his recorded attendance."""

    key: str
    label: str
    filter: Q

    @staticmethod
    def parse(value: str | None) -> PastTab:
        return next((tab for tab in PAST_TABS if tab.key == value), PAST_TABS[0])


_I = ActivityInvitation.Attendance
_HELD_OR_ON = ~Q(activity__status=A.CANCELLED)
PAST_TABS = (
    PastTab("attended", gettext_lazy("已参加"), Q(attendance=_I.PRESENT) & _HELD_OR_ON),
    PastTab("excused", gettext_lazy("请假"), Q(attendance=_I.EXCUSED) & _HELD_OR_ON),
    PastTab("absent", gettext_lazy("缺席"), Q(attendance=_I.ABSENT) & _HELD_OR_ON),
    PastTab(
        "unrecorded",
        gettext_lazy("待登记或已取消"),
        Q(attendance="") | Q(activity__status=A.CANCELLED),
    ),
)


@require_POST
@login_required
def invitation_respond(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(
        ActivityInvitation.objects.select_related("activity"), pk=pk, member__user=request.user
    )
    form = RespondForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        run_service(
            request,
            lambda: services.invitation_respond(
                invitation=invitation,
                response=form.cleaned_data["response"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            ),
            _("已回复。"),
        )
    target = request.POST.get("next")
    if target == "detail":
        return redirect("committees:activity_detail", pk=invitation.activity_id)
    return redirect("committees:my_activities")


# ---- attendance (谁组织谁记录) ------------------------------------------------------------------


@login_required
def activity_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _managed(request, pk)
    invitations = list(activity_invitations(activity))
    version = attendance_version(invitations)
    if request.method == "POST":
        entries, errors = parse_attendance(request.POST, [i.pk for i in invitations])
        stale = False
        if not errors:
            try:
                changed = services.attendance_record(
                    activity=activity,
                    entries=entries,
                    by=request.user,
                    seen=request.POST.get("version") or None,
                )
            except ValidationError as error:
                errors = error.messages
                stale = any(e.code == "stale" for e in error.error_list)
            else:
                messages.success(request, _("考勤已保存（%(n)d 人有变化）。") % {"n": changed})
                return redirect("committees:activity_detail", pk=pk)
        for error in errors:
            messages.error(request, error)
        if stale:
            invitations = list(activity_invitations(activity))
            version = attendance_version(invitations)
        else:
            # Keep what was typed: nothing entered is lost on an error. (A sheet saved by
            # someone else meanwhile is shown as now stored, to be checked and saved again.)
            version = request.POST.get("version", version)
            for invitation in invitations:
                invitation.attendance = request.POST.get(f"attendance_{invitation.pk}", "")
                invitation.attendance_reason = request.POST.get(f"reason_{invitation.pk}", "")
    return render(
        request,
        "committees/activity_attendance.html",
        {
            "activity": activity,
            "invitations": invitations,
            "choices": ATTENDANCE_CHOICES,
            "version": version,
        },
    )


# ---- participants and outputs --------------------------------------------------------------------


@require_POST
@login_required
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _managed(request, pk)
    form = ParticipantForm(
        request.POST, instance=ActivityParticipant(activity=activity), body_id=activity.body_id
    )
    return _submit(
        request,
        activity,
        form,
        "participant_form",
        lambda data: services.participant_add(participant=form.instance, by=request.user),
        _("已添加参加人员。"),
    )


@require_POST
@login_required
def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(
        ActivityParticipant.objects.select_related("activity"),
        pk=pk,
        activity__in=activities_visible_to(request.user),
    )
    if not activity_access(request.user, participant.activity).manage:
        raise PermissionDenied
    return _run(
        request,
        participant.activity_id,
        lambda: services.participant_remove(participant=participant, by=request.user),
        _("已移除。"),
    )


@require_POST
@login_required
def output_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _managed(request, pk)
    form = OutputForm(
        request.POST,
        request.FILES,
        speakers=Member.objects.filter(invitations__activity=activity),
    )
    return _submit(
        request,
        activity,
        form,
        "output_form",
        lambda data: services.output_add(
            activity=activity,
            kind=data["kind"],
            title=data["title"],
            upload=data["file"],
            speaker=data["speaker"],
            by=request.user,
        ),
        _("成果已上传。"),
    )


def _visible_output(request: HttpRequest, pk: int) -> ActivityOutput:
    return get_object_or_404(
        ActivityOutput.objects.select_related("activity"),
        pk=pk,
        activity__in=activities_visible_to(request.user),
    )


@login_required
def output_file(request: HttpRequest, pk: int) -> FileResponse:
    """The file, to whoever may see its activity: as an attachment, never rendered inline,
    with its checked type and nosniff."""
    output = _visible_output(request, pk)
    return attachment_response(output.file, output.original_name, output.content_type)


@require_POST
@login_required
def output_delete(request: HttpRequest, pk: int) -> HttpResponse:
    output = _visible_output(request, pk)
    if not activity_access(request.user, output.activity).manage:
        raise PermissionDenied
    return _run(
        request,
        output.activity_id,
        lambda: services.output_delete(output=output, by=request.user),
        _("已删除。"),
    )


# ---- QR check-in -------------------------------------------------------------------------


@login_required
def activity_checkin_code(request: HttpRequest, pk: int) -> HttpResponse:
    """The 签到码 page the organisers show at the venue: a QR code of the check-in URL."""
    import segno

    activity = _managed(request, pk)
    url = request.build_absolute_uri(reverse("committees:checkin", args=[activity.checkin_token]))
    svg = segno.make(url, error="m").svg_inline(scale=8, border=2)
    return render(
        request,
        "committees/activity_checkin_code.html",
        {
            "activity": activity,
            "url": url,
            "qr_svg": svg,
            "opens": services.checkin_opens_minutes(),
        },
    )


@login_required
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    """Where the QR code leads: a confirm page (GET) and the check-in itself (POST)."""
    activity = get_object_or_404(
        Activity.objects.select_related("owner_committee"),
        checkin_token=token,
        body_id=request.user.body_id,
    )
    invitation = ActivityInvitation.objects.filter(
        activity=activity, member__user=request.user
    ).first()
    if invitation is None:
        raise PermissionDenied(_("您不在本次活动的邀请名单中，不能签到。"))
    result = error = None
    if request.method == "POST":
        try:
            result = services.activity_checkin(activity=activity, by=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        invitation.refresh_from_db()
    return render(
        request,
        "committees/checkin.html",
        {"activity": activity, "invitation": invitation, "result": result, "error": error},
    )
