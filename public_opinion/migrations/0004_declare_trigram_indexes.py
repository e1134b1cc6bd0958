"""Declare the trigram indexes of migration 0002 in Django's state (portal.pg), without
touching the database: they exist already, made by hand-written SQL on PostgreSQL (and never
on SQLite)."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
import portal.pg
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0004_terms_from_first_session_plenary_sessions_numbering"),
        ("public_opinion", "0003_reminder_schedule"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AddIndex(
                    model_name="report",
                    index=portal.pg.PgGinIndex(
                        fields=["title_norm"],
                        name="opinion_title_norm_trgm",
                        opclasses=["gin_trgm_ops"],
                    ),
                ),
                migrations.AddIndex(
                    model_name="report",
                    index=portal.pg.PgGinIndex(
                        fields=["text_norm"],
                        name="opinion_text_norm_trgm",
                        opclasses=["gin_trgm_ops"],
                    ),
                ),
                migrations.AddIndex(
                    model_name="report",
                    index=portal.pg.PgGinIndex(
                        models.F("body"),
                        django.contrib.postgres.indexes.OpClass(
                            django.db.models.functions.text.Upper("title"), name="gin_trgm_ops"
                        ),
                        django.contrib.postgres.indexes.OpClass(
                            models.F("number"), name="gin_trgm_ops"
                        ),
                        name="opinion_search_trgm",
                    ),
                ),
            ],
        ),
    ]
