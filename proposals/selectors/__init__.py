"""Reads of the proposals app, permissions applied in SQL (STYLE.md)."""

from .history import Step, proposal_history
from .lists import (
    PROPOSAL_COUNTS,
    ListFilters,
    collective_proposal_counts,
    handling_progress,
    home_context,
    proposal_list,
    proposals_of_member,
    review_queue,
    unit_inbox,
)
from .similar import Similar, similar_proposals
from .statistics import Statistics, cached_statistics, proposal_statistics, statistics_years
from .visibility import (
    ProposalAccess,
    get_assignment_for,
    get_attachment_for,
    get_communication_for,
    get_proposal_for,
    proposals_visible_to,
)

__all__ = [
    "ListFilters",
    "ProposalAccess",
    "Similar",
    "Statistics",
    "PROPOSAL_COUNTS",
    "Step",
    "collective_proposal_counts",
    "get_assignment_for",
    "get_attachment_for",
    "get_communication_for",
    "get_proposal_for",
    "handling_progress",
    "home_context",
    "proposal_history",
    "proposal_list",
    "cached_statistics",
    "proposal_statistics",
    "proposals_of_member",
    "proposals_visible_to",
    "review_queue",
    "similar_proposals",
    "statistics_years",
    "unit_inbox",
]
