"""The clash query as it was before the GiST index (commit 0e65158): two self-joins of a
body's activities and invitations with `… AND (a_side OR b_side)`. Kept as the reference
the new `committees.selectors.plans.find_clashes` must agree with (tests/test_plans_clashes.py)
and as the "before" of bench/bench_clashes.py. Only its parameters are adapted now
(portal.sql), so that it gives the right answer on SQLite as well."""

from __future__ import annotations

import datetime as dt

from django.db import DEFAULT_DB_ALIAS, connections

from committees.models import Activity, ActivityInvitation
from portal.sql import sql_params


def legacy_clash_sql(
    *,
    body_id: int,
    start: dt.datetime,
    end: dt.datetime,
    types: tuple[str, ...] | None = None,
    activity_id: int | None = None,
) -> tuple[str, str, list]:
    """(place query, member query, parameters) of the old clash detection."""
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
    return place_sql, member_sql, [body_id, cancelled, cancelled, *a_params, *b_params]


def legacy_clashes(
    *, using: str = DEFAULT_DB_ALIAS, adapt: bool = True, **window
) -> set[tuple[int, int, bool, tuple[int, ...]]]:
    """The old query's answer as {(first id, second id, same place, shared member ids)}.
    `adapt=False` sends the datetimes as the old code did (wrong on SQLite)."""
    connection = connections[using]
    place_sql, member_sql, params = legacy_clash_sql(**window)
    if adapt:
        params = sql_params(connection, params)
    with connection.cursor() as cursor:
        cursor.execute(place_sql, params)
        place = {(a, b) for a, b in cursor.fetchall()}
        cursor.execute(member_sql, params)
        shared: dict[tuple[int, int], list[int]] = {}
        for a, b, member_id in cursor.fetchall():
            shared.setdefault((a, b), []).append(member_id)
    return {
        (a, b, (a, b) in place, tuple(sorted(shared.get((a, b), ()))))
        for a, b in place | set(shared)
    }
