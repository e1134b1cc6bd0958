"""The daily quota reminder in django-celery-beat's tables, so the schedule can be changed
(or switched off) in /admin/."""

from django.db import migrations

TASK = "evaluation.tasks.quota_reminders_task"
NAME = "指标进度提醒（每日）"


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="8",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={
            "task": TASK,
            "crontab": schedule,
            "description": "周期过去50%、75%、90%（可按指标调整）仍未完成的指标，提醒专委会工作人员；"
            "90%时同时提醒分管副主席；委员本人的指标提醒委员。每条提醒只发送一次。",
        },
    )


def backwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_default_quotas"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
