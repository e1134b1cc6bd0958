"""Browser journey of issue 13 (Playwright, Debian's chromium): a member writes and submits
an item on a phone-sized screen (390×844); the information editor edits and accepts it,
compiles an issue of 《社情民意》 and publishes it as PDF, records a 自治区 adoption and a
批示; the member sees them on his item, and the quota board's Q17 turns green for him."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from evaluation.periods import Light
from evaluation.selectors import body_board
from public_opinion.models import Issue, Report

from .factories import PASSWORD
from .public_opinion_helpers import info_editor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "关于完善城区公交线网覆盖新建小区的建议"
PHONE = {"width": 390, "height": 844}


def log_in(browser: Browser, base: str, user, viewport=None) -> Page:
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name=re.compile("您好"))).to_be_visible()
    return page


def test_from_a_phone_to_adoption_and_instruction(live_server, browser: Browser):
    from .conftest import build_org

    org = build_org()
    editor = info_editor(org)
    base = live_server.url

    # 1. The member writes on his phone: the count grows, the similar check runs.
    phone = log_in(browser, base, org.member_user, PHONE)
    phone.goto(f"{base}/opinions/")
    phone.locator("#write").click()
    phone.get_by_label("标题").fill(TITLE)
    phone.get_by_label("领域").select_option(label="社会民生")
    phone.get_by_label("基本情况").fill(
        "城北新区近三年新建小区十余个，入住居民超过两万人，公交线路覆盖不足。"
    )
    phone.get_by_label("问题分析").fill("线网规划滞后于城市开发，站点步行距离普遍超过800米。")
    phone.get_by_label("意见建议").fill(
        "建议优化线网，开通社区微循环公交，新建小区同步规划公交站点。"
    )
    expect(phone.locator("#char-count")).not_to_have_text("0")
    expect(phone.locator("#char-warn")).to_be_hidden()
    expect(phone.locator("#similar-list")).to_be_visible()
    phone.locator("#submit-report").click()
    expect(phone.locator("#report-status")).to_have_text("待受理")

    # 2. The editor edits the text (the original is kept) and accepts it.
    desk = log_in(browser, base, editor)
    desk.goto(f"{base}/opinions/queue/")
    desk.get_by_role("link", name=TITLE).click()
    desk.locator("#revise").click()
    desk.get_by_label("基本情况").fill(
        "城北新区近三年新建小区12个，入住居民约2.3万人，公交线路覆盖不足。"
    )
    desk.get_by_role("button", name="保存编辑稿").click()
    expect(desk.locator("#diff ins").first).to_be_visible()
    desk.get_by_role("link", name="返回信息").click()
    desk.get_by_label("已受理").check()
    desk.get_by_role("button", name="确定").click()
    expect(desk.locator("#report-status")).to_have_text("已受理")
    number = desk.locator("#report-number").inner_text()
    assert re.search(r"\d{4}-0001", number)

    # 3. An issue of 《社情民意》 with the item, published as PDF.
    desk.goto(f"{base}/opinions/issues/")
    desk.locator("#new-issue").click()
    desk.get_by_label("签发人").fill("张主任")
    desk.get_by_role("button", name="新建").click()
    desk.get_by_label(re.compile(TITLE)).check()
    desk.locator("#save-entries").click()
    desk.locator("#publish-issue").click()
    expect(desk.locator("#issue-status")).to_have_text("已印发")
    issue = Issue.objects.get()
    assert issue.pdf.open("rb").read(5) == b"%PDF-"
    response = desk.request.get(f"{base}/opinions/issues/{issue.pk}/pdf/")
    assert response.ok and response.body()[:5] == b"%PDF-"

    # 4. A 自治区 adoption and a 批示.
    report = Report.objects.get(title=TITLE)
    desk.goto(f"{base}/opinions/{report.pk}/")
    form = desk.locator("#adoption-form")
    form.get_by_label("采用层级").select_option(label="自治区政协采用")
    form.get_by_label("采用日期").fill(timezone.localdate().isoformat())
    form.get_by_label("刊物/载体").fill("自治区政协《社情民意》")
    form.get_by_role("button", name="登记采用").click()
    expect(desk.locator("#report-status")).to_have_text("已采用")
    form = desk.locator("#instruction-form")
    form.get_by_label("批示领导").fill("李市长")
    form.get_by_label("批示层级").select_option(label="市级")
    form.get_by_label("批示日期").fill(timezone.localdate().isoformat())
    form.get_by_label("批示内容").fill("请市交通运输局研究落实。")
    form.get_by_role("button", name="登记批示").click()
    expect(desk.locator("#adoptions")).to_contain_text("李市长")

    # 5. The member sees it on his item, on his phone.
    phone.goto(f"{base}/opinions/")
    phone.get_by_text(TITLE).click()
    expect(phone.locator("#adoptions")).to_contain_text("自治区政协采用")
    expect(phone.locator("#adoptions")).to_contain_text("李市长")
    expect(phone.locator("#report-status")).to_have_text("已采用")

    # 6. Q17 turns green for him on the quota board (fed by this module's counter), and
    # not for a member without an accepted item.
    _default_quotas()  # a transactional test may run after another one flushed them
    board = body_board(org.body, timezone.localdate())
    mine = next(u for u in board.members if u.pk == org.member.pk)
    other = next(u for u in board.members if u.pk == org.other_member.pk)
    assert (mine.progress["Q17"].value, mine.progress["Q17"].light) == (1, Light.MET)
    assert other.progress["Q17"].value == 0


def _default_quotas() -> None:
    """The quota rows migrations seed, back if a flush of an earlier test removed them."""
    from importlib import import_module

    from django.apps import apps

    from evaluation.models import Quota

    if not Quota.objects.filter(body__isnull=True).exists():
        import_module("evaluation.migrations.0002_default_quotas").forwards(apps, None)
        import_module("evaluation.migrations.0005_document_obligations").forwards(apps, None)
