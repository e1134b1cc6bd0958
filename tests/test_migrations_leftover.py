"""Migration 0009 of proposals on a database that applied the deleted 0005: a
transactional test (DDL), in a file of its own so that --dist loadfile runs it after the
other tests of its worker."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_columns_of_the_deleted_migration_are_dropped_where_they_were_left():
    """A database that applied the deleted proposals 0005 keeps its columns: migration 0009
    drops them, and does nothing where they are absent."""
    import importlib

    from django.db.migrations.executor import MigrationExecutor

    leftover = importlib.import_module("proposals.migrations.0009_drop_leftover_submitted_to")
    state = MigrationExecutor(connection).loader.project_state(
        ("proposals", "0009_drop_leftover_submitted_to")
    )
    with connection.cursor() as cursor:
        for table in ("proposals_proposal", "proposals_historicalproposal"):
            cursor.execute(
                f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS submitted_to_id bigint NULL"
            )
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, now())",
            ["proposals", leftover.LEFTOVER],
        )
    for _twice in range(2):
        with connection.schema_editor() as editor:
            leftover.drop_leftover(state.apps, editor)
    for table in ("proposals_proposal", "proposals_historicalproposal"):
        assert "submitted_to_id" not in leftover._columns(connection, table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM django_migrations WHERE name = %s", [leftover.LEFTOVER]
        )
        assert cursor.fetchone() == (0,)
