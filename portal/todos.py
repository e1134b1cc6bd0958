"""The 待办 list: every module's open work for one user (portal.registry.todo_kinds).

Cheap whatever the data: the counts of every kind (and the unread notifications) come
from one query — a scalar COUNT subquery per kind — and the lists fetch rows only for the
kinds that have any, a bounded number of rows each. The counts of one request are
computed once (the page frame and the home page share them).

The counting query runs on every page, but building it is the costly part (a dozen
querysets compiled to SQL: ~15 ms, more than running it). So each process keeps a user's
compiled query for COUNT_SQL_SECONDS: the counts are always read afresh from the data; only
the time the query compares with ("now", "today") may lag that many seconds, and a change
of the user's roles compiles a new query at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from .access import roles_key
from .caching import ProcessMemo
from .models import Notification, User
from .registry import Todo, TodoKind, todo_kinds

UNREAD = "_unread"
# How long a process reuses a user's compiled counting query (see the module's doc).
COUNT_SQL_SECONDS = 60


@dataclass(frozen=True)
class CountQuery:
    """Several querysets' row counts as one SQL statement (names in order)."""

    names: tuple[str, ...]
    sql: str
    params: tuple

    @classmethod
    def of(cls, querysets: Mapping[str, QuerySet]) -> CountQuery:
        """A scalar COUNT(*) subquery each; works on PostgreSQL and SQLite (a SELECT without
        FROM)."""
        parts, params = [], []
        for n, qs in enumerate(querysets.values()):
            sql, qs_params = qs.order_by().values("pk").query.sql_with_params()
            parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS todo_{n})")
            params.extend(qs_params)
        return cls(tuple(querysets), "SELECT " + ", ".join(parts), tuple(params))

    def run(self) -> dict[str, int]:
        if not self.names:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            row = cursor.fetchone()
        return {name: int(value) for name, value in zip(self.names, row, strict=True)}


def count_many(querysets: Mapping[str, QuerySet]) -> dict[str, int]:
    """The row counts of several querysets in one query."""
    return CountQuery.of(querysets).run()


def open_work(user: User) -> dict[str, tuple[TodoKind, QuerySet]]:
    """The kinds of work that are this user's, with his open work of each (not evaluated).
    Built once per user object (one request): the home page and the 待办 page ask twice."""
    if not user.is_authenticated:
        return {}
    work = getattr(user, "_open_work", None)
    if work is None:
        work = {}
        for kind in todo_kinds:
            qs = kind.open(user)
            if qs is not None:
                work[kind.key] = (kind, qs)
        user._open_work = work
    return {key: (kind, qs.all()) for key, (kind, qs) in work.items()}


@dataclass(frozen=True)
class Counts:
    """What the page frame shows: unread notifications and open work per kind."""

    unread: int
    kinds: tuple[tuple[TodoKind, int], ...]  # the user's kinds, in registry order

    @property
    def total(self) -> int:
        return sum(n for _kind, n in self.kinds)

    @property
    def nonzero(self) -> list[tuple[TodoKind, int]]:
        return [(kind, n) for kind, n in self.kinds if n]

    def of(self, key: str) -> int:
        return next((n for kind, n in self.kinds if kind.key == key), 0)


def counts_for(request: HttpRequest) -> Counts:
    """Unread notifications and open work of the request's user, in one query, once per
    request."""
    cached = getattr(request, "_portal_counts", None)
    if cached is None:
        cached = request._portal_counts = counts(request.user)
    return cached


# roles key -> the user's compiled counting query
COUNT_QUERIES = ProcessMemo(COUNT_SQL_SECONDS)


def count_query(user: User) -> CountQuery:
    """The user's counting query: unread notifications, then each kind of his work."""

    def build() -> CountQuery:
        work = open_work(user)
        unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
        return CountQuery.of({UNREAD: unread, **{key: qs for key, (_k, qs) in work.items()}})

    return COUNT_QUERIES.get_or_build(roles_key(user), build)


def counts(user: User) -> Counts:
    query = count_query(user)
    numbers = query.run()
    return Counts(
        unread=numbers[UNREAD],
        kinds=tuple((todo_kinds.get(key), numbers[key]) for key in query.names[1:]),
    )


def _labelled(kind: TodoKind, rows: Iterable) -> list[Todo]:
    return [replace(kind.todo(row), kind=str(kind.label)) for row in rows]


def _sort_key(todo: Todo) -> dt.datetime:
    """Oldest first; work without a date (a missing setting) comes first of all."""
    since = todo.since
    if since is None:
        return dt.datetime.min.replace(tzinfo=dt.UTC)
    if not isinstance(since, dt.datetime):
        since = dt.datetime.combine(since, dt.time.min, tzinfo=timezone.get_current_timezone())
    return since


@dataclass(frozen=True)
class TodoList:
    items: list[Todo]
    more: list[tuple[TodoKind, int]]  # kinds with more work than listed: (kind, not listed)


def todo_list(user: User, found: Counts, *, per_kind: int, limit: int | None = None) -> TodoList:
    """The user's open work of every kind, oldest first: at most `per_kind` of each kind
    (then `limit` in all). One query per kind of his, whatever the data (an empty kind is
    asked too, so the number of queries does not depend on what is open)."""
    work = open_work(user)
    items: list[Todo] = []
    more = []
    for kind, n in found.kinds:
        qs = work[kind.key][1]
        items += _labelled(kind, qs[:per_kind])
        if n > per_kind:
            more.append((kind, n - per_kind))
    items.sort(key=_sort_key)
    return TodoList(items=items[:limit] if limit is not None else items, more=more)


def todo_page(user: User, key: str) -> tuple[TodoKind, QuerySet] | None:
    """One kind's open work of this user (for paging), or None when it is not his."""
    return open_work(user).get(key)


def as_todos(kind: TodoKind, rows: Iterable) -> list[Todo]:
    return _labelled(kind, rows)
