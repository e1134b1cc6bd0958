"""Benchmark of 协商 (issue 14): the office's plan view, the lists with adoption states, a
long online deliberation, side by side with a trivial view in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luzhitong_bench \\
        .venv/bin/python bench/consultations.py [--repeat 7]

On a seeded database (`seed_demo`; the region scale has ~5,000 consultations over ten
years, three recommendations each, and a thread of 2,000 posts) it times, with query
counts, as the municipal body's demo logins:

- the office's plan view of the year with the most items (each item's stage at a glance),
  the 协商 hub, the statistics of the year and their Excel export;
- the handling unit's list of recommendations with their adoption states;
- the longest thread (网络议政), its first and last page, as a moderator and as a member;
- baselines in the same run: SELECT 1 and the trivial view /healthz.
Every time is the median of `--repeat` runs after one warm-up; the last column is the
ratio to /healthz.
"""

# ruff: noqa: E501 (fmt: skip keeps each measured page on one line)
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.inprocess import client_for, measure, page, setup  # noqa: E402

setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from bench.run import aligned  # noqa: E402
from consultations.models import Consultation, Plan, Post, Recommendation, Thread  # noqa: E402
from demo import org_data as demo_data  # noqa: E402
from organisation.models import Body  # noqa: E402

ROLES = ("office", "staff", "member", "unit")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    body = Body.objects.get(name=demo_data.MUNICIPAL.name)
    clients = {name: client_for(name) for name in ROLES}
    anonymous = client_for(None)
    plan = Plan.objects.filter(body=body).annotate(n=Count("items")).order_by("-n", "-year").first()
    thread = Thread.objects.annotate(n=Count("posts")).filter(n__gt=0).order_by("-n").first()
    rows = [
        ("基准：SELECT 1", lambda: connection.cursor().execute("SELECT 1")),
        ("基准：/healthz", page(anonymous, "/healthz")),
        ("协商首页（office）", page(clients["office"], "/consultations/")),
        ("协商首页（member）", page(clients["member"], "/consultations/")),
        ("协商建议反馈（unit）", page(clients["unit"], "/consultations/recommendations/")),
    ]
    if plan is not None:
        rows += [
            (f"年度协商计划 {plan.year}（office）", page(clients["office"], f"/consultations/plans/{plan.pk}/")),
            (f"协商统计 {plan.year}（office）", page(clients["office"], f"/consultations/statistics/?year={plan.year}")),
            (
                f"协商统计导出 {plan.year}（office）",
                lambda: b"".join(
                    clients["office"]
                    .get(f"/consultations/statistics.xlsx?year={plan.year}")
                    .streaming_content
                ),
            ),
        ]  # fmt: skip
    if thread is not None:
        last = (thread.n - 1) // 50 + 1
        viewer = "office" if thread.body_id == body.pk else None
        if viewer:
            rows += [
                ("网络议政 第1页（office）", page(clients[viewer], f"/consultations/threads/{thread.pk}/")),
                (f"网络议政 第{last}页（office）", page(clients[viewer], f"/consultations/threads/{thread.pk}/?page={last}")),
            ]  # fmt: skip
    results = {name: measure(fn, args.repeat) for name, fn in rows}
    base = results["基准：/healthz"][0]
    print(
        f"数据库 {connection.settings_dict['NAME']}：协商 {Consultation.objects.count()} 项，"
        f"建议 {Recommendation.objects.count()} 条，网络议政发言 {Post.objects.count()} 条；"
        f"最长的议政 {thread.n if thread else 0} 条；"
        f"最大的计划 {plan.n if plan else 0} 个课题；重复 {args.repeat} 次取中位数"
    )
    table = [("项目", "毫秒", "查询数", "相对 /healthz")]
    for name, _fn in rows:
        ms, queries, _r = results[name]
        table.append((name, f"{ms:.1f}", str(queries), f"{ms / base:.1f}"))
    for line in aligned(table):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
