"""PostgreSQL-only indexes and constraints, declared in the models' Meta so that Django's
migration state knows them (issue 8), and skipped on SQLite (the demo, and the tests' SQLite
database made from the models).

The existing databases got them from hand-written SQL in the migrations that introduced
them (members 0003, committees 0006, proposals 0002/0006, public_opinion 0002); the
migrations that declare them here only adopt them into the state
(SeparateDatabaseAndState), so nothing is recreated. A new one is declared here first and
`makemigrations` writes its migration.

On SQLite every statement is empty (the schema editor runs an empty string, a no-op), and
the exclusion constraint does not validate in Python: the services check overlaps
themselves, in words; the database constraint is the backstop on PostgreSQL."""

from __future__ import annotations

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, DateTimeRangeField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.db.models import Func, Value


def _on_postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class _PostgresOnly:
    def create_sql(self, model, schema_editor, *args, **kwargs):
        if not _on_postgresql(schema_editor):
            return ""
        return super().create_sql(model, schema_editor, *args, **kwargs)

    def remove_sql(self, model, schema_editor, *args, **kwargs):
        if not _on_postgresql(schema_editor):
            return ""
        return super().remove_sql(model, schema_editor, *args, **kwargs)


class PgGinIndex(_PostgresOnly, GinIndex):
    """A GIN index (e.g. trigram: `OpClass(Upper("title"), name="gin_trgm_ops")`)."""


class PgGistIndex(_PostgresOnly, GistIndex):
    """A GiST index (e.g. on a period: `TstzRange("starts_at", "ends_at")`)."""


class PgExclusionConstraint(_PostgresOnly, ExclusionConstraint):
    def constraint_sql(self, model, schema_editor):
        if not _on_postgresql(schema_editor):
            return ""
        return super().constraint_sql(model, schema_editor)

    def validate(self, *args, **kwargs) -> None:
        """Not checked in Python (the services say what overlaps, in Chinese)."""


class DateRange(Func):
    """daterange(start, end, '[]'): both days included."""

    function = "daterange"
    output_field = DateRangeField()

    def __init__(self, start, end, bounds: str = "[]", **extra) -> None:
        super().__init__(start, end, Value(bounds), **extra)


class TstzRange(Func):
    """tstzrange(start, end): from the start, up to (not including) the end."""

    function = "tstzrange"
    output_field = DateTimeRangeField()
