"""What the in-process benchmarks (bench_proposals.py, bench_quotas.py) share: Django set
up against the benchmark database, the median of repeated runs with the query count of
one more, and pages fetched through Django's test client as a logged-in role."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    """Django on the benchmark database (override with DATABASE_URL)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/luzhitong_bench")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()


def measure(fn: Callable[[], object], repeat: int) -> tuple[float, int, object]:
    """Median milliseconds over `repeat` runs (after one warm-up), queries of one run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as captured:
        fn()
    return statistics.median(times), len(captured), result


def client_for(username: str | None):
    """A test client logged in once as `username` (None: anonymous), so that timings are
    of the page, not of logging in."""
    from django.test import Client

    from portal.models import User

    client = Client()
    if username is not None:
        client.force_login(User.objects.get(username=username))
    return client


def page(client, url: str) -> Callable[[], int]:
    """A GET of `url` that must answer 200; returns the body's length."""

    def get() -> int:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        return len(response.content)

    return get
