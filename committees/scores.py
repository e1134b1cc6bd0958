"""Committee work as a score source for the annual scoring (portal.registry.score_sources):
each member's recorded attendance of activities that were held."""

from __future__ import annotations

from django.db.models import Case, CharField, F, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.registry import ScoreSource

from .models import Activity, ActivityInvitation

A = ActivityInvitation.Attendance


def attendance_rows(body_id: int, year: int) -> QuerySet:
    """One row per recorded attendance of a held activity of the body in the year: role
    present / leave / absent, kind = the activity type."""
    return (
        ActivityInvitation.objects.filter(
            activity__body_id=body_id,
            activity__starts_at__year=year,
            activity__status=Activity.Status.HELD,
            attendance__in=[A.PRESENT, A.EXCUSED, A.ABSENT],
        )
        .order_by()
        .values(
            "member_id",
            record_id=F("activity_id"),
            role=Case(
                When(attendance=A.PRESENT, then=Value("present")),
                When(attendance=A.EXCUSED, then=Value("leave")),
                default=Value("absent"),
                output_field=CharField(),
            ),
            at=F("activity__starts_at"),
            title=F("activity__topic"),
            kind=F("activity__type"),
        )
    )


def activity_url(record_id: int) -> str:
    return reverse("committees:activity_detail", args=[record_id])


SOURCE = ScoreSource(
    key="activities",
    label=_("履职活动考勤"),
    rows=attendance_rows,
    url=activity_url,
    roles=(("present", _("出席")), ("leave", _("请假")), ("absent", _("缺席"))),
    order=20,
)
