"""The pages `bench/run.py` measures: every page of every demo role, found by crawling.

Each role of the municipal body (one demo login per role: office, committee staff,
vice-chair, member, handling unit, reviewer, editors, chair — and any role a new module's
demo adds) opens the home page, and follows every link it is shown (`<a href>` of the
site, GET only) breadth-first. A page is a URL pattern with its set of query keys
(`proposals:proposal_list ?status`), measured once per role: the first link found. Then
come the detail pages of the largest objects, where time grows with the data if anywhere
(the busiest activity, the proposal with most replies, the biggest committee…), and the
search boxes (forms, which a crawl does not follow). A new module's pages are found as
soon as its menu links to them; nothing here needs to change.
"""

from __future__ import annotations

import html
import re
import statistics
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve
from django.utils import timezone

from portal.models import Role, RoleAssignment, User

# Paths never followed: the admin (no role's page), files, logging out.
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/accounts/logout/", "/healthz")
# Pages a role opens at most (a safety net: the crawl ends on its own well before).
MAX_PAGES_PER_ROLE = 250
HREF = re.compile(r"""<a\s[^>]*?href="([^"]*)\"""", re.IGNORECASE)
TITLE = re.compile(r"<title>\s*(.*?)\s*</title>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Page:
    name: str  # the page's title, as the browser tab shows it
    role: str  # the role's label, e.g. 办公室
    username: str
    url: str
    pattern: str  # URL name and query keys: "proposals:proposal_list ?status"
    html: bool = True  # False: a download (PDF, Excel, calendar): not loaded
    origin: str = "crawl"  # "crawl", "largest" (biggest object) or "search"

    @property
    def label(self) -> str:
        return f"{self.name}（{self.role}）"


@dataclass(frozen=True)
class Measured:
    page: Page
    queries: int
    median_ms: float
    status: int


def role_logins() -> list[tuple[str, str]]:
    """(role label, username) for each role held in the municipal body: the demo login of
    the role (the shortest username, e.g. `staff` before `staff2`)."""
    from demo import org_data

    body_name = org_data.MUNICIPAL.name
    logins: dict[str, str] = {}
    assignments = (
        RoleAssignment.objects.filter(body__name=body_name, user__is_active=True)
        .values_list("role", "user__username")
        .order_by("role", "user__username")
    )
    for role, username in assignments:
        best = logins.get(role)
        if best is None or (len(username), username) < (len(best), best):
            logins[role] = username
    members = User.objects.filter(username="member", member__isnull=False).exists()
    if members:
        logins[Role.MEMBER] = "member"
    labels = dict(Role.choices)
    order = list(Role.values)
    return [
        (str(labels.get(role, role)), logins[role])
        for role in sorted(logins, key=lambda r: order.index(r) if r in order else 99)
    ]


def pattern_of(url: str) -> str | None:
    """The URL's name and its query keys, or None for a URL of no view."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    name = match.view_name
    keys = sorted({k for k, _v in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{name} ?{'&'.join(keys)}" if keys else name


def _links(body: str, base: str) -> Iterator[str]:
    """The site's links on the page, relative ones (`?page=2`) resolved against `base`."""
    for raw in HREF.findall(body):
        href = html.unescape(raw).strip().split("#", 1)[0]
        if not href or href.startswith("//") or ":" in href.split("/", 1)[0]:
            continue  # empty, another host, mailto:/tel:/javascript:
        url = urljoin(base, href)
        if not url.startswith(SKIP_PREFIXES):
            yield url


def _title(body: str, fallback: str) -> str:
    found = TITLE.search(body)
    if not found:
        return fallback
    title = html.unescape(re.sub(r"\s+", " ", found.group(1)))
    return title.rsplit(" · ", 1)[0].strip() or fallback


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def crawl(role: str, username: str) -> list[Page]:
    """Every page this login reaches by links from the home page, once per pattern."""
    client = _client(username)
    queue: deque[str] = deque(["/"])
    seen: set[str] = set()
    pages: list[Page] = []
    while queue and len(pages) < MAX_PAGES_PER_ROLE:
        url = queue.popleft()
        pattern = pattern_of(url)
        if pattern is None or pattern in seen:
            continue
        seen.add(pattern)
        response = client.get(url)
        if response.status_code != 200:
            continue
        content_type = response.get("Content-Type", "")
        is_html = content_type.startswith("text/html")
        if is_html:
            body = response.content.decode("utf-8", "replace")
            title = _title(body, pattern)
            queue.extend(link for link in _links(body, url) if pattern_of(link) not in seen)
        else:
            title = f"{pattern}（{content_type.split(';')[0]}）"
        pages.append(Page(title, role, username, url, pattern, html=is_html))
    return pages


# ---- the largest objects ------------------------------------------------------------------


def _municipal_id() -> int:
    from demo import org_data
    from organisation.models import Body

    return Body.objects.get(name=org_data.MUNICIPAL.name).pk


def _busiest_activity(body_id: int) -> str:
    from committees.models import Activity

    pk = (
        Activity.objects.filter(body_id=body_id)
        .annotate(n=Count("invitations"))
        .order_by("-n", "-starts_at")
        .values_list("pk", flat=True)
        .first()
    )
    return f"/committees/activities/{pk}/"


def _proposal_with_most_replies(body_id: int) -> str:
    from proposals.models import Proposal

    pk = (
        Proposal.objects.filter(body_id=body_id)
        .annotate(n=Count("replies", distinct=True), a=Count("assignments", distinct=True))
        .order_by("-n", "-a", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return f"/proposals/{pk}/"


def _biggest_committee(body_id: int) -> str:
    from organisation.models import Committee

    today = timezone.localdate()
    seated = Q(memberships__start_date__lte=today) & (
        Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today)
    )
    pk = (
        Committee.objects.filter(body_id=body_id)
        .annotate(n=Count("memberships", filter=seated))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return f"/committees/{pk}/"


def _busiest_member(body_id: int) -> str:
    from members.models import Member

    pk = (
        Member.objects.filter(body_id=body_id)
        .annotate(n=Count("invitations"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return f"/members/{pk}/"


def _biggest_plan(body_id: int) -> str:
    from committees.models import WorkPlan

    pk = (
        WorkPlan.objects.filter(committee__body_id=body_id)
        .annotate(n=Count("items"))
        .order_by("-n", "-year", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return f"/committees/plans/{pk}/"


def _office_plan(kind: str) -> Callable[[int], str]:
    def url(body_id: int) -> str:
        return f"/committees/office-plans/{timezone.localdate().year}/{kind}/"

    return url


# (what, role, url of the largest object in the municipal body)
LARGEST: list[tuple[str, str, Callable[[int], str]]] = [
    ("邀请最多的活动", Role.OFFICE, _busiest_activity),
    ("答复最多的提案", Role.OFFICE, _proposal_with_most_replies),
    ("委员最多的专委会", Role.OFFICE, _biggest_committee),
    ("活动最多的委员", Role.OFFICE, _busiest_member),
    ("事项最多的工作计划", Role.OFFICE, _biggest_plan),
    ("本年度协商计划", Role.OFFICE, _office_plan("consultation")),
    ("本年度视察考察计划", Role.OFFICE, _office_plan("inspection")),
    ("本年度界别活动计划", Role.OFFICE, _office_plan("sector_activity")),
]

# Search boxes (forms: not followed by the crawl). Two characters cannot use a trigram
# index, three and more can.
SEARCHES: list[tuple[str, str, str]] = [
    ("提案搜索“生态”", Role.OFFICE, "/proposals/?q=%E7%94%9F%E6%80%81"),
    ("提案搜索“生态保护”", Role.OFFICE, "/proposals/?q=%E7%94%9F%E6%80%81%E4%BF%9D%E6%8A%A4"),
    ("委员搜索“王”", Role.OFFICE, "/members/?q=%E7%8E%8B"),
    ("委员搜索“伊泰集团”", Role.OFFICE, "/members/?q=%E4%BC%8A%E6%B3%B0%E9%9B%86%E5%9B%A2"),
    ("活动搜索“调研”", Role.COMMITTEE_STAFF, "/committees/activities/?q=%E8%B0%83%E7%A0%94"),
    (
        "活动搜索“会议室”",
        Role.OFFICE,
        "/committees/activities/?q=%E4%BC%9A%E8%AE%AE%E5%AE%A4",
    ),
]


# The pages issue 12 measured (for `bench/run.py --no-crawl`, a quick look on a busy
# machine; the crawl is what `make bench` runs).
NAMED: list[tuple[str, str, str]] = [
    ("首页", Role.OFFICE, "/"),
    ("首页", Role.MEMBER, "/"),
    ("委员", Role.OFFICE, "/members/"),
    ("委员", Role.COMMITTEE_STAFF, "/members/"),
    ("变更记录", Role.OFFICE, "/history/"),
    ("履职活动", Role.COMMITTEE_STAFF, "/committees/activities/"),
    ("活动日历", Role.OFFICE, "/committees/calendar/"),
    ("提案", Role.MEMBER, "/proposals/"),
    ("考评看板", Role.OFFICE, "/evaluation/"),
]


def discover(only: str = "", crawl_links: bool = True) -> list[Page]:
    """The crawled pages of every role (or, without `crawl_links`, the pages issue 12
    named), then the largest objects and the searches."""
    logins = role_logins()
    by_role = {label: username for label, username in logins}
    labels = dict(Role.choices)
    pages: list[Page] = []
    if crawl_links:
        for role, username in logins:
            pages.extend(crawl(role, username))
    else:
        for what, role, url in NAMED:
            label = str(labels[role])
            if label in by_role:
                pages.append(Page(what, label, by_role[label], url, pattern_of(url) or url))
    body_id = _municipal_id()
    extra = [
        (f"{what}", str(labels[role]), url(body_id), "largest") for what, role, url in LARGEST
    ] + [(what, str(labels[role]), url, "search") for what, role, url in SEARCHES]
    for what, role, url, origin in extra:
        username = by_role.get(role)
        if username is not None:
            pages.append(Page(what, role, username, url, pattern_of(url) or url, origin=origin))
    return [p for p in pages if only in p.label or only in p.pattern]


# ---- measuring in-process ---------------------------------------------------------------


def measure(page: Page, repeat: int = 5) -> Measured:
    """The page's queries (one request after a warm-up) and its median service time over
    `repeat` requests, in-process through Django's test client (no server, no network)."""
    client = _client(page.username)
    response = client.get(page.url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)
    # Counted now: the captured queries are a slice of the connection's log, which the
    # next request clears.
    queries = len(captured)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(page.url)
        times.append((time.perf_counter() - start) * 1000)
    return Measured(page, queries, statistics.median(times), response.status_code)


def session_cookie(username: str) -> str:
    """A logged-in session for the user, as a Cookie header value."""
    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"
