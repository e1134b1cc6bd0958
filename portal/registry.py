"""Where the modules plug into the kernel.

The kernel names no module. Each app registers what it brings to shared pages and jobs in
its `AppConfig.ready()` — home-page sections, to-do kinds, menu entries, history sources,
import resources, quota counters and score sources — the way Django's admin registers
models; the kernel's pages and the evaluation module iterate the registries. Adding a
module never means editing the kernel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone


class Keyed(Protocol):
    key: str
    order: int


T = TypeVar("T", bound=Keyed)


class Registry(Generic[T]):
    """Entries by key, iterated in `order` (then key). Registering a key twice replaces the
    entry (a reloaded app), registering two different entries under one key in the same
    process is a programming error caught by `register(..., replace=False)`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, T] = {}

    def register(self, entry: T, *, replace: bool = True) -> T:
        if not replace and entry.key in self._entries:
            raise ValueError(f"{self.name}: {entry.key} registered twice")
        self._entries[entry.key] = entry
        return entry

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)

    def get(self, key: str) -> T:
        try:
            return self._entries[key]
        except KeyError:
            raise LookupError(f"{self.name}: nothing registered as {key!r}") from None

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[T]:
        return iter(sorted(self._entries.values(), key=lambda e: (e.order, e.key)))

    def __len__(self) -> int:
        return len(self._entries)

    def keys(self) -> list[str]:
        return [entry.key for entry in self]


# --- Home page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeSection:
    """A section of the home page: `context(request)` returns the template's context, or
    None when the section does not apply to this user (it is then not rendered)."""

    key: str
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]
    order: int = 100


home_sections: Registry[HomeSection] = Registry("home_sections")


# --- Menu -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    icon: str
    children: tuple[NavItem, ...] = ()  # a menu: its own url is empty


@dataclass(frozen=True)
class NavEntry:
    """Menu items a module offers this user; `items(request)` yields none for users who
    have nothing to do in the module. Items with the same url appear once."""

    key: str
    items: Callable[[HttpRequest], Iterable[NavItem]]
    order: int = 100


nav_entries: Registry[NavEntry] = Registry("nav_entries")


# --- To-do list -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Todo:
    """One piece of open work: what, since when (and by when), and the page where it is
    done. `kind` is filled in by the kernel (the kind's label)."""

    title: str
    url: str
    since: dt.datetime | dt.date | None
    due: dt.datetime | dt.date | None = None
    detail: str = ""
    kind: str = ""

    @property
    def due_text(self) -> str:
        return _moment(self.due)

    @property
    def since_text(self) -> str:
        return _moment(self.since)

    @property
    def overdue(self) -> bool:
        if self.due is None:
            return False
        if isinstance(self.due, dt.datetime):
            return self.due < timezone.now()
        return self.due < timezone.localdate()


def _moment(value: dt.datetime | dt.date | None) -> str:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat() if value is not None else ""


@dataclass(frozen=True)
class TodoKind:
    """A kind of open work (portal.todos builds the 待办 list and the top bar's counts).

    `open(user)` is the user's open work of this kind as a queryset ordered oldest first,
    or None when the kind is not his (decided from `portal.access.roles_of(user)`, without
    a query). `todo(row)` turns one row into a Todo without a query: `open` selects what it
    needs. The kernel counts every kind of a user in one query, so the queryset should give
    one row per piece of work (filter with subqueries rather than joins that repeat rows).
    Notifications about the work carry the kind's key as their `task`."""

    key: str
    label: str
    open: Callable[[Any], QuerySet | None]
    todo: Callable[[Any], Todo]
    order: int = 100


todo_kinds: Registry[TodoKind] = Registry("todo_kinds")


# --- Change history -------------------------------------------------------------------------


@dataclass(frozen=True)
class HistorySource:
    """A kind of record whose django-simple-history versions the office's change-history
    page shows. `body_filter` keeps the office's own body: the name of a field that holds
    the body id, or a function of the body id giving a Q. `related` are the relations the
    record's name is made of (joined, so naming costs no query)."""

    key: str
    label: str
    historical: type[Model]
    body_filter: str | Callable[[int], Q]
    related: tuple[str, ...] = ()
    order: int = 100


history_sources: Registry[HistorySource] = Registry("history_sources")


# --- Spreadsheet imports --------------------------------------------------------------------


@dataclass(frozen=True)
class ImportKind:
    """A kind of record the office imports from .xlsx: `resource()` gives the
    django-import-export resource class (a `portal.imports.BodyResource`)."""

    key: str
    label: str
    resource: Callable[[], type]
    file_label: str = ""  # the spreadsheet's name, e.g. 委员名单
    note: str = ""  # shown under the preview
    order: int = 100


import_kinds: Registry[ImportKind] = Registry("import_kinds")


# --- Counters for quotas and score sources --------------------------------------------------


@dataclass(frozen=True)
class Counter:
    """Counts of a module's records per unit over a period, for the quota board.

    `count(body_id, start, end, day)` returns {(unit, unit_id): n} where unit is one of
    "committee", "sector_group", "member", "body"; start/end are aware datetimes bounding
    the period (end exclusive) and day is the day the board is shown for. `explanation`
    says in Chinese what is counted; `models` ("app.Model") are the records whose changes
    change the count (the board's cache is renewed when one is saved or deleted)."""

    key: str
    label: str
    count: Callable[[int, dt.datetime, dt.datetime, dt.date], dict[tuple[str, int], int]]
    explanation: str = ""
    models: tuple[str, ...] = ()
    order: int = 100


quota_counters: Registry[Counter] = Registry("quota_counters")


@dataclass(frozen=True)
class ScoreSource:
    """A kind of record that can earn a member points (evaluation's scoring rules pick
    sources by key). `rows(body_id, year)` returns a queryset of dicts with at least
    `member_id`, `record_id`, `role` ("first"/"co"/"present"/"leave"/"absent"/...), `at`
    and `title`; `url(record_id)` links a score line to its record."""

    key: str
    label: str
    rows: Callable[[int, int], Any]
    url: Callable[[int], str]
    roles: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    # The record kinds a rule may be limited to (value, label), e.g. 立案 / 不予立案.
    kinds: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    order: int = 100


score_sources: Registry[ScoreSource] = Registry("score_sources")

# What a committee did, for the committees' annual evaluation (§19, issue 15): the same
# ScoreSource, but `rows(body_id, year)` gives `unit_id` (the committee), `record_id`,
# `role`, `at`, `record_title` and `record_kind` (names no model field clashes with).
committee_score_sources: Registry[ScoreSource] = Registry("committee_score_sources")


# --- Background jobs --------------------------------------------------------------------------


@dataclass(frozen=True)
class JobOutput:
    """What a job made: the file the person downloads."""

    filename: str
    content: bytes
    content_type: str


@dataclass(frozen=True)
class JobKind:
    """A kind of long work run by a Celery worker (portal.jobs). `run(job, progress)`
    reads `job.params`, calls `progress(done, total, step)` as it goes and returns a
    `JobOutput`; a `ValidationError` it raises is shown to the person as the reason. The
    module's view that starts a job checks who may ask for it."""

    key: str
    label: str
    run: Callable[[Any, Callable[[int, int, str], None]], JobOutput]
    order: int = 100


job_kinds: Registry[JobKind] = Registry("job_kinds")
