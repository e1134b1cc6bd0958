"""Celery tasks of notices. They take ids (or nothing) and are safe to run twice: every
notification has a dedupe key, so nobody is told twice.

The reply reminder is scheduled by django-celery-beat (the PeriodicTask row of migration
notices/0002; the administrator edits it in /admin/)."""

from __future__ import annotations

from celery import shared_task

from .models import Notice
from .services import notify_recipients, remind_due_replies


@shared_task(acks_late=True)
def send_notice_task(notice_id: int) -> int:
    """The notifications of a published notice, to every recipient with a login."""
    notice = Notice.objects.filter(pk=notice_id, status=Notice.Status.PUBLISHED).first()
    return notify_recipients(notice) if notice is not None else 0


@shared_task(acks_late=True)
def remind_replies_task() -> int:
    """Hourly: remind members who have not answered a reply slip due soon."""
    return remind_due_replies()
