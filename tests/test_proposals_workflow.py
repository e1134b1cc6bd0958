"""The whole life of a proposal through the services, and the transition table: every move
allowed for the right person, refused in Chinese for anyone else, logged, and a repeated move
has no effect (issue 3, QUALITY.md item 5). This file: submission, signers, review and
numbering; test_proposals_handling: assignment, handling, replies, rating and closing."""

from __future__ import annotations

from portal.workflow import transitions_of
from proposals import services
from proposals.models import Proposal, ProposalSigner
from proposals.workflow import PROPOSAL

from . import proposals_helpers as h
from .proposals_helpers import log_count, refused, statuses

S = Proposal.Status


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


def test_the_table_has_every_state():
    sources = {str(key[0]) for key in PROPOSAL._table}
    targets = {str(key[1]) for key in PROPOSAL._table}
    assert set(S.values) == sources | targets
