"""Drop what the deleted migration `0005_proposal_submitted_to` left behind (issue 8: it
was deleted from the repository instead of being undone by a RemoveField): on a database
that had applied it, the nullable columns `submitted_to_id` of the proposal and of its
history, and its row in django_migrations. Elsewhere this does nothing."""

from django.db import migrations, models

LEFTOVER = "0005_proposal_submitted_to"


def _columns(connection, table: str) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA table_info({connection.ops.quote_name(table)})")
            return {row[1] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = %s",
            [table],
        )
        return {row[0] for row in cursor.fetchall()}


def drop_leftover(apps, schema_editor):
    connection = schema_editor.connection
    for name in ("Proposal", "HistoricalProposal"):
        model = apps.get_model("proposals", name)
        if "submitted_to_id" not in _columns(connection, model._meta.db_table):
            continue
        field = models.ForeignKey(
            apps.get_model("organisation", "Body"),
            null=True,
            on_delete=models.DO_NOTHING,
            db_constraint=False,
        )
        field.set_attributes_from_name("submitted_to")
        field.model = model
        schema_editor.remove_field(model, field)
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = %s AND name = %s", ["proposals", LEFTOVER]
        )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0008_declare_trigram_indexes")]
    operations = [migrations.RunPython(drop_leftover, migrations.RunPython.noop)]
