"""A real Celery worker, Redis broker and PostgreSQL (QUALITY 14, issue 11).

The rest of the suite runs Celery eagerly; these tests start `celery -A config worker` as
subprocesses with the production settings module and send the e-mail delivery tasks through
Redis: the same message delivered twice sends one e-mail, and a worker killed with SIGKILL
in the middle of a batch loses nothing and duplicates nothing once another worker takes the
redelivered messages.
"""

from __future__ import annotations

import email
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from email.header import decode_header, make_header
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from config.celery import app
from portal.deliveries import deliveries_create
from portal.models import EmailDelivery
from portal.services import notify
from portal.tasks import send_email_delivery_task

from .factories import UserFactory
from .servers import REDIS_URL, production_env, stop, wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CELERY = Path(sys.executable).with_name("celery")
VISIBILITY_TIMEOUT = 4  # seconds before an unacknowledged message is delivered again
Status = EmailDelivery.Status


@pytest.fixture
def broker() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL} ({error}); start redis-server")
    yield client
    client.close()


@pytest.fixture
def queue(broker: redis.Redis) -> Iterator[str]:
    """A queue name of our own, so that no other worker or test run takes our messages."""
    name = f"test-notifications-{uuid.uuid4().hex[:12]}"
    yield name
    for key in broker.scan_iter(match="*"):
        if name.encode() in key:
            broker.delete(key)
        elif key.startswith(b"_kombu.binding.") and broker.type(key) == b"set":
            for member in broker.smembers(key):
                if name.encode() in member:
                    broker.srem(key, member)


@pytest.fixture
def mail_dir(tmp_path: Path) -> Path:
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def start_worker(
    tmp_path: Path, queue: str, mail_dir: Path
) -> Iterator[Callable[..., tuple[subprocess.Popen, Path]]]:
    """Start a worker on our queue, writing each e-mail to a file in `mail_dir`."""
    started: list[subprocess.Popen] = []

    def start(name: str, **env: str) -> tuple[subprocess.Popen, Path]:
        log = tmp_path / f"{name}.log"
        environment = production_env(
            **{
                "DEBUG": "1",
                "DB_CONN_MAX_AGE": "0",
                "LOG_LEVEL": "INFO",
                "EMAIL_BACKEND": "tests.mail_backends.UniqueFileBackend",
                "EMAIL_FILE_PATH": str(mail_dir),
                "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
                **env,
            }
        )
        command = [
            str(CELERY), "-A", "config", "worker", "-P", "solo", "-l", "info",
            "--without-heartbeat", "--without-gossip", "--without-mingle",
            "-Q", queue, "-n", f"{name}-{queue}@%h",
        ]  # fmt: skip
        with log.open("wb") as out:
            process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=environment,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        started.append(process)
        wait_for(
            lambda: process.poll() is not None or " ready." in log.read_text(),
            f"worker {name} to start",
            log,
        )
        assert process.poll() is None, f"the worker exited:\n{log.read_text()}"
        return process, log

    yield start
    for process in started:
        stop(process)


@pytest.fixture
def real_broker() -> Iterator[None]:
    """Send tasks through Redis instead of running them in-process, then restore."""
    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = REDIS_URL
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved


def send(delivery_id: int, queue: str, task_id: str | None = None) -> None:
    with app.connection_for_write(REDIS_URL) as conn:
        send_email_delivery_task.apply_async(
            args=[delivery_id], queue=queue, task_id=task_id, connection=conn
        )


def sending_now() -> int:
    """Workers holding a delivery's row lock while the slow server takes its message: their
    transaction is open and idle. (Asking with SELECT … FOR UPDATE would lock rows the
    worker must not find locked.)"""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND state = 'idle in transaction' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def read_mail(path: Path) -> email.message.Message:
    raw = path.read_bytes().split(b"\n" + b"-" * 79 + b"\n")[0]
    return email.message_from_bytes(raw)


def mails(mail_dir: Path) -> list[email.message.Message]:
    return [read_mail(path) for path in sorted(mail_dir.iterdir())]


def test_a_task_delivered_twice_sends_one_email(start_worker, queue, mail_dir, real_broker):
    _process, log = start_worker("solo")
    user = UserFactory(username="worker-test", email="worker-test@example.cn")
    [notification] = notify(
        recipients=[user], title="集成测试通知", body="来自真实的 worker。", email=False
    )
    [delivery] = deliveries_create([notification])

    def sent() -> bool:
        delivery.refresh_from_db()
        return delivery.status == Status.SENT

    task_id = str(uuid.uuid4())
    send(delivery.pk, queue, task_id)
    wait_for(sent, "the worker to send the e-mail", log)
    wait_for(lambda: f"[{task_id}] succeeded" in log.read_text(), "the task to finish", log)
    first_sent_at = delivery.sent_at
    [message] = mails(mail_dir)
    assert message["To"] == "worker-test@example.cn"
    assert str(make_header(decode_header(message["Subject"]))) == "【履职通】集成测试通知"

    # The broker delivers the same message again (a redelivery after a lost ack).
    send(delivery.pk, queue, task_id)
    wait_for(
        lambda: log.read_text().count(f"[{task_id}] succeeded") == 2,
        "the redelivered task to finish",
        log,
    )
    assert len(mails(mail_dir)) == 1
    delivery.refresh_from_db()
    assert (delivery.sent_at, delivery.attempts) == (first_sent_at, 1)
    results = [
        line.rsplit(":", 1)[1].strip()
        for line in log.read_text().splitlines()
        if f"[{task_id}] succeeded" in line
    ]
    assert results == ["'sent'", "'skipped'"]


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    start_worker, queue, mail_dir, real_broker
):
    """Six deliveries, each queued twice (the beat job and the commit both queued it): a
    slow mail server (2 s a message), the first worker is killed with SIGKILL after two
    e-mails, holding unacknowledged messages; a second worker takes them after the
    visibility timeout. In the end: exactly one e-mail per delivery."""
    users = [UserFactory(username=f"batch{i}", email=f"batch{i}@example.cn") for i in range(6)]
    created = notify(recipients=users, title="批量通知", email=False)
    batch = deliveries_create(created)
    first, first_log = start_worker("first", EMAIL_BACKEND="tests.mail_backends.SlowFileBackend",
                                    EMAIL_SLOW_SECONDS="2")  # fmt: skip
    for delivery in batch * 2:
        send(delivery.pk, queue)
    wait_for(
        lambda: (
            EmailDelivery.objects.filter(status=Status.SENT).count() >= 2 and sending_now() == 1
        ),
        "two e-mails sent and the worker in the middle of the next one",
        first_log,
        timeout=60,
    )
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    killed_with = len(list(mail_dir.iterdir()))
    assert 2 <= killed_with < 6
    time.sleep(1)  # PostgreSQL sees the dead connection and rolls its transaction back
    statuses = list(EmailDelivery.objects.values_list("status", flat=True))
    assert statuses.count(Status.SENT) == killed_with
    assert statuses.count(Status.PENDING) == 6 - killed_with  # the one in hand rolled back

    time.sleep(VISIBILITY_TIMEOUT + 1)  # the killed worker's messages are visible again
    _second, second_log = start_worker("second")
    wait_for(
        lambda: not EmailDelivery.objects.exclude(status=Status.SENT).exists(),
        "the second worker to send the rest",
        second_log,
        timeout=90,
    )
    # Let it drain the duplicates too, then count.
    wait_for(
        lambda: second_log.read_text().count(" succeeded in ") >= 12 - killed_with,
        "the second worker to run the remaining messages",
        second_log,
        timeout=60,
    )
    recipients = sorted(message["To"] for message in mails(mail_dir))
    assert recipients == sorted(user.email for user in users)
    assert set(EmailDelivery.objects.values_list("attempts", flat=True)) == {1}
