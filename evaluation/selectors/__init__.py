"""Reads of the quota board, split: `quotas` (which quotas apply, explanations),
`metrics` (the database expressions of each metric), `board` (a body's board)."""

from .board import Board, Progress, Unit, body_board, member_units, training_gaps, visit_gaps
from .quotas import effective_quotas, explain, source_missing

__all__ = [
    "Board",
    "Progress",
    "Unit",
    "body_board",
    "effective_quotas",
    "explain",
    "member_units",
    "source_missing",
    "training_gaps",
    "visit_gaps",
]
