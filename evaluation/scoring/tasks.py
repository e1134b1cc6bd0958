"""Reminders of the annual scoring (Celery beat, migration 0013): from the reminder day
(a setting) on, every member in office who has not submitted the year's 履职报告表 is told
once (the notification's dedupe key)."""

from __future__ import annotations

from celery import shared_task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.selectors import members_in_office_on
from organisation.models import Body
from portal.models import User
from portal.services import Note, notify_many

from ..models import PerformanceReport
from . import conf


def send_report_reminders(body_id: int, today=None) -> int:
    today = today or timezone.localdate()
    year = today.year
    if today < conf.report_reminder_day(year):
        return 0
    done = PerformanceReport.objects.filter(
        year=year,
        status__in=[PerformanceReport.Status.SUBMITTED, PerformanceReport.Status.CONFIRMED],
    ).values("member_id")
    users = User.objects.filter(
        member__in=members_in_office_on(body_id, today).exclude(pk__in=done), is_active=True
    ).select_related("member")
    url = reverse("evaluation:my_report", args=[year])
    title = _("请填报%(year)s年度履职报告表") % {"year": year}
    return notify_many(
        [
            Note(
                recipients=[user],
                title=title,
                url=url,
                dedupe_key=f"performance-report-{year}-{user.member.pk}",
            )
            for user in users
        ]  # fmt: skip
    )


@shared_task(acks_late=True)
def report_reminders_task() -> int:
    return sum(
        send_report_reminders(pk) for pk in Body.objects.order_by("pk").values_list("pk", flat=True)
    )
