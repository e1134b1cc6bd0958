"""On PostgreSQL, a trigram (pg_trgm) GIN index for the search box of the proposal list:
the body first (btree_gin; a search reads only the body's matches), the title
(`icontains`, which Django sends as `UPPER(title) LIKE UPPER(%s)`) and the number (by prefix, `LIKE '12%'`, which the C.UTF-8 collation does
not serve from a b-tree). With the index on the first proposer, a search is a BitmapOr
of index scans. SQLite (the demo) scans its few rows."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX IF NOT EXISTS proposal_search_trgm
  ON proposals_proposal USING gin (body_id, upper(title) gin_trgm_ops, number gin_trgm_ops);
"""
DROP = "DROP INDEX IF EXISTS proposal_search_trgm;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0005_organisation_moved")]
    operations = [migrations.RunPython(forwards, backwards)]
