"""Celery tasks of the portal app. Tasks take ids and are safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.db import transaction

from .deliveries import deliveries_create, deliveries_enqueue, deliveries_requeue, delivery_send
from .models import EmailDelivery, Notification


class DeliveryRetry(Exception):
    """The mail server could not take the message now: Celery retries with back-off."""


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(DeliveryRetry,),
    retry_backoff=getattr(settings, "EMAIL_RETRY_BACKOFF", 30),
    retry_backoff_max=getattr(settings, "EMAIL_RETRY_BACKOFF_MAX", 1800),
    retry_jitter=True,
    max_retries=getattr(settings, "EMAIL_MAX_RETRIES", 8),
)
def send_email_delivery_task(self, delivery_id: int) -> str:
    """Send one notification e-mail (portal.deliveries). Delivered twice, it sends once; a
    server that cannot be reached is retried after about 30 s, 1, 2, 4 … minutes (at most
    EMAIL_RETRY_BACKOFF_MAX apart, randomised); after the last try it is recorded as failed."""
    status = delivery_send(delivery_id, last_try=self.request.retries >= self.max_retries)
    if status == EmailDelivery.Status.RETRYING:
        raise DeliveryRetry(f"邮件投递 {delivery_id} 暂时无法发送")
    return status


@shared_task(acks_late=True)
def requeue_deliveries_task() -> int:
    """Beat job: queue again the deliveries left 待发送 (the broker was down at commit)."""
    return deliveries_requeue()


@shared_task(acks_late=True)
def send_notification_emails_task(notification_ids: list[int]) -> int:
    """Messages of the previous release, still queued at an upgrade: each notification not
    yet e-mailed gets its delivery, which is queued."""
    with transaction.atomic():
        notifications = Notification.objects.filter(
            pk__in=notification_ids, emailed_at__isnull=True
        ).select_related("recipient")
        created = deliveries_create(notifications, existing=True)
    return deliveries_enqueue([d.pk for d in created])


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
