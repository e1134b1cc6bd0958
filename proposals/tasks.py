"""Celery tasks of the proposals app. Beat runs the reminders daily (a PeriodicTask row
from migration 0004, editable in /admin/); the work and its once-only guarantee live in
proposals.services.reminders."""

from celery import shared_task

from .services import send_due_reminders


@shared_task(acks_late=True)
def proposal_reminders_task() -> dict[str, int]:
    """Safe to run any number of times a day: each reminder is sent once."""
    sent = send_due_reminders()
    return {
        "deadlines": sent.deadlines,
        "signers": sent.signers,
        "ratings": sent.ratings,
        "reviews": sent.reviews,
    }
