"""Browser journeys (Playwright, Debian's chromium) of everyday work (issue 10):

- the vice-chair's 待审批 notification leaves his unread count once he has decided, and
  his 待办 empties;
- the office publishes a meeting notice with a reply slip, a member answers on a phone
  (390×844), the office sees his answer on the receipts page.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from committees.services import plans as plan_services
from notices.models import Notice, Receipt

from .committee_work_helpers import plan
from .factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _login(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name=re.compile("您好"))).to_be_visible()


def test_the_vice_chairs_notification_clears_after_he_decides(live_server, page: Page):
    from .conftest import build_org

    org = build_org()
    draft = plan(org)
    plan_services.plan_submit(plan=draft, by=org.staff)
    base = live_server.url
    page.set_viewport_size(DESKTOP)

    _login(page, base, org.vice_chair.username)
    expect(page.locator("#unread-count")).to_have_text("1")
    expect(page.locator("#todo-count")).to_have_text("1")
    # The home page's notification is a link to the plan.
    page.get_by_role("button", name=re.compile(f"待审批：{draft.title}")).click()
    expect(page).to_have_url(re.compile(f"/committees/plans/{draft.pk}/$"))
    page.get_by_label("审批意见").fill("同意，请抓好落实。")
    page.locator("#plan-approve").click()
    expect(page.locator("#plan-status")).to_contain_text("已批准")
    expect(page.locator("#unread-count")).to_have_count(0)
    expect(page.locator("#todo-count")).to_have_count(0)
    page.goto(f"{base}/todo/")
    expect(page.get_by_role("main").get_by_text("暂无待办事项。")).to_be_visible()


def test_publish_a_notice_answer_on_a_phone_see_the_answer(live_server, page: Page):
    from .conftest import build_org

    org = build_org()
    base = live_server.url
    page.set_viewport_size(DESKTOP)

    # The office writes a meeting notice with a reply slip and publishes it.
    _login(page, base, org.office.username)
    page.goto(f"{base}/notices/manage/")
    page.locator("#new-notice").click()
    page.get_by_label("会议通知").check()
    page.get_by_label("标题", exact=True).fill("关于召开经济界委员座谈会的通知")
    editor = page.get_by_role("textbox", name="正文")
    editor.click()
    editor.type("请各位委员准时参加座谈会。")
    meeting = timezone.localtime() + dt.timedelta(days=6)
    deadline = timezone.localtime() + dt.timedelta(days=2)
    page.get_by_label("会议时间").fill(meeting.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("会议地点").fill("市政协三楼会议室")
    page.get_by_label("全体委员").check()
    page.get_by_label("需要回执").check()
    page.get_by_label("回执截止时间").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("回执附加项").fill("*是否用餐：是/否\n联系电话")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("草稿已保存")).to_be_visible()
    page.locator("#publish").click()
    expect(page.get_by_text("通知已发布")).to_be_visible()
    notice = Notice.objects.get()
    assert notice.content == "<p>请各位委员准时参加座谈会。</p>"
    assert notice.receipts.count() == 2

    # The member opens it from his 待办 on a phone and answers.
    page.set_viewport_size(PHONE)
    _login(page, base, org.member_user.username)
    page.get_by_role("link", name=re.compile("填写回执：关于召开经济界委员座谈会的通知")).click()
    expect(page.get_by_role("heading", name="关于召开经济界委员座谈会的通知")).to_be_visible()
    page.get_by_label("参加").check()
    page.get_by_role("button", name="提交回执").click()
    expect(page.get_by_text("参加时请填写此项")).to_be_visible()  # the form keeps his choice
    expect(page.get_by_label("参加")).to_be_checked()
    page.get_by_label("是否用餐").select_option("是")
    page.get_by_label("联系电话").fill("13900001234")
    page.get_by_role("button", name="提交回执").click()
    expect(page.locator("#my-answer")).to_contain_text("参加")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width  # no sideways scrolling on the phone
    receipt = Receipt.objects.get(notice=notice, member=org.member)
    assert receipt.answers == {"是否用餐": "是", "联系电话": "13900001234"}

    # The office sees who read it and what he answered.
    page.set_viewport_size(DESKTOP)
    _login(page, base, org.office.username)
    page.goto(f"{base}/notices/{notice.pk}/")
    expect(page.locator("#receipt-counts")).to_contain_text("1")
    page.locator("#receipts-link").click()
    row = page.locator("#receipts tr", has_text="周委员")
    expect(row).to_contain_text("参加")
    expect(row).to_contain_text("13900001234")
    expect(page.locator("#receipts tr", has_text="吴委员")).to_contain_text("未回执")
