"""Celery tasks of 文史资料. Safe to run twice: every reminder has a dedupe key, so nobody
is told twice. Scheduled daily by django-celery-beat (migration archives/0003)."""

from __future__ import annotations

from celery import shared_task

from .services import remind


@shared_task(acks_late=True)
def remind_archives_task() -> int:
    """Calls closing within a week (the committee's staff) and manuscripts waiting for a
    review step longer than ARCHIVES_REVIEW_WAIT_DAYS (the editors)."""
    return remind()
