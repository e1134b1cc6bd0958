"""The body's plenary sessions and standing-committee meetings: attendance and 大会发言."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisation.access import is_office, office_required
from portal.access import roles_of
from portal.feedback import form_errors, run_service

from ..models import (
    BodyMeeting,
    MeetingAttendance,
    ScoringRun,
    Speech,
)
from ..scoring import access, services
from ..scoring.forms import (
    MeetingForm,
    SpeechForm,
)
from .common import _status

S = ScoringRun.Status


# ---- plenary sessions and standing-committee meetings -----------------------------------


@office_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = BodyMeeting.objects.filter(body_id=request.user.body_id)
    page = Paginator(meetings, 30).get_page(request.GET.get("page"))
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(
            body_id=request.user.body_id, data=form.cleaned_data, by=request.user
        )
        messages.success(request, _("会议已登记，请核对考勤。"))
        return redirect("evaluation:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "evaluation/scoring/meeting_list.html",
        {"page": page, "form": form},
        status=_status(form),
    )


def _may_read_meetings(request: HttpRequest) -> bool:
    """The body's meetings are read by its office, its members and the committees' staff
    (who open them from their members' 档案)."""
    user = request.user
    if not user.is_authenticated or user.body_id is None:
        return False
    return roles_of(user).member is not None or access.may_see_scores_of_others(user)


def _get_meeting(request: HttpRequest, pk: int) -> BodyMeeting:
    if not _may_read_meetings(request):
        raise Http404
    try:
        return BodyMeeting.objects.get(pk=pk, body_id=request.user.body_id)
    except BodyMeeting.DoesNotExist:
        raise Http404 from None


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The office records attendance and speeches; the body's people read the meeting and
    its speeches, and a member his own attendance."""
    meeting = _get_meeting(request, pk)
    office = is_office(request.user)
    member = roles_of(request.user).member
    rows = meeting.attendance.select_related("member").order_by("member__code")
    if not office:
        rows = rows.filter(member=member) if member is not None else rows.none()
    status = 200
    if request.method == "POST":
        if not office:
            raise PermissionDenied
        entries = {
            row.pk: (request.POST.get(f"status_{row.pk}", row.status),
                     request.POST.get(f"reason_{row.pk}", row.reason))
            for row in rows
        }  # fmt: skip
        try:
            changed = services.meeting_attendance_record(
                meeting=meeting, entries=entries, by=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            status = 422
            # Shown again as typed: nothing the office entered is lost.
            rows = list(rows)
            for row in rows:
                row.status, row.reason = entries[row.pk]
        else:
            messages.success(request, _("考勤已保存（%(n)d 人有变化）。") % {"n": changed})
            return redirect("evaluation:meeting_detail", pk=pk)
    speeches = meeting.speeches.select_related("member")
    return render(
        request,
        "evaluation/scoring/meeting_detail.html",
        {
            "meeting": meeting,
            "office": office,
            "rows": rows,
            "statuses": MeetingAttendance.Status.choices,
            "speeches": speeches,
            "speech_form": SpeechForm(members=_meeting_members(meeting)) if office else None,
        },
        status=status,
    )


def _meeting_members(meeting: BodyMeeting):
    from members.models import Member

    return Member.objects.filter(body_id=meeting.body_id).order_by("code").only("name", "code")


@require_POST
@office_required
def speech_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    form = SpeechForm(request.POST, members=_meeting_members(meeting))
    if form.is_valid():
        run_service(
            request,
            lambda: services.speech_add(meeting=meeting, data=form.cleaned_data, by=request.user),
            _("大会发言已登记。"),
        )
    else:
        messages.error(request, form_errors(form))
    return redirect("evaluation:meeting_detail", pk=pk)


@login_required
def speech_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not _may_read_meetings(request):
        raise Http404
    try:
        speech = Speech.objects.select_related("meeting", "member").get(
            pk=pk, meeting__body_id=request.user.body_id
        )
    except Speech.DoesNotExist:
        raise Http404 from None
    return render(request, "evaluation/scoring/speech_detail.html", {"speech": speech})
