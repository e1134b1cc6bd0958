"""On PostgreSQL, forbid two overlapping committee memberships of one member (§3 全员入委:
a member sits in exactly one committee at a time). SQLite (the demo) relies on the service."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE members_committeemembership
  ADD CONSTRAINT membership_no_overlap
  EXCLUDE USING gist (member_id WITH =, daterange(start_date, end_date, '[]') WITH &&);
"""
DROP = "ALTER TABLE members_committeemembership DROP CONSTRAINT IF EXISTS membership_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("members", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
