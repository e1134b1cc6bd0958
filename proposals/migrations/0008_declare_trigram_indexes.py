"""Declare the trigram indexes of migrations 0002 and 0006 in Django's state (portal.pg),
without touching the database: they exist already, made by hand-written SQL on PostgreSQL
(and never on SQLite)."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
import portal.pg
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_declare_overlap_constraint_and_search_index"),
        ("organisation", "0004_terms_from_first_session_plenary_sessions_numbering"),
        ("proposals", "0007_collective_proposers_numbering_series_state_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AddIndex(
                    model_name="proposal",
                    index=portal.pg.PgGinIndex(
                        fields=["title_norm"],
                        name="proposal_title_norm_trgm",
                        opclasses=["gin_trgm_ops"],
                    ),
                ),
                migrations.AddIndex(
                    model_name="proposal",
                    index=portal.pg.PgGinIndex(
                        fields=["text_norm"],
                        name="proposal_text_norm_trgm",
                        opclasses=["gin_trgm_ops"],
                    ),
                ),
                migrations.AddIndex(
                    model_name="proposal",
                    index=portal.pg.PgGinIndex(
                        fields=["title"], name="proposal_title_trgm", opclasses=["gin_trgm_ops"]
                    ),
                ),
                migrations.AddIndex(
                    model_name="proposal",
                    index=portal.pg.PgGinIndex(
                        models.F("body"),
                        django.contrib.postgres.indexes.OpClass(
                            django.db.models.functions.text.Upper("title"), name="gin_trgm_ops"
                        ),
                        django.contrib.postgres.indexes.OpClass(
                            models.F("number"), name="gin_trgm_ops"
                        ),
                        name="proposal_search_trgm",
                    ),
                ),
            ],
        ),
    ]
