"""The beat job that queues again the e-mail deliveries left 待发送 (the broker was down
when the notification was committed), every five minutes; editable in /admin/."""

from django.db import migrations

TASK = "portal.tasks.requeue_deliveries_task"
NAME = "邮件投递补发（每5分钟）"


def forwards(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "interval": schedule,
            "description": "把仍为「待发送」超过5分钟的邮件投递重新加入队列（提交时消息队列不可用等）；"
            "已发送的不会重复发送。",
        },
    )


def backwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0010_email_delivery"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
