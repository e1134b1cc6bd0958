"""The daily 文史资料 reminder in django-celery-beat's tables, so the administrator can
change its schedule (or switch it off) in /admin/."""

from django.db import migrations

TASK = "archives.tasks.remind_archives_task"
NAME = "文史资料提醒（每天）"


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
            "description": "征稿截止前7天提醒文化文史和学习委员会工作人员；稿件在审稿环节停留超过"
            "14天提醒文史编审。同一事项只提醒一次。",
        },
    )


def backwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archives", "0002_search_bigrams"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
