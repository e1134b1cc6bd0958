"""Celery tasks of the quota board. Daily (django-celery-beat, migration 0003): each body's
board is computed and every unmet quota past a reminder point reminds its people — once,
whatever the number of runs (the notifications' dedupe keys)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from organisation.models import Body

from .selectors import body_board
from .services import send_quota_reminders


@shared_task(acks_late=True)
def quota_reminders_task() -> int:
    """Queue one job per body (each computes its board on its own)."""
    body_ids = list(Body.objects.order_by("pk").values_list("pk", flat=True))
    for body_id in body_ids:
        quota_reminders_body_task.delay(body_id)
    return len(body_ids)


@shared_task(acks_late=True)
def quota_reminders_body_task(body_id: int) -> int:
    body = Body.objects.filter(pk=body_id).first()
    if body is None:
        return 0
    return send_quota_reminders(body_board(body, timezone.localdate()))
