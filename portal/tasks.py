"""Celery tasks of the portal app. Tasks take ids and are safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .inputs import one_line
from .models import Notification


@shared_task(acks_late=True)
def send_notification_emails_task(notification_ids: list[int]) -> int:
    """Email each notification once. A redelivered task finds `emailed_at` set and skips;
    rows locked by a concurrent run are skipped too."""
    sent = 0
    for pk in notification_ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .select_related("recipient")
                .filter(pk=pk, emailed_at__isnull=True)
                .first()
            )
            if notification is None or not notification.recipient.email:
                continue
            link = f"{settings.SITE_URL}{notification.url}" if notification.url else ""
            send_mail(
                # One line, whatever was stored: a line break makes BadHeaderError.
                subject=one_line(f"【履职通】{notification.title}"),
                message="\n\n".join(filter(None, [notification.body, link])),
                from_email=None,
                recipient_list=[notification.recipient.email],
            )
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
            sent += 1
    return sent


@shared_task(
    acks_late=True,
    time_limit=getattr(settings, "JOB_TIME_LIMIT", 1800),
    soft_time_limit=getattr(settings, "JOB_TIME_LIMIT", 1800) - 60,
)
def run_job_task(job_id: int) -> str:
    """Run one background job (portal.jobs). Delivered twice, it runs once."""
    from .jobs import job_run

    job = job_run(job_id)
    return job.status if job is not None else "skipped"
