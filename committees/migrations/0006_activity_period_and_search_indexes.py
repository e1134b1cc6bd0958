"""On PostgreSQL: a GiST index on each activity's body and period, so that clash detection
(committees.selectors.plans.find_clashes) compares an activity only with the activities
that overlap it in time; and a trigram (pg_trgm) GIN index on the searched columns of the
activity list (topic, place) with the body first (btree_gin), so that a search in one body's
25,000 activities reads only that body's matches. On `upper(column)`: Django's `icontains`
is `UPPER(column) LIKE UPPER(%s)` on PostgreSQL. SQLite (the demo) needs neither."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS activity_body_period_gist
  ON committees_activity USING gist (body_id, tstzrange(starts_at, ends_at));
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX IF NOT EXISTS activity_search_trgm
  ON committees_activity USING gin (body_id, upper(topic) gin_trgm_ops, upper(place) gin_trgm_ops);
"""
DROP = """
DROP INDEX IF EXISTS activity_body_period_gist;
DROP INDEX IF EXISTS activity_search_trgm;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("committees", "0005_organisation_moved_out")]
    operations = [migrations.RunPython(forwards, backwards)]
