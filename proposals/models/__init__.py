"""Models of the proposals app, split by subdomain and re-exported here."""

from proposals.models.handling import Assignment, Communication, Evaluation, Reply
from proposals.models.proposal import (
    DEFAULT_REPLY_CATEGORIES,
    Attachment,
    Proposal,
    ProposalCounter,
    ProposalSigner,
    ReplyCategory,
)

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
