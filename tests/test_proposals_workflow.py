"""The whole life of a proposal through the services, and the transition table: every
move allowed for the right person, refused in Chinese for anyone else, logged, and a
repeated move has no effect (issue 3, QUALITY.md item 5)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from portal.models import TransitionLog
from portal.workflow import transitions_of
from proposals import services
from proposals.models import Assignment, Evaluation, Proposal, ProposalSigner
from proposals.workflow import PROPOSAL

from . import proposals_helpers as h

S = Proposal.Status


def statuses(proposal: Proposal) -> list[tuple[str, str]]:
    return [(log.from_state, log.to_state) for log in transitions_of(proposal)]


def test_the_whole_life_of_an_individual_proposal(org):
    proposal = h.draft(org)
    assert proposal.status == S.DRAFT and proposal.number == ""
    services.proposal_submit(proposal=proposal, by=org.member_user)
    services.proposal_decide(
        proposal=proposal, by=org.reviewer, review=services.Review(decision="file")
    )
    proposal.refresh_from_db()
    assert proposal.number == f"{proposal.year}-0001"
    services.proposal_assign(
        proposal=proposal, by=org.office, plan=services.Plan(lead=org.department)
    )
    assignment = h.lead_assignment(proposal)
    services.assignment_accept(assignment=assignment, by=org.unit)
    h.contact(org, assignment)
    h.reply(org, assignment)
    proposal.refresh_from_db()
    services.proposal_evaluate(proposal=proposal, by=org.member_user, result="satisfied")
    proposal.refresh_from_db()
    services.proposal_close(proposal=proposal, by=org.office)
    proposal.refresh_from_db()
    assert proposal.status == S.CLOSED
    assert statuses(proposal) == [
        ("draft", "submitted"),
        ("submitted", "filed"),
        ("filed", "assigned"),
        ("assigned", "handling"),
        ("handling", "replied"),
        ("replied", "evaluated"),
        ("evaluated", "closed"),
    ]
    actors = [log.actor for log in transitions_of(proposal)]
    assert actors == [
        org.member_user,
        org.reviewer,
        org.office,
        org.unit,
        org.unit,
        org.member_user,
        org.office,
    ]


def refused(call, fragment: str) -> None:
    with pytest.raises(ValidationError) as error:
        call()
    assert fragment in error.value.messages[0], error.value.messages


def log_count() -> int:
    return TransitionLog.objects.count()


# Submission --------------------------------------------------------------------------------


def test_only_the_author_submits_and_twice_has_no_effect(org):
    proposal = h.draft(org)
    for stranger in (org.other_member_user, org.office, org.reviewer):
        refused(lambda s=stranger: services.proposal_submit(proposal=proposal, by=s), "无权")
    services.proposal_submit(proposal=proposal, by=org.member_user)
    before = log_count()
    refused(lambda: services.proposal_submit(proposal=proposal, by=org.member_user), "无需重复")
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED and log_count() == before


def test_submission_records_the_committee_and_sector_of_that_day(org):
    proposal = h.submitted(org)
    assert proposal.committee == org.economy and proposal.sector == org.economy_sector
    assert proposal.submitted_at is not None


def test_an_incomplete_draft_is_not_submitted(org):
    proposal = h.draft(org, suggestions="  ")
    refused(lambda: services.proposal_submit(proposal=proposal, by=org.member_user), "建议")
    proposal.refresh_from_db()
    assert proposal.status == S.DRAFT


def test_a_joint_proposal_goes_to_review_when_every_signer_confirmed(org):
    proposal = h.joint_awaiting(org)
    assert proposal.status == S.AWAITING_SIGNERS
    row = proposal.signers.get()
    assert row.status == ProposalSigner.Status.INVITED and row.invited_at
    services.signer_answer(proposal=proposal, by=org.other_member_user, accept=True)
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED
    assert statuses(proposal) == [("draft", "awaiting_signers"), ("awaiting_signers", "submitted")]
    assert list(transitions_of(row))[-1].to_state == "confirmed"
    refused(
        lambda: services.signer_answer(proposal=proposal, by=org.other_member_user, accept=True),
        "不在联名确认阶段",
    )


def test_a_joint_proposal_goes_back_to_the_draft_when_every_signer_declined(org):
    proposal = h.joint_awaiting(org)
    services.signer_answer(
        proposal=proposal, by=org.other_member_user, accept=False, comment="不熟悉该领域"
    )
    proposal.refresh_from_db()
    assert proposal.status == S.DRAFT
    assert proposal.signers.get().status == ProposalSigner.Status.DECLINED
    assert org.member_user.notifications.filter(title__contains="谢绝").exists()
    # The author may invite someone else or resubmit: everyone is asked again.
    services.proposal_submit(proposal=proposal, by=org.member_user)
    assert proposal.signers.get().status == ProposalSigner.Status.INVITED


def test_one_decline_among_confirmations_still_goes_to_review(org):
    from members.services import member_create, member_open_account

    third = member_create(
        body_id=org.body.pk,
        data={
            "code": "W0003",
            "name": "郑委员",
            "gender": "female",
            "affiliation": "non_party",
            "sector": org.economy_sector,
        },
        term=org.term,
        by=None,
    )
    third_user = member_open_account(member=third, username="w3", password="Lz-x-2026-a", by=None)
    proposal = h.submitted(org, kind="joint", signers=[org.other_member, third])
    services.signer_answer(proposal=proposal, by=org.other_member_user, accept=False)
    proposal.refresh_from_db()
    assert proposal.status == S.AWAITING_SIGNERS
    services.signer_answer(proposal=proposal, by=third_user, accept=True)
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED


def test_only_invited_members_answer(org):
    proposal = h.joint_awaiting(org)
    for stranger in (org.member_user, org.office, org.reviewer):
        refused(
            lambda s=stranger: services.signer_answer(proposal=proposal, by=s, accept=True),
            "不是该提案的联名人",
        )


def test_a_joint_draft_needs_a_signer(org):
    proposal = h.draft(org, kind="joint")
    refused(lambda: services.proposal_submit(proposal=proposal, by=org.member_user), "联名人")


def test_the_author_takes_a_joint_proposal_back_and_withdraws_before_review(org):
    proposal = h.joint_awaiting(org)
    refused(lambda: services.proposal_recall(proposal=proposal, by=org.other_member_user), "撰写人")
    services.proposal_recall(proposal=proposal, by=org.member_user)
    proposal.refresh_from_db()
    assert proposal.status == S.DRAFT
    services.proposal_withdraw(proposal=proposal, by=org.member_user, comment="重复")
    proposal.refresh_from_db()
    assert proposal.status == S.WITHDRAWN
    refused(lambda: services.proposal_withdraw(proposal=proposal, by=org.member_user), "无需重复")


def test_a_filed_proposal_cannot_be_withdrawn(org):
    proposal = h.filed(org)
    refused(lambda: services.proposal_withdraw(proposal=proposal, by=org.member_user), "不能变为")


def test_a_collective_proposal_is_filed_by_its_committees_staff(org):
    proposal = h.submitted(org, by=org.staff, kind="collective", organiser=org.economy_group)
    assert proposal.organiser_sector_group == org.economy_group
    assert proposal.committee == org.economy and proposal.sector is None
    refused(
        lambda: h.draft(org, by=org.staff, kind="collective", organiser=org.education),
        "只能以您所在专委会",
    )
    refused(lambda: h.draft(org, by=org.office, kind="individual"), "只有委员")


# Review -------------------------------------------------------------------------------------


def test_only_reviewers_and_managers_review_and_never_their_own(org):
    proposal = h.submitted(org)
    for stranger in (org.member_user, org.staff, org.unit, org.editor, org.vice_chair):
        refused(
            lambda s=stranger: services.proposal_decide(
                proposal=proposal, by=s, review=services.Review(decision="file")
            ),
            "无权审查",
        )
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED and not proposal.number


def test_rejection_needs_a_standard_ground_and_records_the_conversion(org):
    proposal = h.submitted(org)
    refused(
        lambda: services.proposal_decide(
            proposal=proposal, by=org.reviewer, review=services.Review(decision="reject")
        ),
        "理由",
    )
    services.proposal_decide(
        proposal=proposal,
        by=org.reviewer,
        review=services.Review(
            decision="reject", ground="personal", conversion="social_info", comment="个人诉求"
        ),
    )
    proposal.refresh_from_db()
    assert proposal.status == S.NOT_FILED and proposal.number == ""
    assert (proposal.not_filed_ground, proposal.conversion) == ("personal", "social_info")
    assert "转为社情民意信息" in list(transitions_of(proposal))[-1].comment


def test_a_merge_links_both_and_makes_the_proposers_co_proposers(org):
    target = h.filed(org, title="关于加强黄河鄂尔多斯段生态保护的建议")
    other = h.submitted(org, by=org.other_member_user, title="关于黄河流域生态保护的提案")
    services.proposal_decide(
        proposal=other,
        by=org.reviewer,
        review=services.Review(decision="merge", target=target, comment="内容相近"),
    )
    other.refresh_from_db()
    assert other.status == S.MERGED and other.merged_into == target
    joined = target.signers.get(member=org.other_member)
    assert joined.status == ProposalSigner.Status.CONFIRMED and joined.merged_from == other
    assert list(target.merged_from.all()) == [other]
    assert org.other_member_user.notifications.filter(title__contains="并入").exists()
    assert org.member_user.notifications.filter(title__contains="并入您的提案").exists()


def test_a_merge_needs_a_filed_target_of_the_same_body(org, other_org):
    proposal = h.submitted(org)
    unfiled = h.submitted(org, by=org.other_member_user, title="另一件提案")
    foreign = h.filed(other_org)
    for target, fragment in ((unfiled, "已立案"), (foreign, "本级政协"), (proposal, "另一件")):
        refused(
            lambda t=target: services.proposal_decide(
                proposal=proposal, by=org.reviewer, review=services.Review("merge", target=t)
            ),
            fragment,
        )


def test_a_recommendation_is_kept_apart_and_confirmed_by_someone_else(org):
    from portal.models import Role
    from portal.services import role_grant

    proposal = h.submitted(org)
    services.proposal_recommend(
        proposal=proposal,
        by=org.reviewer,
        review=services.Review(decision="file", comment="内容具体"),
    )
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED and proposal.recommendation == "file"
    refused(
        lambda: services.proposal_confirm_recommendation(proposal=proposal, by=org.reviewer),
        "只有提案委员会或办公室",
    )
    role_grant(user=org.reviewer, role=Role.OFFICE, body=org.body, by=None)
    from proposals.permissions import forget_powers

    forget_powers(org.reviewer)
    refused(
        lambda: services.proposal_confirm_recommendation(proposal=proposal, by=org.reviewer),
        "不能确认自己",
    )
    services.proposal_confirm_recommendation(proposal=proposal, by=org.office)
    proposal.refresh_from_db()
    assert proposal.status == S.FILED and proposal.reviewed_by == org.office


def test_numbers_run_per_body_and_year(org, other_org):
    first, second = h.filed(org), h.filed(org, title="第二件")
    elsewhere = h.filed(other_org)
    year = first.year
    assert [first.number, second.number] == [f"{year}-0001", f"{year}-0002"]
    assert elsewhere.number == f"{year}-0001"


# Handling -----------------------------------------------------------------------------------


def test_assignment_defaults_to_three_calendar_months(org):
    from django.utils import timezone

    from proposals.deadlines import add_months

    proposal = h.assigned(org, co=[org.other_department])
    lead = h.lead_assignment(proposal)
    co = proposal.assignments.get(role="co")
    assert lead.deadline == add_months(timezone.localdate(), 3) == co.deadline
    assert lead.original_deadline == lead.deadline
    assert proposal.status == S.ASSIGNED
    assert [log.to_state for log in transitions_of(lead)] == ["assigned"]


def test_add_months_is_calendar_months():
    import datetime as dt

    from proposals.deadlines import add_months

    assert add_months(dt.date(2026, 1, 31), 3) == dt.date(2026, 4, 30)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 11, 29), 3) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


def test_only_managers_assign_and_only_handling_units(org, other_org):
    proposal = h.filed(org)
    for stranger in (org.reviewer, org.member_user, org.unit, other_org.office):
        refused(
            lambda s=stranger: services.proposal_assign(
                proposal=proposal, by=s, plan=services.Plan(lead=org.department)
            ),
            "只有提案委员会或办公室",
        )
    refused(
        lambda: services.proposal_assign(
            proposal=proposal, by=org.office, plan=services.Plan(lead=other_org.department)
        ),
        "不是本级政协的提案承办单位",
    )
    refused(
        lambda: services.proposal_assign(
            proposal=proposal,
            by=org.office,
            plan=services.Plan(lead=org.department, separate=[org.other_department]),
        ),
        "主办单位",
    )
    import datetime as dt

    from django.utils import timezone

    refused(
        lambda: services.proposal_assign(
            proposal=proposal,
            by=org.office,
            plan=services.Plan(
                lead=org.department, deadline=timezone.localdate() + dt.timedelta(days=200)
            ),
        ),
        "最长",
    )
    proposal.refresh_from_db()
    assert proposal.status == S.FILED and not proposal.assignments.exists()


def test_a_unit_returns_a_misassigned_proposal_to_the_office(org):
    proposal = h.assigned(org, co=[org.other_department])
    lead = h.lead_assignment(proposal)
    refused(
        lambda: services.assignment_return(assignment=lead, by=org.member_user, reason="x"),
        "不是该交办单位",
    )
    refused(lambda: services.assignment_return(assignment=lead, by=org.unit, reason=" "), "意见")
    services.assignment_return(assignment=lead, by=org.unit, reason="属于市教育局职责")
    proposal.refresh_from_db()
    lead.refresh_from_db()
    assert lead.status == Assignment.Status.RETURNED and lead.return_reason == "属于市教育局职责"
    assert proposal.status == S.FILED
    assert proposal.assignments.get(role="co").status == Assignment.Status.CANCELLED
    assert org.office.notifications.filter(title__contains="退回").exists()
    # The office assigns it again, to the right unit.
    services.proposal_assign(
        proposal=proposal, by=org.office, plan=services.Plan(lead=org.other_department)
    )
    proposal.refresh_from_db()
    assert proposal.status == S.ASSIGNED
    assert statuses(proposal)[-2:] == [("assigned", "filed"), ("filed", "assigned")]


def test_a_return_is_refused_after_taking_it_on_or_after_the_window(org, settings):
    proposal = h.assigned(org)
    lead = h.lead_assignment(proposal)
    Assignment.objects.filter(pk=lead.pk).update(assigned_at=h.days_ago(8))
    lead.refresh_from_db()
    refused(
        lambda: services.assignment_return(assignment=lead, by=org.unit, reason="x"), "退回期限"
    )
    settings.PROPOSALS_RETURN_DAYS = 10
    services.assignment_accept(assignment=lead, by=org.unit)
    refused(lambda: services.assignment_return(assignment=lead, by=org.unit, reason="x"), "已签收")


def test_a_reply_needs_a_communication_first(org):
    proposal = h.assigned(org)
    lead = h.lead_assignment(proposal)
    services.assignment_accept(assignment=lead, by=org.unit)
    refused(lambda: h.reply(org, lead), "沟通协商")
    communication = h.contact(org, lead)
    services.communication_answer(
        communication=communication, by=org.member_user, confirmed=False, note="没有人联系我"
    )
    refused(lambda: h.reply(org, lead), "沟通协商")
    h.contact(org, lead)
    h.reply(org, lead)
    proposal.refresh_from_db()
    assert proposal.status == S.REPLIED


def test_the_proposer_confirms_a_communication_once(org):
    proposal = h.assigned(org)
    communication = h.contact(org, h.lead_assignment(proposal))
    proposal.refresh_from_db()
    assert proposal.status == S.HANDLING  # recording the contact took it on
    refused(
        lambda: services.communication_answer(
            communication=communication, by=org.unit, confirmed=True
        ),
        "无权",
    )
    services.communication_answer(communication=communication, by=org.member_user, confirmed=True)
    refused(
        lambda: services.communication_answer(
            communication=communication, by=org.member_user, confirmed=True
        ),
        "无需重复",
    )


def test_co_units_send_their_opinion_to_the_lead_not_a_reply(org):
    from proposals.models import Communication  # noqa: F401

    proposal = h.assigned(org, lead=org.other_department, co=[org.department])
    co = proposal.assignments.get(role="co")
    h.contact(org, co)
    refused(lambda: h.reply(org, co), "协办单位不直接答复")
    services.assignment_send_opinion(assignment=co, by=org.unit, opinion="建议纳入年度计划")
    co.refresh_from_db()
    assert co.status == Assignment.Status.OPINION_SENT and co.opinion == "建议纳入年度计划"
    refused(
        lambda: services.assignment_send_opinion(assignment=co, by=org.unit, opinion="再次"),
        "无需重复",
    )


def test_separate_units_each_reply_before_the_proposal_is_replied(org):
    from portal.models import Role
    from portal.services import role_grant

    from .factories import UserFactory

    other_unit = UserFactory(body=org.body)
    role_grant(
        user=other_unit,
        role=Role.HANDLING_UNIT,
        body=org.body,
        department=org.other_department,
        by=None,
    )
    proposal = h.assigned(org, separate=[org.department, org.other_department])
    first = proposal.assignments.get(department=org.department)
    second = proposal.assignments.get(department=org.other_department)
    h.contact(org, first)
    h.reply(org, first)
    proposal.refresh_from_db()
    assert proposal.status == S.HANDLING
    h.contact(org, second, by=other_unit)
    h.reply(org, second, by=other_unit, code="B")
    proposal.refresh_from_db()
    assert proposal.status == S.REPLIED and proposal.replies.count() == 2


def test_an_extension_keeps_the_original_deadline_and_stops_at_six_months(org):
    from proposals.deadlines import add_months

    proposal = h.assigned(org)
    lead = h.lead_assignment(proposal)
    original = lead.deadline
    too_late = add_months(lead.assigned_on, 6) + __import__("datetime").timedelta(days=1)
    refused(
        lambda: services.assignment_extend(
            assignment=lead, by=org.office, deadline=too_late, reason="x"
        ),
        "最长",
    )
    refused(
        lambda: services.assignment_extend(
            assignment=lead, by=org.unit, deadline=add_months(lead.assigned_on, 5), reason="x"
        ),
        "只有提案委员会或办公室",
    )
    services.assignment_extend(
        assignment=lead, by=org.office, deadline=add_months(lead.assigned_on, 6), reason="需调研"
    )
    lead.refresh_from_db()
    assert lead.original_deadline == original and lead.deadline > original


# Evaluation and re-handling ----------------------------------------------------------------


def test_dissatisfied_sends_it_back_once_with_a_new_deadline(org):
    from django.utils import timezone

    from proposals.deadlines import add_months

    proposal = h.replied(org)
    first_round = h.lead_assignment(proposal)
    refused(
        lambda: services.proposal_evaluate(
            proposal=proposal, by=org.member_user, result="dissatisfied"
        ),
        "理由",
    )
    services.proposal_evaluate(
        proposal=proposal, by=org.member_user, result="dissatisfied", comment="答复空泛"
    )
    proposal.refresh_from_db()
    assert proposal.status == S.REHANDLING and proposal.round == 2
    second_round = proposal.assignments.get(round=2)
    assert second_round.department == org.department and second_round.status == "assigned"
    assert second_round.deadline == add_months(timezone.localdate(), 1)
    first_round.refresh_from_db()
    assert first_round.status == "replied" and first_round.deadline == first_round.original_deadline
    assert org.unit.notifications.filter(title__contains="重新办理").exists()
    # Round 2 needs its own communication; the unit replies again.
    refused(lambda: h.reply(org, second_round), "沟通协商")
    h.contact(org, second_round)
    h.reply(org, second_round, code="B")
    proposal.refresh_from_db()
    assert proposal.status == S.REPLIED
    # Dissatisfied again: no third round; the office closes it.
    services.proposal_evaluate(
        proposal=proposal, by=org.member_user, result="dissatisfied", comment="仍不满意"
    )
    proposal.refresh_from_db()
    assert proposal.status == S.EVALUATED and proposal.round == 2
    assert org.office.notifications.filter(title__contains="仍不满意").exists()
    services.proposal_close(proposal=proposal, by=org.office)
    proposal.refresh_from_db()
    assert proposal.status == S.CLOSED
    assert [e.result for e in Evaluation.objects.filter(proposal=proposal)] == [
        "dissatisfied",
        "dissatisfied",
    ]


def test_only_proposers_rate_once_per_round(org):
    proposal = h.replied(org)
    for stranger in (org.unit, org.office, org.other_member_user, org.reviewer):
        refused(
            lambda s=stranger: services.proposal_evaluate(
                proposal=proposal, by=s, result="satisfied"
            ),
            "只有提案者",
        )
    services.proposal_evaluate(proposal=proposal, by=org.member_user, result="basically")
    refused(
        lambda: services.proposal_evaluate(
            proposal=proposal, by=org.member_user, result="satisfied"
        ),
        "不能评价",
    )


def test_co_proposers_add_their_own_rating_without_moving_the_proposal(org):
    proposal = h.joint_awaiting(org)
    services.signer_answer(proposal=proposal, by=org.other_member_user, accept=True)
    services.proposal_decide(proposal=proposal, by=org.reviewer, review=services.Review("file"))
    services.proposal_assign(
        proposal=proposal, by=org.office, plan=services.Plan(lead=org.department)
    )
    lead = h.lead_assignment(proposal)
    h.contact(org, lead)
    h.reply(org, lead)
    services.proposal_evaluate(proposal=proposal, by=org.other_member_user, result="satisfied")
    proposal.refresh_from_db()
    assert proposal.status == S.REPLIED
    evaluation = Evaluation.objects.get(proposal=proposal)
    assert not evaluation.is_lead


def test_closing_without_a_rating_needs_a_reason(org):
    proposal = h.replied(org)
    refused(lambda: services.proposal_close(proposal=proposal, by=org.member_user), "无权")
    refused(lambda: services.proposal_close(proposal=proposal, by=org.office), "需要填写意见")
    services.proposal_close(proposal=proposal, by=org.office, comment="提案者逾期未评价")
    proposal.refresh_from_db()
    assert proposal.status == S.CLOSED


# Key and excellent proposals -----------------------------------------------------------------


def test_key_proposals_name_a_vice_mayor_and_a_vice_chair(org):
    proposal = h.filed(org)
    refused(
        lambda: services.proposal_set_key(
            proposal=proposal, by=org.office, is_key=True, leader="", supervisor=None
        ),
        "副市长",
    )
    refused(
        lambda: services.proposal_set_key(
            proposal=proposal, by=org.office, is_key=True, leader="王副市长", supervisor=org.staff
        ),
        "副主席",
    )
    services.proposal_set_key(
        proposal=proposal, by=org.office, is_key=True, leader="王副市长", supervisor=org.vice_chair
    )
    proposal.refresh_from_db()
    assert proposal.is_key and proposal.key_supervisor == org.vice_chair
    assert org.vice_chair.notifications.filter(title__contains="督办").exists()


def test_excellent_proposals_are_chosen_after_the_year(org):
    proposal = h.replied(org)
    refused(
        lambda: services.proposal_set_excellent(proposal=proposal, by=org.office, excellent=True),
        "年度结束后",
    )
    Proposal.objects.filter(pk=proposal.pk).update(year=proposal.year - 1)
    proposal.refresh_from_db()
    services.proposal_set_excellent(proposal=proposal, by=org.office, excellent=True, note="采纳")
    proposal.refresh_from_db()
    assert proposal.is_excellent


def test_the_table_has_every_state():
    sources = {str(key[0]) for key in PROPOSAL._table}
    targets = {str(key[1]) for key in PROPOSAL._table}
    assert set(S.values) == sources | targets
