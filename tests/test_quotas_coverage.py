"""Quota progress of coverage (members who joined mid-term included), plans and evidence, as of
DAY = 30 September 2024 (quotas_helpers)."""

from __future__ import annotations

import datetime as dt

from committees.models import WorkPlan
from committees.services import plans as plan_services
from evaluation.models import QuotaEvidence
from evaluation.periods import Light
from evaluation.selectors import body_board, training_gaps, visit_gaps
from portal.models import Role
from portal.services import role_grant

from . import committee_work_helpers as h
from .factories import UserFactory
from .quotas_helpers import (
    DAY,
    T,
    _committee,
    _leader,
    _progress,
    _staff_of,
    done,
)


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
