"""Attendance at committee activities: the record, adding and removing participants, the check-in
code and checking in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.forms.activities import (
    ATTENDANCE_CHOICES,
    ParticipantForm,
    parse_attendance,
)
from committees.models import (
    Activity,
    ActivityInvitation,
    ActivityParticipant,
)
from committees.selectors.activities import (
    activities_visible_to,
    activity_access,
    activity_invitations,
    attendance_version,
)
from committees.services import activities as services

from .activities import _managed, _run, _submit

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
            # Saved by someone else meanwhile: show the sheet as now stored, to be checked
            # and saved again.
            invitations = list(activity_invitations(activity))
            version = attendance_version(invitations)
        else:
            # Keep what was typed: nothing entered is lost on an error.
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
