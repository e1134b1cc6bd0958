"""The PDF renderer (portal.pdf) and the committee roster PDF.

QUALITY 13: file://, internal http(s), redirects and attachments are never fetched; the
rendering has a time limit; user text reaches the PDF as text. STACK.md: a PDF without a
CJK font still passes pdftotext, so the fonts are checked with pdffonts.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import threading
import time
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
import weasyprint
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from members.models import CommitteeMembership, Member
from members.services import member_create
from portal import pdf
from portal.models import User
from portal.pdf import (
    PdfError,
    PdfTimeout,
    ResourceRefused,
    StaticOnlyFetcher,
    render_pdf,
    render_pdf_result,
)

PASSWD = Path("/etc/passwd")
PASSWD_MARKER = b"root:x:0:0"
# A valid 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


# Reading PDFs back -------------------------------------------------------------------------


def _poppler(tool: str, data: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / f"{tool}-{time.monotonic_ns()}.pdf"
    path.write_bytes(data)
    extra = ["-"] if tool == "pdftotext" else []
    result = subprocess.run(
        [tool, *args, str(path), *extra], capture_output=True, text=True, timeout=30, check=True
    )
    return result.stdout


def pdf_text(data: bytes, tmp_path: Path) -> str:
    return _poppler("pdftotext", data, tmp_path)


def pdf_fonts(data: bytes, tmp_path: Path) -> str:
    return _poppler("pdffonts", data, tmp_path)


def embedded_files(data: bytes, tmp_path: Path) -> int:
    first_line = _poppler("pdfdetach", data, tmp_path, "-list").splitlines()[0]
    return int(first_line.split()[0])


def image_count(data: bytes, tmp_path: Path) -> int:
    rows = _poppler("pdfimages", data, tmp_path, "-list").splitlines()[2:]  # 2 header lines
    return sum(1 for row in rows if row.split()[2] == "image")  # not "smask" (alpha)


def all_bytes(data: bytes) -> bytes:
    """The raw PDF plus every Flate stream inflated, to look for leaked content."""
    inflated = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.DOTALL):
        try:
            inflated.append(zlib.decompressobj().decompress(match.group(1)))
        except zlib.error:
            pass
    return b"\n".join(inflated)


def squeeze(text: str) -> str:
    """pdftotext breaks lines inside table cells: compare without whitespace."""
    return "".join(text.split())


# A web server that must never be called --------------------------------------------------


@pytest.fixture
def trap() -> Iterator[SimpleNamespace]:
    """A local HTTP server that records every request and answers with a redirect to
    /etc/passwd, standing in for Redis, the database or a metadata service."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # http.server names it so
            requests.append(self.path)
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}", requests=requests)
    finally:
        server.shutdown()
        server.server_close()


def hostile_documents(trap_url: str) -> dict[str, str]:
    return {
        "img file": '<img src="file:///etc/passwd">',
        "stylesheet file": '<link rel="stylesheet" href="file:///etc/passwd">',
        "img redis": '<img src="http://127.0.0.1:6379/">',
        "img trap": f'<img src="{trap_url}/image.png">',
        "stylesheet trap": f'<link rel="stylesheet" href="{trap_url}/style.css">',
        "css import": f"<style>@import url({trap_url}/import.css);</style>",
        "css background": f'<p style="background: url({trap_url}/bg.png)">x</p>',
        "font face": (
            f"<style>@font-face {{ font-family: x; src: url({trap_url}/font.woff) }}"
            " p { font-family: x }</style><p>字</p>"
        ),
        "object": f'<object data="{trap_url}/object.svg" type="image/svg+xml"></object>',
        "embed": '<embed src="file:///etc/passwd">',
        "svg image": (
            '<svg width="10" height="10" xmlns="http://www.w3.org/2000/svg">'
            '<image href="file:///etc/passwd" width="10" height="10"/></svg>'
        ),
        "svg in a data url": '<img src="data:image/svg+xml;base64,{}">'.format(
            base64.b64encode(
                b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                + f'<image href="file:///etc/passwd" width="5" height="5"/>'
                f'<image href="{trap_url}/svg.png" width="5" height="5"/></svg>'.encode()
            ).decode()
        ),
        "a attachment file": '<a rel="attachment" href="file:///etc/passwd">附件</a>',
        "a attachment trap": f'<a rel="attachment" href="{trap_url}/a.bin">附件</a>',
        "link attachment file": '<link rel="attachment" href="file:///etc/passwd">',
        "link attachment trap": f'<link rel="attachment" href="{trap_url}/link.bin">',
        "base href": f'<base href="{trap_url}/"><img src="relative.png">',
        "userinfo": f'<img src="https://app.invalid@{trap_url[7:]}/static/css/portal.css">',
    }


# The renderer --------------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(hostile_documents("http://trap")))
def test_it_fetches_nothing_from_files_or_the_network(case, trap, tmp_path):
    html = f"<!doctype html><meta charset=utf-8><p>正文</p>{hostile_documents(trap.url)[case]}"
    result = render_pdf_result(html, timeout=30)
    assert result.pdf.startswith(b"%PDF-")
    assert trap.requests == []
    assert result.refused, "the fetcher should have refused the URL"
    assert embedded_files(result.pdf, tmp_path) == 0
    assert PASSWD_MARKER not in all_bytes(result.pdf)
    assert "root:x:0:0" not in pdf_text(result.pdf, tmp_path)


def test_the_leak_checks_catch_weasyprints_defaults(trap, tmp_path):
    """Control: without our fetcher WeasyPrint embeds /etc/passwd and calls the server, and
    the checks above see it, so their silence means something."""
    assert PASSWD.exists()
    html = (
        '<p>正文</p><a rel="attachment" href="file:///etc/passwd">附件</a>'
        f'<img src="{trap.url}/image.png">'
    )
    leaky = weasyprint.HTML(string=html).write_pdf()
    assert trap.requests == ["/image.png"]
    assert embedded_files(leaky, tmp_path) == 1
    assert PASSWD_MARKER in all_bytes(leaky)


def test_it_allows_data_urls(tmp_path):
    png = base64.b64encode(PNG).decode()
    result = render_pdf_result(f'<p>图片</p><img src="data:image/png;base64,{png}">')
    assert result.refused == ()
    assert result.served == (f"data:image/png;base64,{png}"[:77] + "...",)
    assert image_count(result.pdf, tmp_path) == 1


@pytest.mark.parametrize("href", ["/static/css/portal.css", "css/portal.css"])
def test_it_serves_the_apps_static_files(href):
    result = render_pdf_result(f'<link rel="stylesheet" href="{href}"><p>样式</p>')
    assert result.refused == ()
    assert result.served == ("https://app.invalid/static/css/portal.css",)


def test_the_fetcher_reads_static_files_from_the_finders():
    fetcher = StaticOnlyFetcher()
    ours = fetcher.fetch("https://app.invalid/static/css/portal.css")
    assert ours.read() == (settings.BASE_DIR / "static/css/portal.css").read_bytes()
    assert ours.content_type == "text/css"
    admin = fetcher.fetch("https://app.invalid/static/admin/css/base.css")  # an app's static
    assert b"DJANGO Admin styles" in admin.read()
    png = fetcher.fetch("data:image/png;base64," + base64.b64encode(PNG).decode())
    assert png.read() == PNG


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///work/main/static/css/portal.css",
        "http://127.0.0.1:6379/",
        "http://127.0.0.1:6379/static/css/portal.css",
        "https://app.invalid@127.0.0.1:6379/static/css/portal.css",
        "https://app.invalid:6379/static/css/portal.css",
        "https://app.invalid/etc/passwd",
        "https://app.invalid/config/settings.py",
        "https://app.invalid/static/../config/settings.py",
        "https://app.invalid/static/%2e%2e/config/settings.py",
        "https://app.invalid/static/css/..%2f..%2fconfig%2fsettings.py",
        "https://app.invalid/static/css%5c..%5c..%5cconfig%5csettings.py",
        "https://app.invalid/static//etc/passwd",
        "https://app.invalid/static/%2fetc%2fpasswd",
        "https://app.invalid/static/css/portal.css%00.png",
        "https://app.invalid/static/css/missing.css",
        "ftp://127.0.0.1/file",
        "gopher://127.0.0.1:6379/_INFO",
    ],
)
def test_the_fetcher_refuses_everything_else(url):
    fetcher = StaticOnlyFetcher()
    with pytest.raises(ResourceRefused):
        fetcher.fetch(url)
    assert fetcher.served == []
    assert fetcher.refused == [url]


def test_it_embeds_a_noto_cjk_font(tmp_path):
    data = render_pdf("<p style='font-family: \"Noto Sans CJK SC\"'>政协委员履职</p>")
    assert re.search(r"Noto-?Sans-?CJK", pdf_fonts(data, tmp_path))
    assert "政协委员履职" in pdf_text(data, tmp_path)


def _sleep(html: str, base_url: str) -> tuple[bytes, list[str], list[str]]:
    time.sleep(600)
    raise AssertionError("unreachable")


@pytest.fixture
def forked(monkeypatch) -> list[int]:
    """The pids of the children render_pdf forks."""
    pids: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(pdf.os, "fork", fork)
    return pids


def _gone(pid: int) -> bool:
    """Dead and reaped: a zombie would still accept signal 0."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.django_db
def test_it_kills_a_render_that_hangs(monkeypatch, forked):
    monkeypatch.setattr(pdf, "_write_pdf", _sleep)
    started = time.monotonic()
    with pytest.raises(PdfTimeout):
        render_pdf("<p>慢</p>", timeout=0.5)
    assert time.monotonic() - started < 2
    assert len(forked) == 1 and _gone(forked[0])
    # The child left without touching the parent's database connection.
    assert User.objects.count() == 0


def test_it_kills_a_real_render_that_is_too_long(forked):
    rows = "".join(
        f"<tr><td>{i}</td><td>委员{i}</td><td>某单位某职务</td></tr>" for i in range(2000)
    )
    started = time.monotonic()
    with pytest.raises(PdfTimeout):
        render_pdf(f"<table>{rows}</table>", timeout=0.5)  # takes ~5 s without a limit
    assert time.monotonic() - started < 2
    assert len(forked) == 1 and _gone(forked[0])


def test_it_renders_from_a_thread_of_a_threaded_server():
    """runserver and gthread workers render in a thread: the forked child must cope."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(render_pdf, f"<p>线程{i}</p>", timeout=30) for i in range(2)]
        assert all(f.result().startswith(b"%PDF-") for f in futures)


def _crash(html: str, base_url: str) -> tuple[bytes, list[str], list[str]]:
    raise RuntimeError("renderer exploded")


def test_it_reports_a_renderer_failure(monkeypatch, forked):
    monkeypatch.setattr(pdf, "_write_pdf", _crash)
    with pytest.raises(PdfError, match="renderer exploded"):
        render_pdf("<p>x</p>")
    assert _gone(forked[0])


# The committee roster ----------------------------------------------------------------------


def roster_url(committee) -> str:
    return reverse("members:committee_roster_pdf", args=[committee.pk])


def add_member(org, code: str, name: str, **fields) -> Member:
    data = {
        "code": code,
        "name": name,
        "gender": "female",
        "affiliation": "non_party",
        "sector": org.economy_sector,
        "phone": f"1380000{code[-4:]}",
        **fields,
    }
    return member_create(body_id=org.body.pk, data=data, term=org.term, by=None)


@pytest.mark.django_db
def test_it_gives_the_office_the_roster_as_a_pdf(client, org, tmp_path):
    director = add_member(
        org,
        "W0009",
        "郑主任",
        affiliation="democratic",
        democratic_party="cdl",
        employer="鄂尔多斯市第一中学",
        position="校长",
    )
    CommitteeMembership.objects.filter(member=director).update(role="director")
    client.force_login(org.office)

    started = time.monotonic()
    response = client.get(roster_url(org.economy))
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''" + quote("经济委员会名册.pdf")
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")
    assert re.search(r"Noto-?Sans-?CJK", pdf_fonts(response.content, tmp_path))
    text = pdf_text(response.content, tmp_path)
    flat = squeeze(text)
    assert "经济委员会委员名册" in flat
    assert "鄂尔多斯市政协" in flat
    for heading in "序号 姓名 性别 民族 政治面貌 界别 工作单位及职务 专委会职务 手机号码".split():
        assert heading in flat
    assert "周委员" in flat
    assert "吴委员" not in flat  # sits in another committee
    assert flat.index("郑主任") < flat.index("周委员")  # leaders first, whatever the code
    assert "鄂尔多斯市第一中学校长" in flat
    assert "民盟" in flat and "无党派人士" in flat
    assert "13900000001" in flat
    assert "共2人" in flat
    assert "第1页/共1页" in flat
    assert elapsed < 10


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["vice_chair", "staff"])
def test_it_gives_the_roster_to_the_committees_people(client, org, who):
    client.force_login(getattr(org, who))
    response = client.get(roster_url(org.economy))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


@pytest.mark.django_db
def test_it_refuses_the_roster_to_a_member(client, org):
    client.force_login(org.member_user)
    assert client.get(roster_url(org.economy)).status_code == 403


@pytest.mark.django_db
def test_it_refuses_another_committees_roster_to_staff(client, org):
    client.force_login(org.staff)  # staff of 经济委员会
    assert client.get(roster_url(org.education)).status_code == 403


@pytest.mark.django_db
def test_it_hides_the_roster_from_another_body(client, org, other_org):
    client.force_login(other_org.office)
    assert client.get(roster_url(org.economy)).status_code == 404


@pytest.mark.django_db
def test_it_sends_the_anonymous_to_login(client, org):
    response = client.get(roster_url(org.economy))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_it_prints_user_text_as_text(client, org, tmp_path, caplog):
    Member.objects.filter(pk=org.member.pk).update(
        name="<script>alert(1)</script>",
        employer='<img src="file:///etc/passwd">',
        position="<b>主任</b>",
    )
    client.force_login(org.office)
    with caplog.at_level("WARNING", logger="portal.pdf"):
        response = client.get(roster_url(org.economy))
    assert response.status_code == 200
    flat = squeeze(pdf_text(response.content, tmp_path))
    assert "<script>alert(1)</script>" in flat
    assert '<imgsrc="file:///etc/passwd"><b>主任</b>' in flat
    assert PASSWD_MARKER not in all_bytes(response.content)
    # Nothing was even asked of the fetcher.
    assert [r for r in caplog.records if r.name in ("portal.pdf", "weasyprint")] == []


@pytest.mark.django_db
def test_it_tells_the_user_when_the_roster_takes_too_long(client, org, monkeypatch, settings):
    monkeypatch.setattr(pdf, "_write_pdf", _sleep)
    settings.PDF_RENDER_TIMEOUT = 0.5
    client.force_login(org.office)
    started = time.monotonic()
    response = client.get(roster_url(org.economy))
    assert time.monotonic() - started < 3
    assert response.status_code == 302
    assert response.url == reverse("members:committee_detail", args=[org.economy.pk])
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(messages) == 1 and "超时" in messages[0]


def test_it_logs_what_it_refused(caplog):
    with caplog.at_level("WARNING", logger="portal.pdf"):
        render_pdf('<img src="file:///etc/passwd">')
    [record] = [r for r in caplog.records if r.name == "portal.pdf"]
    assert "file:///etc/passwd" in record.getMessage()


def test_a_cdn_static_url_is_read_from_the_local_files(settings):
    settings.STATIC_URL = "https://cdn.example.cn/static/"
    fetcher = StaticOnlyFetcher()
    served = fetcher.fetch("https://cdn.example.cn/static/css/portal.css")
    assert served.read() == (settings.BASE_DIR / "static/css/portal.css").read_bytes()
    for url in ["https://cdn.example.cn/other/x.css", "https://cdn.example.cn.evil.cn/static/x"]:
        with pytest.raises(ResourceRefused):
            fetcher.fetch(url)
