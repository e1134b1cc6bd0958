"""Quota progress against hand-built data sets, one per kind of quota: year, half-year,
term, coverage (members who joined mid-term included), plans, evidence, other modules'
records; and the traffic-light thresholds.

The board is computed as of DAY = 30 September 2024: 75 % of the year, 50 % of the second
half-year and 55 % of the term (1 January 2022 – 31 December 2026) have passed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from committees.models import Activity, WorkPlan
from committees.services import activities as activity_services
from committees.services import plans as plan_services
from evaluation.models import Quota, QuotaEvidence
from evaluation.periods import Light, Period, half_year_period, light_of, year_period
from evaluation.selectors import body_board, training_gaps, visit_gaps
from portal.models import Role
from portal.services import role_grant

from . import committee_work_helpers as h
from .factories import UserFactory

T = Activity.Type
DAY = dt.date(2024, 9, 30)


@pytest.fixture
def quota_org(org):
    """org with its term fixed to 2022–2026, whatever day the tests run."""
    org.term.end_date = dt.date(2026, 12, 31)
    org.term.save()
    return org


def _output(org, activity, kind="minutes"):
    h.add_output(activity, kind)


done = h.done_activity


def _staff_of(org, committee):
    user = UserFactory(body=org.body)
    role_grant(user=user, role=Role.COMMITTEE_STAFF, body=org.body, committee=committee, by=None)
    return user


def _committee(board, committee):
    return next(u for u in board.committees if u.pk == committee.pk)


def _progress(board, committee, code):
    return _committee(board, committee).progress.get(code)


# ---- the traffic lights ----------------------------------------------------------------------


def test_the_thresholds():
    year = year_period(2024)  # 366 days
    mid = dt.date(2024, 7, 1)  # 183/366 = 50 % passed
    assert light_of(value=1, target=1, period=year, day=mid) == Light.MET
    assert light_of(value=2, target=1, period=year, day=dt.date(2025, 1, 1)) == Light.MET
    assert light_of(value=0, target=1, period=year, day=dt.date(2025, 1, 1)) == Light.MISSED
    # On track: the share reached is at least the share of the period passed.
    assert light_of(value=1, target=2, period=year, day=mid) == Light.ON_TRACK
    assert light_of(value=1, target=2, period=year, day=dt.date(2024, 7, 2)) == Light.BEHIND
    assert light_of(value=0, target=1, period=year, day=mid) == Light.BEHIND
    # ... or enough is already scheduled inside the period.
    assert light_of(value=0, target=1, period=year, day=mid, scheduled=1) == Light.ON_TRACK
    assert light_of(value=99, target=100, period=year, day=dt.date(2024, 12, 30)) == Light.BEHIND
    assert light_of(value=99, target=100, period=year, day=dt.date(2024, 12, 31)) == Light.MISSED


def test_periods():
    h1 = half_year_period(dt.date(2024, 3, 1))
    h2 = half_year_period(DAY)
    assert (h1.key, h1.start, h1.end) == ("2024H1", dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert (h2.key, h2.end) == ("2024H2", dt.date(2024, 12, 31))
    assert h2.elapsed(DAY) == 92 / 184
    assert h2.elapsed(dt.date(2024, 6, 1)) == 0
    assert h2.elapsed(dt.date(2025, 6, 1)) == 1
    start, end = year_period(2024).bounds()
    assert start.tzinfo is not None and str(start.tzinfo) == "Asia/Shanghai"
    assert end - start == dt.timedelta(days=366)


# ---- year ----------------------------------------------------------------------------------------


def test_a_year_quota_counts_held_activities_of_its_type_in_the_year(quota_org):
    org = quota_org
    edu_staff = _staff_of(org, org.education)
    done(org, day=dt.date(2024, 3, 5), type=T.THEORY_STUDY)  # economy: counts
    done(org, day=dt.date(2023, 12, 31), type=T.THEORY_STUDY)  # last year
    done(org, day=dt.date(2024, 4, 1), type=T.POLICY_BRIEFING)  # another type
    cancelled = h.draft_activity(org, starts_at=h.at(dt.date(2024, 5, 1)), type=T.THEORY_STUDY)
    activity_services.activity_cancel(activity=cancelled, reason="取消", by=org.staff)
    # Education: one by a sector group of theirs only, one scheduled for November.
    done(
        org,
        by=edu_staff,
        committee=None,
        groups=[org.education_group],
        day=dt.date(2024, 6, 1),
        type=T.PARTY_DAY,
    )
    h.published_activity(
        org,
        by=edu_staff,
        committee=org.education,
        starts_at=h.at(dt.date(2024, 11, 20)),
        type=T.THEORY_STUDY,
    )
    board = body_board(org.body, DAY)
    assert _progress(board, org.economy, "Q1").value == 1
    assert _progress(board, org.economy, "Q1").scheduled == 0  # the cancelled one is nothing
    assert _progress(board, org.economy, "Q1").light == Light.MET
    q1 = _progress(board, org.education, "Q1")
    assert (q1.value, q1.scheduled, q1.light) == (0, 1, Light.ON_TRACK)
    assert _progress(board, org.education, "Q5").light == Light.MET  # via its sector group
    assert _progress(board, org.economy, "Q5").light == Light.BEHIND  # 75 % passed, nothing
    assert _progress(board, org.culture, "Q1").light == Light.BEHIND
    # The past year: final.
    past = body_board(org.body, dt.date(2023, 12, 31))
    assert _progress(past, org.economy, "Q1").light == Light.MET
    assert _progress(past, org.economy, "Q2").light == Light.MISSED


def test_a_quota_for_two_types_needs_both(quota_org):
    org = quota_org
    staff = _staff_of(org, org.proposals)
    done(
        org, by=staff, committee=org.proposals, day=dt.date(2024, 3, 1), type=T.PROPOSAL_ASSIGNMENT
    )
    done(
        org, by=staff, committee=org.proposals, day=dt.date(2024, 4, 1), type=T.PROPOSAL_ASSIGNMENT
    )
    board = body_board(org.body, DAY)
    q11 = _progress(board, org.proposals, "Q11")
    assert (q11.value, q11.target, q11.light) == (1, 2, Light.BEHIND)
    # Q11 concerns the proposals committee only.
    assert _progress(board, org.economy, "Q11") is None
    done(org, by=staff, committee=org.proposals, day=dt.date(2024, 9, 1), type=T.PROPOSAL_SYMPOSIUM)
    assert _progress(body_board(org.body, DAY), org.proposals, "Q11").light == Light.MET


# ---- half-year -------------------------------------------------------------------------------


def test_a_half_year_quota_counts_the_current_half_only(quota_org):
    org = quota_org
    staff = _staff_of(org, org.proposals)
    done(org, by=staff, committee=org.proposals, day=dt.date(2024, 3, 1), type=T.COMMITTEE_PLENARY)
    board = body_board(org.body, DAY)
    q12 = _progress(board, org.proposals, "Q12")
    assert q12.period.key == "2024H2"
    assert (q12.value, q12.light) == (0, Light.BEHIND)
    # The first half-year, as of its last day: met.
    assert _progress(body_board(org.body, dt.date(2024, 6, 30)), org.proposals, "Q12").light == (
        Light.MET
    )
    # After July the first half's result stays on the board, next to the second half.
    first = _progress(board, org.proposals, "Q12（上半年）")
    assert (first.period.key, first.value, first.light) == ("2024H1", 1, Light.MET)
    assert (
        _progress(body_board(org.body, dt.date(2024, 6, 30)), org.proposals, "Q12（上半年）")
        is None
    )
    assert _progress(board, org.economy, "Q12（上半年）") is None
    done(org, by=staff, committee=org.proposals, day=dt.date(2024, 8, 1), type=T.COMMITTEE_PLENARY)
    assert _progress(body_board(org.body, DAY), org.proposals, "Q12").light == Light.MET
    # A first half without the meeting stays missed.
    missed = _progress(body_board(org.body, dt.date(2025, 9, 30)), org.proposals, "Q12（上半年）")
    assert (missed.value, missed.light) == (0, Light.MISSED)
    # The plenary also counts for the yearly Q20 of the proposals committee.
    assert _progress(body_board(org.body, DAY), org.proposals, "Q20").value == 2


# ---- term ------------------------------------------------------------------------------------


def test_term_quotas_count_the_whole_term(quota_org):
    org = quota_org
    done(org, by=org.office, committee=None, day=dt.date(2022, 5, 1), type=T.COMMITTEE_WORK_MEETING)
    board = body_board(org.body, DAY)
    q19 = board.body_unit.progress["Q19"]
    assert q19.period.key == f"T{org.term.pk}"
    assert (q19.value, q19.light) == (1, Light.MET)
    q18 = board.body_unit.progress["Q18"]  # yearly: nothing this year
    assert (q18.value, q18.light) == (0, Light.BEHIND)


def test_quality_sector_activities_need_a_group_member_present_and_a_written_output(quota_org):
    org = quota_org
    good = h.held_activity(
        org,
        committee=None,
        groups=[org.economy_group],
        day=dt.date(2023, 5, 1),
        type=T.SECTOR_ACTIVITY,
        present=[org.member],
    )
    _output(org, good, "report")
    # A photo alone is not a written result.
    photo_only = h.held_activity(
        org,
        committee=None,
        groups=[org.economy_group],
        day=dt.date(2024, 4, 1),
        type=T.SECTOR_ACTIVITY,
        present=[org.member],
    )
    _output(org, photo_only, "photo")
    # Minutes, but none of the group's members was there (only a member of another group).
    outsiders = h.held_activity(
        org,
        committee=None,
        groups=[org.economy_group],
        day=dt.date(2024, 5, 1),
        type=T.SECTOR_ACTIVITY,
        present=[org.other_member],
    )
    _output(org, outsiders, "minutes")
    q9 = _progress(body_board(org.body, DAY), org.economy, "Q9")
    assert q9.value == 1
    assert "另有 2 次" in q9.note
    _output(org, photo_only, "minutes")
    q9 = _progress(body_board(org.body, DAY), org.economy, "Q9")
    assert q9.value == 2 and q9.light == Light.MET
    # 2 is the minimum and 3 the expectation: a fourth is never "too many".
    for day in (dt.date(2024, 6, 1), dt.date(2024, 6, 2)):
        extra = h.held_activity(
            org,
            committee=None,
            groups=[org.economy_group],
            day=day,
            type=T.SECTOR_ACTIVITY,
            present=[org.member],
        )
        _output(org, extra, "speech")
    q9 = _progress(body_board(org.body, DAY), org.economy, "Q9")
    assert q9.value == 4 and not q9.over_max


def test_a_held_activity_without_attendance_or_output_does_not_count(quota_org):
    org = quota_org
    nobody = h.held_activity(org, day=dt.date(2024, 3, 5), type=T.THEORY_STUDY)
    no_output = h.held_activity(
        org, day=dt.date(2024, 3, 6), type=T.THEORY_STUDY, present=[org.member]
    )
    q1 = _progress(body_board(org.body, DAY), org.economy, "Q1")
    assert (q1.value, q1.light) == (0, Light.BEHIND)
    assert "已举行但未登记考勤/成果" in q1.note and "2 次" in q1.note
    _output(org, nobody, "minutes")  # still nobody present
    assert _progress(body_board(org.body, DAY), org.economy, "Q1").value == 0
    _output(org, no_output, "photo")
    q1 = _progress(body_board(org.body, DAY), org.economy, "Q1")
    assert (q1.value, q1.light) == (1, Light.MET)
    assert "1 次" in q1.note


def test_a_counterpart_symposium_counts_only_with_a_counterpart_committee(quota_org):
    from committees.models import ActivityParticipant

    org = quota_org
    symposium = done(org, day=dt.date(2024, 5, 1), type=T.COUNTERPART_SYMPOSIUM)
    activity_services.participant_add(
        participant=ActivityParticipant(
            activity=symposium, kind="expert", name="刘教授", unit="内蒙古大学"
        ),
        by=org.staff,
    )
    q21 = _progress(body_board(org.body, DAY), org.economy, "Q21")
    assert q21.value == 0 and "1 次" in q21.note
    activity_services.participant_add(
        participant=ActivityParticipant(
            activity=symposium,
            kind=ActivityParticipant.Kind.COUNTERPART,
            name="王主任",
            unit="东胜区政协经济委员会",
        ),
        by=org.staff,
    )
    q21 = _progress(body_board(org.body, DAY), org.economy, "Q21")
    assert (q21.value, q21.light) == (1, Light.MET)


# ---- coverage --------------------------------------------------------------------------------


def _leader(org, committee, name="经济委主任", role="director", start=None):
    from members.models import CommitteeMembership

    leader = h.new_member(org, name=name, committee=committee)
    seat = CommitteeMembership.objects.get(member=leader, committee=committee)
    seat.role = role
    if start is not None:
        seat.start_date = start
    seat.save()
    return leader


def test_visit_coverage_needs_a_leader_present_and_counts_the_committees_members(quota_org):
    from members.models import CommitteeMembership, MemberTerm

    org = quota_org
    director = _leader(org, org.economy)
    joined_june = h.new_member(org, name="六月增补", joined_on=dt.date(2024, 6, 1))
    left = h.new_member(org, name="已离任委员")
    # A visit without a leader does not count; one with the director does.
    h.held_activity(org, day=dt.date(2023, 4, 1), type=T.MEMBER_VISIT, present=[org.member])
    q6 = _progress(body_board(org.body, DAY), org.economy, "Q6")
    assert q6.numerator == 0
    h.held_activity(
        org, day=dt.date(2023, 5, 1), type=T.MEMBER_VISIT, present=[org.member, director]
    )
    # A deputy appointed after the visit was not a leader that day.
    late_deputy = _leader(org, org.economy, name="后任副主任", role="deputy")
    CommitteeMembership.objects.filter(member=late_deputy).update(start_date=dt.date(2024, 8, 1))
    h.held_activity(
        org, day=dt.date(2024, 7, 1), type=T.MEMBER_VISIT, present=[joined_june, late_deputy]
    )
    # Before the June member joined, he is not in the denominator.
    may = _progress(body_board(org.body, dt.date(2024, 5, 1)), org.economy, "Q6")
    members_in_may = {org.member, director, left}  # the deputy joined the committee in August
    assert (may.numerator, may.denominator) == (2, len(members_in_may))  # member, director
    q6 = _progress(body_board(org.body, DAY), org.economy, "Q6")
    assert (q6.numerator, q6.denominator) == (2, 5)
    # A member who left the body before the day shown leaves the denominator.
    MemberTerm.objects.filter(member=left).update(end_date=dt.date(2024, 9, 1))
    q6 = _progress(body_board(org.body, DAY), org.economy, "Q6")
    assert (q6.numerator, q6.denominator) == (2, 4)
    assert set(visit_gaps(org.economy, q6.period, DAY)) == {joined_june, late_deputy}
    # The proposals committee is judged on its own members.
    own = h.new_member(org, name="提案委委员", committee=org.proposals)
    assert own in set(visit_gaps(org.proposals, q6.period, DAY))
    proposals_q6 = _progress(body_board(org.body, DAY), org.proposals, "Q6")
    assert proposals_q6.light != Light.NOT_APPLICABLE and proposals_q6.numerator == 0


def test_sector_coverage_counts_sectors_with_a_member_present(quota_org):
    org = quota_org
    # A member on leave does not cover his sector.
    done(
        org,
        day=dt.date(2023, 8, 1),
        type=T.SECTOR_CONSULTATION,
        present=[org.member],
        excused=[org.other_member],
    )
    q8 = body_board(org.body, DAY).body_unit.progress["Q8"]
    assert (q8.numerator, q8.denominator) == (1, 2)
    done(
        org,
        day=dt.date(2023, 9, 1),
        type=T.SECTOR_CONSULTATION,
        present=[org.member],
        absent=[org.other_member],
    )
    q8 = body_board(org.body, DAY).body_unit.progress["Q8"]
    assert (q8.numerator, q8.denominator, q8.value, q8.light) == (1, 2, 50, Light.BEHIND)
    done(org, day=dt.date(2024, 9, 1), type=T.SECTOR_CONSULTATION, present=[org.other_member])
    q8 = body_board(org.body, DAY).body_unit.progress["Q8"]
    assert (q8.value, q8.light) == (100, Light.MET)


def test_training_coverage_counts_members_present_including_later_joiners(quota_org):
    org = quota_org
    done(
        org,
        by=org.office,
        committee=None,
        day=dt.date(2022, 3, 1),
        type=T.PROPOSAL_TRAINING,
        present=[org.member, org.other_member],
    )
    q10 = body_board(org.body, DAY).body_unit.progress["Q10"]
    assert (q10.numerator, q10.denominator, q10.light) == (2, 2, Light.MET)
    joined = h.new_member(org, name="增补委员", joined_on=dt.date(2024, 6, 1))
    board = body_board(org.body, DAY)
    q10 = board.body_unit.progress["Q10"]
    assert (q10.numerator, q10.denominator, q10.value, q10.light) == (2, 3, 66, Light.ON_TRACK)
    assert [(q.code, gaps) for q, gaps in training_gaps(board)] == [("Q10", [joined])]


def test_a_member_who_left_before_the_training_is_not_owed_it(quota_org):
    from members.models import MemberTerm

    org = quota_org
    left_early = h.new_member(org, name="早离任")
    MemberTerm.objects.filter(member=left_early).update(end_date=dt.date(2022, 2, 1))
    left_trained = h.new_member(org, name="培训后离任")
    done(
        org,
        by=org.office,
        committee=None,
        day=dt.date(2022, 3, 1),
        type=T.PROPOSAL_TRAINING,
        present=[org.member, org.other_member, left_trained],
    )
    MemberTerm.objects.filter(member=left_trained).update(end_date=dt.date(2023, 2, 1))
    q10 = body_board(org.body, DAY).body_unit.progress["Q10"]
    assert (q10.numerator, q10.denominator, q10.light) == (3, 3, Light.MET)


# ---- plans, evidence -------------------------------------------------------------------------


def test_key_topics_count_only_in_an_approved_plan(quota_org):
    org = quota_org
    h.approved_plan(org, year=2024, items=1, is_key_consultation=True, is_key_information=True)
    edu_staff = _staff_of(org, org.education)
    h.plan(
        org,
        committee=org.education,
        by=edu_staff,
        year=2024,
        is_key_consultation=True,
        is_key_information=True,
    )
    board = body_board(org.body, DAY)
    assert _progress(board, org.economy, "Q15").light == Light.MET
    # A flag in a draft plan is not progress.
    q15 = _progress(board, org.education, "Q15")
    assert (q15.value, q15.scheduled, q15.light) == (0, 0, Light.BEHIND)
    q7 = _progress(board, org.economy, "Q7")
    if q7.light != Light.UNAVAILABLE:  # the consultations module counts what was held
        assert (q7.value, q7.scheduled) == (0, 1)


def test_more_key_topics_than_the_maximum_are_flagged(quota_org):
    h.approved_plan(quota_org, year=2024, items=3, is_key_information=True)
    q15 = _progress(body_board(quota_org.body, DAY), quota_org.economy, "Q15")
    assert q15.value == 3 and q15.over_max


def test_the_archives_plans_of_the_culture_committee(quota_org):
    org = quota_org
    staff = _staff_of(org, org.culture)
    vice_chair = UserFactory(body=org.body)
    role_grant(user=vice_chair, role=Role.VICE_CHAIR, body=org.body, committee=org.culture, by=None)
    plan = h.plan(
        org, committee=org.culture, by=staff, kind=WorkPlan.Kind.ARCHIVES_ANNUAL_PLAN, year=2024
    )
    board = body_board(org.body, DAY)
    assert _progress(board, org.culture, "Q24b").light == Light.BEHIND  # a draft is nothing
    assert _progress(board, org.culture, "Q24a").light == Light.BEHIND
    assert _progress(board, org.economy, "Q24b") is None
    plan_services.plan_submit(plan=plan, by=staff)
    assert _progress(body_board(org.body, DAY), org.culture, "Q24b").light == Light.ON_TRACK
    plan_services.plan_decide(plan=plan, approve=True, by=vice_chair)
    assert _progress(body_board(org.body, DAY), org.culture, "Q24b").light == Light.MET


def test_the_documents_other_obligations_have_their_rows(quota_org):
    """§12 plan and summary approved by the vice-chair, §5 topic proposals, §6 the yearly
    界别活动计划 (issue 9)."""
    org = quota_org
    board = body_board(org.body, DAY)
    assert {"Q25", "Q26", "Q27"} <= set(_committee(board, org.economy).progress)
    assert _progress(board, org.economy, "Q26").light == Light.BEHIND
    summary = plan_services.plan_create(
        committee=org.economy,
        kind=WorkPlan.Kind.ANNUAL_SUMMARY,
        year=2024,
        title="2024年工作总结",
        content="全年开展调研三次。",
        by=org.staff,
    )
    plan_services.plan_submit(plan=summary, by=org.staff)
    plan_services.plan_decide(plan=summary, approve=True, by=org.vice_chair)
    board = body_board(org.body, DAY)
    assert _progress(board, org.economy, "Q26").light == Light.MET
    assert _progress(board, org.economy, "Q25").light == Light.BEHIND  # the plan is not
    assert _progress(board, org.education, "Q26").light == Light.BEHIND
    q28 = board.body_unit.progress["Q28"]
    assert (q28.value, q28.light) == (0, Light.BEHIND)
    plan_services.office_plan_approve(
        body_id=org.body.pk, year=2024, kind="sector_activity", by=org.office
    )
    plan_services.office_plan_approve(
        body_id=org.body.pk, year=2023, kind="consultation", by=org.office
    )
    q28 = body_board(org.body, DAY).body_unit.progress["Q28"]
    assert (q28.value, q28.light) == (1, Light.MET)


def test_evidence_recorded_by_the_office(quota_org):
    org = quota_org
    QuotaEvidence.objects.create(
        body=org.body,
        quota_code="Q22",
        date=dt.date(2023, 2, 1),
        title="2023年履职导引",
        recorded_by=org.office,
    )
    assert body_board(org.body, DAY).body_unit.progress["Q22"].light == Light.BEHIND
    QuotaEvidence.objects.create(
        body=org.body,
        quota_code="Q22",
        date=dt.date(2024, 2, 1),
        title="2024年履职导引",
        recorded_by=org.office,
    )
    assert body_board(org.body, DAY).body_unit.progress["Q22"].light == Light.MET


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


# ---- the database does the counting ----------------------------------------------------------


def test_the_board_is_a_constant_number_of_queries(quota_org):
    org = quota_org

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            body_board(org.body, DAY)
        return len(captured)

    done(org, day=dt.date(2024, 3, 5), present=[org.member])
    few = queries()
    for n in range(10):
        done(
            org,
            day=dt.date(2024, 1, 10 + n),
            type=T.MEMBER_VISIT,
            present=[h.new_member(org, name=f"委员{n}")],
        )
        done(org, day=dt.date(2023, 1, 10 + n), type=T.SECTOR_CONSULTATION)
    assert queries() == few
    # The board's own queries and one or two per registered module counter and period.
    assert few <= 18


def test_period_label_and_key_are_stable():
    period = Period("year", "2024", "2024年", dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert period.days == 366
    assert period.seated_until(dt.date(2030, 1, 1)) == dt.date(2024, 12, 31)
