"""Quota progress from other modules' records (registered counters), member quotas and quotas
edited per body, as of DAY = 30 September 2024 (quotas_helpers)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from evaluation.models import Quota
from evaluation.periods import Light, year_period
from evaluation.selectors import body_board

from . import committee_work_helpers as h
from .quotas_helpers import (
    DAY,
    T,
    _progress,
    done,
)

# ---- other modules' records ------------------------------------------------------------------


def test_quotas_without_a_module_show_zero_and_say_why(quota_org, monkeypatch):
    from portal.registry import quota_counters

    for key in ("social_opinion_reports", "performance_reports"):
        monkeypatch.setattr(quota_counters, "_entries", dict(quota_counters._entries))
        quota_counters.unregister(key)
    board = body_board(quota_org.body, DAY)
    q16 = _progress(board, quota_org.economy, "Q16")
    assert (q16.value, q16.light) == (0, Light.UNAVAILABLE)
    assert "社情民意模块尚未上线" in q16.note
    member = next(u for u in board.members if u.pk == quota_org.member.pk)
    assert member.progress["Q17"].light == Light.UNAVAILABLE
    assert "履职档案模块尚未上线" in member.progress["Q23"].note


def test_a_registered_counter_feeds_committee_group_and_member_quotas(quota_org, monkeypatch):
    from portal.registry import Counter, quota_counters

    org = quota_org
    calls = []

    def count(body_id, since, until, day):
        calls.append((body_id, since, until, day))
        return {("committee", org.economy.pk): 2, ("member", org.member.pk): 1}

    monkeypatch.setattr(quota_counters, "_entries", dict(quota_counters._entries))
    quota_counters.register(Counter("social_opinion_reports", "社情民意", count, "测试口径。"))
    board = body_board(org.body, DAY)
    assert _progress(board, org.economy, "Q16").value == 2
    assert _progress(board, org.education, "Q16").value == 0
    member = next(u for u in board.members if u.pk == org.member.pk)
    other = next(u for u in board.members if u.pk == org.other_member.pk)
    assert (member.progress["Q17"].value, member.progress["Q17"].light) == (1, Light.MET)
    assert other.progress["Q17"].value == 0
    assert len(calls) == 1  # one call for the year, shared by Q16 and Q17
    assert calls[0][1] == year_period(2024).bounds()[0]


def test_a_member_seated_on_1_july_owes_the_years_member_quotas(quota_org, monkeypatch):
    from members.models import MemberTerm
    from portal.registry import Counter, quota_counters

    org = quota_org
    monkeypatch.setattr(quota_counters, "_entries", dict(quota_counters._entries))
    quota_counters.register(Counter("social_opinion_reports", "社情民意", lambda *a: {}))
    august = h.new_member(org, name="八月增补", joined_on=dt.date(2024, 8, 1))
    one_day = h.new_member(org, name="只在任一天", joined_on=dt.date(2024, 3, 1))
    MemberTerm.objects.filter(member=one_day).update(end_date=dt.date(2024, 3, 1))
    board = body_board(org.body, DAY)
    units = {u.pk: u for u in board.members}
    assert units[august.pk].progress["Q17"].light == Light.NOT_APPLICABLE
    assert units[one_day.pk].progress["Q17"].light == Light.NOT_APPLICABLE
    assert "7 月 1 日" in units[august.pk].progress["Q17"].note
    assert units[org.member.pk].progress["Q17"].light == Light.BEHIND


def test_collective_proposals_count_once_filed(quota_org):
    from proposals import services as proposal_services
    from proposals.models import Proposal

    from . import proposals_helpers

    org = quota_org
    waiting = proposals_helpers.submitted(
        org,
        by=org.staff,
        kind=Proposal.Kind.COLLECTIVE,
        organiser=org.economy,
        title="关于加快煤化工产业延链补链的建议",
    )
    proposals_helpers.filed(
        org,
        by=org.staff,
        kind=Proposal.Kind.COLLECTIVE,
        organiser=org.economy_group,
        title="关于支持民营企业参与新能源项目的建议",
    )
    board = body_board(org.body, timezone.localdate())
    assert _progress(board, org.economy, "Q13").value == 0  # waiting for review
    group = next(u for u in board.sector_groups if u.pk == org.economy_group.pk)
    assert group.progress["Q14"].light == Light.MET
    education_group = next(u for u in board.sector_groups if u.pk == org.education_group.pk)
    assert education_group.progress["Q14"].value == 0
    proposal_services.proposal_decide(
        proposal=waiting, by=org.reviewer, review=proposal_services.Review(decision="file")
    )
    board = body_board(org.body, timezone.localdate())
    assert _progress(board, org.economy, "Q13").value == 1  # the group's does not add
    assert _progress(board, org.economy, "Q13").light == Light.MET


def test_without_the_proposals_counter_collective_proposals_are_unavailable(quota_org, monkeypatch):
    from portal.registry import quota_counters

    monkeypatch.setattr(quota_counters, "_entries", dict(quota_counters._entries))
    quota_counters.unregister("collective_proposals")
    q13 = _progress(body_board(quota_org.body, DAY), quota_org.economy, "Q13")
    assert (q13.value, q13.light) == (0, Light.UNAVAILABLE)
    assert "提案模块尚未上线" in q13.note


# ---- member quotas, edited quotas ------------------------------------------------------------


def test_a_member_quota_counts_from_the_day_he_joined(quota_org):
    org = quota_org
    Quota.objects.create(
        body=org.body,
        code="M1",
        article=14,
        title="参加履职活动",
        requirement="每年至少参加3次",
        scope="member",
        period="year",
        metric="member_attendance",
        activity_types=list(T.values),
        target=3,
        reminder_points=[50],
    )
    late = h.new_member(org, name="十月增补", joined_on=dt.date(2024, 10, 10))
    for day in (dt.date(2024, 2, 1), dt.date(2024, 3, 1), dt.date(2024, 9, 1)):
        done(org, day=day, present=[org.member], absent=[org.other_member])
    board = body_board(org.body, DAY)
    members = {u.pk: u for u in board.members}
    assert members[org.member.pk].progress["M1"].light == Light.MET
    assert members[org.other_member.pk].progress["M1"].value == 0
    assert late.pk not in members  # not yet seated on DAY
    assert late.pk in {u.pk for u in body_board(org.body, dt.date(2024, 12, 1)).members}


def test_an_edited_target_changes_only_that_body(quota_org, other_org):
    from evaluation.services import quota_update

    org = quota_org
    done(org, day=dt.date(2024, 3, 5), type=T.THEORY_STUDY)
    default = Quota.objects.get(body=None, code="Q1")
    quota_update(quota=default, body=org.body, changes={"target": 2}, by=org.office)
    assert _progress(body_board(org.body, DAY), org.economy, "Q1").light == Light.BEHIND
    assert Quota.objects.get(body=None, code="Q1").target == 1
    other = body_board(other_org.body, DAY)
    assert _progress(other, other_org.economy, "Q1").target == 1
    quota_update(
        quota=Quota.objects.get(body=org.body, code="Q1"),
        body=org.body,
        changes={"is_active": False},
        by=org.office,
    )
    assert _progress(body_board(org.body, DAY), org.economy, "Q1") is None
