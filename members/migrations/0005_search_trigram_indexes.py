"""On PostgreSQL, trigram (pg_trgm) GIN indexes on the columns the member search box
matches (name, code, employer, phone; `icontains`, members.views), with the body first
(btree_gin): a search reads only the body's matches. On `upper(column)`: Django's
`icontains` is `UPPER(column) LIKE UPPER(%s)` on PostgreSQL. SQLite scans its few rows."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX IF NOT EXISTS member_search_trgm ON members_member USING gin
  (body_id, upper(name) gin_trgm_ops, upper(code) gin_trgm_ops, upper(employer) gin_trgm_ops,
   upper(phone) gin_trgm_ops);
"""
DROP = "DROP INDEX IF EXISTS member_search_trgm;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("members", "0004_organisation_moved")]
    operations = [migrations.RunPython(forwards, backwards)]
