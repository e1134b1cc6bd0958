"""A filed proposal's moves through the services: assignment (three calendar months), returns,
communications and replies, co-units' opinions, extensions, a dissatisfied rating sending it
back, rating and closing, key and excellent proposals. Each move allowed for the right person,
refused in Chinese for anyone else."""

from __future__ import annotations

from portal.workflow import transitions_of
from proposals import services
from proposals.models import Assignment, Evaluation, Proposal

from . import proposals_helpers as h
from .proposals_helpers import refused, statuses

S = Proposal.Status


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
