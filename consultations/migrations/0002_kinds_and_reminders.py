"""The forms of consultation of §6 (data: the office may add or retire forms in /admin/),
and the daily reminders in django-celery-beat's tables, so the administrator can change
their schedule (or switch them off) in /admin/."""

from django.db import migrations

KINDS = [
    ("plenary", "全体会议期间协商", False),
    ("standing_topic", "专题议政性常委会会议", False),
    ("topic", "专题协商会", False),
    ("counterpart", "对口协商", False),
    ("sector", "界别协商", False),
    ("proposal_handling", "提案办理协商", False),
    ("remote", "远程协商", True),
    ("online", "网络议政", True),
]
TASK = "consultations.tasks.remind_consultations_task"
NAME = "协商提醒：调研未完成、建议反馈逾期（每天）"


def forwards(apps, schema_editor):
    Kind = apps.get_model("consultations", "ConsultationKind")
    for order, (code, name, online) in enumerate(KINDS, start=1):
        Kind.objects.get_or_create(
            code=code, defaults={"name": name, "is_online": online, "order": order}
        )
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="40",
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
            "description": "协商会议前7天调研仍未完成的，提醒牵头专委会工作人员；"
            "建议反馈逾期的，提醒责任部门和专委会工作人员。每件事只提醒一次。",
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
