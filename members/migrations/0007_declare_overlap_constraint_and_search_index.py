"""Declare the overlap constraint of migration 0003 and the trigram search index of migration
0005 in Django's state (portal.pg), without touching the database: they exist already, made
by hand-written SQL on PostgreSQL (and never on SQLite)."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
import portal.pg
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0006_affiliation_masses_youth_league_transfer_wording"),
        ("organisation", "0004_terms_from_first_session_plenary_sessions_numbering"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AddIndex(
                    model_name="member",
                    index=portal.pg.PgGinIndex(
                        models.F("body"),
                        django.contrib.postgres.indexes.OpClass(
                            django.db.models.functions.text.Upper("name"), name="gin_trgm_ops"
                        ),
                        django.contrib.postgres.indexes.OpClass(
                            django.db.models.functions.text.Upper("code"), name="gin_trgm_ops"
                        ),
                        django.contrib.postgres.indexes.OpClass(
                            django.db.models.functions.text.Upper("employer"), name="gin_trgm_ops"
                        ),
                        django.contrib.postgres.indexes.OpClass(
                            django.db.models.functions.text.Upper("phone"), name="gin_trgm_ops"
                        ),
                        name="member_search_trgm",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="committeemembership",
                    constraint=portal.pg.PgExclusionConstraint(
                        expressions=[
                            (models.F("member"), "="),
                            (
                                portal.pg.DateRange(models.F("start_date"), models.F("end_date")),
                                "&&",
                            ),
                        ],
                        name="membership_no_overlap",
                    ),
                ),
            ],
        ),
    ]
