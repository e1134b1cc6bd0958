"""On PostgreSQL: a GiST index on each activity's body and period, so that clash detection
(committees.selectors.plans.find_clashes) compares an activity only with the activities
that overlap it in time; and trigram (pg_trgm) GIN indexes on the searched columns of the
activity list (topic, place). SQLite (the demo) needs neither: its data is small."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS activity_body_period_gist
  ON committees_activity USING gist (body_id, tstzrange(starts_at, ends_at));
CREATE INDEX IF NOT EXISTS activity_topic_trgm
  ON committees_activity USING gin (topic gin_trgm_ops);
CREATE INDEX IF NOT EXISTS activity_place_trgm
  ON committees_activity USING gin (place gin_trgm_ops);
"""
DROP = """
DROP INDEX IF EXISTS activity_body_period_gist;
DROP INDEX IF EXISTS activity_topic_trgm;
DROP INDEX IF EXISTS activity_place_trgm;
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
