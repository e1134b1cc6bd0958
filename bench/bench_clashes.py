"""Clash detection (§13) on the region data set: the query it replaced beside the new one,
with their plans, side by side in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luzhitong_bench \\
        .venv/bin/python bench/bench_clashes.py [--repeat 5] [--explain] [--no-legacy]

For the municipal body it times the clash report of the busiest activity's page (the
activity with most invitations) and of the office's plans of this year and last year
(视察考察, 协商, 界别活动): the old query (bench/clash_reference.py, a self-join of the
body's whole history) and `committees.selectors.plans.find_clashes` (only activities that
overlap in time, GiST index from committees 0006); checks that both find the same
pairs and members; `--explain` prints both plans (EXPLAIN ANALYZE).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.inprocess import setup  # noqa: E402

setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.clash_reference import legacy_clash_sql, legacy_clashes  # noqa: E402
from bench.run import aligned  # noqa: E402
from committees.models import Activity  # noqa: E402
from committees.selectors.plans import OFFICE_PLAN_TYPES, find_clashes, year_bounds  # noqa: E402
from demo import org_data as demo_data  # noqa: E402
from organisation.models import Body  # noqa: E402
from portal.sql import sql_params  # noqa: E402


def timed(fn, repeat: int) -> tuple[float, object]:
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return times[len(times) // 2], result


def as_set(clashes) -> set:
    return {
        (c.first.pk, c.second.pk, c.same_place, tuple(sorted(m.pk for m in c.members)))
        for c in clashes
    }


def explain(sql: str, params: list, *, jit: bool = True) -> str:
    """EXPLAIN ANALYZE of one statement (`jit=False`: as find_clashes runs it)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if not jit:
            cursor.execute("SET LOCAL jit = off")
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def new_sql(window: dict) -> tuple[str, list]:
    """The SQL find_clashes sends, captured from one run."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        find_clashes(**window)
    # The clash query itself (the one comparing time ranges): find_clashes wraps it in a
    # transaction (BEGIN, SET LOCAL jit = off) and then loads the activities it found.
    return next(q["sql"] for q in captured.captured_queries if "tstzrange" in q["sql"]), []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--no-legacy", action="store_true", help="skip the old query (slow)")
    args = parser.parse_args()
    body = Body.objects.get(name=demo_data.MUNICIPAL.name)
    year = timezone.localdate().year
    busiest = (
        Activity.objects.filter(body=body)
        .exclude(status=Activity.Status.CANCELLED)
        .annotate(n=Count("invitations"))
        .order_by("-n", "-starts_at")
        .first()
    )
    windows = {
        f"活动页（邀请最多的活动，{busiest.n} 人）": {
            "body_id": body.pk, "start": busiest.starts_at, "end": busiest.ends_at,
            "activity_id": busiest.pk,
        },
    }  # fmt: skip
    labels = {"inspection": "视察考察", "consultation": "协商", "sector_activity": "界别活动"}
    for y in (year, year - 1):
        for kind, label in labels.items():
            start, end = year_bounds(y)
            windows[f"{y} 年{label}计划"] = {
                "body_id": body.pk, "start": start, "end": end, "types": OFFICE_PLAN_TYPES[kind],
            }  # fmt: skip
    activities = Activity.objects.filter(body=body).count()
    print(f"{body.name}：履职活动 {activities} 项；重复 {args.repeat} 次取中位数")
    rows = [("冲突检查", "旧查询 ms", "新查询 ms", "倍数", "冲突对数", "结果一致")]
    for name, window in windows.items():
        new_ms, new = timed(lambda w=window: find_clashes(**w), args.repeat)
        if args.no_legacy:
            rows.append((name, "—", f"{new_ms:.1f}", "—", str(len(new)), "—"))
            continue
        old_ms, old = timed(lambda w=window: legacy_clashes(**w), max(1, args.repeat // 3))
        same = as_set(new) == old
        rows.append(
            (name, f"{old_ms:.0f}", f"{new_ms:.1f}", f"{old_ms / new_ms:.0f}", str(len(new)),
             "是" if same else "否")
        )  # fmt: skip
    for line in aligned(rows):
        print(line)
    if args.explain:
        window = next(iter(windows.values()))
        if not args.no_legacy:
            place_sql, member_sql, params = legacy_clash_sql(**window)
            params = sql_params(connection, params)
            print("\n-- 旧查询（同一委员的冲突）", explain(member_sql, params), sep="\n")
            print("\n-- 旧查询（同一地点的冲突）", explain(place_sql, params), sep="\n")
        sql, _ = new_sql(window)
        print("\n-- 新查询", explain(sql, [], jit=False), sep="\n")
        year_window = windows[f"{year} 年视察考察计划"]
        sql, _ = new_sql(year_window)
        print(f"\n-- 新查询（{year} 年视察考察计划）", explain(sql, [], jit=False), sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
