"""Reads of plans, approvals and the office's plans, with permissions applied in SQL; and
the clash report of §13 (same place, or the same members, at overlapping times)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from members.models import Member
from organisation.access import committees_where
from organisation.models import Committee
from portal.access import OVERSEE_COMMITTEE, WORK_IN_COMMITTEE, is_office
from portal.models import User

from ..models import Activity, ActivityInvitation, OfficePlan, PlanItem, WorkPlan
from ..models.types import ActivityType as T
from ..workflow import oversees, works_in

# What each office plan (§13) gathers: the activity types it lists.
OFFICE_PLAN_TYPES: dict[str, tuple[str, ...]] = {
    OfficePlan.Kind.CONSULTATION: (
        T.TOPIC_CONSULTATION,
        T.COUNTERPART_CONSULTATION,
        T.SECTOR_CONSULTATION,
    ),
    OfficePlan.Kind.INSPECTION: (T.INSPECTION, T.STUDY_TOUR, T.RESEARCH),
    OfficePlan.Kind.SECTOR_ACTIVITY: (T.SECTOR_ACTIVITY, T.SECTOR_CONSULTATION),
}


@dataclass(frozen=True)
class PlanAccess:
    office: bool
    staff: bool
    vice_chair: bool

    @property
    def edit(self) -> bool:
        return self.staff


def plans_visible_to(user: User) -> QuerySet[WorkPlan]:
    """The office sees every committee's plans; staff and the vice-chair in charge see
    their committees'; nobody else sees any."""
    if not user.is_authenticated or user.body_id is None:
        return WorkPlan.objects.none()
    plans = WorkPlan.objects.filter(committee__body_id=user.body_id)
    if is_office(user):
        return plans
    return plans.filter(committee__in=committees_where(user, WORK_IN_COMMITTEE, OVERSEE_COMMITTEE))


def get_plan_for(user: User, pk: int) -> WorkPlan:
    try:
        return (
            plans_visible_to(user)
            .select_related("committee__body", "term", "created_by", "submitted_by", "decided_by")
            .get(pk=pk)
        )
    except WorkPlan.DoesNotExist:
        raise Http404 from None


def plan_access(user: User, plan: WorkPlan) -> PlanAccess:
    return PlanAccess(
        office=is_office(user, plan.committee.body),
        staff=works_in(plan.committee, user),
        vice_chair=oversees(plan.committee, user),
    )


def plan_items(plan: WorkPlan) -> QuerySet[PlanItem]:
    """The plan's items with the groups they involve and how many activities carry each
    out (held ones apart): progress rolls up from the activities."""
    held = Activity.Status.HELD
    return (
        plan.items.prefetch_related("sector_groups")
        .annotate(
            activity_count=Count(
                "activities", filter=~Q(activities__status=Activity.Status.CANCELLED)
            ),
            held_count=Count("activities", filter=Q(activities__status=held)),
        )
        .order_by("order", "month", "id")
    )


def committee_plans(committee: Committee) -> QuerySet[WorkPlan]:
    return (
        committee.work_plans.select_related("submitted_by", "decided_by")
        .annotate(item_count=Count("items"))
        .order_by("-year", "kind")
    )


def approval_inbox(user: User) -> dict[str, list]:
    """What waits for this vice-chair: submitted plans and summaries and major activities
    of the committees he oversees, oldest first."""
    committees = committees_where(user, OVERSEE_COMMITTEE)
    plans = list(
        WorkPlan.objects.filter(committee__in=committees, status=WorkPlan.Status.SUBMITTED)
        .select_related("committee", "submitted_by")
        .order_by("submitted_at", "id")
    )
    activities = list(
        Activity.objects.filter(owner_committee__in=committees, status=Activity.Status.PENDING)
        .select_related("owner_committee", "submitted_by")
        .order_by("submitted_at", "id")
    )
    return {"plans": plans, "activities": activities}


# ---- the office's plans ------------------------------------------------------------------


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The year in Asia/Shanghai, as aware datetimes [start, next start)."""
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


@dataclass
class OfficePlanContents:
    plan: OfficePlan
    items: list[PlanItem]
    activities: list[Activity]
    clashes: list[Clash] = field(default_factory=list)


def office_plan_contents(*, body_id: int, year: int, kind: str) -> OfficePlanContents:
    """Everything the plan gathers for the year: the committees' plan items of its types
    (plans submitted or approved; for the consultation plan also every key consultation
    topic, §5) and the activities of its types (not cancelled), with the clash report."""
    types = OFFICE_PLAN_TYPES[kind]
    plan = OfficePlan.objects.filter(body_id=body_id, year=year, kind=kind).first() or OfficePlan(
        body_id=body_id, year=year, kind=kind
    )
    item_filter = Q(activity_type__in=types)
    if kind == OfficePlan.Kind.CONSULTATION:
        item_filter |= Q(is_key_consultation=True)
    items = list(
        PlanItem.objects.filter(
            item_filter,
            plan__committee__body_id=body_id,
            plan__year=year,
            plan__kind=WorkPlan.Kind.ANNUAL_PLAN,
            plan__status__in=[WorkPlan.Status.SUBMITTED, WorkPlan.Status.APPROVED],
        )
        .select_related("plan__committee")
        .prefetch_related("sector_groups")
        .order_by("month", "plan__committee__order", "id")
    )
    start, end = year_bounds(year)
    activities = list(
        Activity.objects.filter(
            body_id=body_id, type__in=types, starts_at__gte=start, starts_at__lt=end
        )
        .exclude(status=Activity.Status.CANCELLED)
        .select_related("owner_committee", "committee")
        .prefetch_related("sector_groups")
        .annotate(invited=Count("invitations"))
        .order_by("starts_at", "id")
    )
    return OfficePlanContents(
        plan=plan,
        items=items,
        activities=activities,
        clashes=office_plan_clashes(body_id=body_id, year=year, kind=kind),
    )


def office_plans(*, body_id: int, year: int) -> list[OfficePlan]:
    """The three plans of the year, saved or not yet."""
    saved = {p.kind: p for p in OfficePlan.objects.filter(body_id=body_id, year=year)}
    return [
        saved.get(kind) or OfficePlan(body_id=body_id, year=year, kind=kind)
        for kind in OfficePlan.Kind.values
    ]


# ---- clashes (§13) ------------------------------------------------------------------------------


@dataclass
class Clash:
    first: Activity
    second: Activity
    same_place: bool = False
    members: list[Member] = field(default_factory=list)


def office_plan_clashes(*, body_id: int, year: int, kind: str) -> list[Clash]:
    start, end = year_bounds(year)
    return find_clashes(body_id=body_id, start=start, end=end, types=OFFICE_PLAN_TYPES[kind])


def find_clashes(
    *,
    body_id: int,
    start: dt.datetime,
    end: dt.datetime,
    types: tuple[str, ...] | None = None,
    activity_id: int | None = None,
) -> list[Clash]:
    """Pairs of activities of the body that overlap in time and share the place (compared
    without case and outer spaces) or invited members. At least one of each pair starts in
    [start, end) and, if given, is of one of `types` / is `activity_id`. Cancelled
    activities never clash. Two self-joins in SQL, then one query for the rows shown."""
    activity = Activity._meta.db_table
    invitation = ActivityInvitation._meta.db_table
    cancelled = Activity.Status.CANCELLED.value

    def side(alias: str) -> tuple[str, list]:
        sql = f"({alias}.starts_at >= %s AND {alias}.starts_at < %s"
        params: list = [start, end]
        if types:
            sql += f" AND {alias}.type IN ({', '.join(['%s'] * len(types))})"
            params += list(types)
        if activity_id is not None:
            sql += f" AND {alias}.id = %s"
            params.append(activity_id)
        return sql + ")", params

    a_side, a_params = side("a")
    b_side, b_params = side("b")
    overlap = (
        "a.body_id = %s AND b.body_id = a.body_id AND a.id < b.id"
        " AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"
        " AND a.status <> %s AND b.status <> %s"
    )
    base_params = [body_id, cancelled, cancelled]
    place_sql = (
        f"SELECT a.id, b.id FROM {activity} a JOIN {activity} b"
        f" ON LOWER(TRIM(a.place)) = LOWER(TRIM(b.place))"
        f" WHERE {overlap} AND ({a_side} OR {b_side})"
    )
    member_sql = (
        f"SELECT a.id, b.id, ia.member_id FROM {invitation} ia"
        f" JOIN {invitation} ib ON ib.member_id = ia.member_id"
        f" JOIN {activity} a ON a.id = ia.activity_id"
        f" JOIN {activity} b ON b.id = ib.activity_id"
        f" WHERE {overlap} AND ({a_side} OR {b_side})"
    )
    with connection.cursor() as cursor:
        cursor.execute(place_sql, [*base_params, *a_params, *b_params])
        place_pairs = {(a, b) for a, b in cursor.fetchall()}
        cursor.execute(member_sql, [*base_params, *a_params, *b_params])
        member_rows = cursor.fetchall()
    shared: dict[tuple[int, int], list[int]] = defaultdict(list)
    for a, b, member_id in member_rows:
        shared[(a, b)].append(member_id)
    pairs = sorted(place_pairs | set(shared))
    if not pairs:
        return []
    ids = {pk for pair in pairs for pk in pair}
    activities = Activity.objects.select_related("owner_committee").in_bulk(ids)
    members = Member.objects.in_bulk({m for ms in shared.values() for m in ms})
    return [
        Clash(
            first=activities[a],
            second=activities[b],
            same_place=(a, b) in place_pairs,
            members=sorted((members[m] for m in shared.get((a, b), [])), key=lambda m: m.code),
        )
        for a, b in pairs
    ]


def labelled_log(obj) -> list:
    """The transition log of a plan or activity, oldest first, each entry with the Chinese
    name of the state it moved to (`to_label`)."""
    from portal.workflow import transitions_of

    choices = dict(obj._meta.get_field("status").flatchoices)
    entries = list(transitions_of(obj))
    for entry in entries:
        entry.to_label = str(choices.get(entry.to_state, entry.to_state))
        entry.from_label = str(choices.get(entry.from_state, entry.from_state))
    return entries
