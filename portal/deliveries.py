"""E-mail deliveries of notifications (`portal.models.EmailDelivery`): created with the
notification, sent one by one by a Celery task, retried, recorded, never sent twice.

- `deliveries_create` runs inside the caller's transaction (`notify`): the state change,
  the in-app notification and the delivery rows commit together, or none of them.
- `deliveries_enqueue` runs after the commit and sends one task message per delivery. If
  the broker cannot be reached the request still succeeds: the rows stay 待发送 and the
  beat job (`deliveries_requeue`) queues them again.
- `delivery_send` is the task's body. It locks the row and skips it unless it is still to
  be sent, so a message delivered twice (a worker killed mid-task, the broker redelivering
  it after the visibility timeout) sends one e-mail. A message the mail server refuses, or
  one that cannot be built (a bad header), fails alone, with its error recorded; a server
  that cannot be reached makes it 重试中 and Celery retries it with back-off.

The only window for a duplicate is a worker killed after the mail server accepted the
message and before the row's commit (milliseconds): delivery is at least once.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from .inputs import one_line
from .models import EmailDelivery, Notification
from .queue import BROKER_ERRORS

log = logging.getLogger(__name__)

Status = EmailDelivery.Status

# Refusals that another attempt will not change: the message itself is wrong (a header
# with a line break raises BadHeaderError, a ValueError) or the server refuses the address.
PERMANENT_ERRORS: tuple[type[BaseException], ...] = (
    ValueError,
    UnicodeError,
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPNotSupportedError,
)


def deliveries_create(
    notifications: Iterable[Notification], *, existing: bool = False
) -> list[EmailDelivery]:
    """One delivery per notification whose recipient has an address, in the caller's
    transaction (one INSERT). `existing`: the notifications may already have theirs (they
    were committed before), which are left alone and not returned."""
    rows = [
        EmailDelivery(notification=n, email=n.recipient.email.strip())
        for n in notifications
        if n.recipient.email and n.recipient.email.strip()
    ]
    if not rows:
        return []
    if not existing:
        # New notifications of this transaction: nobody else can have their deliveries.
        return EmailDelivery.objects.bulk_create(rows)
    EmailDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return list(
        EmailDelivery.objects.filter(
            notification__in=[row.notification for row in rows], status=Status.PENDING
        )
    )


def deliveries_enqueue(ids: Iterable[int]) -> int:
    """Send one task message per delivery; returns how many were queued. Never raises: a
    broker that cannot be reached leaves the rest 待发送 for the beat job."""
    from .tasks import send_email_delivery_task

    ids = list(ids)
    queued = 0
    for pk in ids:
        try:
            send_email_delivery_task.delay(pk)
        except BROKER_ERRORS:
            log.warning("消息队列不可用，%d 封邮件待定时任务重新加入队列", len(ids) - queued)
            break  # the others would wait for the broker too
        except Exception:  # run eagerly (the demo), the task itself failed
            log.exception("邮件投递 %s 发送出错", pk)
            continue
        queued += 1
    return queued


def deliveries_enqueue_on_commit(deliveries: Iterable[EmailDelivery | int]) -> None:
    """Queue the deliveries (or their ids) once the transaction commits."""
    ids = [d if isinstance(d, int) else d.pk for d in deliveries]
    if ids:
        transaction.on_commit(lambda: deliveries_enqueue(ids))


def _message(delivery: EmailDelivery) -> EmailMessage:
    notification = delivery.notification
    link = f"{settings.SITE_URL}{notification.url}" if notification.url else ""
    return EmailMessage(
        # One line, whatever was stored: a line break would make BadHeaderError.
        subject=one_line(f"【履职通】{notification.title}"),
        body="\n\n".join(filter(None, [notification.body, link])),
        to=[delivery.email],
    )


def _is_permanent(error: BaseException) -> bool:
    if isinstance(error, PERMANENT_ERRORS):
        return True
    # 5xx answers of the server are final; 4xx (and a lost connection) are worth a retry.
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def delivery_send(delivery_id: int, *, last_try: bool) -> str:
    """Send one delivery if it is still to be sent; returns its status afterwards, or
    "skipped" when there was nothing to do (sent, failed, gone, or locked by a concurrent
    run of the same delivery)."""
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notification")
            .filter(pk=delivery_id, status__in=[Status.PENDING, Status.RETRYING])
            .first()
        )
        if delivery is None:
            return "skipped"
        delivery.attempts += 1
        try:
            _message(delivery).send()
        except SoftTimeLimitExceeded as error:
            delivery.status = Status.FAILED if last_try else Status.RETRYING
            delivery.last_error = _describe(error)
        except Exception as error:
            if _is_permanent(error) or not isinstance(error, OSError) or last_try:
                delivery.status = Status.FAILED
            else:
                delivery.status = Status.RETRYING
            delivery.last_error = _describe(error)
            log.warning("邮件投递 %s（%s）失败：%s", delivery.pk, delivery.email, error)
        else:
            delivery.status = Status.SENT
            delivery.sent_at = timezone.now()
            delivery.last_error = ""
            Notification.objects.filter(pk=delivery.notification_id).update(
                emailed_at=delivery.sent_at
            )
        delivery.save(update_fields=["status", "attempts", "last_error", "sent_at", "updated_at"])
        return delivery.status


def deliveries_stuck(*, now: dt.datetime | None = None) -> QuerySet[EmailDelivery]:
    """Deliveries no task is looking after: 待发送 for more than `EMAIL_REQUEUE_AFTER`
    seconds (the broker was down at commit time, or the message was lost), or 重试中 with no
    attempt for longer than the longest back-off."""
    now = now or timezone.now()
    pending_since = now - dt.timedelta(seconds=settings.EMAIL_REQUEUE_AFTER)
    retrying_since = now - dt.timedelta(seconds=2 * settings.EMAIL_RETRY_BACKOFF_MAX)
    return EmailDelivery.objects.filter(
        Q(status=Status.PENDING, updated_at__lt=pending_since)
        | Q(status=Status.RETRYING, updated_at__lt=retrying_since)
    )


def deliveries_requeue(*, now: dt.datetime | None = None, limit: int = 1000) -> int:
    """The beat job: queue the stuck deliveries again (oldest first). A delivery queued
    twice is sent once (the task locks and checks it)."""
    ids = list(
        deliveries_stuck(now=now).order_by("updated_at", "pk").values_list("pk", flat=True)[:limit]
    )
    if ids:
        # Touch them, so the next run does not queue them again while they wait in line.
        EmailDelivery.objects.filter(pk__in=ids).update(updated_at=timezone.now())
    return deliveries_enqueue(ids)


@transaction.atomic
def deliveries_retry(deliveries: QuerySet[EmailDelivery]) -> int:
    """The office retries failed deliveries (admin action): they are 待发送 again and
    queued after the commit. Sent ones are never sent again."""
    ids = list(
        deliveries.select_for_update()
        .filter(status__in=[Status.FAILED, Status.RETRYING, Status.PENDING])
        .values_list("pk", flat=True)
    )
    EmailDelivery.objects.filter(pk__in=ids).update(
        status=Status.PENDING, updated_at=timezone.now()
    )
    deliveries_enqueue_on_commit(ids)
    return len(ids)
