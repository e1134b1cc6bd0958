"""Benchmark of the proposals module (issue 3), side by side in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luzhitong_bench \\
        .venv/bin/python bench/bench_proposals.py [--repeat 7]

On the region data set (`seed_demo --scale region`: ~60,000 proposals over 12 bodies and
ten years) it times, with query counts, as the municipal body's demo logins:

- the proposal list (office), a title search, the statistics page of this year, the review
  queue (reviewer), the unit inbox (unit), the member's own list;
- the similar-proposal lookup of a new draft: pg_trgm with its GIN indexes, and, on the
  same candidates, the Python character-pair fallback the SQLite demo uses (their best
  matches are compared);
- the statistics computed by the selector alone;
- baselines measured in the same run: a trivial query and the trivial view /healthz.
Every time is the median of `--repeat` runs after one warm-up; the last column is the
ratio to /healthz.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.inprocess import client_for, measure, page, setup  # noqa: E402

setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.run import aligned  # noqa: E402
from committees.models import Body  # noqa: E402
from demo import org_data as demo_data  # noqa: E402
from portal.models import User  # noqa: E402
from proposals import text  # noqa: E402
from proposals.models import Proposal  # noqa: E402
from proposals.selectors import proposal_statistics, similar_proposals  # noqa: E402
from proposals.selectors import similar as similar_module  # noqa: E402

DRAFT_TITLE = "关于进一步加强黄河鄂尔多斯段生态保护的建议"
DRAFT_REASONS = "部分河段水土流失仍较严重，入黄泥沙量大；治沙成果的产业化利用不足。"
DRAFT_SUGGESTIONS = "一、编制流域综合治理规划；二、培育沙产业龙头企业。"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    body = Body.objects.get(name=demo_data.MUNICIPAL.name)
    total = Proposal.objects.count()
    in_body = Proposal.objects.filter(body=body).count()
    year = timezone.localdate().year
    member = User.objects.get(username="member")
    draft = Proposal(
        body=body,
        year=year,
        kind="individual",
        title=DRAFT_TITLE,
        reasons=DRAFT_REASONS,
        suggestions=DRAFT_SUGGESTIONS,
        author=member,
    )
    office, reviewer, unit = client_for("office"), client_for("reviewer"), client_for("unit")
    mine = client_for("member")
    anonymous = client_for(None)

    def fallback() -> list:
        with mock.patch.object(similar_module.connection, "vendor", "sqlite"):
            return similar_proposals(member, draft)

    rows = [
        ("基准：SELECT 1", lambda: connection.cursor().execute("SELECT 1")),
        ("基准：/healthz", page(anonymous, "/healthz")),
        ("提案列表（办公室）", page(office, "/proposals/")),
        ("提案搜索“生态”（办公室）", page(office, "/proposals/?q=%E7%94%9F%E6%80%81")),
        ("提案列表 本年·办结（办公室）", page(office, f"/proposals/?year={year}&status=closed")),
        ("提案统计页（办公室）", page(office, "/proposals/statistics/")),
        ("提案统计 selector", lambda: proposal_statistics(body_id=body.pk, year=year)),
        ("审查队列（审查专家）", page(reviewer, "/proposals/review/")),
        ("办理待办（承办单位）", page(unit, "/proposals/inbox/")),
        ("我的提案（委员）", page(mine, "/proposals/")),
        ("相似提案 pg_trgm", lambda: similar_proposals(member, draft)),
        ("相似提案 Python 回退", fallback),
    ]
    results = {}
    for name, fn in rows:
        results[name] = measure(fn, args.repeat)
    base = results["基准：/healthz"][0]
    trigram = [s.proposal.pk for s in results["相似提案 pg_trgm"][2]]
    python = [s.proposal.pk for s in results["相似提案 Python 回退"][2]]
    print(
        f"数据库 {connection.settings_dict['NAME']}：提案 {total} 件，"
        f"其中 {body.name} {in_body} 件；重复 {args.repeat} 次取中位数"
    )
    table = [("项目", "毫秒", "查询数", "相对 /healthz")]
    for name, _fn in rows:
        ms, queries, _r = results[name]
        table.append((name, f"{ms:.1f}", str(queries), f"{ms / base:.1f}"))
    for line in aligned(table):
        print(line)
    print()
    common = len(set(trigram) & set(python))
    print(
        f"相似提案：pg_trgm 找到 {len(trigram)} 件，Python 回退找到 {len(python)} 件，"
        f"共同 {common} 件；规范化标题「{text.normalise_title(DRAFT_TITLE)}」"
    )
    for similar in results["相似提案 pg_trgm"][2][:5]:
        number = similar.proposal.number or "—"
        print(f"  {similar.percent:>3}%  {number:<10} {similar.proposal.title}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
