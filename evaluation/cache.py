"""The quota board, cached: computing a body's board takes tens of milliseconds of
database work, and many people open it many times between two changes.

A cached board is keyed by body, day, scope and a version number. The version is bumped
(after the commit) whenever a record the board counts is saved or deleted, so a change
shows at once; records written by other modules (collective proposals) and bulk writes show
within BOARD_CACHE_SECONDS. Reminders (evaluation.tasks) always compute afresh."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from committees.models import Body

from .selectors import Board, body_board

VERSION_KEY = "evaluation:board-version"


def board_cache_seconds() -> int:
    return settings.BOARD_CACHE_SECONDS


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_version(**_kwargs: object) -> None:
    """A signal receiver: every cached board is out of date — now, and again after the
    commit (a board computed by another request in between saw the old data)."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(VERSION_KEY, 2, timeout=None)


def cached_board(
    body: Body,
    day: dt.date,
    *,
    committee_ids: Iterable[int] | None = None,
    with_members: bool = True,
) -> Board:
    scope = "all" if committee_ids is None else ",".join(map(str, sorted(committee_ids)))
    key = f"evaluation:board:{_version()}:{body.pk}:{day:%Y%m%d}:{scope}:{int(with_members)}"
    board = cache.get(key)
    if board is None:
        board = body_board(body, day, committee_ids=committee_ids, with_members=with_members)
        cache.set(key, board, timeout=board_cache_seconds())
    return board
