"""The standard reply categories A/B/C for every body that exists now; bodies created
later get them from proposals.signals. The office edits them afterwards."""

from django.db import migrations

DEFAULTS = (
    ("A", "已解决或采纳"),
    ("B", "正在解决或列入计划"),
    ("C", "因条件限制留作参考"),
)


def forwards(apps, schema_editor):
    Body = apps.get_model("committees", "Body")
    ReplyCategory = apps.get_model("proposals", "ReplyCategory")
    for body in Body.objects.all():
        for order, (code, name) in enumerate(DEFAULTS, start=1):
            ReplyCategory.objects.get_or_create(
                body=body, code=code, defaults={"name": name, "order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0002_trigram_indexes")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
