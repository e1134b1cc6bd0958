"""Models of the proposals app, split by subdomain and re-exported here."""

from proposals.models.categories import DEFAULT_REPLY_CATEGORIES, ReplyCategory
from proposals.models.handling import Assignment, Communication, Evaluation, Reply
from proposals.models.proposal import Attachment, Proposal, ProposalCounter
from proposals.models.signers import ProposalSigner

__all__ = [
    "DEFAULT_REPLY_CATEGORIES",
    "Assignment",
    "Attachment",
    "Communication",
    "Evaluation",
    "Proposal",
    "ProposalCounter",
    "ProposalSigner",
    "Reply",
    "ReplyCategory",
]
