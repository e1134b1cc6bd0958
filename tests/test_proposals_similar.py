"""Similar earlier proposals at submission (pg_trgm on PostgreSQL, character pairs on
SQLite): the boilerplate is ignored, the threshold is a setting, and members are shown only
what they may know."""

from __future__ import annotations

from django.urls import reverse

from proposals import services
from proposals.selectors import similar as similar_module
from proposals.selectors import similar_proposals
from proposals.text import bigram_similarity, normalise_title

from . import proposals_helpers as h


def test_titles_lose_their_boilerplate():
    assert normalise_title("关于加快推进零碳产业园建设的建议") == "加快推进零碳产业园建设"
    assert normalise_title("关于进一步加强黄河生态保护的提案") == "加强黄河生态保护"
    assert normalise_title(" 关于《智慧校园》建设问题的建议！") == "智慧校园建设"
    assert normalise_title("建议") == "建议"


def test_bigram_similarity():
    assert bigram_similarity("加强黄河生态保护", "加快黄河生态保护") > 0.4
    assert bigram_similarity("加强黄河生态保护", "完善城市公交线网") == 0


def titles(found) -> list[str]:
    return [s.proposal.title for s in found]


TEXTS = {
    "黄河": ("入黄泥沙量大，部分河段水土流失严重。", "实施水土保持重点工程。"),
    "公交": ("新建小区公交线路覆盖不足，出行不便。", "开通社区微循环公交。"),
    "mine": ("沿黄生态廊道建设滞后，湿地萎缩。", "编制流域综合治理规划。"),
}


def proposal(org, kind: str, title: str, *, build=h.filed, by=None):
    reasons, suggestions = TEXTS[kind]
    return build(
        org, by=by or org.other_member_user, title=title, reasons=reasons, suggestions=suggestions
    )


def test_similar_filed_proposals_are_found_and_unrelated_ones_not(org):
    proposal(org, "黄河", "关于加强黄河鄂尔多斯段生态保护的提案")
    proposal(org, "公交", "关于完善城市公共交通线网的建议")
    mine = proposal(
        org, "mine", "关于加快黄河鄂尔多斯段生态保护的建议", build=h.draft, by=org.member_user
    )
    found = similar_proposals(org.member_user, mine)
    assert titles(found) == ["关于加强黄河鄂尔多斯段生态保护的提案"]
    assert 0.3 <= found[0].score < 1 and not found[0].openable


def test_the_text_counts_too(org):
    h.filed(
        org,
        by=org.other_member_user,
        title="关于某项工作的建议",
        reasons="库布其沙漠治理成果的产业化利用不足，群众增收渠道有限，光伏治沙模式有待推广",
    )
    mine = h.draft(
        org,
        title="关于沙产业发展",
        reasons="库布其沙漠治理成果的产业化利用不足，群众增收渠道有限，光伏治沙模式有待推广",
    )
    assert titles(similar_proposals(org.member_user, mine)) == ["关于某项工作的建议"]


def test_the_threshold_is_a_setting(org, settings):
    proposal(org, "黄河", "关于加强黄河鄂尔多斯段生态保护的提案")
    mine = proposal(
        org, "mine", "关于加快黄河鄂尔多斯段生态保护的建议", build=h.draft, by=org.member_user
    )
    settings.PROPOSALS_SIMILARITY_THRESHOLD = 0.95
    assert similar_proposals(org.member_user, mine) == []


def test_members_see_filed_ones_only_reviewers_see_all_submitted(org):
    proposal(org, "黄河", "关于加强黄河鄂尔多斯段生态保护的提案", build=h.submitted)
    mine = proposal(
        org, "mine", "关于加快黄河鄂尔多斯段生态保护的建议", build=h.draft, by=org.member_user
    )
    assert similar_proposals(org.member_user, mine) == []
    services.proposal_submit(proposal=mine, by=org.member_user)
    assert len(similar_proposals(org.reviewer, mine)) == 1


def test_the_sqlite_fallback_finds_the_same(org, monkeypatch):
    proposal(org, "黄河", "关于加强黄河鄂尔多斯段生态保护的提案")
    proposal(org, "公交", "关于完善城市公共交通线网的建议")
    mine = proposal(
        org, "mine", "关于加快黄河鄂尔多斯段生态保护的建议", build=h.draft, by=org.member_user
    )
    monkeypatch.setattr(similar_module.connection, "vendor", "sqlite")
    found = similar_proposals(org.member_user, mine)
    assert titles(found) == ["关于加强黄河鄂尔多斯段生态保护的提案"]


def test_the_submit_page_offers_to_withdraw_a_duplicate(org, client):
    proposal(org, "黄河", "关于加强黄河鄂尔多斯段生态保护的提案")
    mine = proposal(
        org, "mine", "关于加快黄河鄂尔多斯段生态保护的建议", build=h.draft, by=org.member_user
    )
    client.force_login(org.member_user)
    page = client.get(reverse("proposals:proposal_submit", args=[mine.pk]))
    html = page.content.decode()
    assert "关于加强黄河鄂尔多斯段生态保护的提案" in html and "withdraw-duplicate" in html
    client.post(reverse("proposals:proposal_withdraw", args=[mine.pk]), {"comment": "重复"})
    mine.refresh_from_db()
    assert mine.status == "withdrawn"


def test_the_reviewers_results_are_cached_until_a_proposal_of_the_body_changes(org):
    """The trigram search runs once for the office and the reviewers (their candidates are
    every submitted proposal); a proposal saved in the body shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    proposal(org, "黄河", "关于加强黄河鄂尔多斯段生态保护的提案")
    mine = proposal(
        org, "mine", "关于加快黄河鄂尔多斯段生态保护的建议", build=h.submitted, by=org.member_user
    )
    assert titles(similar_proposals(org.reviewer, mine)) == ["关于加强黄河鄂尔多斯段生态保护的提案"]
    with CaptureQueriesContext(connection) as captured:
        again = similar_proposals(org.reviewer, mine)
    assert titles(again) == ["关于加强黄河鄂尔多斯段生态保护的提案"]
    assert not any("set_limit" in q["sql"] or " % " in q["sql"] for q in captured)
    proposal(org, "黄河", "关于加强黄河鄂尔多斯段生态保护工作的提案")
    assert len(similar_proposals(org.reviewer, mine)) == 2
