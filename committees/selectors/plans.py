"""Reads of plans, approvals and the office's plans, with permissions applied in SQL; and
the clash report of §13 (same place, or the same members, at overlapping times)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from members.models import Member
from organisation.access import committees_where
from organisation.models import Committee
from portal.access import OVERSEE_COMMITTEE, WORK_IN_COMMITTEE, is_office
from portal.models import User
from portal.sql import sql_params

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
    using: str = DEFAULT_DB_ALIAS,
) -> list[Clash]:
    """Pairs of activities of the body that overlap in time and share the place (compared
    without case and outer spaces) or invited members. At least one of each pair starts in
    [start, end) and, if given, is of one of `types` / is `activity_id`. Cancelled
    activities never clash. Back to back (one ends when the other starts) is no clash.

    One query finds the pairs: each activity of the window is compared only with the
    activities that overlap it in time (on PostgreSQL a GiST index on the body and the
    period `tstzrange(starts_at, ends_at)`, migration committees 0006, finds them), and
    only those pairs' invitations are compared. A second and third query load the rows
    shown. The cost follows the activities in the window, not the body's history."""
    # The same SQL runs on SQLite (the demo), but for the index lookups; its parameters are
    # adapted as the ORM's are (portal.sql), or SQLite would compare local times with UTC.
    connection = connections[using]
    activity = connection.ops.quote_name(Activity._meta.db_table)
    invitation = connection.ops.quote_name(ActivityInvitation._meta.db_table)
    cancelled = Activity.Status.CANCELLED.value
    window = "s.body_id = %s AND s.status <> %s AND s.starts_at >= %s AND s.starts_at < %s"
    params: list = [body_id, cancelled, start, end]
    if types:
        window += f" AND s.type IN ({', '.join(['%s'] * len(types))})"
        params += list(types)
    if activity_id is not None:
        window += " AND s.id = %s"
        params.append(activity_id)
    pair = (
        "CASE WHEN s.id < o.id THEN s.id ELSE o.id END,"
        " CASE WHEN s.id < o.id THEN o.id ELSE s.id END"
    )
    if connection.vendor == "postgresql":
        # Per activity s of the window, the activities o that overlap it, found in the
        # GiST index on body and period; per pair, the members invited to both, found in
        # the (activity, member) index. LATERAL … OFFSET 0 keeps these lookups per row:
        # the planner cannot estimate a range overlap and would otherwise hash-join the
        # body's whole history (or all 2.9 M invitations).
        overlapping = (
            f"JOIN LATERAL (SELECT o.id, o.place FROM {activity} o"
            " WHERE o.body_id = s.body_id AND o.id <> s.id AND o.status <> %s"
            " AND tstzrange(o.starts_at, o.ends_at) && tstzrange(s.starts_at, s.ends_at)"
            " OFFSET 0) o ON TRUE"
        )
        both_invited = (
            f"JOIN LATERAL (SELECT ia.member_id FROM {invitation} ia"
            f" JOIN {invitation} ib ON ib.member_id = ia.member_id"
            " WHERE ia.activity_id = s.id AND ib.activity_id = o.id OFFSET 0) m ON TRUE"
        )
        member = "m.member_id"
    else:  # SQLite: nested loops over the indexes anyway
        overlapping = (
            f"JOIN {activity} o ON o.body_id = s.body_id AND o.id <> s.id AND o.status <> %s"
            " AND o.starts_at < s.ends_at AND s.starts_at < o.ends_at"
        )
        both_invited = (
            f"JOIN {invitation} ia ON ia.activity_id = s.id"
            f" JOIN {invitation} ib ON ib.activity_id = o.id AND ib.member_id = ia.member_id"
        )
        member = "ia.member_id"
    # A pair of two activities of the window comes twice (once from each side): the
    # sets below keep it once.
    sql = (
        f"SELECT {pair}, NULL FROM {activity} s {overlapping}"
        f" WHERE {window} AND LOWER(TRIM(s.place)) = LOWER(TRIM(o.place))"
        f" UNION ALL SELECT {pair}, {member} FROM {activity} s {overlapping} {both_invited}"
        f" WHERE {window}"
    )
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner cannot estimate a range overlap: it costs this query in the
            # millions and JIT-compiles it, 2 s of compiling for 0.3 s of work.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, sql_params(connection, [cancelled, *params] * 2))
        rows = cursor.fetchall()
    place_pairs: set[tuple[int, int]] = set()
    shared_members: set[tuple[int, int, int]] = set()
    for a, b, member_id in rows:
        if member_id is None:
            place_pairs.add((a, b))
        else:
            shared_members.add((a, b, member_id))
    shared: dict[tuple[int, int], list[int]] = defaultdict(list)
    for a, b, member_id in shared_members:
        shared[(a, b)].append(member_id)
    pairs = sorted(place_pairs | set(shared))
    if not pairs:
        return []
    ids = {pk for pair in pairs for pk in pair}
    activities = Activity.objects.using(using).select_related("owner_committee").in_bulk(ids)
    members = Member.objects.using(using).in_bulk({m for ms in shared.values() for m in ms})
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
