"""Page benchmarks (QUALITY.md speed items 1 and 2): every page of every role, side by side
in one run.

    make bench                      # or: .venv/bin/python bench/run.py [--seconds 5]
    .venv/bin/python bench/run.py --only 提案 --seconds 10     # a few pages, longer

1. Uses the PostgreSQL database `luzhitong_bench` (override with BENCH_DATABASE_URL),
   seeding the region data set (`seed_demo --scale region`, which ends with ANALYZE) if
   it is empty. Nothing else is tuned: the numbers are those of the command anyone runs.
2. Finds the pages (bench/pages.py): each demo role's home page and every link it is
   shown, followed breadth-first; the detail pages of the largest objects; the searches.
3. Measures each page in-process: its query count and its median service time of one
   request at a time (Django's test client, no server) — what the page costs the server.
4. Serves the project with gunicorn (DEBUG=0, collected static files, 3 workers) and loads
   each HTML page from a second process (bench/load.py) at a fixed rate, twice: 20
   sessions × 1 request/s, then 5 sessions × 1 request/s; latency counts from the
   scheduled send time. Two cores serve ~20 requests/s only of pages that cost under
   ~100 ms: above that the queue grows and p95 is mostly waiting, which the in-process
   column tells apart. The same run loads `/healthz`, a trivial view, as the baseline.
5. Prints the table, writes it to bench/RESULTS.md (date, load average, data set) and, with
   --readme, puts the worst ten pages into README.md between the bench markers.

`--recheck 150` measures again, the same way, only the pages of bench/RESULTS.md whose p95
at 20 requests/s was over 150 ms (after a fix, without an hour's crawl), and writes them
to bench/RECHECK.md; bench/RESULTS.md and the README keep the last whole run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/luzhitong_bench"
RESULTS = ROOT / "bench" / "RESULTS.md"
RECHECK = ROOT / "bench" / "RECHECK.md"
README = ROOT / "README.md"
MARK_START = "<!-- bench:worst:start -->"
MARK_END = "<!-- bench:worst:end -->"


def bench_env(database_url: str, static_root: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "SECURE": "0",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
    }


def ensure_database(database_url: str) -> None:
    """Create, migrate and seed the benchmark database when it is missing or empty."""
    name = database_url.rsplit("/", 1)[1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", admin, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["psql", admin, "-c", f'CREATE DATABASE "{name}"'], check=True)
    env = {**os.environ, "DATABASE_URL": database_url}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    bodies = (
        subprocess.run(
            [
                *manage,
                "shell",
                "-c",
                "from organisation.models import Body; print(Body.objects.count())",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    if bodies == "0":
        print("基准数据库为空，正在生成区域数据集（seed_demo --scale region）……", flush=True)
        started = time.monotonic()
        subprocess.run([*manage, "seed_demo", "--scale", "region"], env=env, check=True)
        print(f"区域数据集生成用时 {time.monotonic() - started:.0f} 秒", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, server: subprocess.Popen, timeout: float) -> None:
    """Until the server answers 200; fails at once if it exited, else after `timeout`
    seconds (workers import the whole project: slow on a busy machine)."""
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"server did not answer {url} within {timeout:g} s")


def run_load(url: str, cookie: str, sessions: int, rate: float, seconds: float) -> dict:
    """Load one URL at a fixed rate from a second process (bench/load.py)."""
    command = [
        sys.executable, str(ROOT / "bench" / "load.py"), url, "--cookie", cookie,
        "--sessions", str(sessions), "--rate", str(rate), "--seconds", str(seconds),
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=4, help="seconds of load per page")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions")
    parser.add_argument("--low-sessions", type=int, default=5, help="sessions of the low run")
    parser.add_argument("--low-seconds", type=float, default=4)
    parser.add_argument("--rate", type=float, default=1.0, help="requests/s per session")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="in-process requests per page")
    parser.add_argument("--only", default="", help="only pages whose name/role/URL has this")
    parser.add_argument("--start-timeout", type=float, default=180)
    parser.add_argument(
        "--no-crawl",
        action="store_true",
        help="only the pages issue 12 named, the largest objects and the searches",
    )
    parser.add_argument(
        "--no-load",
        action="store_true",
        help="in-process only (queries and service time of every page), no gunicorn load",
    )
    parser.add_argument(
        "--readme", action="store_true", help="write the worst ten pages into README.md"
    )
    parser.add_argument(
        "--recheck",
        type=float,
        metavar="MS",
        help="only the pages of bench/RESULTS.md whose p95 at 20/s was over MS; "
        "writes bench/RECHECK.md",
    )
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    ensure_database(database_url)
    static_root = tempfile.mkdtemp(prefix="lzt-bench-static-")
    env = bench_env(database_url, static_root)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
        env=env,
        check=True,
    )

    os.environ.update(env)
    import django

    django.setup()
    from bench.pages import discover, measure, session_cookie

    started = dt.datetime.now().astimezone()
    loads = [load_average()]
    print(
        "正在查找页面（"
        + (
            "bench/RESULTS.md 中超过阈值的页面"
            if args.recheck is not None
            else "issue 12 列出的页面"
            if args.no_crawl
            else "各角色从首页沿链接遍历"
        )
        + "）……",
        flush=True,
    )
    if args.recheck is not None:
        pages = pages_over(args.recheck)
    else:
        pages = discover(args.only, crawl_links=not args.no_crawl)
    print(f"共 {len(pages)} 个页面；逐页测量单次服务时间与查询数……", flush=True)
    measured = []
    for number, page in enumerate(pages, 1):
        measured.append(measure(page, args.repeat if page.html else 1))
        if number % 20 == 0:
            loads.append(load_average())
    if args.no_load:
        return report_in_process(args, started, database_url, pages, measured, loads)
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-w", str(args.workers),
            "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    rows = []
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz", server, args.start_timeout)
        high = (args.sessions, args.rate, args.seconds)
        low = (args.low_sessions, args.rate, args.low_seconds)
        baseline = run_load(f"{base}/healthz", "", *high)
        baseline_low = run_load(f"{base}/healthz", "", *low)
        cookies: dict[str, str] = {}
        for number, m in enumerate(measured, 1):
            if not m.page.html:
                rows.append((m, None, None))
                continue
            cookie = cookies.setdefault(m.page.username, session_cookie(m.page.username))
            print(f"[{number}/{len(measured)}] {m.page.label} {m.page.url}", flush=True)
            url = base + m.page.url
            rows.append((m, run_load(url, cookie, *high), run_load(url, cookie, *low)))
            if number % 20 == 0:
                loads.append(load_average())
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)
    loads.append(load_average())

    scope = "未遍历链接（--no-crawl）" if args.no_crawl else "各角色沿链接遍历"
    if args.recheck is not None:
        scope = f"上次完整运行中高负载 p95 超过 {args.recheck:g} ms 的页面（--recheck）"
    header = (
        f"{started:%Y-%m-%d %H:%M}，{len(pages)} 个页面（{scope}），"
        f"数据库 {database_url.rsplit('/', 1)[1]}；"
        f"高负载 {args.sessions} 个会话 × 每秒 {args.rate:g} 次 × {args.seconds:g} 秒，"
        f"低负载 {args.low_sessions} 个会话 × 每秒 {args.rate:g} 次 × {args.low_seconds:g} 秒；"
        f"gunicorn {args.workers} 个进程；负载均值（1/5/15 分钟）"
        f"开始 {loads[0]}，结束 {loads[-1]}"
    )
    table = table_rows(rows, baseline, baseline_low)
    print()
    print(header)
    for line in aligned(table, left=3):
        print(line)
    if args.recheck is not None:
        write_results(header, table, loads, path=RECHECK, title="`bench/run.py --recheck`")
        return 0
    write_results(header, table, loads)
    if args.readme:
        write_readme(header, table)
    return 0


def pages_over(ms: float) -> list:
    """The loaded pages of the last whole run (bench/RESULTS.md) whose p95 at 20 requests/s
    was over `ms`, as bench.pages.Page (the table keeps a URL's first 60 characters: a
    longer one, such as a history cursor, is measured as far as it goes)."""
    from bench.pages import Page, pattern_of, role_logins

    logins = dict(role_logins())
    pages = []
    for line in RESULTS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) != len(COLUMNS) or cells[1] not in logins:
            continue
        try:
            p95 = float(cells[6])
        except ValueError:
            continue  # a download, or the header
        if p95 > ms:
            url = cells[2].replace("\\|", "|")
            pages.append(Page(cells[0], cells[1], logins[cells[1]], url, pattern_of(url) or url))
    return pages


def report_in_process(args, started, database_url, pages, measured, loads) -> int:
    """`--no-load`: every page's queries and in-process service time, slowest first."""
    loads.append(load_average())
    header = (
        f"{started:%Y-%m-%d %H:%M}，{len(pages)} 个页面（各角色沿链接遍历，仅进程内测量，"
        f"无并发负载），数据库 {database_url.rsplit('/', 1)[1]}；每页 {args.repeat} 次取中位数；"
        f"负载均值（1/5/15 分钟）开始 {loads[0]}，结束 {loads[-1]}"
    )
    table = [("页面", "角色", "URL", "查询数", "单次 ms", "状态")] + [
        (m.page.name[:28], m.page.role, m.page.url[:60], str(m.queries),
         f"{m.median_ms:.0f}", str(m.status) + ("" if m.page.html else " 下载"))
        for m in sorted(measured, key=lambda m: -m.median_ms)
    ]  # fmt: skip
    print()
    print(header)
    for line in aligned(table, left=3):
        print(line)
    write_results(header, table, loads)
    return 0


COLUMNS = (
    "页面", "角色", "URL", "查询数", "单次 ms", "p50 ms", "p95 ms", "p95/基准",
    "低负载 p95 ms", "错误",
)  # fmt: skip


def table_rows(rows: list, baseline: dict, baseline_low: dict) -> list[tuple[str, ...]]:
    """The baseline first, then the loaded pages by p95 (worst first), then downloads."""
    out = [
        COLUMNS,
        (
            "/healthz（基准）", "—", "/healthz", "0", "—", f"{baseline['p50']:.1f}",
            f"{baseline['p95']:.1f}", "1.0", f"{baseline_low['p95']:.1f}",
            str(baseline["errors"] + baseline_low["errors"]),
        ),
    ]  # fmt: skip
    loaded = sorted((r for r in rows if r[1] is not None), key=lambda r: -r[1]["p95"])
    for m, high, low in loaded:
        out.append(
            (
                m.page.name[:28], m.page.role, m.page.url[:60], str(m.queries),
                f"{m.median_ms:.0f}", f"{high['p50']:.0f}", f"{high['p95']:.0f}",
                f"{high['p95'] / max(baseline['p95'], 1e-6):.0f}", f"{low['p95']:.0f}",
                str(high["errors"] + low["errors"]),
            )
        )  # fmt: skip
    for m, _high, _low in (r for r in rows if r[1] is None):
        out.append(
            (m.page.name[:28], m.page.role, m.page.url[:60], str(m.queries),
             f"{m.median_ms:.0f}", "—", "—", "—", "—", "下载，不加载")
        )  # fmt: skip
    return out


def markdown(table: list[tuple[str, ...]]) -> list[str]:
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["| " + " | ".join(table[0]) + " |", "|" + "---|" * len(table[0])]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in table[1:]]
    return lines


def write_results(
    header: str,
    table: list[tuple[str, ...]],
    loads: list[str],
    *,
    path: Path = RESULTS,
    title: str = "`make bench`",
) -> None:
    text = [
        f"# {title}: the last run",
        "",
        "Written by bench/run.py (do not edit). Pages by p95 at 20 requests/s, worst first;",
        "“单次 ms” is the median in-process service time of one request at a time (no",
        "load); “低负载” is 5 requests/s. Downloads (PDF, Excel, calendars) are measured",
        "in-process only.",
        "",
        header,
        "",
        f"负载均值，每 20 个页面一次：{'；'.join(loads)}",
        "",
        *markdown(table),
        "",
    ]
    path.write_text("\n".join(text), encoding="utf-8")


def write_readme(header: str, table: list[tuple[str, ...]]) -> None:
    """The worst ten loaded pages, between the bench markers of README.md."""
    worst = [table[0], table[1], *[row for row in table[2:] if row[5] != "—"][:10]]
    block = "\n".join(
        [MARK_START, "", header, "", *markdown(worst), "", MARK_END]
    )  # the whole table: bench/RESULTS.md
    text = README.read_text(encoding="utf-8")
    if MARK_START in text and MARK_END in text:
        before, rest = text.split(MARK_START, 1)
        _old, after = rest.split(MARK_END, 1)
        README.write_text(before + block + after, encoding="utf-8")
    else:
        print("README.md has no bench markers: not updated", file=sys.stderr)


def aligned(rows: list[tuple[str, ...]], left: int = 1) -> list[str]:
    """Columns padded by display width (a Chinese character is two columns); the first
    `left` columns aligned left, the others (numbers) right."""

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell + " " * (w - width(cell)) if i < left else " " * (w - width(cell)) + cell
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]


if __name__ == "__main__":
    raise SystemExit(main())
