"""The daily reminders of 社情民意 (Celery beat; public_opinion.tasks): each person is told
once per occasion — every notification carries a dedupe key, so a run repeated the same
day, or a redelivered task, sends nothing new.

- members in office with no item submitted this year, at the quota points of the year
  (Q17: ≥1 a year; 30 June, 30 September, 30 November), once per point;
- co-authors who have not answered an invitation after `COAUTHOR_DAYS` days, once;
- items waiting in an editors' queue longer than `QUEUE_DAYS` days: the body's editors,
  once per item.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.selectors import members_in_office_on
from organisation.models import Body
from portal.models import User
from portal.services import Note, notify_many

from .models import Author, Report
from .services import detail_url, editors_of

QUOTA_POINTS: tuple[tuple[int, int], ...] = ((6, 30), (9, 30), (11, 30))
COAUTHOR_DAYS = 3
QUEUE_DAYS = 7
# Written this year: anything sent to the editors that was not withdrawn or rejected.
WRITTEN = (Report.Status.SUBMITTED, Report.Status.RETURNED, *Report.COUNTED_STATES)


def due_point(day: dt.date) -> dt.date | None:
    """The latest quota point of the year on or before `day`."""
    points = [dt.date(day.year, m, d) for m, d in QUOTA_POINTS if dt.date(day.year, m, d) <= day]
    return points[-1] if points else None


def remind_members_without_items(day: dt.date | None = None) -> int:
    day = day or timezone.localdate()
    point = due_point(day)
    if point is None:
        return 0
    wrote = Author.objects.filter(
        member_id=OuterRef("member__pk"),
        status=Author.Status.CONFIRMED,
        report__year=day.year,
        report__status__in=WRITTEN,
    )
    notes = []
    bodies = Body.objects.all()
    url = reverse("public_opinion:report_create")
    for body in bodies:
        members = members_in_office_on(body.pk, day).values("pk")
        users = (
            User.objects.filter(is_active=True, member__pk__in=members)
            .annotate(wrote=Exists(wrote))
            .filter(wrote=False)
        )
        recipients = list(users)
        if recipients:
            notes.append(
                Note(
                    recipients=recipients,
                    title=_("提醒：您今年尚未报送社情民意信息（每年至少1篇）"),
                    url=url,
                    dedupe_key=f"public_opinion:quota:{point.isoformat()}",
                )
            )
    return notify_many(notes, email=False)


def remind_coauthors(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    waiting = Author.objects.filter(
        status=Author.Status.INVITED,
        report__status=Report.Status.AWAITING_COAUTHORS,
        invited_at__lte=now - dt.timedelta(days=COAUTHOR_DAYS),
    ).select_related("member__user", "report")
    notes = [
        Note(
            recipients=[a.member.user],
            title=_("请确认联名社情民意信息：%(t)s") % {"t": a.report.title},
            url=detail_url(a.report) + "#coauthor-answer",
            dedupe_key=f"public_opinion:coauthor:{a.pk}",
        )
        for a in waiting
        if a.member.user is not None
    ]
    return notify_many(notes, email=False)


def remind_queue(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    waiting = list(
        Report.objects.filter(
            status=Report.Status.SUBMITTED,
            submitted_at__lte=now - dt.timedelta(days=QUEUE_DAYS),
        ).order_by("body_id", "submitted_at")
    )
    editors: dict[int, list[User]] = {}
    notes = []
    for report in waiting:
        if report.body_id not in editors:
            editors[report.body_id] = editors_of(report.body_id)
        notes.append(
            Note(
                recipients=editors[report.body_id],
                title=_("社情民意信息待受理已超过%(n)d天：%(t)s")
                % {"n": QUEUE_DAYS, "t": report.title},
                url=detail_url(report),
                dedupe_key=f"public_opinion:queue:{report.pk}",
            )
        )
    return notify_many(notes, email=False)


def run_all() -> dict[str, int]:
    return {
        "members": remind_members_without_items(),
        "coauthors": remind_coauthors(),
        "queue": remind_queue(),
    }
