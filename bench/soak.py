"""Soak (QUALITY.md, issue 11): many users reading and writing in every module for minutes,
against gunicorn on the region data set. Zero server errors, and the workers' memory flat.

    make soak                                         # 50 sessions × 10 minutes
    .venv/bin/python bench/soak.py --sessions 10 --minutes 1

Each session is a demo login of the municipal body (the roles in turn) that behaves like a
person: it opens a page, reads it for 1–3 s, opens the next (closed loop: it waits for the
answer, so the server is never asked more than people would ask). One request in five is a
write through the real forms: the session opens a form page, fills the form it finds as
the browser would send it (hidden fields and the CSRF token kept, required fields typed
in: text, the first choice of a list, tomorrow's date) and posts it — proposals, 社情民意
and 文史资料 drafts, posts in the online deliberations, notices, "all read". A write refused by the
form (4xx) is counted as refused, not as an error: the soak looks for 5xx and broken
connections. The workers' resident memory is sampled every 30 s.

Prints the summary and writes it to bench/SOAK.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    DEFAULT_DB,
    bench_env,
    ensure_database,
    free_port,
    load_average,
    wait_for,
)

RESULTS = ROOT / "bench" / "SOAK.md"
WRITE_SHARE = 0.2

# (form page, who writes there): each a real form of a module; the thread page's form is
# found on the first thread of the list.
WRITES: list[tuple[str, str]] = [
    ("/proposals/new/", "member"),
    ("/opinions/new/", "member"),
    ("/archives/manuscripts/new/", "member"),
    ("@thread", "member"),
    ("/notices/new/", "office"),
    ("@read-all", "any"),
]


# ---- forms, as a browser sends them -------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, value) to send
    open_selects: dict[str, list[str]] = field(default_factory=dict)


class FormParser(HTMLParser):
    """Every <form> of a page with what a browser would send, text fields typed in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        # name, options, chosen, required
        self._select: tuple[str, list[str], list[str], bool] | None = None
        self._textarea: tuple[str, bool] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "file", "reset", "image"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields.append((name, a.get("value", "on")))
                elif kind == "radio" and not any(n == name for n, _ in self._form.fields):
                    self._form.fields.append((name, a.get("value", "on")))
                return
            value = a.get("value") or (typed(kind, name) if "required" in a else "")
            self._form.fields.append((name, value))
        elif tag == "select" and name:
            self._select = (name, [], [], "required" in a)
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select[1].append(value)
            if "selected" in a:
                self._select[2].append(value)
        elif tag == "textarea" and name:
            self._textarea, self._text = (name, "required" in a), []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None and self._form is not None:
            name, options, chosen, required = self._select
            if required:  # a person picks a real choice where one is required
                chosen = [o for o in chosen if o] or [o for o in options if o]
            value = (chosen or options or [""])[0]
            self._form.fields.append((name, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, required = self._textarea
            text = "".join(self._text).strip()
            if required and not text:
                text = "压力测试：委员反映的情况与建议。" * 3
            self._form.fields.append((name, text))
            self._textarea = None
        elif tag == "form":
            self._form = None


def typed(kind: str, name: str) -> str:
    tomorrow = dt.datetime.now().astimezone().date() + dt.timedelta(days=1)
    if kind == "date":
        return tomorrow.isoformat()
    if kind == "datetime-local":
        return f"{tomorrow.isoformat()}T09:00"
    if kind == "number":
        return "1"
    if kind == "email":
        return "soak@example.com"
    if kind == "hidden":
        return ""
    return f"压力测试{name}{random.randint(1000, 9999)}"


# ---- one simulated person ---------------------------------------------------------------


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    reads: list[float] = field(default_factory=list)
    writes: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    refused: Counter = field(default_factory=Counter)
    written: Counter = field(default_factory=Counter)

    def add(self, kind: str, ms: float, status: int, url: str) -> None:
        with self.lock:
            (self.writes if kind == "write" else self.reads).append(ms)
            self.statuses[status] += 1
            if status == 0 or status >= 500:
                self.errors.append(f"{status} {url}")
            elif status >= 400 and kind == "write":
                self.refused[url] += 1
            elif kind == "write":
                self.written[url.split("?")[0]] += 1


class Person:
    def __init__(self, base: str, cookie: str, username: str, role: str, tally: Tally):
        self.base, self.username, self.role, self.tally = base, username, role, tally
        jar = http.cookiejar.CookieJar()
        name, value = cookie.split("=", 1)
        jar.set_cookie(
            http.cookiejar.Cookie(
                0, name, value, None, False, "127.0.0.1", False, False, "/", True,
                False, None, True, None, None, {},
            )
        )  # fmt: skip
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), NoRedirect()
        )

    def request(self, kind: str, url: str, data: bytes | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.base + url, data=data)
        if data is not None:
            request.add_header("Referer", self.base + url)
        start = time.monotonic()
        try:
            with self.opener.open(request, timeout=60) as response:
                status, body = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            status, body = e.code, e.read().decode("utf-8", "replace")
        except (OSError, urllib.error.URLError):
            status, body = 0, ""
        self.tally.add(kind, (time.monotonic() - start) * 1000, status, url)
        return status, body

    def write(self, page: str) -> None:
        if page == "@read-all":
            status, body = self.request("read", "/")
            self.post_form(body, "/", want="notifications/read-all")
            return
        if page == "@thread":
            status, body = self.request("read", "/consultations/threads/")
            links = [
                link
                for link in link_targets(body)
                if link.startswith("/consultations/threads/") and link.rstrip("/")[-1].isdigit()
            ]
            if not links:
                return
            page = links[0]
        status, body = self.request("read", page)
        if status == 200:
            self.post_form(body, page)

    def post_form(self, body: str, page: str, want: str = "") -> None:
        parser = FormParser()
        parser.feed(body)
        forms = [
            f
            for f in parser.forms
            if f.method == "post" and want in f.action and not f.action.startswith("/accounts")
        ]
        if not forms:
            return
        form = max(forms, key=lambda f: len(f.fields))
        action = urllib.parse.urljoin(page, form.action or page)
        data = urllib.parse.urlencode(form.fields).encode()
        self.request("write", action, data)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a 302 is an answer, not a new request
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp

    http_error_301 = http_error_303 = http_error_307 = http_error_302


def link_targets(body: str) -> list[str]:
    from bench.pages import HREF

    return [h for h in HREF.findall(body) if h.startswith("/")]


def live(person: Person, reads: list[str], writes: list[str], until: float, seed: int):
    rng = random.Random(seed)
    while time.monotonic() < until:
        if writes and rng.random() < WRITE_SHARE:
            person.write(rng.choice(writes))
        else:
            person.request("read", rng.choice(reads))
        time.sleep(rng.uniform(1, 3))


# ---- the workers' memory ------------------------------------------------------------------


def worker_rss(master: int) -> dict[int, int]:
    """Resident memory (KiB) of each gunicorn worker, children of the master process."""
    out = subprocess.run(
        ["ps", "-o", "pid=,rss=", "--ppid", str(master)], capture_output=True, text=True
    ).stdout
    return {int(pid): int(rss) for pid, rss in (line.split() for line in out.splitlines())}


def sample_memory(master: int, until: float, samples: list[tuple[float, dict[int, int]]]):
    start = time.monotonic()
    while time.monotonic() < until:
        samples.append((time.monotonic() - start, worker_rss(master)))
        time.sleep(30)
    samples.append((time.monotonic() - start, worker_rss(master)))


# ---- the run ------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--no-crawl", action="store_true", help="read only the named pages")
    parser.add_argument("--start-timeout", type=float, default=180)
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    ensure_database(database_url)
    static_root = tempfile.mkdtemp(prefix="lzt-soak-static-")
    env = bench_env(database_url, static_root)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
        env=env,
        check=True,
    )
    os.environ.update(env)
    import django

    django.setup()
    from bench.pages import discover, role_logins, session_cookie

    print("正在查找各角色可读的页面……", flush=True)
    pages = [p for p in discover(crawl_links=not args.no_crawl) if p.html]
    reads: dict[str, list[str]] = {}
    for page in pages:
        reads.setdefault(page.username, []).append(page.url)
    logins = [(role, username) for role, username in role_logins() if username in reads]
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-w", str(args.workers),
            "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    tally = Tally()
    samples: list[tuple[float, dict[int, int]]] = []
    started = dt.datetime.now().astimezone()
    loads = [load_average()]
    try:
        wait_for(f"{base}/healthz", server, args.start_timeout)
        until = time.monotonic() + args.minutes * 60
        people = []
        for n in range(args.sessions):
            role, username = logins[n % len(logins)]
            writes = [url for url, who in WRITES if who in (username, "any")]
            person = Person(base, session_cookie(username), username, role, tally)
            people.append(
                threading.Thread(
                    target=live, args=(person, reads[username], writes, until, n), daemon=True
                )
            )
        memory = threading.Thread(target=sample_memory, args=(server.pid, until, samples))
        memory.start()
        for thread in people:
            thread.start()
            time.sleep(0.1)
        for thread in people:
            thread.join()
        memory.join()
        loads.append(load_average())
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = summary(args, started, loads, tally, samples, len(pages))
    print(report)
    RESULTS.write_text(report, encoding="utf-8")
    return 1 if tally.errors else 0


def summary(args, started, loads, tally: Tally, samples, page_count: int) -> str:
    def pct(values: list[float], p: float) -> str:
        if not values:
            return "—"
        ordered = sorted(values)
        return f"{ordered[min(len(ordered) - 1, round(p / 100 * len(ordered)))]:.0f}"

    first = samples[1][1] if len(samples) > 2 else (samples[0][1] if samples else {})
    last = samples[-1][1] if samples else {}
    memory_lines = [
        f"- 进程 {pid}：{first.get(pid, 0) / 1024:.0f} MiB → {rss / 1024:.0f} MiB"
        for pid, rss in sorted(last.items())
    ]
    series = "，".join(
        f"{at / 60:.1f} 分钟 {sum(rss.values()) / 1024:.0f}" for at, rss in samples if rss
    )
    memory_lines.append(f"- 全部工作进程合计（MiB，每 30 秒）：{series}")
    statuses = "，".join(f"{code}×{n}" for code, n in sorted(tally.statuses.items()))
    refused = "，".join(f"{url}×{n}" for url, n in tally.refused.most_common()) or "无"
    written = "，".join(f"{url}×{n}" for url, n in tally.written.most_common(12)) or "无"
    errors = "\n".join(f"  - {e}" for e in Counter(tally.errors)) or "  无"
    return "\n".join(
        [
            f"# 压力测试（soak）{started:%Y-%m-%d %H:%M}",
            "",
            f"{args.sessions} 个会话 × {args.minutes:g} 分钟，每个会话读页面、每 5 次约 1 次写入，"
            f"思考 1–3 秒；{page_count} 个可读页面；gunicorn {args.workers} 个进程。"
            f"负载均值（1/5/15 分钟）开始 {loads[0]}，结束 {loads[-1]}。",
            "",
            f"- 读：{len(tally.reads)} 次，p50 {pct(tally.reads, 50)} ms，"
            f"p95 {pct(tally.reads, 95)} ms",
            f"- 写：{len(tally.writes)} 次，p50 {pct(tally.writes, 50)} ms，"
            f"p95 {pct(tally.writes, 95)} ms",
            f"- 状态码：{statuses}",
            f"- 写入成功（前 12 个地址）：{written}",
            f"- 表单拒绝（4xx，不算错误）：{refused}",
            f"- 服务器错误与断开（5xx / 0）：{len(tally.errors)}",
            errors,
            "- 工作进程常驻内存（首个样本 → 结束）：",
            *memory_lines,
            "",
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
