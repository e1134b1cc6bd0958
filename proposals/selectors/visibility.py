"""Who may see which proposal — applied in SQL — and what he may do with one he sees.

- A draft: its author only. A joint proposal waiting for confirmations: the author and
  those asked to sign it.
- Once submitted: its proposers (the first proposer, co-signers who confirmed, proposers
  of proposals merged into it; a collective proposal: its organiser committee's staff);
  the office, the proposals committee's staff and the reviewers of the body; the handling
  units it is (or was) assigned to, unless they returned it; the vice-chair supervising it
  as a key proposal.
- Other members see none of it (404). The one public trace of a filed proposal is what
  the similar-proposal check shows: its number, title, proposer and state.
Attachments follow the proposal."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from portal.models import User
from portal.sql import joins_as_written

from .. import permissions as can
from ..models import Assignment, Attachment, Communication, Proposal, ProposalSigner
from ..workflow import PROPOSAL

S = Proposal.Status


def proposals_visible_to(user: User) -> QuerySet[Proposal]:
    powers = can.powers_of(user)
    if powers.body_id is None:
        return Proposal.objects.none()
    submitted = Q(submitted_at__isnull=False)
    seen = Q(author_id=user.pk) | (submitted & Q(key_supervisor_id=user.pk))
    if powers.member_id is not None:
        signed = ProposalSigner.objects.filter(proposal=OuterRef("pk"), member_id=powers.member_id)
        seen |= Q(first_proposer_id=powers.member_id) & ~Q(status=S.DRAFT)
        seen |= Q(status=S.AWAITING_SIGNERS) & Exists(signed)
        seen |= submitted & Exists(signed.filter(status=ProposalSigner.Status.CONFIRMED))
    if powers.reviews:
        seen |= submitted
    if powers.department_ids:
        assigned = Assignment.objects.filter(
            proposal=OuterRef("pk"),
            department_id__in=powers.department_ids,
            status__in=Assignment.VISIBLE_STATES,
        )
        seen |= submitted & Exists(assigned)
    if powers.staff_committee_ids:
        ids = powers.staff_committee_ids
        seen |= submitted & (
            Q(organiser_committee_id__in=ids) | Q(organiser_sector_group__committee_id__in=ids)
        )
    return Proposal.objects.filter(body_id=powers.body_id).filter(seen)


def get_proposal_for(user: User, pk: int) -> Proposal:
    """The proposal if the user may see it, else 404 (its 16 related rows joined in the
    order written: planning the order took longer than reading them)."""
    proposals = proposals_visible_to(user).select_related(
        "body",
        "author",
        "first_proposer__sector",
        "first_proposer__user",
        "organiser_committee",
        "organiser_sector_group__committee",
        "organiser_sector",
        "merged_into",
        "key_supervisor",
        "recommended_by",
        "recommended_target",
        "reviewed_by",
        "committee",
        "sector",
    )
    try:
        with joins_as_written():
            return proposals.get(pk=pk)
    except Proposal.DoesNotExist:
        raise Http404 from None


def _of_visible_proposal(user: User, model, pk: int, *related: str):
    """A record of a proposal the user may see (assignment, communication, attachment),
    else 404."""
    visible = proposals_visible_to(user).values("pk")
    try:
        return model.objects.select_related(*related).get(pk=pk, proposal__in=visible)
    except model.DoesNotExist:
        raise Http404 from None


def get_assignment_for(user: User, pk: int) -> Assignment:
    return _of_visible_proposal(user, Assignment, pk, "proposal", "department")


def get_communication_for(user: User, pk: int) -> Communication:
    return _of_visible_proposal(user, Communication, pk, "proposal", "assignment")


def get_attachment_for(user: User, pk: int) -> Attachment:
    return _of_visible_proposal(user, Attachment, pk, "proposal")


@dataclass
class ProposalAccess:
    """What one user may do with one proposal he can see (the detail page's buttons; the
    services check again)."""

    proposal: Proposal
    user: User
    powers: can.Powers = field(init=False)

    def __post_init__(self) -> None:
        self.powers = can.powers_of(self.user)

    @cached_property
    def signer(self) -> ProposalSigner | None:
        return can.signer_row(self.proposal, self.user)

    @property
    def author(self) -> bool:
        return can.is_author(self.proposal, self.user)

    @cached_property
    def lead(self) -> bool:
        return can.is_lead_proposer(self.proposal, self.user)

    @property
    def co_proposer(self) -> bool:
        return self.signer is not None and self.signer.status == ProposalSigner.Status.CONFIRMED

    @property
    def proposer(self) -> bool:
        return self.lead or self.co_proposer

    @property
    def manages(self) -> bool:
        return self.powers.manages

    @property
    def reviews(self) -> bool:
        return self.powers.reviews and not self.author and not self.proposer

    @cached_property
    def my_assignments(self) -> list[Assignment]:
        ids = self.powers.department_ids
        if not ids:
            return []
        return list(
            self.proposal.assignments.filter(department_id__in=ids)
            .exclude(status__in=[Assignment.Status.RETURNED, Assignment.Status.CANCELLED])
            .select_related("department")
            .order_by("-round", "id")
        )

    @property
    def current_assignments(self) -> list[Assignment]:
        return [a for a in self.my_assignments if a.round == self.proposal.round and a.is_active]

    @property
    def status(self) -> str:
        return self.proposal.status

    # Buttons ---------------------------------------------------------------------------
    @property
    def can_edit(self) -> bool:
        return self.author and self.status == S.DRAFT

    @property
    def can_withdraw(self) -> bool:
        return PROPOSAL.can(self.proposal, S.WITHDRAWN, self.user)

    @property
    def can_recall(self) -> bool:
        # 退回草稿 is also the last co-signer's decline; the button is the author's.
        return self.author and PROPOSAL.can(self.proposal, S.DRAFT, self.user)

    @property
    def can_sign(self) -> bool:
        return (
            self.status == S.AWAITING_SIGNERS
            and self.signer is not None
            and self.signer.status == ProposalSigner.Status.INVITED
        )

    @property
    def can_review(self) -> bool:
        return self.reviews and PROPOSAL.can(self.proposal, S.FILED, self.user)

    @property
    def can_confirm_recommendation(self) -> bool:
        p = self.proposal
        return (
            self.can_review
            and self.manages
            and bool(p.recommendation)
            and p.recommended_by_id != self.user.pk
        )

    @property
    def can_assign(self) -> bool:
        return self.manages and self.status in (S.FILED, *Proposal.IN_HANDLING_STATES)

    @property
    def can_mark_key(self) -> bool:
        return self.manages and self.status in Proposal.FILED_STATES

    @property
    def can_mark_excellent(self) -> bool:
        return (
            self.manages
            and self.status in Proposal.ANSWERED_STATES
            and self.proposal.year < timezone.localdate().year
        )

    @property
    def can_close(self) -> bool:
        return PROPOSAL.can(self.proposal, S.CLOSED, self.user)

    @property
    def can_evaluate(self) -> bool:
        if self.lead:
            return PROPOSAL.can(self.proposal, S.EVALUATED, self.user)
        return self.co_proposer and self.status in (S.REPLIED, S.EVALUATED)

    @property
    def can_extend(self) -> bool:
        return self.manages and self.status in Proposal.IN_HANDLING_STATES
