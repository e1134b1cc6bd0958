"""Faults (issue 11), the parts that need no request: the tolerant Redis cache, and a task
sent while the broker is down. The requests (Redis down while a person works, PostgreSQL
gone between two requests) are in tests/test_faults_requests.py."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator

import pytest
import redis
from django.utils import timezone

from portal import queue, tasks
from portal.cache import TolerantRedisCache
from portal.models import EmailDelivery, Notification

from .faults_helpers import DEAD_REDIS, redis_is_down

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
    with redis_is_down(settings):
        yield


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
