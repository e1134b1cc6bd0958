"""Browser journey of issue 3 (Playwright, Debian's chromium), across five logins: a member
submits a joint proposal, the co-signer confirms, a reviewer files it, the office assigns
it, the unit records the contact and replies, the member is dissatisfied, the unit replies
again, the member is satisfied — and the statistics page counts it."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from proposals.models import Proposal

from .factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "关于加快推进零碳产业园建设的建议"


def log_in(page: Page, base: str, user) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name=re.compile("您好"))).to_be_visible()


def log_out(page: Page) -> None:
    page.locator("nav .dropdown-toggle").last.click()
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("button", name="登录")).to_be_visible()


def open_proposal(page: Page, base: str) -> None:
    page.goto(f"{base}/proposals/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("#proposal-title")).to_have_text(TITLE)


def status(page: Page) -> str:
    return page.locator("#proposal-status").inner_text()


def contact_and_reply(page: Page, code: str, text: str) -> None:
    card = page.locator(".unit-card").first
    card.get_by_label("沟通日期").fill(timezone.localdate().isoformat())
    card.get_by_label("沟通方式").select_option(label="电话")
    card.get_by_label("沟通情况").fill("电话沟通，听取提案者对办理方案的意见。")
    card.get_by_role("button", name="保存沟通记录").click()
    expect(page.locator(".communication").last).to_contain_text("电话")
    page.locator("#reply-link").click()
    page.get_by_label("答复类别").select_option(label=code)
    page.get_by_label("答复内容").fill(text)
    page.get_by_role("button", name="发送答复").click()
    expect(page.locator("#proposal-status")).to_have_text("已答复")


def test_a_joint_proposal_from_writing_to_satisfied(live_server, page: Page):
    from .conftest import build_org

    org = build_org()
    base = live_server.url

    # 1. The member writes a joint proposal with a co-signer and submits it.
    log_in(page, base, org.member_user)
    page.get_by_role("link", name="我的提案").click()
    page.locator("#new-proposal").click()
    page.get_by_label("提出方式").select_option("joint")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("类别").select_option(label="经济建设")
    page.get_by_label("案由").fill("零碳产业园配套电网、储能和绿电交易机制仍不完善。")
    page.get_by_label("建议").fill("一、完善绿电直供政策；二、建设园区智能微电网。")
    page.get_by_label("联名人").select_option(str(org.other_member.pk))
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#proposal-status")).to_have_text("草稿")
    page.locator("#submit-link").click()
    expect(page.locator("#no-similar")).to_be_visible()
    page.locator("#confirm-submit").click()
    expect(page.locator("#proposal-status")).to_have_text("待联名确认")
    log_out(page)

    # 2. The co-signer confirms from his home page.
    log_in(page, base, org.other_member_user)
    page.locator("#proposal-invitations").get_by_role("link", name=re.compile(TITLE)).click()
    page.locator("#sign-confirm").click()
    expect(page.locator("#proposal-status")).to_have_text("待审查")
    log_out(page)

    # 3. A reviewer files it: it gets its annual number.
    log_in(page, base, org.reviewer)
    page.get_by_role("link", name="提案审查").click()
    page.locator("#review-table").get_by_role("link", name=TITLE).click()
    page.locator("#review-form").get_by_label("审查意见", exact=True).select_option("file")
    page.locator("#review-decide").click()
    expect(page.locator("#proposal-status")).to_have_text("已立案")
    number = Proposal.objects.get(title=TITLE).number
    expect(page.locator("#proposal-number")).to_have_text(number)
    log_out(page)

    # 4. The office assigns it to 市发展和改革委员会.
    log_in(page, base, org.office)
    open_proposal(page, base)
    page.locator("#assign-link").click()
    page.get_by_label("主办单位").select_option(label="市发展和改革委员会")
    page.get_by_role("button", name="交办", exact=True).click()
    expect(page.locator("#proposal-status")).to_have_text("已交办")
    log_out(page)

    # 5. The unit records its contact with the proposer, then replies.
    log_in(page, base, org.unit)
    page.get_by_role("link", name="提案办理").click()
    page.locator("#inbox-table").get_by_role("link", name=TITLE).click()
    contact_and_reply(page, "B 正在解决或列入计划", "已列入明年工作计划。")
    log_out(page)

    # 6. The member is dissatisfied: it goes back once, for re-handling.
    log_in(page, base, org.member_user)
    open_proposal(page, base)
    page.locator("#result-dissatisfied").check()
    page.locator("#evaluation-comment").fill("答复没有具体措施和时间表。")
    page.locator("#evaluate-submit").click()
    expect(page.locator("#proposal-status")).to_have_text("重新办理中")
    log_out(page)

    # 7. The unit handles it again and replies.
    log_in(page, base, org.unit)
    page.get_by_role("link", name="提案办理").click()
    page.locator("#inbox-table").get_by_role("link", name=TITLE).click()
    contact_and_reply(page, "A 已解决或采纳", "已制定实施方案，明年一季度完成微电网建设。")
    log_out(page)

    # 8. The member is satisfied.
    log_in(page, base, org.member_user)
    open_proposal(page, base)
    page.locator("#result-satisfied").check()
    page.locator("#evaluate-submit").click()
    expect(page.locator("#proposal-status")).to_have_text("已评价")
    expect(page.locator("#history")).to_contain_text("重新办理")
    log_out(page)

    # 9. The statistics page counts it.
    log_in(page, base, org.office)
    page.goto(f"{base}/proposals/statistics/")
    expect(page.locator("#total-submitted")).to_have_text("1")
    expect(page.locator("#total-answered")).to_have_text("1")
    expect(page.locator("#by-unit")).to_contain_text("市发展和改革委员会")
    expect(page.locator("#by-reply")).to_contain_text("A 已解决或采纳")
    proposal = Proposal.objects.get(title=TITLE)
    assert (proposal.status, proposal.round) == ("evaluated", 2)
    assert list(proposal.evaluations.order_by("round").values_list("result", flat=True)) == [
        "dissatisfied",
        "satisfied",
    ]


def test_the_reviewer_corrects_a_refused_decision_and_keeps_his_comment(live_server, page: Page):
    """Issue 10, defect 1, in the browser: 不予立案 without a ground comes back as chosen,
    with the comment; adding the ground ends in 不予立案 — never an accidental 立案."""
    from . import proposals_helpers
    from .conftest import build_org

    org = build_org()
    proposal = proposals_helpers.submitted(org, by=org.other_member_user, title=TITLE)
    base = live_server.url
    log_in(page, base, org.reviewer)
    page.goto(f"{base}/proposals/{proposal.pk}/")
    form = page.locator("#review-form")
    decision = form.get_by_label("审查意见", exact=True)
    expect(decision).to_have_value("")  # nothing pre-selected
    decision.select_option("reject")
    comment = "属于学术探讨，建议通过学术渠道反映。"
    form.get_by_label("审查意见说明").fill(comment)
    page.locator("#review-decide").click()
    expect(page.get_by_text("不予立案须选择理由。").first).to_be_visible()
    expect(decision).to_have_value("reject")
    expect(form.get_by_label("审查意见说明")).to_have_value(comment)
    form.get_by_label("不予立案理由").select_option("academic")
    page.locator("#review-decide").click()
    expect(page.locator("#proposal-status")).to_have_text("不予立案")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.NOT_FILED and not proposal.number
    expect(page.locator("body")).to_contain_text(comment)  # in the proposal's 流转记录
