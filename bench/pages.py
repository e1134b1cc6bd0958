"""The pages `bench/run.py` loads. Each module adds its key pages here.

A page names the demo login it is opened as (the region data set gives the municipal
body the same logins as the demo) and a function that builds its URL from the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal.models import User


@dataclass(frozen=True)
class Page:
    name: str
    username: str
    url: Callable[[], str]


def _member_detail() -> str:
    from members.models import Member

    member = Member.objects.filter(user__username="member").only("pk").get()
    return f"/members/{member.pk}/"


def _committee_detail() -> str:
    user = User.objects.get(username="staff")
    committee = user.role_assignments.get(role="committee_staff").committee_id
    return f"/committees/{committee}/"


PAGES: list[Page] = [
    Page("首页（办公室）", "office", lambda: "/"),
    Page("首页（委员）", "member", lambda: "/"),
    Page("委员列表（办公室）", "office", lambda: "/members/"),
    Page("委员搜索（办公室）", "office", lambda: "/members/?q=%E7%8E%8B"),
    Page("委员列表（专委会）", "staff", lambda: "/members/"),
    Page("委员信息（本人）", "member", _member_detail),
    Page("专委会列表", "member", lambda: "/committees/"),
    Page("专委会详情（工作人员）", "staff", _committee_detail),
    Page("变更记录（办公室）", "office", lambda: "/history/"),
    Page("考评看板（办公室）", "office", lambda: "/evaluation/"),
    Page("履职活动列表（工作人员）", "staff", lambda: "/committees/activities/"),
    Page("我的活动（委员）", "member", lambda: "/committees/my-activities/"),
    Page("活动日历（办公室）", "office", lambda: "/committees/calendar/"),
    Page("提案列表（办公室）", "office", lambda: "/proposals/"),
    Page("提案搜索（办公室）", "office", lambda: "/proposals/?q=%E7%94%9F%E6%80%81"),
    Page("提案统计（办公室）", "office", lambda: "/proposals/statistics/"),
    Page("我的提案（委员）", "member", lambda: "/proposals/"),
    Page("提案审查队列（审查专家）", "reviewer", lambda: "/proposals/review/"),
    Page("提案办理待办（承办单位）", "unit", lambda: "/proposals/inbox/"),
]


def session_cookie(username: str) -> str:
    """A logged-in session for the user, as a Cookie header value."""
    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"


def query_count(username: str, url: str) -> int:
    """Queries one request makes, after a warm-up request (caches as in a running server)."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} as {username}: HTTP {response.status_code}")
    return len(captured)
