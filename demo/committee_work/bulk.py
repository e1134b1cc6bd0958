"""Committee work written in bulk: the demo's earlier years (as an import of past records would
be) and the region benchmark data set."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from committees.models import (
    Activity,
    ActivityInvitation,
    ActivityOutput,
    PlanItem,
    WorkPlan,
)
from committees.models.types import WITHOUT_OUTPUT
from committees.models.types import ActivityType as T
from organisation.models import Body, Committee
from portal.models import User

from .. import committee_work_data as text
from .. import org_data
from ..org_build import Stopwatch
from .common import BATCH, PDF, PLACEHOLDER, Seats, _at, _place, _topic, _weekday

# ---- bulk (earlier years of the demo, the region) ----------------------------------------------


def _bulk_activity(
    *,
    body: Body,
    committee: Committee | None,
    type_: str,
    day: dt.date,
    invited: list[int],
    present_share: float,
    rng: random.Random,
    by: User,
    topic: str,
) -> None:
    start = _at(day, 9)
    activity = Activity.objects.create(
        body=body,
        type=type_,
        committee=committee,
        owner_committee=committee,
        topic=topic,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place=rng.choice(text.ROOMS),
        status=Activity.Status.HELD,
        created_by=by,
        announced_at=start - dt.timedelta(days=7),
        held_at=start + dt.timedelta(hours=3),
        attendance_recorded_at=start + dt.timedelta(days=1),
    )
    ActivityInvitation.objects.bulk_create(
        [_invitation(activity, m, rng, present_share) for m in invited], batch_size=BATCH
    )


def _invitation(
    activity: Activity, member_id: int, rng: random.Random, present_share: float = 0.8
) -> ActivityInvitation:
    roll = rng.random()
    if roll < present_share:
        attendance, reason, response = "present", "", "accepted"
    elif roll < present_share + (1 - present_share) * 0.6:
        attendance, reason, response = "excused", rng.choice(text.LEAVE_REASONS), "leave"
    else:
        attendance, reason, response = "absent", "", "pending"
    return ActivityInvitation(
        activity=activity,
        member_id=member_id,
        invited_at=activity.starts_at - dt.timedelta(days=7),
        response=response,
        response_reason=reason if response == "leave" else "",
        attendance=attendance,
        attendance_reason=reason,
        recorded_at=activity.attendance_recorded_at,
    )


def bulk_year(
    *,
    body: Body,
    committees: list[Committee],
    seats: Seats,
    year: int,
    count: int,
    rng: random.Random,
    by: User,
    until: dt.date,
    counts: dict[str, int],
) -> None:
    """`count` activities of one body and year, with their invitations and attendance:
    held before `until`, announced after it. Invitees are members seated in the organising
    committee on the day (the attendance rule holds for every generated row)."""
    weights = list(zip(*text.COMMITTEE_TYPES, strict=True))
    start_of_year, end_of_year = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows: list[Activity] = []
    invitees: list[list[int]] = []
    for _ in range(count):
        committee = rng.choice(committees)
        type_ = rng.choices(*weights)[0]
        day = _weekday(rng, start_of_year, end_of_year)
        pool = seats.of_committee(committee.pk, day)
        if not pool:
            continue
        start = _at(day, rng.choice((9, 10, 14, 15)))
        held = day < until
        cancelled = held and rng.random() < 0.03
        status = (
            Activity.Status.CANCELLED
            if cancelled
            else Activity.Status.HELD
            if held
            else Activity.Status.PUBLISHED
        )
        rows.append(
            Activity(
                body=body,
                type=type_,
                committee=committee,
                owner_committee=committee,
                topic=_topic(rng, committee.kind, type_),
                starts_at=start,
                ends_at=start + dt.timedelta(hours=3),
                place=_place(rng, type_),
                status=status,
                created_by=by,
                announced_at=start - dt.timedelta(days=7),
                held_at=start + dt.timedelta(hours=3) if status == Activity.Status.HELD else None,
                attendance_recorded_at=start + dt.timedelta(days=1)
                if status == Activity.Status.HELD
                else None,
            )
        )
        invitees.append(rng.sample(pool, min(len(pool), rng.randint(6, 14))))
    Activity.objects.bulk_create(rows, batch_size=BATCH)
    invitations = []
    outputs = []
    for activity, members in zip(rows, invitees, strict=True):
        if activity.status == Activity.Status.HELD:
            invitations += [_invitation(activity, m, rng) for m in members]
            if activity.type not in WITHOUT_OUTPUT and rng.random() < 0.9:
                outputs.append(
                    ActivityOutput(
                        activity=activity,
                        kind="report" if activity.type == T.RESEARCH else "minutes",
                        title=f"{activity.topic}成果",
                        file=PLACEHOLDER,
                        original_name="成果.pdf",
                        content_type="application/pdf",
                        size=len(PDF),
                        uploaded_by=by,
                        uploaded_at=activity.ends_at,
                    )
                )
        elif activity.status == Activity.Status.PUBLISHED:
            invitations += [
                ActivityInvitation(activity=activity, member_id=m, invited_at=activity.announced_at)
                for m in members
            ]
        if len(invitations) >= BATCH:
            ActivityInvitation.objects.bulk_create(invitations, batch_size=BATCH)
            counts["invitations"] += len(invitations)
            invitations = []
    ActivityInvitation.objects.bulk_create(invitations, batch_size=BATCH)
    ActivityOutput.objects.bulk_create(outputs, batch_size=BATCH)
    counts["invitations"] += len(invitations)
    counts["activities"] += len(rows)
    counts["outputs"] += len(outputs)


def _placeholder_file() -> None:
    if not default_storage.exists(PLACEHOLDER):
        default_storage.save(PLACEHOLDER, ContentFile(PDF))


# ---- the region ---------------------------------------------------------------------------------


def build_region(
    *, body_ids: list[int], per_year: int, rng: random.Random, by: User, clock: Stopwatch
) -> str:
    """QUALITY.md's region set for committee work: `per_year` activities per body and
    year (2,500 in the full set) over ten years (two terms), ten invitations each, with
    attendance."""
    _placeholder_file()
    today = timezone.localdate()
    counts: dict[str, int] = defaultdict(int)
    # Ten years: the whole fourth term and the fifth up to this year.
    years = range(org_data.TERM_4.start.year, org_data.TERM_4.start.year + 10)
    with clock.stage(f"履职活动与考勤（约 {per_year * len(years) * len(body_ids)} 项）"):
        for body in Body.objects.filter(pk__in=body_ids).order_by("pk"):
            committees = list(Committee.objects.filter(body=body))
            seats = Seats.load(body.pk)
            if not seats.terms:
                continue
            for year in years:
                bulk_year(
                    body=body,
                    committees=committees,
                    seats=seats,
                    year=year,
                    count=per_year,
                    rng=rng,
                    by=by,
                    until=today,
                    counts=counts,
                )
    with clock.stage("工作计划（批量）"):
        plans = _region_plans(body_ids, years, by)
    if connection.vendor == "postgresql":
        # Fresh statistics, so the planner sees millions of rows, not the empty tables it
        # last looked at (autovacuum would catch up later; benchmarks run right away).
        with clock.stage("更新统计信息（ANALYZE）"), connection.cursor() as cursor:
            for model in (Activity, ActivityInvitation, ActivityOutput, WorkPlan, PlanItem):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
    return (
        f"专委会工作：活动 {counts['activities']} 项，邀请与考勤 {counts['invitations']} 条，"
        f"成果 {counts['outputs']} 件，工作计划 {plans} 份。"
    )


def _region_plans(body_ids: list[int], years: range, by: User) -> int:
    """An approved annual plan per committee and year with five items (one key topic)."""
    now = timezone.now()
    committees = list(Committee.objects.filter(body_id__in=body_ids).select_related("body"))
    terms = {}
    from organisation.models import Term

    # A year two terms share (the new one opens in January) belongs to the new one.
    for term in Term.objects.filter(body_id__in=body_ids).order_by("start_date"):
        for year in range(term.start_date.year, term.end_date.year + 1):
            terms[(term.body_id, year)] = term.pk
    plans = [
        WorkPlan(
            committee=c,
            term_id=terms[(c.body_id, year)],
            kind=WorkPlan.Kind.ANNUAL_PLAN,
            year=year,
            title=f"{c.name}{year}年年度工作计划",
            status=WorkPlan.Status.APPROVED,
            created_by=by,
            submitted_by=by,
            submitted_at=now,
            decided_by=by,
            decided_at=now,
        )
        for c in committees
        for year in years
        if (c.body_id, year) in terms
    ]
    WorkPlan.objects.bulk_create(plans, batch_size=BATCH)
    items = [
        PlanItem(
            plan=plan,
            activity_type=type_,
            month=n + 3,
            topic=text.TITLES[type_].format(topic=text.TOPICS[plan.committee.kind][0]),
            lead=f"{plan.committee.name}主任",
            is_key_consultation=n == 0,
            order=n,
        )
        for plan in plans
        for n, type_ in enumerate(
            (T.RESEARCH, T.THEORY_STUDY, T.INSPECTION, T.SECTOR_ACTIVITY, T.PARTY_DAY)
        )
    ]
    PlanItem.objects.bulk_create(items, batch_size=BATCH)
    return len(plans)
