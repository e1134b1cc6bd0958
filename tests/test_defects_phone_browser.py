"""Issue 10, defect 12 in a real browser (Playwright, 390×844): no page of the everyday
journeys scrolls sideways, even with a long unbroken word in a record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from .factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
LONG = "https://example.cn/" + "x" * 120


def _login(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


def _sideways(page: Page, url: str) -> int:
    """How many pixels the page is wider than the phone's screen."""
    response = page.goto(url)
    assert response.status == 200, url
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_no_page_scrolls_sideways_on_a_phone(live_server, page: Page):
    from . import committee_work_helpers as h
    from .conftest import build_org

    org = build_org()
    org.member.address = LONG
    org.member.save()
    today = timezone.localdate()
    activity = h.held_activity(
        org, day=today - dt.timedelta(days=2), present=[org.member], place=LONG[:100]
    )
    page.set_viewport_size(PHONE)
    base = live_server.url
    journeys = {
        org.member_user.username: [
            "/",
            reverse("members:member_detail", args=[org.member.pk]),
            reverse("committees:my_activities"),
            reverse("committees:calendar"),
            reverse("committees:activity_detail", args=[activity.pk]),
        ],
        org.staff.username: [
            "/",
            reverse("committees:activity_list"),
            reverse("committees:activity_detail", args=[activity.pk]),
            reverse("committees:activity_create"),
        ],
        org.office.username: [
            "/",
            reverse("members:member_list"),
            reverse("members:member_detail", args=[org.member.pk]),
            reverse("organisation:user_list"),
        ],
    }
    wide = {}
    for username, paths in journeys.items():
        _login(page, base, username)
        for path in paths:
            extra = _sideways(page, f"{base}{path}")
            if extra > 0:
                wide[f"{username} {path}"] = extra
    assert wide == {}
