"""The change history (django-simple-history) of every kind of record the modules registered
as a history source (portal.registry.history_sources), for the office.

Pages are cut by keyset, never by OFFSET: the rows are ordered by (time, kind of record,
version id), newest first, and a page starts after (or before) the last row the reader saw
(`Cursor`). Each kind of record is one index-ordered stream (its history_date index), so a
page costs the same on the first day and after millions of changes. The streams are merged
by one UNION ALL query where the database can order and limit its parts (PostgreSQL), else
in Python. Values read as people say them: choices by their label, yes/no as 是/否, related
records by their name (one query per kind of related record on the page), times local.

A page is cached (`PAGES`) until a new version is kept in its body: simple-history's
post_create_historical_record for one record, `bulk_saved` for a bulk write (then every
body's pages). Reading the history asks every kind of record (60 of them) and describes
fifty versions; the office reads it far more often than a body's records change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from heapq import merge
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import CharField, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .caching import VersionedCache
from .params import as_id
from .registry import HistorySource, history_sources

PAGE_SIZE = 50

KIND_LABELS = {"+": gettext_lazy("新建"), "~": gettext_lazy("修改"), "-": gettext_lazy("删除")}
SKIP_FIELDS = {
    "history_id",
    "history_date",
    "history_user",
    "history_type",
    "history_change_reason",
    "version",
    "password",
    "last_login",
    # Technical columns of stored files: the file's own line says it changed.
    "content_type",
    "size",
    "checkin_token",
    "token",
}


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
class Change:
    at: dt.datetime
    user: Any
    kind: str
    source: str
    record: str
    changes: list[FieldChange] = field(default_factory=list)
    history_type: str = ""  # "+", "~" or "-"


@dataclass(frozen=True)
class Cursor:
    """A row's place in the order (time, kind of record, version id): pages start after
    or before it."""

    at: dt.datetime
    source: str
    history_id: int

    def encode(self) -> str:
        return f"{self.at.isoformat()}~{self.source}~{self.history_id}"

    @classmethod
    def decode(cls, text: str) -> Cursor | None:
        """The cursor in `text`, or None when it is not one (a hand-edited URL)."""
        parts = text.split("~")
        if len(parts) != 3 or as_id(parts[2]) is None or parts[1] not in history_sources:
            return None
        try:
            at = parse_datetime(parts[0])
        except ValueError:
            return None
        if at is None or timezone.is_naive(at) or len(parts[2]) > 18:
            return None
        return cls(at, parts[1], int(parts[2]))


@dataclass(frozen=True)
class HistoryFilters:
    """What the office narrows the history to. `user_ids` None: anybody's changes."""

    source: str = ""
    user_ids: tuple[int, ...] | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def where(self) -> Q:
        q = Q()
        if self.user_ids is not None:
            q &= Q(history_user_id__in=self.user_ids)
        if self.since is not None:
            q &= Q(history_date__gte=_day_start(self.since))
        if self.until is not None:
            q &= Q(history_date__lt=_day_start(self.until + dt.timedelta(days=1)))
        return q


@dataclass
class HistoryPage:
    changes: list[Change]
    older: Cursor | None  # the next page, further back in time
    newer: Cursor | None  # the page before, nearer to now


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone())


def _after(key: str, cursor: Cursor, *, older: bool) -> Q:
    """This stream's rows beyond `cursor` in the order (time, kind, id): older ones when
    `older`, else newer ones. The kind is constant in a stream, so the condition is a
    range on (history_date, history_id) that the stream's index serves."""
    at, hid = cursor.at, cursor.history_id
    if older:
        if key < cursor.source:
            return Q(history_date__lte=at)
        if key > cursor.source:
            return Q(history_date__lt=at)
        return Q(history_date__lt=at) | Q(history_date=at, history_id__lt=hid)
    if key > cursor.source:
        return Q(history_date__gte=at)
    if key < cursor.source:
        return Q(history_date__gt=at)
    return Q(history_date__gt=at) | Q(history_date=at, history_id__gt=hid)


def _stream(
    entry: HistorySource,
    body_id: int,
    filters: HistoryFilters,
    cursor: Cursor | None,
    older: bool,
    limit: int,
) -> QuerySet:
    """(history_date, history_id, source) of one kind of record, in page order."""
    body_filter = entry.body_filter
    where = body_filter(body_id) if callable(body_filter) else Q(**{body_filter: body_id})
    where &= filters.where()
    if cursor is not None:
        where &= _after(entry.key, cursor, older=older)
    order = ("-history_date", "-history_id") if older else ("history_date", "history_id")
    return (
        entry.historical.objects.filter(where)
        # A name no tracked model uses for a field of its own.
        .annotate(history_source_key=Value(entry.key, output_field=CharField()))
        .order_by(*order)
        .values_list("history_date", "history_id", "history_source_key")[:limit]
    )


def _rows(
    keys: list[str],
    body_id: int,
    filters: HistoryFilters,
    cursor: Cursor | None,
    older: bool,
    limit: int,
) -> list[tuple[dt.datetime, int, str]]:
    """The next `limit` rows across these kinds of record, in page order."""
    streams = [
        _stream(history_sources.get(key), body_id, filters, cursor, older, limit) for key in keys
    ]
    if len(streams) > 1 and connection.features.supports_slicing_ordering_in_compound:
        order = (
            ("-history_date", "-history_source_key", "-history_id")
            if older
            else ("history_date", "history_source_key", "history_id")
        )
        return list(streams[0].union(*streams[1:], all=True).order_by(*order)[:limit])

    def sort_key(row: tuple[dt.datetime, int, str]) -> tuple:
        return (row[0], row[2], row[1])

    merged = merge(*(list(s) for s in streams), key=sort_key, reverse=older)
    return list(merged)[:limit]


PAGES = VersionedCache("portal:history", "HISTORY_CACHE_SECONDS")


def watch_versions() -> None:
    """Any new version makes its body's cached pages stale (called from PortalConfig)."""
    PAGES.watch_versions()


def cached_history_page(
    *,
    body_id: int,
    filters: HistoryFilters,
    cursor: Cursor | None = None,
    older: bool = True,
) -> HistoryPage:
    """history_page(), cached until a version is kept in the body (or a bulk write)."""
    users = "-"  # anybody's changes
    if filters.user_ids is not None:
        chosen = ",".join(map(str, sorted(filters.user_ids)))
        users = hashlib.sha256(chosen.encode()).hexdigest()[:16]
    key = "|".join(
        (
            str(body_id),
            filters.source,
            users,
            str(filters.since or ""),
            str(filters.until or ""),
            cursor.encode() if cursor else "",
            "older" if older else "newer",
            get_language() or "",
        )
    )
    return PAGES.get_or_compute(
        key,
        lambda: history_page(body_id=body_id, filters=filters, cursor=cursor, older=older),
        body_id=body_id,
    )


def history_page(
    *,
    body_id: int,
    filters: HistoryFilters,
    cursor: Cursor | None = None,
    older: bool = True,
    size: int = PAGE_SIZE,
) -> HistoryPage:
    """One page of the body's changes, newest first: the first page without a cursor, then
    the page older (or newer) than the cursor's row."""
    keys = [filters.source] if filters.source else history_sources.keys()
    rows = _rows(keys, body_id, filters, cursor, older, size + 1)
    more = len(rows) > size
    rows = rows[:size]
    if not older:
        rows.reverse()
    by_source: dict[str, list[int]] = defaultdict(list)
    for _at, history_id, key in rows:
        by_source[key].append(history_id)
    described: dict[tuple[str, int], Change] = {}
    names = _Names()
    for key, ids in by_source.items():
        for history_id, change in _describe(key, ids, names).items():
            described[(key, history_id)] = change
    names.resolve()
    # A save that changed only what the history does not keep (a password, a login) is no
    # change to show.
    changes = [
        change
        for _at, history_id, key in rows
        if (change := described[(key, history_id)]).changes or change.history_type != "~"
    ]
    first = Cursor(rows[0][0], rows[0][2], rows[0][1]) if rows else None
    last = Cursor(rows[-1][0], rows[-1][2], rows[-1][1]) if rows else None
    if older:
        return HistoryPage(changes, older=last if more else None, newer=first if cursor else None)
    return HistoryPage(changes, older=last if cursor else None, newer=first if more else None)


# ---- describing versions -----------------------------------------------------------------


@dataclass
class _Ref:
    """A related record shown by its name once the page's names are loaded."""

    model: type[Model]
    pk: Any
    name: str = ""

    def __str__(self) -> str:
        return self.name


class _Names:
    """The names of the related records on a page, loaded with one query per model."""

    def __init__(self) -> None:
        self.refs: list[_Ref] = []

    def ref(self, model: type[Model], pk: Any) -> _Ref:
        ref = _Ref(model, pk)
        self.refs.append(ref)
        return ref

    def resolve(self) -> None:
        wanted: dict[type[Model], set] = defaultdict(set)
        for ref in self.refs:
            wanted[ref.model].add(ref.pk)
        found = {
            model: model._base_manager.select_related().in_bulk(pks)
            for model, pks in wanted.items()
        }
        for ref in self.refs:
            obj = found[ref.model].get(ref.pk)
            gone = _("已删除的记录（编号 %(id)s）") % {"id": ref.pk}
            ref.name = str(obj) if obj is not None else gone


def _describe(source: str, history_ids: list[int], names: _Names) -> dict[int, Change]:
    """The shown versions of one kind of record, each diffed against the previous version
    of the same record: two queries, whatever the number of rows."""
    entry = history_sources.get(source)
    label, historical, related = entry.label, entry.historical, entry.related
    rows = list(
        historical.objects.filter(history_id__in=history_ids).select_related(
            "history_user", *related
        )
    )
    previous = (
        historical.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    # One query: the version just before each shown version, whatever the rows are.
    before_rows = historical.objects.filter(
        history_id__in=historical.objects.filter(history_id__in=[r.history_id for r in rows])
        .annotate(previous_id=Subquery(previous))
        .values("previous_id")
    )
    versions: dict[Any, list[Model]] = {}
    for version in before_rows:
        versions.setdefault(version.id, []).append(version)

    def before(row: Model) -> Model | None:
        earlier = [v for v in versions.get(row.id, ()) if v.history_id < row.history_id]
        return max(earlier, key=lambda v: v.history_id, default=None)

    fields = [
        f
        for f in historical._meta.fields
        if f.attname not in SKIP_FIELDS and f.name not in SKIP_FIELDS
    ]
    described = {}
    for row in rows:
        old = before(row)
        diffs = []
        for f in fields:
            if old is None and row.history_type != "+":
                break  # the version before was not kept: nothing to compare with
            new_value = getattr(row, f.attname)
            old_value = getattr(old, f.attname) if old is not None else None
            if new_value != old_value and not (old is None and new_value in (None, "")):
                diffs.append(
                    FieldChange(
                        str(f.verbose_name),
                        _show(f, old_value, names) if old is not None else None,
                        _show(f, new_value, names),
                    )
                )
        described[row.history_id] = Change(
            at=row.history_date,
            user=row.history_user,
            kind=str(KIND_LABELS.get(row.history_type, row.history_type)),
            source=str(label),
            record=_record_repr(row, related),
            changes=diffs,
            history_type=row.history_type,
        )
    return described


def _show(f, value: Any, names: _Names) -> Any:
    """A stored value as the office reads it. `f` is the historical model's field; the
    tracked model's own field says what it is (simple-history keeps a file as text)."""
    if value is None or value == "":
        return ""
    model = getattr(f.model, "instance_type", None)
    if model is not None and not f.is_relation:
        try:
            original = model._meta.get_field(f.name)
        except FieldDoesNotExist:
            original = f
        if original.get_internal_type() in ("FileField", "ImageField"):
            return _("（文件）")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if f.get_internal_type() == "BooleanField":
        return _("是") if value else _("否")
    if f.is_relation:
        return names.ref(f.related_model, value)
    if f.get_internal_type() == "JSONField":
        return _json_text(value)
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, dt.date):
        return date_format(value, "Y-m-d")
    return value


def _json_text(value: Any) -> str:
    """A JSON value in words: yes/no for booleans, lists joined with 、, a dict by its
    label (the field definitions of a form) or by its values — never Python's repr."""
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(t for t in (_json_text(v) for v in value) if t)
    if isinstance(value, dict):
        if "label" in value:
            return _json_text(value["label"])
        return "，".join(t for t in (_json_text(v) for v in value.values()) if t)
    return str(value)


def _record_repr(row: Model, related: tuple[str, ...]) -> str:
    """A name for the record without further queries (its relations are joined)."""
    if not related:
        return _own_name(row)
    parts = []
    for name in related:
        try:
            value = getattr(row, name)
        except Exception:  # the related row was deleted since
            value = None
        if value is not None:
            parts.append(str(value))
    role = getattr(row, "get_role_display", None)
    if role is not None:
        parts.append(str(role()))
    return " · ".join(parts)


def _own_name(row: Model) -> str:
    """The record's name from its own columns: its number or code, then its name, title or
    topic (a user: his full name, else his login)."""
    name = next(
        (
            value
            for attr in ("name", "full_name", "title", "topic", "username", "label", "summary")
            if (value := getattr(row, attr, None))
        ),
        "",
    )
    if len(str(name)) > 40:
        name = f"{str(name)[:40]}…"
    number = getattr(row, "number", None) or getattr(row, "code", None)
    named = " ".join(str(part) for part in (number, name) if part)
    return named or _("编号 %(id)s") % {"id": row.id}
