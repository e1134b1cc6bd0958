"""The moved tables take this app's names (committees_body -> organisation_body …; their
many-to-many tables follow), and the content types of the moved models change app, so
object permissions, the transition log and history links keep pointing at them."""

from django.db import migrations

MODELS = [
    "Body",
    "Department",
    "Committee",
    "DepartmentUserObjectPermission",
    "HistoricalBody",
    "HistoricalCommittee",
    "HistoricalCommittee_counterpart_departments",
    "HistoricalDepartment",
    "HistoricalSectorGroup",
    "HistoricalTerm",
    "SectorGroup",
    "Sector",
    "PartyGroup",
    "HistoricalSector",
    "HistoricalPartyGroup",
    "Term",
    "BodyUserObjectPermission",
    "CommitteeUserObjectPermission",
]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for name in MODELS:
        model = name.lower()
        if ContentType.objects.using(db).filter(app_label="organisation", model=model).exists():
            continue  # created already by an earlier post_migrate: keep it
        ContentType.objects.using(db).filter(app_label="committees", model=model).update(
            app_label="organisation"
        )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(
        app_label="organisation", model__in=[name.lower() for name in MODELS]
    ).update(app_label="committees")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("organisation", "0001_initial"),
        ("committees", "0005_organisation_moved_out"),
    ]

    operations = [
        *(migrations.AlterModelTable(name=name, table=None) for name in MODELS),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
