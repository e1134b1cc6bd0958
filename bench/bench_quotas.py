"""Benchmark of the quota board (SPEC §3.9), side by side in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luzhitong_bench \\
        .venv/bin/python bench/bench_quotas.py [--repeat 5]

On the region data set (`seed_demo --scale region`: 12 bodies, ~300,000 activities,
~3,000,000 invitation/attendance rows) it times, with query counts:

- the board of the municipal body, computed in the database (evaluation.selectors);
- the boards of all 12 bodies (the daily reminder job computes exactly these);
- the board pages through Django's test client, served from the cache (evaluation.cache)
  and recomputed;
- baselines measured in the same run: a trivial query, the trivial view /healthz, one
  hand-written SQL aggregate of the yearly activity quotas (Q1–Q5, Q20, Q21) of every
  committee, and a naive Python loop (one query per committee and quota) for the same
  numbers — the three must agree with the board, which the script checks.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.inprocess import client_for, measure, page, setup  # noqa: E402

setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.run import aligned  # noqa: E402
from committees.models import Activity, ActivityInvitation, Committee  # noqa: E402
from demo import org_data as demo_data  # noqa: E402
from evaluation.models import Quota  # noqa: E402
from evaluation.periods import year_period  # noqa: E402
from evaluation.selectors import body_board, effective_quotas  # noqa: E402
from organisation.models import Body  # noqa: E402
from portal.models import Role, RoleAssignment  # noqa: E402

YEARLY_ACTIVITY_QUOTAS = ("Q1", "Q2", "Q3", "Q4", "Q5", "Q20", "Q21")


def hand_sql(body: Body, year: int, quotas: list[Quota]) -> dict[tuple[int, str], int]:
    """One hand-written SQL aggregate: held activities per committee and yearly quota."""
    start, end = year_period(year).bounds()
    columns = []
    params: list = []
    for quota in quotas:
        marks = ", ".join(["%s"] * len(quota.activity_types))
        columns.append(f"COUNT(*) FILTER (WHERE a.type IN ({marks}))")
        params += quota.activity_types
    sql = (
        f"SELECT a.owner_committee_id, {', '.join(columns)} "
        f"FROM {Activity._meta.db_table} a "
        "WHERE a.body_id = %s AND a.status = 'held' AND a.starts_at >= %s AND a.starts_at < %s "
        "AND a.owner_committee_id IS NOT NULL GROUP BY a.owner_committee_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, body.pk, start, end])
        rows = cursor.fetchall()
    out = {}
    for committee_id, *counts in rows:
        for quota, count in zip(quotas, counts, strict=True):
            out[(committee_id, quota.code)] = count
    return out


def naive_loop(body: Body, year: int, quotas: list[Quota]) -> dict[tuple[int, str], int]:
    """The obvious Python: one COUNT query per committee and quota."""
    start, end = year_period(year).bounds()
    out = {}
    for committee in Committee.objects.filter(body=body, is_active=True):
        for quota in quotas:
            out[(committee.pk, quota.code)] = Activity.objects.filter(
                owner_committee=committee,
                type__in=quota.activity_types,
                status=Activity.Status.HELD,
                starts_at__gte=start,
                starts_at__lt=end,
            ).count()
    return out


def from_board(board) -> dict[tuple[int, str], int]:
    return {
        (unit.pk, code): unit.progress[code].value
        for unit in board.committees
        for code in YEARLY_ACTIVITY_QUOTAS
        if code in unit.progress
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    today = timezone.localdate()
    body = Body.objects.get(name=demo_data.MUNICIPAL.name)
    bodies = list(Body.objects.order_by("pk"))
    activities = Activity.objects.count()
    invitations = ActivityInvitation.objects.count()
    print(
        f"数据：政协组织 {len(bodies)} 个，履职活动 {activities:,} 项，"
        f"邀请与考勤 {invitations:,} 条；统计日 {today}；每项取 {args.repeat} 次中位数。"
    )
    quotas = [q for q in effective_quotas(body.pk) if q.code in YEARLY_ACTIVITY_QUOTAS]
    office, staff = client_for("office"), client_for("staff")
    committee = RoleAssignment.objects.get(
        user__username="staff", role=Role.COMMITTEE_STAFF
    ).committee_id
    rows: list[tuple[str, float, int]] = []

    def run(name: str, fn: Callable[[], object]) -> object:
        ms, queries, result = measure(fn, args.repeat)
        rows.append((name, ms, queries))
        return result

    run("基线：一次简单查询（Body.exists）", lambda: Body.objects.filter(pk=body.pk).exists())
    run("基线：简单视图 /healthz（测试客户端）", page(office, "/healthz"))
    sql = run(
        "手写 SQL：全部专委会年度活动指标（一条聚合）", lambda: hand_sql(body, today.year, quotas)
    )
    loop = run(
        "朴素 Python 循环：每专委会每指标一次查询", lambda: naive_loop(body, today.year, quotas)
    )
    board = run("考评看板：市政协全部指标（数据库计算）", lambda: body_board(body, today))
    run(
        f"考评看板：区域 {len(bodies)} 个政协组织",
        lambda: [body_board(b, today) for b in bodies],
    )
    run("页面：考评看板（办公室，缓存命中）", page(office, "/evaluation/"))
    run(
        "页面：专委会考评（工作人员，缓存命中）",
        page(staff, f"/evaluation/committees/{committee}/"),
    )
    run("页面：委员指标（办公室，缓存命中）", page(office, "/evaluation/members/"))

    def uncached(client, url: str) -> Callable[[], int]:
        get = page(client, url)

        def fresh() -> int:
            cache.clear()
            return get()

        return fresh

    run("页面：考评看板（办公室，重新计算）", uncached(office, "/evaluation/"))

    assert from_board(board) == sql == loop, "看板、手写 SQL 与 Python 循环的结果不一致"
    base = rows[0][1]
    view = rows[1][1]
    print()
    table = [("项目", "中位数(ms)", "查询数", "÷简单查询", "÷简单视图")]
    table += [
        (name, f"{ms:.1f}", str(queries), f"{ms / base:.1f}", f"{ms / view:.1f}")
        for name, ms, queries in rows
    ]
    for line in aligned(table):
        print(line)
    print()
    print("结果核对：看板与手写 SQL、Python 循环的年度活动指标完全一致。")


if __name__ == "__main__":
    main()
