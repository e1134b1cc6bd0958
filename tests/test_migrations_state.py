"""The PostgreSQL-only indexes and the overlap constraint are declared in the models
(portal.pg), so Django's migration state knows what the hand-written SQL made (issue 8):
every declared one exists in PostgreSQL, and SQLite (the demo) builds the same models
without them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, connections, transaction

from members.models import CommitteeMembership
from portal.pg import PgExclusionConstraint, PgGinIndex, PgGistIndex

DECLARED = {
    "committees_activity": {"activity_body_period_gist", "activity_search_trgm"},
    "members_member": {"member_search_trgm"},
    "members_committeemembership": {"membership_no_overlap"},
    "proposals_proposal": {
        "proposal_title_norm_trgm",
        "proposal_text_norm_trgm",
        "proposal_title_trgm",
        "proposal_search_trgm",
    },
    "public_opinion_report": {
        "opinion_title_norm_trgm",
        "opinion_text_norm_trgm",
        "opinion_search_trgm",
    },
}


def _declared_in_models() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for model in apps.get_models():
        names = {
            item.name
            for item in (*model._meta.indexes, *model._meta.constraints)
            if isinstance(item, PgGinIndex | PgGistIndex | PgExclusionConstraint)
        }
        if names:
            found[model._meta.db_table] = names
    return found


def test_the_models_declare_every_index_the_migrations_made_by_hand():
    assert _declared_in_models() == DECLARED


@pytest.mark.django_db
def test_every_declared_index_and_constraint_exists_in_postgresql():
    with connection.cursor() as cursor:
        for table, names in DECLARED.items():
            present = set(connection.introspection.get_constraints(cursor, table))
            assert names <= present, (table, names - present)


@pytest.mark.django_db
def test_postgresql_still_refuses_two_overlapping_seats(org):
    CommitteeMembership.objects.filter(member=org.member).delete()
    CommitteeMembership.objects.create(
        member=org.member, committee=org.economy, start_date=dt.date(2023, 1, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeMembership.objects.create(
            member=org.member,
            committee=org.education,
            start_date=dt.date(2024, 1, 1),
            end_date=dt.date(2024, 6, 30),
        )
    CommitteeMembership.objects.create(  # the day before: no overlap
        member=org.member,
        committee=org.education,
        start_date=dt.date(2022, 1, 1),
        end_date=dt.date(2022, 12, 31),
    )


@pytest.mark.django_db(databases=["default", "sqlite"])
def test_sqlite_builds_the_same_models_without_them():
    """The SQLite database of the tests is made from the models (no migrations): the
    PostgreSQL-only declarations are skipped, the tables are there."""
    sqlite = connections["sqlite"]
    with sqlite.cursor() as cursor:
        tables = set(sqlite.introspection.table_names(cursor))
        assert set(DECLARED) <= tables
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        indexes = {name for (name,) in cursor.fetchall()}
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE name = %s", ["members_committeemembership"]
        )
        (table_sql,) = cursor.fetchone()
    assert indexes and not indexes & set().union(*DECLARED.values())
    assert "membership_ends_after_start" in table_sql  # the other constraints are there
    assert "EXCLUDE" not in table_sql.upper()
