"""Declare the GiST period index and the trigram search index of migration 0006 in Django's
state (portal.pg), without touching the database: they exist already, made by hand-written
SQL on PostgreSQL (and never on SQLite)."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
import portal.pg
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0007_participant_counterpart"),
        ("organisation", "0004_terms_from_first_session_plenary_sessions_numbering"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AddIndex(
                    model_name="activity",
                    index=portal.pg.PgGistIndex(
                        models.F("body"),
                        portal.pg.TstzRange(models.F("starts_at"), models.F("ends_at")),
                        name="activity_body_period_gist",
                    ),
                ),
                migrations.AddIndex(
                    model_name="activity",
                    index=portal.pg.PgGinIndex(
                        models.F("body"),
                        django.contrib.postgres.indexes.OpClass(
                            django.db.models.functions.text.Upper("topic"), name="gin_trgm_ops"
                        ),
                        django.contrib.postgres.indexes.OpClass(
                            django.db.models.functions.text.Upper("place"), name="gin_trgm_ops"
                        ),
                        name="activity_search_trgm",
                    ),
                ),
            ],
        ),
    ]
