"""The daily reminders of committee work in django-celery-beat's tables, so the office's
administrator can change their times (or switch one off) in /admin/."""

from django.db import migrations

# name, task, hour, minute, description
TASKS = [
    (
        "活动前一天提醒（每日）",
        "committees.tasks.remind_tomorrows_activities_task",
        "16",
        "0",
        "提醒受邀委员（请假者除外）第二天的活动；每条提醒只发送一次。",
    ),
    (
        "考勤未登记提醒（每日）",
        "committees.tasks.remind_unrecorded_attendance_task",
        "9",
        "0",
        "活动结束3天后考勤仍未登记完整的，提醒组织方工作人员（谁组织谁记录）。",
    ),
    (
        "待审批超期提醒（每日）",
        "committees.tasks.remind_pending_approvals_task",
        "9",
        "5",
        "计划、总结和重大活动报送超过7天未审批的，提醒分管副主席。",
    ),
]


def forwards(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, hour, minute, description in TASKS:
        schedule, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": schedule, "description": description}
        )


def backwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[row[0] for row in TASKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0003_committee_work"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
