"""The daily 社情民意 reminder in django-celery-beat's tables, so the administrator can
change its schedule (or switch it off) in /admin/."""

from django.db import migrations

TASK = "public_opinion.tasks.opinion_reminders_task"
NAME = "社情民意提醒（每天）"


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="20",
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
            "description": "到6月30日、9月30日、11月30日仍未报送社情民意信息的委员；"
            "3天未答复的联名作者；待受理超过7天的信息（提醒信息编辑）。每件事只提醒一次。",
        },
    )


def backwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("public_opinion", "0002_defaults_and_trigram"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
