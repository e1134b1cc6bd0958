"""On PostgreSQL, trigram (pg_trgm) GIN indexes for the similar-proposal check (normalised
title and text start) and the title search. SQLite (the demo) compares in Python."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS proposal_title_norm_trgm
  ON proposals_proposal USING gin (title_norm gin_trgm_ops);
CREATE INDEX IF NOT EXISTS proposal_text_norm_trgm
  ON proposals_proposal USING gin (text_norm gin_trgm_ops);
CREATE INDEX IF NOT EXISTS proposal_title_trgm
  ON proposals_proposal USING gin (title gin_trgm_ops);
"""
DROP = """
DROP INDEX IF EXISTS proposal_title_norm_trgm;
DROP INDEX IF EXISTS proposal_text_norm_trgm;
DROP INDEX IF EXISTS proposal_title_trgm;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
