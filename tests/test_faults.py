"""Faults (issue 11): PostgreSQL unreachable gives a clean 503 and the portal recovers by
itself; Redis down, pages still work (the cache misses) and a change whose tasks cannot be
queued is still saved, its e-mails sent later by the beat job."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import psycopg2
import pytest
import redis
from django.core.cache import cache
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from committees.models import WorkPlan
from config.celery import app
from portal import deliveries, queue, tasks
from portal.cache import TolerantRedisCache
from portal.models import EmailDelivery, Notification

from .committee_work_helpers import plan

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


# Redis down ---------------------------------------------------------------------------------


def test_the_tolerant_cache_misses_and_drops_writes_when_redis_is_down():
    dead = TolerantRedisCache(DEAD_REDIS, {"OPTIONS": {"socket_connect_timeout": 0.5}})
    assert dead.get("k") is None and dead.get("k", "默认") == "默认"
    assert dead.set("k", 1) is None and dead.add("k", 1) is False
    assert dead.get_many(["a", "b"]) == {} and dead.set_many({"a": 1}) == ["a"]
    assert dead.incr("n") == 1 and dead.has_key("k") is False
    assert dead.delete("k") is False and dead.get_or_set("k", 5) == 5


def test_the_tolerant_cache_is_a_real_cache_when_redis_is_up():
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError as error:
        pytest.skip(f"Redis is not reachable at {url} ({error})")
    live = TolerantRedisCache(url, {"KEY_PREFIX": f"faults-{os.getpid()}"})
    live.set("k", {"a": 1})
    assert live.get("k") == {"a": 1}
    assert live.add("n", 1) is True and live.incr("n", 2) == 3
    live.delete_many(["k", "n"])
    assert live.get("k") is None and live.get("n") is None


@pytest.fixture
def redis_down(settings) -> Iterator[None]:
    """The cache and the broker point at a Redis that does not answer."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.TolerantRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = DEAD_REDIS
    app._pool = app.amqp._producer_pool = None
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        app._pool = app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_with_redis_down_pages_work_and_a_change_keeps_its_emails_for_later(
    org, redis_down, mailoutbox
):
    client = Client(raise_request_exception=False)
    client.force_login(org.office)
    for url in ["/", reverse("proposals:statistics"), reverse("evaluation:board")]:
        assert client.get(url).status_code == 200, url
    assert cache.get("anything", "miss") == "miss"

    draft = plan(org)
    client.force_login(org.staff)
    response = client.post(reverse("committees:plan_submit", args=[draft.pk]))
    assert response.status_code == 302  # the commit stands, no 500 from the broker
    draft.refresh_from_db()
    assert draft.status == WorkPlan.Status.SUBMITTED
    told = Notification.objects.get(recipient=org.vice_chair, target_id=draft.pk)
    [delivery] = EmailDelivery.objects.filter(notification=told)
    assert (delivery.status, delivery.attempts) == (EmailDelivery.Status.PENDING, 0)
    assert mailoutbox == []

    # Redis is back: the beat job's next run sends what waited.
    app.conf.task_always_eager, app.conf.broker_url = True, "memory://"
    later = timezone.now() + dt.timedelta(minutes=10)
    assert deliveries.deliveries_requeue(now=later) >= 1
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT
    assert org.vice_chair.email in [m.to[0] for m in mailoutbox]


def test_a_task_that_must_not_wait_runs_in_the_request_when_the_broker_is_down(
    db, redis_down, mailoutbox
):
    from .factories import UserFactory

    user = UserFactory(email="later@example.cn")
    notification = Notification.objects.create(recipient=user, title="待补发")
    delivery = EmailDelivery.objects.create(
        notification=notification, email=user.email, updated_at=timezone.now()
    )
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        updated_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert queue.enqueue(tasks.requeue_deliveries_task) is False  # nothing runs
    assert queue.enqueue(tasks.requeue_deliveries_task, inline_if_down=True) is True
    # It ran here; the delivery it queued met the same dead broker and still waits.
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.PENDING and mailoutbox == []
    assert delivery.updated_at > timezone.now() - dt.timedelta(minutes=1)


# PostgreSQL down ----------------------------------------------------------------------------


@pytest.fixture
def kept_connections() -> Iterator[None]:
    """Production's connection handling: kept between requests, checked before reuse."""
    saved = {k: connection.settings_dict[k] for k in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")}
    connection.settings_dict.update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)
    connection.close()
    try:
        yield
    finally:
        connection.settings_dict.update(saved)
        connection.close()


class ServerClient(Client):
    """The test client plus what Django's WSGI handler does around every request and the
    test client leaves out: close_old_connections() at its start and end (a kept connection
    is then checked before its first use, a broken one dropped)."""

    def __init__(self) -> None:
        super().__init__(raise_request_exception=False)

    def request(self, **request):
        close_old_connections()
        try:
            return super().request(**request)
        finally:
            close_old_connections()


def terminate(pid: int) -> None:
    """Kill one backend from another connection, as a PostgreSQL restart would."""
    db = connection.settings_dict
    other = psycopg2.connect(
        dbname="postgres", user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    )
    try:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            assert cursor.fetchone()[0] is True
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_a_killed_database_connection_is_replaced_without_a_restart(org, kept_connections):
    client = ServerClient()
    client.force_login(org.office)
    assert client.get("/").status_code == 200
    pid = connection.connection.get_backend_pid()  # kept after the request
    terminate(pid)
    response = client.get("/")
    assert response.status_code == 200
    assert connection.connection.get_backend_pid() != pid


@pytest.mark.django_db(transaction=True)
def test_postgresql_unreachable_answers_a_clean_503_then_recovers(org, kept_connections):
    client = ServerClient()
    client.force_login(org.office)
    assert client.get("/").status_code == 200
    port = connection.settings_dict["PORT"]
    terminate(connection.connection.get_backend_pid())
    connection.settings_dict["PORT"] = "1"  # PostgreSQL is gone
    try:
        for url in ["/", reverse("proposals:statistics"), "/accounts/login/"]:
            response = client.get(url)
            page = response.content.decode()
            assert response.status_code == 503, url
            assert "数据库暂时无法连接" in page and response["Retry-After"] == "30"
            assert "Traceback" not in page and "OperationalError" not in page
        response = client.post(reverse("portal:notifications_read_all"))
        assert response.status_code == 503
    finally:
        connection.settings_dict["PORT"] = port
    assert client.get("/").status_code == 200  # back, no restart
