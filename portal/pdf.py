"""The one PDF renderer of the project: a Django template → HTML → WeasyPrint → PDF.

Safety (QUALITY 13). Read this before changing anything here.

- `render_pdf` must only ever be given HTML produced by Django templates with
  autoescaping on, so that user text is escaped and cannot add tags, styles or URLs.
  Never pass it user-supplied or "sanitised" HTML (rich text, imported documents).
- WeasyPrint's default URL fetcher reads `file://` and any `http(s)://` URL, which
  would let a document read local files or reach internal services (Redis, the
  database, cloud metadata). `StaticOnlyFetcher` serves `data:` URLs and the app's own
  static files and refuses everything else before any I/O; it never opens a socket,
  so there is no redirect to follow either. In WeasyPrint 70 every resource goes
  through the document's fetcher: images, stylesheets, `@font-face`, SVG references,
  `<link rel=attachment>` and `<a rel=attachment>` (html.py, pdf/__init__.py,
  pdf/anchors.py). File attachments are dropped before the PDF is written as well, so
  no file is ever embedded.
- WeasyPrint has no time limit: the rendering runs in a forked child process that is
  killed after `timeout` seconds (`PdfTimeout`). The child is started with `os.fork`
  rather than `multiprocessing.Process`, because a Celery prefork worker is a daemonic
  process and `multiprocessing` refuses to start children from one. The child never
  touches the database: it gets a string and sends back bytes.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import signal
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing import Pipe
from multiprocessing.connection import Connection, wait
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

#: The origin the HTML is resolved against. `.invalid` never resolves (RFC 2606) and
#: the fetcher never opens a socket anyway: URLs on this origin under the static prefix
#: are read from the static files, so `/static/css/x.css` and `css/x.css` both work.
APP_ORIGIN = "https://app.invalid"

#: Seconds a rendering may take when the caller does not say (settings may override).
DEFAULT_TIMEOUT = 60.0


class PdfError(Exception):
    """The PDF could not be produced."""


class PdfTimeout(PdfError):
    """The rendering took longer than its time limit and was killed."""


class ResourceRefused(ValueError):
    """A URL the PDF renderer will not fetch. WeasyPrint logs it and leaves it out."""


def _static_prefix() -> str:
    """The URL path of the static files, e.g. "/static/"."""
    path = urlsplit(settings.STATIC_URL).path
    return "/" + path.strip("/") + "/"


def default_base_url() -> str:
    return APP_ORIGIN + _static_prefix()


def _shorten(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves `data:` URLs and the app's static files.

    Everything else — `file://`, `http(s)://` to any other host, `ftp:` — raises
    `ResourceRefused` before any I/O. Served and refused URLs are recorded.
    """

    def __init__(self) -> None:
        # The inherited opener only ever sees `data:` URLs (see fetch); it is told so,
        # and told not to follow redirects, in case that ever changes.
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.lower().startswith("data:"):
            self.served.append(_shorten(url))
            return super().fetch(url, headers)
        path = static_file_for_url(url)
        if path is None:
            self.refused.append(_shorten(url))
            raise ResourceRefused(f"only static files and data: URLs are allowed: {_shorten(url)}")
        self.served.append(_shorten(url))
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    def refuse(self, what: str) -> None:
        self.refused.append(_shorten(what))


def static_file_for_url(url: str) -> Path | None:
    """The static file a URL on APP_ORIGIN (or on STATIC_URL's host) names, or None.

    `..`, empty or `.` segments (also percent-encoded), backslashes and NUL bytes are
    refused outright; the finders and the storage refuse paths outside their folders
    too. Nothing is ever fetched from a host: a URL on STATIC_URL's host (a CDN) is read
    from the local static files as well.
    """
    try:
        parts = urlsplit(url)
        static = urlsplit(settings.STATIC_URL)
    except ValueError:
        return None
    origins = {APP_ORIGIN}
    if static.scheme in ("http", "https") and static.netloc:
        origins.add(f"{static.scheme}://{static.netloc}".lower())
    prefix = _static_prefix()
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    if origin not in origins or not parts.path.startswith(prefix):
        return None
    name = unquote(parts.path[len(prefix) :])
    segments = name.split("/")
    if not name or "\\" in name or "\x00" in name or any(s in ("", ".", "..") for s in segments):
        return None
    try:
        found = finders.find(name)
        if not found:
            # Hashed names from ManifestStaticFilesStorage exist only in STATIC_ROOT.
            try:
                candidate = staticfiles_storage.path(name)
            except NotImplementedError:  # a remote storage: nothing local to read
                return None
            found = candidate if os.path.isfile(candidate) else None
    except SuspiciousFileOperation:
        return None
    if not found:
        return None
    path = Path(found)
    return path if path.is_file() else None


@dataclass(frozen=True)
class PdfResult:
    """A rendered PDF and what the renderer fetched and refused on the way."""

    pdf: bytes
    served: tuple[str, ...]
    refused: tuple[str, ...]
    seconds: float


def _write_pdf(html: str, base_url: str) -> tuple[bytes, list[str], list[str], int]:
    """Render in the current process (the child). No time limit here. Returns the PDF, the
    URLs served and refused, and the number of pages."""
    fetcher = StaticOnlyFetcher()
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
    # No file attachments, whatever their source: drop `<link rel=attachment>` and turn
    # `<a rel=attachment>` links into nothing before the PDF is written (which is when
    # WeasyPrint would fetch them).
    for _attachment in document.metadata.attachments:
        fetcher.refuse('<link rel="attachment">')
    document.metadata.attachments = []
    for page in document.pages:
        for link_type, target, _rect, _box in page.links:
            if link_type == "attachment":
                fetcher.refuse(f'<a rel="attachment"> {target}')
        page.links = [link for link in page.links if link[0] != "attachment"]
    return document.write_pdf(), fetcher.served, fetcher.refused, len(document.pages)


def _child(sender: Connection, html: str, base_url: str, timeout: float) -> None:
    """Body of the forked child: render, send the result, exit without cleanup."""
    code = 0
    try:
        # The parent's handlers (gunicorn, Celery, pytest) must not run here; and if
        # the parent dies, the child ends on its own shortly after the time limit.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(int(timeout) + 5)
        try:
            sender.send(("ok", _write_pdf(html, base_url)))
        except BaseException:
            sender.send(("error", traceback.format_exc(limit=20)))
        sender.close()
    except BaseException:
        code = 1
    finally:
        # Never return into the parent's code, never run its atexit handlers or close
        # its database connections: leave at once.
        os._exit(code)


def _reap(pid: int, *, grace: float) -> None:
    """Wait up to `grace` seconds for the child to exit, then kill it; never leave a zombie."""
    deadline = time.monotonic() + grace
    try:
        while time.monotonic() < deadline:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return
            time.sleep(0.005)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ChildProcessError, ProcessLookupError):
        pass  # already reaped (e.g. SIGCHLD ignored by the host process)


class _Rendering:
    """One forked child rendering one HTML document; `result()` once `receiver` is ready."""

    def __init__(self, html: str, base_url: str, timeout: float) -> None:
        self.receiver, sender = Pipe(duplex=False)
        try:
            self.pid = os.fork()
        except OSError as error:  # out of memory or processes
            self.receiver.close()
            sender.close()
            raise PdfError(f"cannot start the PDF renderer: {error}") from error
        if self.pid == 0:  # pragma: no cover - the child; it always leaves through os._exit
            self.receiver.close()
            _child(sender, html, base_url, timeout)
        sender.close()

    def result(self) -> tuple[bytes, list[str], list[str], int]:
        try:
            status, payload = self.receiver.recv()
        except EOFError:
            raise PdfError("the PDF renderer exited without a result") from None
        finally:
            self.close(grace=2)
        if status != "ok":
            raise PdfError(f"the PDF renderer failed:\n{payload}")
        return payload

    def close(self, *, grace: float = 0) -> None:
        if not self.receiver.closed:
            self.receiver.close()
        if self.pid:
            _reap(self.pid, grace=grace)
            self.pid = 0


def render_pdf_result(
    html: str, *, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> PdfResult:
    """Render HTML to PDF in a child process killed after `timeout` seconds.

    The HTML must come from an autoescaping Django template (see the module docstring).
    Raises `PdfTimeout` when the time is up and `PdfError` when the renderer fails.
    """
    base_url = base_url or default_base_url()
    started = time.monotonic()
    rendering = _Rendering(html, base_url, timeout)
    try:
        if not rendering.receiver.poll(timeout):
            raise PdfTimeout(f"PDF rendering exceeded {timeout:g} s and was stopped")
        pdf, served, refused, _pages = rendering.result()
    finally:
        rendering.close()
    seconds = time.monotonic() - started
    if refused:
        logger.warning("PDF renderer refused %d resource(s): %s", len(refused), refused)
    logger.debug("PDF rendered in %.2f s, %d bytes, served %s", seconds, len(pdf), served)
    return PdfResult(pdf=pdf, served=tuple(served), refused=tuple(refused), seconds=seconds)


# ---- long documents --------------------------------------------------------------------


@dataclass(frozen=True)
class LongPdf:
    """A long document rendered in parts: the PDF, its pages, the seconds it took."""

    pdf: bytes
    pages: int
    parts: int
    seconds: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def render_long_pdf(
    parts: Sequence[str],
    *,
    marks: Callable[[int], str],
    workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    base_url: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> LongPdf:
    """A long document from consecutive parts, rendered side by side on the machine's
    cores and merged.

    WeasyPrint lays a document out on one core, ~5 table pages per second here: a
    200-page roster took a minute. Each part is a whole HTML document (from an
    autoescaping template, as for `render_pdf`) that starts on a new page — a chapter, a
    sector of the roster — rendered in its own forked child, at most `workers` (default:
    the CPU count) at a time. Running heads and page numbers ("第 N 页 / 共 M 页") cannot be
    known inside a part: the parts leave the page margins empty (`pdf_part` in the
    context of pdf/base.html) and `marks(total_pages)` gives an HTML document of that many
    empty pages with only the margins drawn (pdf/marks.html), laid over the merged pages.
    `progress(done, total)` is called as parts finish. The whole rendering shares one time
    limit: past `timeout` seconds every child is killed and `PdfTimeout` raised.
    """
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    base_url = base_url or default_base_url()
    workers = max(1, workers or os.cpu_count() or 1)
    started = time.monotonic()
    deadline = started + timeout
    results: dict[int, tuple[bytes, int]] = {}
    running: dict[Connection, tuple[int, _Rendering]] = {}
    pending = list(enumerate(parts))
    steps = len(parts) + 1  # the parts, then the marks
    try:
        while pending or running:
            while pending and len(running) < workers:
                index, html = pending.pop(0)
                rendering = _Rendering(html, base_url, max(1.0, deadline - time.monotonic()))
                running[rendering.receiver] = (index, rendering)
            left = deadline - time.monotonic()
            ready = wait(list(running), timeout=max(0.0, left)) if left > 0 else []
            if not ready:
                raise PdfTimeout(f"PDF rendering exceeded {timeout:g} s and was stopped")
            for receiver in ready:
                index, rendering = running.pop(receiver)
                pdf, _served, refused, pages = rendering.result()
                if refused:
                    logger.warning("PDF renderer refused %d resource(s): %s", len(refused), refused)
                results[index] = (pdf, pages)
                if progress is not None:
                    progress(len(results), steps)
        total = sum(pages for _pdf, pages in results.values())
        overlay = _Rendering(marks(total), base_url, max(1.0, deadline - time.monotonic()))
        running[overlay.receiver] = (-1, overlay)
        if not overlay.receiver.poll(max(0.0, deadline - time.monotonic())):
            raise PdfTimeout(f"PDF rendering exceeded {timeout:g} s and was stopped")
        running.clear()
        marks_pdf = overlay.result()[0]
    finally:
        for _index, rendering in running.values():
            rendering.close()
    writer = PdfWriter()
    for index in range(len(parts)):
        writer.append(PdfReader(BytesIO(results[index][0])))
    first = PdfReader(BytesIO(results[0][0])).metadata if parts else None
    if first:
        writer.add_metadata({k: v for k, v in first.items() if isinstance(v, str)})
    for page, mark in zip(writer.pages, PdfReader(BytesIO(marks_pdf)).pages, strict=True):
        page.merge_page(mark)
    out = BytesIO()
    writer.write(out)
    if progress is not None:
        progress(steps, steps)
    seconds = time.monotonic() - started
    logger.info("long PDF: %d pages in %d parts, %.1f s", total, len(parts), seconds)
    return LongPdf(pdf=out.getvalue(), pages=total, parts=len(parts), seconds=seconds)


def render_pdf(
    html: str, *, base_url: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> bytes:
    """The PDF bytes of `html` (from an autoescaping Django template only)."""
    return render_pdf_result(html, base_url=base_url, timeout=timeout).pdf


def pdf_response(
    template_name: str, context: dict, *, filename: str, timeout: float | None = None
) -> HttpResponse:
    """Render a template to a PDF download.

    Raises `PdfTimeout` (the view tells the user and redirects) or `PdfError`.
    """
    if timeout is None:
        timeout = float(getattr(settings, "PDF_RENDER_TIMEOUT", DEFAULT_TIMEOUT))
    html = render_to_string(template_name, context)
    response = HttpResponse(render_pdf(html, timeout=timeout), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    # Rosters carry phone numbers: keep them out of shared caches.
    patch_cache_control(response, private=True, no_store=True)
    return response
