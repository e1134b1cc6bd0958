"""A real Celery worker, Redis broker and PostgreSQL (QUALITY 14).

The rest of the suite runs Celery eagerly; this test starts `celery -A config worker` as a
subprocess with the production settings module, sends the notification email task
through Redis, and checks that delivering the same task twice sends one email.
"""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from email.header import decode_header, make_header
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection

from config.celery import app
from portal.models import Notification
from portal.services import notify
from portal.tasks import send_notification_emails_task

from .factories import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CELERY = Path(sys.executable).with_name("celery")
WAIT = 30.0  # seconds


def wait_for(condition: Callable[[], bool], what: str, log: Path, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout:g} s waiting for {what}; worker log:\n{log.read_text()}")


def database_url() -> str:
    """The pytest test database, which the worker must use to see the test's rows."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{db['NAME']}"


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
def worker(tmp_path: Path, queue: str) -> Iterator[tuple[subprocess.Popen, Path, Path]]:
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(settings.BASE_DIR),
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": database_url(),
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": REDIS_URL,
        "DEBUG": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    command = [
        str(CELERY), "-A", "config", "worker", "-P", "solo", "-l", "info",
        "--without-heartbeat", "--without-gossip", "--without-mingle",
        "-Q", queue, "-n", f"{queue}@%h",
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_for(
            lambda: process.poll() is not None or " ready." in log.read_text(),
            "the worker to start",
            log,
        )
        assert process.poll() is None, f"the worker exited:\n{log.read_text()}"
        yield process, log, mail_dir
    finally:
        process.send_signal(signal.SIGTERM)  # warm shutdown
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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


def read_mail(path: Path) -> email.message.Message:
    raw = path.read_bytes().split(b"\n" + b"-" * 79 + b"\n")[0]
    return email.message_from_bytes(raw)


def test_a_task_delivered_twice_sends_one_email(worker, queue, real_broker):
    _process, log, mail_dir = worker
    user = UserFactory(username="worker-test", email="worker-test@example.cn")
    [notification] = notify(
        recipients=[user], title="集成测试通知", body="来自真实的 worker。", email=False
    )

    def deliver(task_id: str) -> None:
        with app.connection_for_write(REDIS_URL) as conn:
            send_notification_emails_task.apply_async(
                args=[[notification.pk]], queue=queue, task_id=task_id, connection=conn
            )

    def emailed() -> bool:
        notification.refresh_from_db()
        return notification.emailed_at is not None

    task_id = str(uuid.uuid4())
    deliver(task_id)
    wait_for(emailed, "the worker to email the notification", log)
    wait_for(lambda: f"[{task_id}] succeeded" in log.read_text(), "the task to finish", log)
    first_emailed_at = notification.emailed_at
    [mail] = list(mail_dir.iterdir())
    message = read_mail(mail)
    assert message["To"] == "worker-test@example.cn"
    assert str(make_header(decode_header(message["Subject"]))) == "【履职通】集成测试通知"

    # The broker delivers the same message again (a redelivery after a lost ack).
    deliver(task_id)
    wait_for(
        lambda: log.read_text().count(f"[{task_id}] succeeded") == 2,
        "the redelivered task to finish",
        log,
    )
    assert len(list(mail_dir.iterdir())) == 1
    notification.refresh_from_db()
    assert notification.emailed_at == first_emailed_at
    assert Notification.objects.filter(recipient=user).count() == 1
    results = [
        line.rsplit(":", 1)[1].strip()
        for line in log.read_text().splitlines()
        if f"[{task_id}] succeeded" in line
    ]
    assert results == ["1", "0"]  # emails sent by each delivery
