"""Issue 10, defect 4 (used by tests/test_seed_demo.py): every page every demo role
reaches, scanned for English and raw values ("None" as a writer, "lead" in a 办理记录,
"True" and "#57" in the change history).

The demo is seeded once; each role's login starts on the home page and follows every link
it is shown (bench.pages' crawl, one page per URL pattern). The visible text of each page
(not scripts, styles or attributes) must read in Chinese: no Python literals, no raw ids,
and no English word outside the short list of names Chinese offices write in Latin letters.
Every HTML page carries the Content-Security-Policy header (issue 11) and has no inline
script or on…= handler, which the policy would block.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser

from django.test import Client

from bench.pages import _links, pattern_of, role_logins
from portal.models import User

# Words offices write in Latin letters (file formats, brands, units) — anything else in
# the visible text is an untranslated label or a raw value.
ALLOWED = {
    "PDF", "Excel", "xlsx", "csv", "CSV", "docx", "JPG", "PNG", "QR", "iCalendar", "ics",
    "iPhone", "Outlook", "Android", "URL", "WPS", "Word", "APP", "App", "ID", "CPPCC",
    "KB", "MB", "GB", "HTML", "Internet", "CJK", "Noto", "Sans", "XLSX",
    "Ctrl", "Mac", "Cmd", "Enter", "Shift",  # keys named on a keyboard
    "ISBN", "SHA",  # a book's number, a file's checksum (SHA-256)
    "pdf", "png", "jpg", "jpeg",  # extensions of the files people upload
}  # fmt: skip
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
WORD = re.compile(r"[A-Za-z][A-Za-z_]{2,}")
RAW_ID = re.compile(r"#\d+")
# A <script> without src= that the browser would run (JSON data blocks are not run), and
# an event handler attribute: both blocked by the Content-Security-Policy.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "pre"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "pre") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(body: str) -> str:
    parser = _Text()
    parser.feed(body)
    return " ".join(parser.parts)


def offending(text: str, usernames: set[str]) -> set[str]:
    text = EMAIL.sub(" ", text)  # addresses are shown as typed
    words = {w for w in WORD.findall(text) if w not in ALLOWED and w not in usernames}
    return words | set(RAW_ID.findall(text))


def scan() -> tuple[int, list[str], dict[str, set[str]]]:
    """(pages, server errors, offending words by page) over every role's crawl."""
    usernames = set(User.objects.values_list("username", flat=True))
    # Usernames and e-mail addresses are shown as they are typed.
    usernames |= {part for name in usernames for part in re.split(r"[@._\d]+", name) if part}
    found: dict[str, set[str]] = {}
    failures: list[str] = []
    pages = 0
    for role, username in role_logins():
        client = Client()
        client.force_login(User.objects.get(username=username))
        queue, seen = deque(["/"]), set()
        while queue:
            url = queue.popleft()
            pattern = pattern_of(url)
            if pattern is None or pattern in seen:
                continue
            seen.add(pattern)
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(f"{role} {url}: {response.status_code}")
                continue
            if response.status_code != 200 or not response.get("Content-Type", "").startswith(
                "text/html"
            ):
                continue
            pages += 1
            # Issue 11: every HTML page carries the Content-Security-Policy, and it allows
            # scripts from the site only (no inline script runs).
            policy = response.get("Content-Security-Policy", "")
            if (
                "script-src 'self'" not in policy
                or "unsafe-inline" in policy.split("script-src", 1)[1].split(";", 1)[0]
            ):
                failures.append(f"{role} {url}: Content-Security-Policy missing or lax")
            body = response.content.decode()
            if INLINE_SCRIPT.search(body) or HANDLER.search(body):
                failures.append(f"{role} {url}: an inline script or on…= handler")
            bad = offending(visible_text(body), usernames)
            if bad:
                found[f"{role} {url} ({pattern})"] = bad
            queue.extend(link for link in _links(body, url) if pattern_of(link) not in seen)
    return pages, failures, found
