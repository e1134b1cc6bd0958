"""Browser journey (Playwright) of the annual scoring (issue 15): the office copies the
reference scheme, publishes it, computes the year and opens the 公示; a member files an
objection on a phone (390×844); the office adjusts the score and freezes the year; the
member sees his final score and grade; the office downloads the annual report PDF."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from evaluation.models import Objection, ScoringRun

from .factories import PASSWORD
from .scoring_helpers import YEAR, activity, day, meeting, reference_scheme

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


def test_rules_run_public_objection_adjust_freeze_report(live_server, page: Page):
    from .conftest import build_org

    org = build_org()
    reference = reference_scheme()
    for month in (3, 4, 5):
        activity(org, day(month), attendance={org.member: "present", org.other_member: "absent"})
    meeting(org, day(1), attendance={org.member: "leave", org.other_member: "present"})
    base = live_server.url
    page.set_viewport_size(DESKTOP)

    # The office copies the reference scheme to the year and publishes it.
    _login(page, base, org.office.username)
    page.goto(f"{base}/evaluation/scoring/")
    page.locator("#rule-sets").get_by_role("link", name=reference.name).click()
    page.locator("#copy-form").get_by_label("复制为草稿，年度").fill(str(YEAR))
    page.locator("#copy-form").get_by_role("button", name="复制").click()
    expect(page.get_by_text(f"已复制为{YEAR}年度的草稿")).to_be_visible()
    page.locator("#publish-rules").click()
    expect(page.locator("#rule-set-status")).to_have_text("已发布")

    # It computes the year and opens the 公示.
    page.goto(f"{base}/evaluation/scoring/")
    page.locator("#compute-form input[name=year]").fill(str(YEAR))
    page.locator("#compute-form").get_by_role("button", name="计算得分").click()
    expect(page.locator("#run-status")).to_have_text("已计算")
    # 70 − 10 (plenary leave) + 3 × 2 (activities) = 66
    expect(page.locator("#ranking tr", has_text="周委员")).to_contain_text("66.00")
    page.locator("#run-publish").click()
    expect(page.locator("#run-status")).to_have_text("公示中")

    # The member objects from his phone.
    page.set_viewport_size(PHONE)
    _login(page, base, org.member_user.username)
    page.goto(f"{base}/evaluation/scoring/mine/")
    page.locator("#my-scores").get_by_role("link").first.click()
    expect(page.locator("#my-total")).to_have_text("66.00")
    leave = page.locator("#id_line option", has_text="全体会议请假").get_attribute("value")
    page.get_by_label("针对的明细").select_option(leave)
    page.get_by_label("异议理由").fill("全会期间因公出差，已按程序请假，建议不扣分。")
    page.get_by_role("button", name="提交异议").click()
    expect(page.locator("#my-objections")).to_contain_text("待处理")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    assert Objection.objects.get().line.indicator == "全体会议请假"

    # The office adjusts the score and freezes the year.
    page.set_viewport_size(DESKTOP)
    _login(page, base, org.office.username)
    page.goto(f"{base}/evaluation/scoring/{YEAR}/")
    page.locator("#objections-link").click()
    page.get_by_role("link", name="处理").click()
    page.get_by_label("调整分数").check()
    page.get_by_label("调整分值").fill("10")
    page.get_by_label("处理意见").fill("经核实为因公出差，撤销请假扣分。")
    page.get_by_role("button", name="提交处理结果").click()
    expect(page.locator("#objections")).to_contain_text("已调整")
    page.goto(f"{base}/evaluation/scoring/{YEAR}/")
    page.locator("input[name=comment]").last.fill("异议已处理完毕")
    page.locator("#run-freeze").click()
    expect(page.locator("#run-status")).to_have_text("已冻结")
    assert ScoringRun.objects.get().status == "frozen"

    # The annual report PDF: a background job with its progress page and download.
    page.locator("#run-report").click()
    expect(page.locator("#job-download")).to_be_visible(timeout=60_000)
    href = page.locator("#job-download").get_attribute("href")
    response = page.request.get(f"{base}{href}")
    assert response.status == 200 and response.body().startswith(b"%PDF")

    # The member sees the final score and grade.
    page.set_viewport_size(PHONE)
    _login(page, base, org.member_user.username)
    page.goto(f"{base}/evaluation/scoring/{YEAR}/members/{org.member.pk}/")
    expect(page.locator("#my-total")).to_have_text("76.00")
    expect(page.locator("#my-grade")).to_have_text("称职")
    expect(page.locator("#my-objections")).to_contain_text("撤销请假扣分")
    expect(page.get_by_role("button", name="提交异议")).to_have_count(0)
