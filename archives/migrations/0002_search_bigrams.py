"""On PostgreSQL, Chinese full-text search (archives.search): a function that turns a text
into a tsvector of its character bigrams with their positions, a stored generated `search`
column on manuscripts and archive items, and GIN indexes on them (body first, btree_gin:
a search reads only the body's matches). The GIN indexes have no pending list
(`fastupdate = off`): a new manuscript is in the index at once, and the planner's cost of
the index does not grow with unmerged rows (with it, a bulk load made the planner scan
the table until the next VACUUM). The vector is written as a literal, not through a
text-search parser, so it does not depend on the database's locale. SQLite (the demo)
searches with LIKE."""

from django.db import migrations

FUNCTION = r"""
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE OR REPLACE FUNCTION archives_bigrams(t text, w text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg('''' || g || ''':' || least(i, 16383) || w, ' '), '')::tsvector
  FROM (
    SELECT i, substr(s, i, 2) AS g
    FROM (SELECT regexp_replace(lower(coalesce(t, '')), '[^[:alnum:]]+', ' ', 'g') AS s) x,
         generate_series(1, char_length(s) - 1) AS i
  ) y
  WHERE g !~ '[ ''\\]'
$$;
"""

MANUSCRIPT = """
ALTER TABLE archives_manuscript ADD COLUMN search tsvector GENERATED ALWAYS AS (
  archives_bigrams(title, 'A')
  || archives_bigrams(author_name || ' ' || interviewee || ' ' || place || ' ' || period
                      || ' ' || theme, 'C')
  || archives_bigrams(text, 'B')
) STORED;
CREATE INDEX archives_manuscript_search ON archives_manuscript USING gin (body_id, search)
  WITH (fastupdate = off);
"""

ITEM = """
ALTER TABLE archives_archiveitem ADD COLUMN search tsvector GENERATED ALWAYS AS (
  archives_bigrams(title, 'A')
  || archives_bigrams(creator || ' ' || persons || ' ' || keywords || ' ' || place || ' '
                      || period, 'C')
  || archives_bigrams(description, 'B')
) STORED;
CREATE INDEX archives_archiveitem_search ON archives_archiveitem USING gin (body_id, search)
  WITH (fastupdate = off);
"""

DROP = """
DROP INDEX IF EXISTS archives_manuscript_search;
DROP INDEX IF EXISTS archives_archiveitem_search;
ALTER TABLE archives_manuscript DROP COLUMN IF EXISTS search;
ALTER TABLE archives_archiveitem DROP COLUMN IF EXISTS search;
DROP FUNCTION IF EXISTS archives_bigrams(text, text);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        schema_editor.execute(MANUSCRIPT)
        schema_editor.execute(ITEM)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("archives", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
