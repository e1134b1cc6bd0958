"""Issue 11: no input crashes a page. Every URL pattern of every app (the resolver's own
list: a new module's pages are fuzzed as soon as they have a URL), for every role of the
permission matrix and the anonymous visitor, gets hostile requests; any 5xx fails.

- Real ids: each URL's arguments come from the permission matrix's builders
  (tests/test_permission_matrix.TABLE, which every URL must be in), made once for the
  module on one small body; malformed ids (0, beyond bigint, 30 digits) and hostile path
  strings (line breaks, 300 characters, dots and slashes) replace them.
- Query parameters: every name the apps read (found in their source: `.get("year")`,
  `.getlist("r")`…) at once, with NUL, CR/LF, overlong strings, huge, negative and zero
  numbers, impossible dates, non-ASCII digits, SQL and HTML metacharacters.
- Forms: the fields of every POST form on every page a role can open (parsed from the
  page), and the data of every POST-only URL, posted with hostile values — a line break
  in each one-line field included.
- hypothesis draws arbitrary text for the search pages' parameters on top.

Each test runs in a savepoint of the module's data: what a hostile POST changed is gone
for the next URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import Org, build_org
from .permissions import DONE, OK, ROLES
from .test_permission_matrix import TABLE, _url_names

ROOT = Path(__file__).resolve().parent.parent
# The query and form keys the apps read, found in their source.
_KEY = re.compile(r"""\.get(?:list)?\(\s*["']([a-z_][a-z0-9_]*)["']""")
NOT_APPS = {"tests", "bench", "scripts", "static", "templates", "config", "locale", "demo"}


def _param_names() -> list[str]:
    names = {"page", "next", "id", "pk", "token", "format", "sort", "order"}
    for path in ROOT.glob("*/**/*.py"):
        top = path.relative_to(ROOT).parts[0]
        if top.startswith(".") or top in NOT_APPS or "migrations" in path.parts:
            continue
        names |= set(_KEY.findall(path.read_text(encoding="utf-8")))
    return sorted(names)


PARAMS = _param_names()

# Values the middleware lets through: each view must cope with them.
VIEW_VALUES = [
    "a\r\nb",
    "9999",
    "0",
    "-1",
    "99999999999999999999",
    "2024-13-45",
    "²",
    "１２",
    "1e9",
    "NaN",
    "%_\\'\"<>",
    "x" * 1999,
    "2025-02-30",
    " ",
    "-",
    "' OR 1=1 --",
    "../../etc/passwd",
    "٣",
    "2025-W01",
    "\t",
    "2025-01-01T00:00:00+08:00~proposals~²",  # a hand-made history cursor
]
# Values the kernel refuses before any view (portal.middleware): 400, not 500.
REFUSED_VALUES = ["\x00", "a\x00b", "\x1b[0m", "x" * 5000]
# Values for the fields of a form.
FORM_VALUES = [
    "标题\r\n第二行",
    "99999999999999999999",
    "-1",
    "0",
    "2024-13-45",
    "2025-02-30T25:61",
    "²",
    "x" * 5000,
    "<script>alert(1)</script>",
    "\u2028",
    "on",
    "",
]
# Every parameter with the same number: each number reaches each parameter.
UNIFORM_ROUNDS = [
    dict.fromkeys(PARAMS, value) for value in ("10000", "99999999999999999999", "²", "0")
]
BAD_INTS = [0, 2**63, 10**30]
BAD_STRINGS = ["a\r\nb", "x" * 300, "..", "%2e%2e", "\u2028", "²"]


def _views_values(round_: int) -> dict[str, str]:
    """All parameters at once, each with another hostile value (rotating by round)."""
    return {name: VIEW_VALUES[(round_ * 7 + i) % len(VIEW_VALUES)] for i, name in enumerate(PARAMS)}


@dataclass
class World:
    org: Org
    outsider: Org
    args: dict[str, list]  # URL name -> real arguments
    data: dict[str, dict]  # URL name -> the POST data of the matrix
    media: Path


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("fuzz-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            org = build_org()
            outsider = build_org("康巴什区政协")
            args: dict[str, list] = {}
            data: dict[str, dict] = {}
            for name in sorted(TABLE):
                case = TABLE[name]
                with transaction.atomic():
                    args[name] = list(case.args(org))
                    data[name] = dict(case.data(org))
            yield World(org, outsider, args, data, media)
            transaction.set_rollback(True)


def _client(world: World, role: str) -> Client:
    client = Client()
    if role != "anon":
        user = world.outsider.office if role == "outsider" else world.org.login_of(role)
        client.force_login(user)
    return client


class _Forms(HTMLParser):
    """The POST forms of a page: (action, {field: kind}); kind is the input type or
    'textarea' / 'select'."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._fields: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._fields = {}
            self.forms.append((a.get("action") or "", self._fields))
        elif tag in ("input", "textarea", "select") and self._fields is not None:
            name = a.get("name")
            kind = a.get("type", "text") if tag == "input" else tag
            if name and name != "csrfmiddlewaretoken" and kind not in ("file", "submit"):
                self._fields[name] = kind

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None


def _post_forms(html: str, page_url: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Forms()
    parser.feed(html)
    forms = []
    for action, fields in parser.forms:
        url = action or page_url
        path = urlsplit(url).path if url.startswith("/") else urlsplit(page_url).path
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.view_name in ("logout",):
            continue
        forms.append((url if url.startswith("/") else page_url, fields))
    return forms


# Every field of a form with the same value: the digits int() refuses although
# str.isdigit() accepts them, and more digits than int() converts.
UNIFORM_FORM_VALUES = ["²", "9" * 4400]


def _hostile_form(fields: dict[str, str], round_: int) -> dict[str, str]:
    """Round 0: a line break in each one-line field, 5000 characters in each textarea, the
    other fields rotating through FORM_VALUES; rounds 1 and 2: every field the same
    UNIFORM_FORM_VALUES value."""
    if round_ >= 1:
        return dict.fromkeys(fields, UNIFORM_FORM_VALUES[(round_ - 1) % 2])
    values = {}
    for i, (name, kind) in enumerate(sorted(fields.items())):
        if kind in ("text", "search", "hidden"):
            values[name] = "标题\r\n第二行"
        elif kind == "textarea":
            values[name] = "x" * 5000
        else:
            values[name] = FORM_VALUES[i % len(FORM_VALUES)]
    return values


def _crashes(response, what: str) -> list[str]:
    return [f"{what}: {response.status_code}"] if response.status_code >= 500 else []


def _malformed_urls(name: str, args: list) -> list[str]:
    urls = []
    for position, value in enumerate(args):
        bad = BAD_INTS if isinstance(value, int) else BAD_STRINGS
        for replacement in bad:
            changed = [*args]
            changed[position] = replacement
            try:
                urls.append(reverse(name, args=changed))
            except NoReverseMatch:
                continue
    return urls


NAMES = sorted(_url_names())


def test_every_url_is_fuzzed():
    """The list below is the resolver's, the same the permission matrix checks."""
    assert NAMES and set(NAMES) <= set(TABLE)


@pytest.mark.parametrize("name", NAMES)
def test_no_hostile_request_crashes_a_page(name, world, db, settings):
    settings.MEDIA_ROOT = world.media
    case = TABLE[name]
    url = reverse(name, args=world.args[name])
    # The roles that get past the view's checks (a POST that succeeds redirects: DONE);
    # the anonymous visitor only where the page is public (elsewhere his 302 is the login).
    reaching = [
        r
        for r in ROLES
        if case.expect.get(r) in (OK, DONE) and (r != "anon" or case.expect[r] == OK)
    ]
    failures: list[str] = []
    for round_, role in enumerate(ROLES):
        # Every role: one request with every parameter hostile, one the kernel refuses.
        client = _client(world, role)
        response = getattr(client, case.method)(url, _views_values(round_))
        failures += _crashes(response, f"{role} {case.method} {url} ?hostile")
        refused = REFUSED_VALUES[round_ % len(REFUSED_VALUES)]
        response = client.get(url, dict.fromkeys(PARAMS, refused))
        failures += _crashes(response, f"{role} GET {url} ?{refused[:5]!r}")
    for role in reaching:
        client = _client(world, role)
        for query in [*UNIFORM_ROUNDS, _views_values(11)]:
            response = getattr(client, case.method)(url, query)
            failures += _crashes(response, f"{role} {case.method} {url} ?{query[PARAMS[0]][:20]!r}")
            if not response.get("Content-Type", "").startswith("text/html"):
                break  # a file: one hostile request is enough (PDFs take time)
        for bad_url in _malformed_urls(name, world.args[name]):
            response = getattr(client, case.method)(bad_url, world.data[name])
            failures += _crashes(response, f"{role} {case.method} {bad_url}")
        if case.method == "post":
            real = world.data[name]
            for round_ in range(3):
                keys = dict.fromkeys([*real, *(PARAMS if round_ >= 1 else ())], "text")
                data = {**_views_values(3), **_hostile_form(keys, round_)}
                response = client.post(url, data)
                failures += _crashes(response, f"{role} POST {url} {round_}")
        else:
            page = client.get(url)
            failures += _crashes(page, f"{role} GET {url}")
            if page.status_code == 200 and page.get("Content-Type", "").startswith("text/html"):
                for action, fields in _post_forms(page.content.decode(), url):
                    for round_ in range(2):
                        response = client.post(action, _hostile_form(fields, round_))
                        failures += _crashes(response, f"{role} POST {action} (form of {url})")
        break  # one role that reaches the page carries its forms; the others got the sweep
    assert not failures, "\n".join(failures)


# ---- hypothesis: arbitrary text in the search pages ---------------------------------------

SEARCHES = [
    ("members:member_list", "office"),
    ("proposals:proposal_list", "office"),
    ("committees:activity_list", "staff"),
    ("portal:history", "office"),
    ("committees:calendar", "member"),
]


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    search=st.sampled_from(SEARCHES),
    params=st.dictionaries(st.sampled_from(PARAMS), st.text(max_size=40), max_size=6),
)
def test_any_text_in_a_search_is_answered_without_a_crash(world, db, search, params):
    name, role = search
    response = _client(world, role).get(reverse(name), params)
    assert response.status_code < 500, (name, params)
