"""Who holds which power over proposals. Roles come from the foundation's django-guardian
permissions (portal.roles): the office (manage_body) and the proposals committee's staff
(work_in_committee on the body's 提案委员会) run the proposal work; reviewers
(review_proposals, the expert pool the office maintains in 用户与角色) review; handling
units act for their departments (act_for_department); a member is a member."""

from __future__ import annotations

from dataclasses import dataclass

from organisation.access import committees_where, departments_where
from organisation.models import Body, Committee
from portal.access import WORK_IN_COMMITTEE, forget_request_caches, roles_of
from portal.backends import perms_on
from portal.models import User

from .models import Assignment, Proposal, ProposalSigner


@dataclass(frozen=True)
class Powers:
    """What a user holds in his own body, for proposals (loaded once per request)."""

    user_id: int | None = None
    body_id: int | None = None
    office: bool = False
    proposals_staff: bool = False
    reviewer: bool = False
    department_ids: frozenset[int] = frozenset()
    staff_committee_ids: frozenset[int] = frozenset()
    member_id: int | None = None

    @property
    def manages(self) -> bool:
        """The office and the proposals committee's staff run the proposal work."""
        return self.office or self.proposals_staff

    @property
    def reviews(self) -> bool:
        return self.reviewer or self.manages

    @property
    def any(self) -> bool:
        return bool(
            self.manages
            or self.reviewer
            or self.department_ids
            or self.staff_committee_ids
            or self.member_id
        )


def powers_of(user: User) -> Powers:
    if not user.is_authenticated or user.body_id is None:
        return Powers()
    cached = getattr(user, "_proposal_powers", None)
    if cached is None:
        body_perms = perms_on(user, Body(pk=user.body_id))
        staff = list(committees_where(user, WORK_IN_COMMITTEE).values_list("id", "kind"))
        member = roles_of(user).member
        cached = user._proposal_powers = Powers(
            user_id=user.pk,
            body_id=user.body_id,
            office="manage_body" in body_perms,
            reviewer="review_proposals" in body_perms,
            proposals_staff=any(kind == Committee.Kind.PROPOSALS for _id, kind in staff),
            department_ids=frozenset(departments_where(user).values_list("id", flat=True)),
            staff_committee_ids=frozenset(pk for pk, _kind in staff),
            member_id=member.pk if member is not None and member.body_id == user.body_id else None,
        )
    return cached


def forget_powers(user: User) -> None:
    """Drop the cached powers (after a role change within one request or test)."""
    forget_request_caches(user, "_proposal_powers")


# Predicates on one proposal, used by the workflow tables and the access helper. ----------


def in_body(proposal: Proposal, user: User) -> bool:
    return user.is_authenticated and user.body_id == proposal.body_id


def manages(proposal: Proposal, user: User) -> bool:
    return in_body(proposal, user) and powers_of(user).manages


def is_author(proposal: Proposal, user: User) -> bool:
    return proposal.author_id is not None and proposal.author_id == user.pk


def is_organiser_staff(proposal: Proposal, user: User) -> bool:
    """Staff of the committee that proposes collectively (or of the sector group's)."""
    if not proposal.is_collective or not in_body(proposal, user):
        return False
    committee_id = proposal.collective_committee_id
    return committee_id is not None and committee_id in powers_of(user).staff_committee_ids


def is_lead_proposer(proposal: Proposal, user: User) -> bool:
    """Who speaks for the proposers: the first proposer; for a collective proposal, the
    organiser committee's staff."""
    if proposal.is_collective:
        return is_author(proposal, user) or is_organiser_staff(proposal, user)
    return proposal.first_proposer is not None and proposal.first_proposer.user_id == user.pk


def signer_row(proposal: Proposal, user: User) -> ProposalSigner | None:
    member_id = powers_of(user).member_id if in_body(proposal, user) else None
    if member_id is None:
        return None
    return ProposalSigner.objects.filter(proposal=proposal, member_id=member_id).first()


def is_signer(proposal: Proposal, user: User) -> bool:
    return signer_row(proposal, user) is not None


def is_co_proposer(proposal: Proposal, user: User) -> bool:
    row = signer_row(proposal, user)
    return row is not None and row.status == ProposalSigner.Status.CONFIRMED


def is_proposer(proposal: Proposal, user: User) -> bool:
    return is_lead_proposer(proposal, user) or is_co_proposer(proposal, user)


def reviews(proposal: Proposal, user: User) -> bool:
    """Reviewers and the proposal managers of the body; never one of its proposers."""
    return (
        in_body(proposal, user)
        and powers_of(user).reviews
        and not is_author(proposal, user)
        and not is_proposer(proposal, user)
    )


def handles_current_round(proposal: Proposal, user: User) -> bool:
    """The user acts for a unit that holds a live assignment of the current round."""
    ids = powers_of(user).department_ids if in_body(proposal, user) else frozenset()
    return (
        bool(ids)
        and Assignment.objects.filter(
            proposal=proposal,
            round=proposal.round,
            department_id__in=ids,
            status__in=Assignment.VISIBLE_STATES,
        ).exists()
    )


def acts_for(assignment: Assignment, user: User) -> bool:
    return (
        user.is_authenticated
        and user.body_id == assignment.proposal.body_id
        and assignment.department_id in powers_of(user).department_ids
    )


def is_invited_member(signer: ProposalSigner, user: User) -> bool:
    return signer.member.user_id == user.pk
