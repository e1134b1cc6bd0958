"""Calendars (SPEC §3.1): a month of the activities a user may see — a member's own, a
committee's, the whole body's for the office — and a member's iCalendar feed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from members.models import Member

from ..models import Activity, ActivityInvitation, CalendarFeed
from .activities import MEMBER_VISIBLE, activities_visible_to, with_labels

# How far back a feed reaches: phones keep what they already have.
FEED_PAST_DAYS = 400


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, value: str | None, today: dt.date) -> Month:
        """'2026-05' → Month; anything else → the current month."""
        try:
            year, month = (int(part) for part in (value or "").split("-", 1))
            if 2000 <= year <= 2100 and 1 <= month <= 12:
                return cls(year, month)
        except ValueError:
            pass
        return cls(today.year, today.month)

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def next(self) -> Month:
        return Month(self.year + (self.month == 12), self.month % 12 + 1)

    @property
    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        nxt = self.next
        return (
            dt.datetime(self.year, self.month, 1, tzinfo=tz),
            dt.datetime(nxt.year, nxt.month, 1, tzinfo=tz),
        )

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


def calendar_month(
    user, month: Month, *, committee_id: int | None = None, mine: bool = False
) -> list[tuple[dt.date, list[Activity]]]:
    """The month's visible activities grouped by local day, earliest first."""
    start, end = month.bounds()
    activities = activities_visible_to(user).filter(starts_at__gte=start, starts_at__lt=end)
    if committee_id:
        activities = activities.filter(owner_committee_id=committee_id)
    if mine:
        activities = activities.filter(invitations__member__user=user).filter(MEMBER_VISIBLE)
    rows = with_labels(
        activities.exclude(status=Activity.Status.CANCELLED, announced_at__isnull=True)
        .select_related("owner_committee")
        .order_by("starts_at", "id")
    )
    return [
        (day, list(items))
        for day, items in groupby(rows, key=lambda a: timezone.localtime(a.starts_at).date())
    ]


def feed_for_token(token: str) -> CalendarFeed | None:
    return CalendarFeed.objects.select_related("member").filter(token=token).first()


def feed_activities(member: Member) -> QuerySet[Activity]:
    """The member's activities for his calendar app: those he is invited to, once
    announced (a cancelled one stays, marked cancelled, so phones remove it), each with his
    answer (`my_response`) and recorded attendance (`my_attendance`)."""
    since = timezone.now() - dt.timedelta(days=FEED_PAST_DAYS)
    mine = ActivityInvitation.objects.filter(activity=OuterRef("pk"), member=member)
    return (
        Activity.objects.filter(invitations__member=member, starts_at__gte=since)
        .annotate(
            my_response=Subquery(mine.values("response")[:1]),
            my_attendance=Subquery(mine.values("attendance")[:1]),
        )
        .filter(
            Q(status__in=Activity.ANNOUNCED)
            | Q(status=Activity.Status.CANCELLED, announced_at__isnull=False)
        )
        .select_related("owner_committee")
        .order_by("starts_at")
    )
