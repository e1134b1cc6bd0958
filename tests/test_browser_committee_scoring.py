"""Browser journey (Playwright) of the committees' evaluation (§19, issue 15): the office
copies the committee reference scheme to the year, publishes it, computes the committee
ranking, reads a committee's lines, freezes the year and records an award, which shows on
the ranking page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from evaluation.models import Award, CommitteeRun, CommitteeScore

from .committee_scoring_helpers import held
from .factories import PASSWORD
from .scoring_helpers import YEAR, committee_reference_scheme

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _login(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name=re.compile("您好"))).to_be_visible()


def test_office_computes_the_committee_ranking_and_records_an_award(live_server, page: Page):
    from .conftest import build_org

    org = build_org()
    reference = committee_reference_scheme()
    for month in (3, 5):
        held(org, org.economy, month, "research")
    held(org, org.education, 4, "inspection")
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    _login(page, base, org.office.username)

    # The committee reference scheme, copied to the year and published.
    page.goto(f"{base}/evaluation/scoring/")
    page.locator("#rule-sets").get_by_role("link", name=reference.name).click()
    page.locator("#copy-form").get_by_label("复制为草稿，年度").fill(str(YEAR))
    page.locator("#copy-form").get_by_role("button", name="复制").click()
    expect(page.locator("#rule-set-target")).to_have_text("专委会")
    page.locator("#publish-rules").click()
    expect(page.locator("#rule-set-status")).to_have_text("已发布")

    # Every committee scored at once; the ranking and one committee's lines.
    page.goto(f"{base}/evaluation/scoring/")
    page.locator("#committee-compute-form input[name=year]").fill(str(YEAR))
    page.locator("#committee-compute-form").get_by_role("button", name="计算专委会得分").click()
    expect(page.locator("#committee-run-status")).to_have_text("已计算")
    run = CommitteeRun.objects.get(year=YEAR)
    economy = CommitteeScore.objects.get(run=run, committee=org.economy)
    row = page.locator("#committee-ranking tr", has_text="经济委员会")
    expect(row).to_contain_text(str(economy.total))
    row.get_by_role("link", name="得分明细").click()
    expect(page.locator("#committee-total")).to_have_text(str(economy.total))
    expect(page.locator("#score-lines")).to_contain_text("专题调研")
    expect(page.locator("#lines-total")).to_have_text(str(economy.total))

    # Frozen, then the award recorded with its decision.
    page.goto(f"{base}/evaluation/scoring/committees/{YEAR}/")
    page.locator("#committee-freeze").click()
    expect(page.locator("#committee-run-status")).to_have_text("已冻结")
    page.goto(f"{base}/evaluation/scoring/awards/")
    form = page.locator("#award-form")
    form.get_by_label("年度").fill(str(YEAR))
    form.get_by_label("奖项").select_option("excellent_committee")
    form.get_by_label("专委会").select_option(label="经济委员会")
    form.get_by_label("表彰决定").fill("授予经济委员会年度优秀专委会称号")
    form.get_by_label("决定日期").fill(f"{YEAR}-12-28")
    form.get_by_label("文号").fill("政协发〔2025〕9号")
    form.get_by_role("button", name="登记").click()
    expect(page.locator("#awards")).to_contain_text("政协发〔2025〕9号")
    award = Award.objects.get()
    assert (award.committee, award.recorded_by) == (org.economy, org.office)
    page.goto(f"{base}/evaluation/scoring/committees/{YEAR}/")
    expect(page.locator("#awards")).to_contain_text("经济委员会")
