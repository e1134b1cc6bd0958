"""Drop the versions of users that a login wrote: each login saved last_login, which the
history does not keep, so the version equals the one before it and showed as an empty row
on the office's 变更记录 page. Logins no longer write versions (portal.hooks)."""

from django.db import migrations

SKIP = {"history_id", "history_date", "history_user", "history_type", "history_change_reason"}


def forwards(apps, schema_editor):
    historical = apps.get_model("portal", "HistoricalUser")
    db = schema_editor.connection.alias
    names = [
        f.attname
        for f in historical._meta.fields
        if f.name not in SKIP and f.attname not in {"history_user_id"}
    ]
    rows = (
        historical.objects.using(db)
        .order_by("id", "history_id")
        .values_list("id", "history_id", "history_type", *names)
    )
    empty, previous = [], None
    for row in rows.iterator(chunk_size=5000):
        pk, history_id, kind, values = row[0], row[1], row[2], row[3:]
        if previous and kind == "~" and previous[0] == pk and previous[1] == values:
            empty.append(history_id)
        else:
            previous = (pk, values)
    for start in range(0, len(empty), 5000):
        historical.objects.using(db).filter(history_id__in=empty[start : start + 5000]).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_notification_target_and_task")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
