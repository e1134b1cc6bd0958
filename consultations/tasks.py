"""Celery tasks of 协商, scheduled by django-celery-beat (the PeriodicTask row of migration
consultations/0002; the administrator edits it in /admin/). Safe to run twice: every
reminder has a dedupe key, so nobody is told twice."""

from __future__ import annotations

from celery import shared_task

from .services import remind_overdue_feedback, remind_research


@shared_task(acks_late=True)
def remind_consultations_task() -> int:
    """Daily: research not done a week before the meeting; feedback past its deadline."""
    return remind_research() + remind_overdue_feedback()
