"""The change history (django-simple-history) of every kind of record the modules registered
as a history source (portal.registry.history_sources), for the office."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from heapq import merge
from typing import Any

from django.db import connection
from django.db.models import CharField, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.utils.translation import gettext_lazy as _

from .registry import history_sources


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


KIND_LABELS = {"+": _("新建"), "~": _("修改"), "-": _("删除")}
SKIP_FIELDS = {
    "history_id",
    "history_date",
    "history_user",
    "history_type",
    "history_change_reason",
    "version",
    "password",
    "last_login",
}


def _latest(source: str, body_id: int, limit: int) -> QuerySet:
    """When and which of the last `limit` versions of one kind of record in the body, as
    (history_date, history_id, source) rows: light (no model instances)."""
    entry = history_sources.get(source)
    body_filter = entry.body_filter
    where = body_filter(body_id) if callable(body_filter) else Q(**{body_filter: body_id})
    return (
        entry.historical.objects.filter(where)
        .annotate(source=Value(source, output_field=CharField()))
        .order_by("-history_date", "-history_id")
        .values_list("history_date", "history_id", "source")[:limit]
    )


def _newest(keys: list[str], body_id: int, limit: int) -> list[tuple[dt.datetime, int, str]]:
    """The newest `limit` versions across these kinds of record: one UNION ALL query where
    the database can order and limit its parts (PostgreSQL), else one query per kind."""
    streams = [_latest(key, body_id, limit) for key in keys]
    if len(streams) > 1 and connection.features.supports_slicing_ordering_in_compound:
        union = streams[0].union(*streams[1:], all=True)
        return list(union.order_by("-history_date", "-history_id")[:limit])
    return list(merge(*(list(stream) for stream in streams), reverse=True))[:limit]


def _describe(source: str, history_ids: list[int]) -> dict[int, Change]:
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
    versions: dict[int, list[Model]] = {}
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
                        _show(f, old_value, old),
                        _show(f, new_value, row),
                    )
                )
        described[row.history_id] = Change(
            at=row.history_date,
            user=row.history_user,
            kind=str(KIND_LABELS.get(row.history_type, row.history_type)),
            source=str(label),
            record=_record_repr(row, related),
            changes=diffs,
        )
    return described


def _show(f, value: Any, holder: Model | None) -> Any:
    if value is None or holder is None:
        return value
    if f.choices:
        return dict(f.flatchoices).get(value, value)
    if f.is_relation:
        return f"#{value}"
    return value


def _record_repr(row: Model, related: tuple[str, ...]) -> str:
    """A name for the record without further queries (its relations are joined)."""
    if not related:
        return str(getattr(row, "name", None) or getattr(row, "username", None) or f"#{row.id}")
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


def recent_changes(*, body_id: int, source: str | None, limit: int = 100) -> list[Change]:
    """Newest first, from one kind of record or from all of them."""
    keys = [source] if source else history_sources.keys()
    newest = _newest(keys, body_id, limit)
    by_source: dict[str, list[int]] = {}
    for _at, history_id, key in newest:
        by_source.setdefault(key, []).append(history_id)
    described = {
        (key, history_id): change
        for key, ids in by_source.items()
        for history_id, change in _describe(key, ids).items()
    }
    return [described[(key, history_id)] for _at, history_id, key in newest]
