"""Parameters of hand-written SQL, adapted as the ORM adapts them.

The ORM turns an aware datetime into what the database stores: PostgreSQL takes it as
is, SQLite stores the UTC time as text without an offset ("2026-05-12 01:00:00"). A raw
`cursor.execute(sql, [aware_datetime])` skips that step: SQLite's driver sends
"2026-05-12 09:00:00+08:00", and the text comparison with stored values is wrong by the
offset (clash detection missed every clash of the SQLite demo that way). Every raw query
passes its parameters through `sql_params`.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper


def sql_param(connection: BaseDatabaseWrapper, value: Any) -> Any:
    """One value as the ORM would send it to this database."""
    ops = connection.ops
    if isinstance(value, dt.datetime):
        return ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return ops.adapt_datefield_value(value)
    if isinstance(value, dt.time):
        return ops.adapt_timefield_value(value)
    if isinstance(value, decimal.Decimal):
        return ops.adapt_decimalfield_value(value)
    return value


def sql_params(connection: BaseDatabaseWrapper, values: Iterable[Any]) -> list[Any]:
    """The parameters of a raw query, each adapted by `sql_param`."""
    return [sql_param(connection, value) for value in values]


@contextmanager
def joins_as_written(using: str = "default") -> Iterator[None]:
    """For one row read with many `select_related` joins (a detail page): PostgreSQL plans
    the order of up to `join_collapse_limit` (8) joins exhaustively, 15-20 ms for a
    proposal and its 16 related rows, only to find the order the query is written in (the
    row by its key, then each related row by its key). Inside, the joins are taken in the
    written order (`SET LOCAL`: this transaction only; nested in an outer transaction, up to
    its end). Other databases: nothing changes."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL join_collapse_limit = 1")
        yield
