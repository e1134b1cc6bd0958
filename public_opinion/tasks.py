"""Celery tasks of 社情民意. Safe to run twice: every notification has a dedupe key.

The daily reminder is scheduled by django-celery-beat (the PeriodicTask row of migration
public_opinion/0003; the administrator edits it in /admin/)."""

from __future__ import annotations

from celery import shared_task

from .reminders import run_all


@shared_task(acks_late=True)
def opinion_reminders_task() -> dict[str, int]:
    """Daily: members without an item at the quota points, co-authors who have not
    answered, items waiting too long in the editors' queue."""
    return run_all()
