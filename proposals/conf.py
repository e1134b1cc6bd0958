"""The tunable numbers of the proposal workflow. Each can be overridden in the Django
settings (e.g. ``PROPOSALS_RETURN_DAYS = 10``); these are the defaults."""

from __future__ import annotations

from django.conf import settings

DEFAULTS: dict[str, float | int] = {
    # §10: a unit answers within 3 months of assignment, 6 at most with an explanation.
    "PROPOSALS_DEADLINE_MONTHS": 3,
    "PROPOSALS_MAX_DEADLINE_MONTHS": 6,
    # Re-handling after 不满意 gets its own deadline, counted from the evaluation.
    "PROPOSALS_REHANDLING_MONTHS": 1,
    # A unit may return a misassigned proposal within this many days of assignment.
    "PROPOSALS_RETURN_DAYS": 7,
    # Reminders: the deadline (days before), co-signers, ratings, the review queue.
    "PROPOSALS_SIGNER_REMINDER_DAYS": 3,
    "PROPOSALS_RATING_REMINDER_DAYS": 15,
    "PROPOSALS_REVIEW_REMINDER_DAYS": 7,
    # Similar-proposal detection: the share of trigrams (PostgreSQL) or character pairs
    # (SQLite) two normalised titles must have in common, and how many years back it looks.
    "PROPOSALS_SIMILARITY_THRESHOLD": 0.3,
    "PROPOSALS_SIMILAR_YEARS": 3,
    "PROPOSALS_SIMILAR_LIMIT": 8,
    # Attachments per proposal (the size limit is ATTACHMENT_MAX_BYTES, for all modules).
    "PROPOSALS_ATTACHMENTS_PER_PROPOSAL": 10,
    # Co-signers of one joint proposal.
    "PROPOSALS_MAX_SIGNERS": 30,
}

REMINDER_DAYS_BEFORE_DEADLINE: tuple[int, ...] = (30, 7, 1)


def get(name: str) -> float | int:
    return getattr(settings, name, DEFAULTS[name])
