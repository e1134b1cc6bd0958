"""The body's own meetings as score sources: attendance of plenary sessions and
standing-committee meetings (key "meetings"), and 大会发言 (key "speeches")."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.registry import ScoreSource

from ..models import BodyMeeting, MeetingAttendance, Speech


def attendance_rows(body_id: int, year: int) -> QuerySet:
    return (
        MeetingAttendance.objects.filter(meeting__body_id=body_id, meeting__starts_at__year=year)
        .order_by()
        .values(
            "member_id",
            record_id=F("meeting_id"),
            role=F("status"),
            at=F("meeting__starts_at"),
            title=F("meeting__title"),
            kind=F("meeting__kind"),
        )
    )


def speech_rows(body_id: int, year: int) -> QuerySet:
    return (
        Speech.objects.filter(meeting__body_id=body_id, meeting__starts_at__year=year)
        .order_by()
        .values(
            "member_id",
            "title",
            "kind",
            record_id=F("id"),
            role=F("kind"),
            at=F("meeting__starts_at"),
        )
    )


def meeting_url(record_id: int) -> str:
    return reverse("evaluation:meeting_detail", args=[record_id])


def speech_url(record_id: int) -> str:
    return reverse("evaluation:speech_detail", args=[record_id])


KINDS = {
    "meetings": list(BodyMeeting.Kind.choices),
    "speeches": list(Speech.Kind.choices),
}

SOURCES = (
    ScoreSource(
        key="meetings",
        label=_("全会及常委会议考勤"),
        rows=attendance_rows,
        url=meeting_url,
        roles=tuple(MeetingAttendance.Status.choices),
        kinds=tuple(BodyMeeting.Kind.choices),
        order=1,
    ),
    ScoreSource(
        key="speeches",
        label=_("大会发言"),
        rows=speech_rows,
        url=speech_url,
        roles=tuple(Speech.Kind.choices),
        kinds=tuple(Speech.Kind.choices),
        order=2,
    ),
)
