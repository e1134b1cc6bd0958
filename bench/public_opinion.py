"""Benchmark of 社情民意 (issue 13), side by side in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luzhitong_bench \\
        .venv/bin/python bench/public_opinion.py [--repeat 7]

On the region data set (`seed_demo --scale region`: ~100,000 items over 12 bodies and ten
years; `--members-per-body 40` makes a small one) it times, with query counts, as the
municipal body's office (an information editor of its body):

- the editors' queue, the item list with a title search, this year's statistics page and
  the statistics selector alone, the similar-item lookup of a new draft (pg_trgm);
- the PDF of an issue of 《社情民意》 with 40 items: seconds and pages;
- baselines measured in the same run: a trivial query and the trivial view /healthz.
Every time is the median of `--repeat` runs after one warm-up; the last column is the
ratio to /healthz.
"""

from __future__ import annotations

import argparse
import sys
import time
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.inprocess import client_for, measure, page, setup  # noqa: E402

setup()

from django.db import connection  # noqa: E402
from django.db.models import Prefetch  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from bench.run import aligned  # noqa: E402
from demo import org_data as demo_data  # noqa: E402
from organisation.models import Body  # noqa: E402
from portal.models import User  # noqa: E402
from portal.pdf import render_pdf  # noqa: E402
from public_opinion.models import Author, Issue, Report  # noqa: E402
from public_opinion.reports import statistics  # noqa: E402
from public_opinion.selectors import similar_reports  # noqa: E402

TITLE = "关于加快老旧小区加装电梯的建议"
TEXT = "我市城区老旧小区多为六层以下住宅，老年住户比例高，上下楼困难。"


def issue_pdf(body: Body, count: int) -> tuple[float, int]:
    """An issue of `count` accepted items, rendered as publishing would (not saved)."""
    reports = list(
        Report.objects.filter(body=body)
        .exclude(status__in=Report.UNSUBMITTED_STATES)
        .prefetch_related(Prefetch("authors", queryset=Author.objects.select_related("member")))
        .order_by("-id")[:count]
    )
    issue = Issue(body=body, year=timezone.localdate().year, number=99, signer="高建军",
                  recipients="市委、市政府领导", published_at=timezone.now())  # fmt: skip
    entries = [SimpleNamespace(report=r) for r in reports]
    html = render_to_string(
        "public_opinion/issue_pdf.html", {"issue": issue, "entries": entries, "body": body}
    )
    start = time.perf_counter()
    pdf = render_pdf(html, timeout=300)
    seconds = time.perf_counter() - start
    return seconds, len(PdfReader(BytesIO(pdf)).pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    body = Body.objects.get(name=demo_data.MUNICIPAL.name)
    office_user = User.objects.get(username="office")
    year = timezone.localdate().year
    office, anonymous = client_for("office"), client_for(None)
    rows = [
        ("基准：SELECT 1", lambda: connection.cursor().execute("SELECT 1")),
        ("基准：/healthz", page(anonymous, "/healthz")),
        ("待受理队列（编辑）", page(office, "/opinions/queue/")),
        ("全部信息（编辑）", page(office, "/opinions/all/")),
        ("全部信息 搜索“电梯”", page(office, "/opinions/all/?q=%E7%94%B5%E6%A2%AF")),
        ("统计页 本年", page(office, "/opinions/statistics/")),
        ("统计 selector", lambda: statistics(body.pk, year)),
        ("相似信息 pg_trgm", lambda: similar_reports(office_user, title=TITLE, body_text=TEXT)),
    ]
    results = {name: measure(fn, args.repeat) for name, fn in rows}
    base = results["基准：/healthz"][0]
    print(
        f"数据库 {connection.settings_dict['NAME']}：社情民意 {Report.objects.count()} 条，"
        f"其中 {body.name} {Report.objects.filter(body=body).count()} 条；"
        f"重复 {args.repeat} 次取中位数"
    )
    table = [("项目", "毫秒", "查询数", "相对 /healthz")]
    for name, _fn in rows:
        ms, queries, _r = results[name]
        table.append((name, f"{ms:.1f}", str(queries), f"{ms / base:.1f}"))
    for line in aligned(table):
        print(line)
    seconds, pages = issue_pdf(body, 40)
    print(f"\n《社情民意》一期 40 条信息的 PDF：{seconds:.1f} 秒，{pages} 页")
    found = results["相似信息 pg_trgm"][2]
    print(f"相似信息：找到 {len(found)} 条")
    return 0


if __name__ == "__main__":
    sys.exit(main())
