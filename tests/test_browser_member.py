"""Browser journey (Playwright, Debian's chromium): a member on a phone."""

import re

import pytest
from playwright.sync_api import Page, expect

from .factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_a_member_sees_his_profile_and_is_refused_office_pages(live_server, page: Page):
    from .conftest import build_org

    org = build_org()
    page.set_viewport_size(PHONE)
    _login(page, live_server.url, org.member_user.username)
    expect(page.get_by_role("heading", name=re.compile("周委员，您好"))).to_be_visible()
    expect(page.locator("#member-section")).to_contain_text("经济委员会")

    page.get_by_role("link", name="查看我的信息").click()
    expect(page.get_by_role("heading", name=re.compile("周委员"))).to_be_visible()
    expect(page.locator("#memberships")).to_contain_text("经济委员会")

    # He corrects his phone number himself.
    page.get_by_role("link", name="修改联系方式").click()
    page.get_by_label("手机号码").fill("13911112222")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存。")).to_be_visible()
    expect(page.get_by_text("13911112222")).to_be_visible()

    # Office pages answer 403 in Chinese; another member's record is 404.
    for path in ["/users/", "/members/", "/committees/departments/", "/history/"]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 403, path
        expect(page.get_by_role("heading", name=re.compile("无权访问"))).to_be_visible()
    response = page.goto(f"{live_server.url}/members/{org.other_member.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name=re.compile("页面不存在"))).to_be_visible()

    # Logging out ends the session.
    page.goto(f"{live_server.url}/")
    # On a phone the menu slides open; the user's dropdown opens only once it has.
    page.get_by_role("button", name="菜单").click()
    expect(page.locator("#mainnav")).to_have_class(re.compile(r"\bshow\b"))
    logout = page.get_by_role("button", name="退出登录")
    user_menu = (
        page.get_by_role("button", name=re.compile("周委员"))
        .or_(page.get_by_role("link", name=re.compile("周委员")))
        .first
    )
    expect(user_menu).to_be_visible()
    user_menu.click()
    expect(logout).to_be_visible()
    logout.click()
    expect(page.get_by_role("heading", name="登录履职通")).to_be_visible()
    page.goto(f"{live_server.url}/members/{org.member.pk}/")
    expect(page).to_have_url(re.compile("/accounts/login/"))
