"""Page benchmarks (QUALITY.md speed items 1 and 2), side by side in one run.

    make bench                      # or: .venv/bin/python bench/run.py [--seconds 10]

1. Uses the PostgreSQL database `luzhitong_bench` (override with BENCH_DATABASE_URL),
   seeding the region data set (`seed_demo --scale region`) if it is empty.
2. Counts the queries of every page in `bench/pages.py` in-process.
3. Serves the project with gunicorn (DEBUG=0, collected static files) and loads each
   page from a second process (bench/load.py) at a fixed rate: 20 sessions, each one
   request per second, logged in as the page's role; latency counts from the scheduled
   send time. The same run loads `/healthz`, a trivial Django view, and every page is
   reported as a ratio to it: absolute times drift on shared machines, ratios do not.
"""

from __future__ import annotations

import argparse
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


def bench_env(database_url: str, static_root: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
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
                "from committees.models import Body; print(Body.objects.count())",
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


def wait_for(url: str, timeout: float = 30) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer {url}")


def run_load(url: str, cookie: str, args: argparse.Namespace) -> dict:
    """Load one URL at a fixed rate from a second process (bench/load.py)."""
    command = [
        sys.executable, str(ROOT / "bench" / "load.py"), url, "--cookie", cookie,
        "--sessions", str(args.sessions), "--rate", str(args.rate), "--seconds", str(args.seconds),
    ]  # fmt: skip
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions")
    parser.add_argument("--rate", type=float, default=1.0, help="requests/s per session")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--only", default="", help="run only pages whose name contains this")
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
    from bench.pages import PAGES, query_count, session_cookie

    pages = [p for p in PAGES if args.only in p.name]
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    rows = []
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz")
        baseline = run_load(f"{base}/healthz", "", args)
        rows.append(("trivial view /healthz", 0, baseline, 1.0))
        for page in pages:
            url = page.url()
            queries = query_count(page.username, url)
            result = run_load(base + url, session_cookie(page.username), args)
            rows.append((page.name, queries, result, result["p95"] / max(baseline["p95"], 1e-6)))
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(static_root, ignore_errors=True)

    print()
    print(
        f"{args.sessions} 个会话 × 每秒 {args.rate} 次请求（固定速率）× {args.seconds} 秒，"
        f"gunicorn {args.workers} 个进程，"
        f"数据库 {database_url.rsplit('/', 1)[1]}"
    )
    table = [("页面", "查询数", "p50 ms", "p95 ms", "p99 ms", "请求/秒", "错误", "p95/基准")]
    for name, queries, r, ratio in rows:
        table.append(
            (name, str(queries), f"{r['p50']:.1f}", f"{r['p95']:.1f}", f"{r['p99']:.1f}",
             f"{r['rps']:.1f}", str(r["errors"]), f"{ratio:.1f}")
        )  # fmt: skip
    for line in aligned(table):
        print(line)
    return 0


def aligned(rows: list[tuple[str, ...]]) -> list[str]:
    """Columns padded by display width (a Chinese character is two columns)."""

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell + " " * (w - width(cell)) if i == 0 else " " * (w - width(cell)) + cell
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]


if __name__ == "__main__":
    raise SystemExit(main())
