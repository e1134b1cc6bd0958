"""The clash report of §13: pairs of activities of a body at overlapping times that share
the place or invited members. The pairs come from one SQL query (`clash_pairs`); the
office's year plans keep them cached per body (`office_plan_clash_pairs`, bumped by every
saved or deleted activity or invitation of the body), and a page loads the activities and
members of the pairs it shows only (`clashes_of`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from members.models import Member
from portal.caching import VersionedCache
from portal.sql import sql_params

from ..models import Activity, ActivityInvitation, OfficePlan
from ..models.types import ActivityType as T

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

# The office plans' clash pairs, per body, year and kind. Every record they are computed
# from: committees.apps watches them. (The entry's lifetime is the quota board's: both only
# outlive a change written without signals.)
CLASH_PAIRS = VersionedCache("committees:clashes", "BOARD_CACHE_SECONDS")
CLASH_SOURCES = ("committees.Activity", "committees.ActivityInvitation")


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The year in Asia/Shanghai, as aware datetimes [start, next start)."""
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


class ClashPair(NamedTuple):
    """Two clashing activities by id (first < second), whether they share the place, and
    the ids of the members invited to both."""

    first: int
    second: int
    same_place: bool
    member_ids: tuple[int, ...]


@dataclass
class Clash:
    first: Activity
    second: Activity
    same_place: bool = False
    members: list[Member] = field(default_factory=list)


def clash_pairs(
    *,
    body_id: int,
    start: dt.datetime,
    end: dt.datetime,
    types: tuple[str, ...] | None = None,
    activity_id: int | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> list[ClashPair]:
    """Pairs of activities of the body that overlap in time and share the place (compared
    without case and outer spaces) or invited members. At least one of each pair starts in
    [start, end) and, if given, is of one of `types` / is `activity_id`. Cancelled
    activities never clash. Back to back (one ends when the other starts) is no clash.

    One query finds the pairs: each activity of the window is compared only with the
    activities that overlap it in time (on PostgreSQL a GiST index on the body and the
    period `tstzrange(starts_at, ends_at)`, migration committees 0006, finds them), and
    only those pairs' invitations are compared. (`clashes_of` loads the rows shown.) The cost
    follows the activities in the window, not the body's history."""
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
    return [
        ClashPair(a, b, (a, b) in place_pairs, tuple(sorted(shared.get((a, b), ()))))
        for a, b in sorted(place_pairs | set(shared))
    ]


def clashes_of(pairs: Sequence[ClashPair], *, using: str = DEFAULT_DB_ALIAS) -> list[Clash]:
    """The pairs with their activities (and organising committees) and members: two
    queries whatever the number of pairs."""
    if not pairs:
        return []
    ids = {pk for pair in pairs for pk in pair[:2]}
    activities = Activity.objects.using(using).select_related("owner_committee").in_bulk(ids)
    members = Member.objects.using(using).in_bulk({m for p in pairs for m in p.member_ids})
    return [
        Clash(
            first=activities[pair.first],
            second=activities[pair.second],
            same_place=pair.same_place,
            members=sorted((members[m] for m in pair.member_ids), key=lambda m: m.code),
        )
        for pair in pairs
    ]


def find_clashes(
    *,
    body_id: int,
    start: dt.datetime,
    end: dt.datetime,
    types: tuple[str, ...] | None = None,
    activity_id: int | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> list[Clash]:
    """The clashes of `clash_pairs`, with their rows."""
    pairs = clash_pairs(
        body_id=body_id, start=start, end=end, types=types, activity_id=activity_id, using=using
    )
    return clashes_of(pairs, using=using)


def _office_plan_pairs(body_id: int, year: int, kind: str) -> list[ClashPair]:
    start, end = year_bounds(year)
    return clash_pairs(body_id=body_id, start=start, end=end, types=OFFICE_PLAN_TYPES[kind])


def office_plan_clash_pairs(*, body_id: int, year: int, kind: str) -> list[ClashPair]:
    """The clash pairs of an office plan, from the cache while no activity or invitation
    of the body changed (the plan's page); approval computes them afresh."""
    return CLASH_PAIRS.get_or_compute(
        f"{body_id}:{year}:{kind}",
        lambda: _office_plan_pairs(body_id, year, kind),
        body_id=body_id,
    )


def office_plan_clashes(*, body_id: int, year: int, kind: str) -> list[Clash]:
    """Every clash of an office plan, computed afresh."""
    return clashes_of(_office_plan_pairs(body_id, year, kind))
