"""The quota board, cached: computing a body's board takes tens of milliseconds of
database work, and many people open it many times between two changes.

A cached board is keyed by body, day, scope and the version of portal.caching, bumped
whenever a record the board counts is saved or deleted (evaluation.apps). Bulk writes show
within BOARD_CACHE_SECONDS. Reminders (evaluation.tasks) always compute afresh."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from organisation.models import Body
from portal.caching import VersionedCache

from .selectors import Board, body_board

BOARDS = VersionedCache("evaluation:board", "BOARD_CACHE_SECONDS")

# Every record the board counts.
COUNTED = (
    "committees.Activity",
    "committees.ActivityInvitation",
    "committees.ActivityOutput",
    "committees.WorkPlan",
    "committees.PlanItem",
    "organisation.Committee",
    "organisation.SectorGroup",
    "organisation.Sector",
    "organisation.Term",
    "members.Member",
    "members.MemberTerm",
    "members.CommitteeMembership",
    "evaluation.Quota",
    "evaluation.QuotaEvidence",
)  # and the records of every registered quota counter (evaluation.apps)


def cached_board(
    body: Body,
    day: dt.date,
    *,
    committee_ids: Iterable[int] | None = None,
    with_members: bool = True,
) -> Board:
    scope = "all" if committee_ids is None else ",".join(map(str, sorted(committee_ids)))
    return BOARDS.get_or_compute(
        f"{body.pk}:{day:%Y%m%d}:{scope}:{int(with_members)}",
        lambda: body_board(body, day, committee_ids=committee_ids, with_members=with_members),
        body_id=body.pk,
    )
