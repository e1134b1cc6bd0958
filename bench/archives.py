"""Benchmark of 文史资料 (issue 16), side by side in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luzhitong_bench \\
        .venv/bin/python bench/archives.py [--repeat 7] [--pdf-articles 150]

On the region data set (`seed_demo --scale region`: about 20,000 manuscripts and 200,000
archive records over 12 bodies and ten years at 500 members per body; proportionally fewer
with `--members-per-body`) it times, with query counts, as the municipal body's demo logins:

- the Chinese search (bigram tsvector + GIN) for a two-character and a four-character
  word, as a member (published only) and as the editor (everything), the search alone
  (selector) and its page;
- the digital archive list with a filter, the editors' list filtered by state, the review
  queue, the statistics page;
- baselines measured in the same run: a trivial query and the trivial view /healthz;
- a volume PDF of `--pdf-articles` articles (about two A5 pages each: 150 ≈ 300 pages),
  laid out by WeasyPrint through portal.pdf, timed once (the articles are made in a
  transaction that is rolled back).
Every time is the median of `--repeat` runs after one warm-up; the last column is the
ratio to /healthz.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.inprocess import client_for, measure, page, setup  # noqa: E402

setup()

from django.db import connection, transaction  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402

from archives import search  # noqa: E402
from archives.models import ArchiveItem, Manuscript, Volume, VolumeEntry, count_words  # noqa: E402
from archives.selectors import manuscripts_visible_to  # noqa: E402
from bench.run import aligned  # noqa: E402
from demo import archives_data  # noqa: E402
from demo import org_data as demo_data  # noqa: E402
from organisation.models import Body  # noqa: E402
from portal.models import User  # noqa: E402
from portal.pdf import render_pdf_result  # noqa: E402

TWO, FOUR = "煤矿", "乌兰牧骑"


def _volume_pdf(body: Body, articles: int) -> tuple[float, int, int]:
    """Seconds, bytes and pages of a volume of `articles` articles (rolled back)."""
    from pypdf import PdfReader

    editor = User.objects.get(username="editor")
    text = "\n".join(t[-1] for t in archives_data.MANUSCRIPTS) * 2
    with transaction.atomic():
        volume = Volume.objects.create(
            body=body, series="基准测试", number=99999, title="长卷", created_by=editor
        )
        rows = Manuscript.objects.bulk_create(
            Manuscript(
                body=body,
                title=f"第{i + 1}篇 回忆文章",
                author_name="作者",
                witness="lived",
                text=text,
                word_count=count_words(text),
                status=Manuscript.Status.SELECTED,
                registered_by=editor,
            )
            for i in range(articles)
        )
        VolumeEntry.objects.bulk_create(
            VolumeEntry(volume=volume, manuscript=m, position=i) for i, m in enumerate(rows)
        )
        entries = list(volume.entries.select_related("manuscript").order_by("position"))
        html = render_to_string(
            "archives/volume_pdf.html", {"volume": volume, "entries": entries, "proof": True}
        )
        transaction.set_rollback(True)
    start = time.perf_counter()
    result = render_pdf_result(html, timeout=900)
    seconds = time.perf_counter() - start
    from io import BytesIO

    return seconds, len(result.pdf), len(PdfReader(BytesIO(result.pdf)).pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--pdf-articles", type=int, default=150)
    args = parser.parse_args()
    body = Body.objects.get(name=demo_data.MUNICIPAL.name)
    member, editor = client_for("member"), client_for("editor")
    anonymous = client_for(None)
    member_user = User.objects.get(username="member")
    editor_user = User.objects.get(username="editor")

    def found(user, word):
        return lambda: len(
            list(search.search(manuscripts_visible_to(user), word, ("title", "text"))[:20])
        )

    rows = [
        ("基准：SELECT 1", lambda: connection.cursor().execute("SELECT 1")),
        ("基准：/healthz", page(anonymous, "/healthz")),
        (f"检索 selector “{TWO}”（委员）", found(member_user, TWO)),
        (f"检索 selector “{FOUR}”（委员）", found(member_user, FOUR)),
        (f"检索 selector “{TWO}”（编审）", found(editor_user, TWO)),
        (f"检索页 “{TWO}”（委员）", page(member, f"/archives/?q={quote(TWO)}")),
        (f"检索页 “{FOUR}”（委员）", page(member, f"/archives/?q={quote(FOUR)}")),
        (
            f"检索页 “{FOUR}” + 三亲筛选（编审）",
            page(editor, f"/archives/?q={quote(FOUR)}&witness=lived"),
        ),
        (
            "数字档案列表 类型+年份筛选（委员）",
            page(member, "/archives/items/?kind=photo&year=1980"),
        ),
        ("全部稿件 按状态（编审）", page(editor, "/archives/manuscripts/?status=published")),
        ("审稿队列（编审）", page(editor, "/archives/queue/")),
        ("统计页（编审）", page(editor, "/archives/statistics/")),
    ]
    results = {name: measure(fn, args.repeat) for name, fn in rows}
    base = results["基准：/healthz"][0]
    print(
        f"数据库 {connection.settings_dict['NAME']}：稿件 {Manuscript.objects.count()} 篇"
        f"（{body.name} {Manuscript.objects.filter(body=body).count()} 篇），"
        f"数字档案 {ArchiveItem.objects.count()} 条；重复 {args.repeat} 次取中位数"
    )
    table = [("项目", "毫秒", "查询数", "相对 /healthz")]
    for name, _fn in rows:
        ms, queries, _r = results[name]
        table.append((name, f"{ms:.1f}", str(queries), f"{ms / base:.1f}"))
    for line in aligned(table):
        print(line)
    for word in (TWO, FOUR):
        n = search.search(manuscripts_visible_to(member_user), word, ("title",)).count()
        print(f"“{word}”：委员可见的命中 {n} 篇")
    seconds, size, pages = _volume_pdf(body, args.pdf_articles)
    print(
        f"文史资料辑 PDF：{args.pdf_articles} 篇，{pages} 页，{size // 1024} KB，"
        f"{seconds:.1f} 秒（{pages / seconds:.1f} 页/秒）"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
