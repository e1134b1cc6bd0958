"""Notification e-mails are never lost (issue 11): one delivery per notification and
address, committed with the notification, sent by its own task, retried with back-off,
recorded, a bad one never blocking the others, never sent twice; the beat job queues what
the broker did not take; the office sees and retries them in /admin/.

Celery is eager here (retries run at once); tests/test_celery_worker.py runs a real worker.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from unittest import mock

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from kombu.exceptions import OperationalError as BrokerDown

from portal import deliveries, tasks
from portal.models import EmailDelivery, Notification
from portal.services import notify

from . import mail_backends
from .factories import UserFactory

pytestmark = pytest.mark.django_db
Status = EmailDelivery.Status


@pytest.fixture
def trouble(settings):
    settings.EMAIL_BACKEND = "tests.mail_backends.TroubleBackend"
    mail_backends.REFUSED.clear()
    mail_backends.UNREACHABLE.clear()
    yield mail_backends
    mail_backends.REFUSED.clear()
    mail_backends.UNREACHABLE.clear()


@pytest.fixture
def retries_inline():
    """Eager Celery runs a retry at once; with propagation off (as in a worker) the retry
    is taken instead of raised to the caller."""
    conf = tasks.send_email_delivery_task.app.conf
    saved = conf.task_eager_propagates
    conf.task_eager_propagates = False
    yield
    conf.task_eager_propagates = saved


def people(*names: str):
    return [UserFactory(username=name, email=f"{name}@example.cn") for name in names]


def statuses() -> dict[str, tuple[str, int]]:
    return {d.email: (d.status, d.attempts) for d in EmailDelivery.objects.all()}


def raw_delivery(user, title: str) -> EmailDelivery:
    """A notification stored as it is, whatever notify() would make of its title."""
    notification = Notification.objects.create(recipient=user, title=title, body="正文")
    return EmailDelivery.objects.create(notification=notification, email=user.email)


# Created with the notification --------------------------------------------------------------


def test_the_deliveries_commit_with_the_notifications(
    django_capture_on_commit_callbacks, mailoutbox
):
    alice, bob = people("alice", "bob")
    nobody = UserFactory(username="carol", email="")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[alice, bob, nobody], title="提案已立案", url="/proposals/1/")
    # Before the commit's callbacks run: both deliveries exist, 待发送, nothing sent.
    assert statuses() == {
        "alice@example.cn": (Status.PENDING, 0),
        "bob@example.cn": (Status.PENDING, 0),
    }
    assert mailoutbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert statuses() == {
        "alice@example.cn": (Status.SENT, 1),
        "bob@example.cn": (Status.SENT, 1),
    }
    assert sorted(m.to[0] for m in mailoutbox) == ["alice@example.cn", "bob@example.cn"]
    sent = EmailDelivery.objects.get(email="alice@example.cn")
    assert sent.sent_at is not None and sent.notification.emailed_at == sent.sent_at


def test_a_rolled_back_notification_leaves_no_delivery(django_capture_on_commit_callbacks):
    [alice] = people("alice")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(recipients=[alice], title="不会发出")
            raise RuntimeError("the service failed after notifying")
    assert callbacks == []
    assert not EmailDelivery.objects.exists() and not Notification.objects.exists()


def test_one_delivery_per_notification_and_address():
    [alice] = people("alice")
    [notification] = notify(recipients=[alice], title="通知")
    assert EmailDelivery.objects.filter(notification=notification).count() == 1
    assert deliveries.deliveries_create([notification], existing=True) == [
        EmailDelivery.objects.get(notification=notification)
    ]
    assert EmailDelivery.objects.count() == 1


# A bad message fails alone ------------------------------------------------------------------


def test_a_refused_address_and_a_bad_header_do_not_block_the_batch(trouble, mailoutbox):
    alice, refused, crlf, broken, bob = people("alice", "refused", "crlf", "broken", "bob")
    trouble.REFUSED.add("refused@example.cn")
    batch = [
        raw_delivery(alice, "第一条"),
        raw_delivery(refused, "第二条"),
        # A title stored with a line break: the subject is sent on one line, nothing injected.
        raw_delivery(crlf, "标题\r\nBcc: victim@example.cn"),
        # A message that cannot be built at all: a header with a line break (a corrupt row).
        raw_delivery(broken, "第四条"),
        raw_delivery(bob, "第五条"),
    ]
    EmailDelivery.objects.filter(pk=batch[3].pk).update(email="broken@example.cn\nBcc: x@y.cn")
    assert deliveries.deliveries_enqueue([d.pk for d in batch]) == 5
    assert statuses() == {
        "alice@example.cn": (Status.SENT, 1),
        "refused@example.cn": (Status.FAILED, 1),
        "crlf@example.cn": (Status.SENT, 1),
        "broken@example.cn\nBcc: x@y.cn": (Status.FAILED, 1),
        "bob@example.cn": (Status.SENT, 1),
    }
    assert sorted(m.to[0] for m in mailoutbox) == [
        "alice@example.cn",
        "bob@example.cn",
        "crlf@example.cn",
    ]
    errors = dict(EmailDelivery.objects.values_list("email", "last_error"))
    assert errors["refused@example.cn"].startswith("SMTPRecipientsRefused")
    assert errors["broken@example.cn\nBcc: x@y.cn"].startswith(("BadHeaderError", "ValueError"))
    assert errors["alice@example.cn"] == ""
    [injected] = [m for m in mailoutbox if m.to == ["crlf@example.cn"]]
    assert injected.subject == "【履职通】标题 Bcc: victim@example.cn"
    assert "\n" not in injected.message()["Subject"]
    assert all(m.bcc == [] for m in mailoutbox)


# Retries ------------------------------------------------------------------------------------


def test_an_unreachable_server_is_retried_and_each_attempt_recorded(
    trouble, mailoutbox, retries_inline
):
    [alice] = people("alice")
    trouble.UNREACHABLE["alice@example.cn"] = 2
    delivery = raw_delivery(alice, "会议通知")
    tasks.send_email_delivery_task.delay(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.SENT, 3)
    assert delivery.last_error == "" and len(mailoutbox) == 1


def test_a_server_that_never_answers_ends_failed_after_the_last_retry(
    trouble, mailoutbox, retries_inline
):
    [alice] = people("alice")
    trouble.UNREACHABLE["alice@example.cn"] = 1000
    delivery = raw_delivery(alice, "会议通知")
    tasks.send_email_delivery_task.delay(delivery.pk)  # eager: every retry at once
    delivery.refresh_from_db()
    task = tasks.send_email_delivery_task
    assert (delivery.status, delivery.attempts) == (Status.FAILED, task.max_retries + 1)
    assert delivery.last_error.startswith("ConnectionRefusedError")
    assert mailoutbox == []


def test_one_try_of_an_unreachable_server_leaves_it_retrying(trouble):
    [alice] = people("alice")
    trouble.UNREACHABLE["alice@example.cn"] = 1
    delivery = raw_delivery(alice, "会议通知")
    assert deliveries.delivery_send(delivery.pk, last_try=False) == Status.RETRYING
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.RETRYING, 1)
    assert delivery.last_error.startswith("ConnectionRefusedError")
    # The task asks Celery for a retry with exponential back-off, acknowledged late.
    task = tasks.send_email_delivery_task
    assert task.autoretry_for == (tasks.DeliveryRetry,)
    assert task.retry_backoff and task.retry_backoff_max and task.acks_late
    assert deliveries.delivery_send(delivery.pk, last_try=False) == Status.SENT


# Never twice --------------------------------------------------------------------------------


def test_a_delivery_runs_twice_and_sends_once(mailoutbox):
    [alice] = people("alice")
    delivery = raw_delivery(alice, "通知")
    assert tasks.send_email_delivery_task.delay(delivery.pk).get() == Status.SENT
    assert tasks.send_email_delivery_task.delay(delivery.pk).get() == "skipped"
    assert len(mailoutbox) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_a_failed_delivery_is_not_sent_by_a_redelivered_message(trouble, mailoutbox):
    [alice] = people("alice")
    trouble.REFUSED.add("alice@example.cn")
    delivery = raw_delivery(alice, "通知")
    tasks.send_email_delivery_task.delay(delivery.pk)
    trouble.REFUSED.clear()
    assert tasks.send_email_delivery_task.delay(delivery.pk).get() == "skipped"
    assert mailoutbox == []
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.FAILED, 1)


def test_a_missing_delivery_is_skipped(mailoutbox):
    assert tasks.send_email_delivery_task.delay(987654321).get() == "skipped"
    assert mailoutbox == []


# The broker is down -------------------------------------------------------------------------


def test_a_broker_down_at_commit_leaves_them_pending_for_the_beat_job(
    django_capture_on_commit_callbacks, mailoutbox
):
    alice, bob = people("alice", "bob")
    task = tasks.send_email_delivery_task
    with mock.patch.object(task, "delay", side_effect=BrokerDown("Error 111 connecting")) as delay:
        with django_capture_on_commit_callbacks(execute=True):
            notify(recipients=[alice, bob], title="活动提醒")  # no exception
    assert delay.call_count == 1  # it gave up at the first refusal
    assert set(statuses().values()) == {(Status.PENDING, 0)} and mailoutbox == []
    # The beat job leaves recent ones to their own task, then queues the stuck ones.
    assert deliveries.deliveries_requeue() == 0
    later = timezone.now() + dt.timedelta(minutes=6)
    assert deliveries.deliveries_requeue(now=later) == 2
    assert set(statuses().values()) == {(Status.SENT, 1)}
    assert len(mailoutbox) == 2
    assert deliveries.deliveries_requeue(now=later + dt.timedelta(hours=3)) == 0


def test_the_beat_job_is_registered_and_requeues_long_silent_retries(mailoutbox):
    if not PeriodicTask.objects.filter(task="portal.tasks.requeue_deliveries_task").exists():
        # A transactional test before this one flushed the row its migration wrote.
        import_module("portal.migrations.0011_requeue_deliveries_schedule").forwards(apps, None)
    job = PeriodicTask.objects.get(task="portal.tasks.requeue_deliveries_task")
    assert job.enabled and job.interval.every == 5 and job.interval.period == "minutes"
    [alice] = people("alice")
    delivery = raw_delivery(alice, "通知")
    EmailDelivery.objects.filter(pk=delivery.pk).update(status=Status.RETRYING, attempts=2)
    assert tasks.requeue_deliveries_task() == 0  # its retry message is still due
    later = timezone.now() + dt.timedelta(hours=3)
    assert deliveries.deliveries_requeue(now=later) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Status.SENT, 3)


def test_a_message_of_the_previous_release_still_sends(mailoutbox):
    alice, bob = people("alice", "bob")
    created = notify(recipients=[alice, bob], title="旧消息", email=False)
    assert tasks.send_notification_emails_task([n.pk for n in created]) == 2
    assert tasks.send_notification_emails_task([n.pk for n in created]) == 0
    assert len(mailoutbox) == 2


# The office in /admin/ ----------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    root = get_user_model().objects.create_superuser("root", "root@example.cn", "x")
    client.force_login(root)
    return client


def test_the_admin_lists_filters_searches_and_retries(
    admin_client, trouble, mailoutbox, django_capture_on_commit_callbacks
):
    alice, refused = people("alice", "refused")
    trouble.REFUSED.add("refused@example.cn")
    sent, failed = raw_delivery(alice, "已发"), raw_delivery(refused, "被拒")
    deliveries.deliveries_enqueue([sent.pk, failed.pk])
    url = reverse("admin:portal_emaildelivery_changelist")
    page = admin_client.get(url, {"status__exact": "failed"})
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [failed]
    assert "SMTPRecipientsRefused" in page.content.decode()
    found = admin_client.get(url, {"q": "alice@"})
    assert list(found.context["cl"].result_list) == [sent]
    # The server takes the address again; the office retries the failed one.
    trouble.REFUSED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"action": "retry", "_selected_action": [sent.pk, failed.pk]}, follow=True
        )
    assert "已将 1 封邮件重新加入发送队列" in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.SENT, 2)
    assert sorted(m.to[0] for m in mailoutbox) == ["alice@example.cn", "refused@example.cn"]


def test_the_admin_does_not_edit_deliveries(admin_client):
    [alice] = people("alice")
    delivery = raw_delivery(alice, "通知")
    change = reverse("admin:portal_emaildelivery_change", args=[delivery.pk])
    response = admin_client.post(change, {"status": "sent", "email": "x@example.cn"})
    assert response.status_code in (200, 403)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.email) == (Status.PENDING, "alice@example.cn")
    assert admin_client.get(reverse("admin:portal_emaildelivery_add")).status_code == 403
