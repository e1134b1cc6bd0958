"""Redis down, for the fault tests: the cache and the Celery broker point at a port where
nothing listens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from config.celery import app

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@contextmanager
def redis_is_down(settings) -> Iterator[None]:
    """`settings` is pytest-django's fixture (restored after the test)."""
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
