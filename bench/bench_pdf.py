"""PDF pages per second (QUALITY.md speed item 4: a 100-page document in ≤ 10 s), side by
side in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luzhitong_bench \\
        .venv/bin/python bench/bench_pdf.py [--region]

- the roster of the municipal body (members.reports: by sector, each from a new page), in
  one process (`render_pdf`) and in parts side by side on the cores (`render_long_pdf`);
- about 100 pages of roster rows (the municipal body's roster repeated), both ways;
- `--region`: the roster of all 12 bodies' members (~6,000 rows), in parts only.
Prints pages, seconds, pages per second, and the CPU seconds the renderers used (the
forked children, parts and page marks): on a machine shared with other work the wall time
depends on the load, the CPU time does not — "idle 2 cores" is CPU seconds / cores, the
wall time the same run would take with both cores to itself. With the load average.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.inprocess import setup  # noqa: E402

setup()

from django.utils import timezone  # noqa: E402

from bench.run import aligned  # noqa: E402
from demo import org_data as demo_data  # noqa: E402
from members.reports import body_roster_html, roster_marks, roster_title  # noqa: E402
from organisation.models import Body  # noqa: E402
from portal.pdf import render_long_pdf, render_pdf_result  # noqa: E402


def children_cpu() -> float:
    """CPU seconds of the finished (reaped) child processes so far: the renderers."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def single(parts: list[str]) -> tuple[int, float]:
    """The same parts as one document, rendered in one process."""
    import io

    from pypdf import PdfReader

    start = time.perf_counter()
    result = render_pdf_result(_one_document(parts), timeout=3600)
    seconds = time.perf_counter() - start
    return len(PdfReader(io.BytesIO(result.pdf)).pages), seconds


def _one_document(parts: list[str]) -> str:
    """The parts' bodies in the first part's frame (its styles), each from a new page."""
    head, _sep, _rest = parts[0].partition("<body>")
    bodies = [p.partition("<body>")[2].rpartition("</body>")[0] for p in parts]
    joined = '<div style="break-before: page"></div>'.join(bodies)
    return f"{head}<body>{joined}</body></html>"


def parts_run(parts: list[str], title: str) -> tuple[int, float]:
    result = render_long_pdf(parts, marks=roster_marks(title), timeout=3600)
    return result.pages, result.seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--region", action="store_true")
    parser.add_argument("--skip-single", action="store_true")
    args = parser.parse_args()
    day = timezone.localdate()
    body = Body.objects.get(name=demo_data.MUNICIPAL.name)
    load = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    rows = [("文件", "方式", "页数", "秒", "页/秒", "CPU 秒", "页/CPU 秒", "空闲时约需秒")]
    parts, count = body_roster_html(body, day)
    roster_pages = parts_run(parts, roster_title(body))[0]
    # About 100 pages: the body's roster repeated.
    copies = max(1, round(100 / max(1, roster_pages)))
    jobs = [
        (f"{roster_title(body)}（{count} 人）", parts),
        (f"约 100 页名册（{copies} 份）", parts * copies),
    ]
    if args.region:
        region = []
        for other in Body.objects.order_by("pk"):
            region += body_roster_html(other, day)[0]
        jobs.append(("全区 12 个政协组织的名册", region))

    def row(label, how, pages, seconds, cpu, own, cores) -> tuple:
        # Idle estimate: the renderers' CPU spread over the cores, plus this process's
        # own work (merging), which runs after them.
        idle = cpu / cores + own
        return (label, how, str(pages), f"{seconds:.1f}", f"{pages / seconds:.1f}",
                f"{cpu + own:.1f}", f"{pages / (cpu + own):.1f}", f"{idle:.1f}")  # fmt: skip

    for label, html in jobs:
        if not args.skip_single and not (args.region and label.startswith("全区")):
            cpu, own = children_cpu(), time.process_time()
            pages, seconds = single(html)
            cpu, own = children_cpu() - cpu, time.process_time() - own
            rows.append(row(label, "单进程", pages, seconds, cpu, own, 1))
        cpu, own = children_cpu(), time.process_time()
        pages, seconds = parts_run(html, roster_title(body))
        cpu, own = children_cpu() - cpu, time.process_time() - own
        cores = min(os.cpu_count() or 1, len(html))
        how = f"分 {len(html)} 部分并行（{os.cpu_count()} 核）"
        rows.append(row(label, how, pages, seconds, cpu, own, cores))
    print(f"负载均值 {load} → {' / '.join(f'{v:.2f}' for v in os.getloadavg())}")
    for line in aligned(rows, left=2):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
