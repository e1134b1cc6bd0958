"""Faults seen from a request (issue 11), in transactional tests: Redis down while a person
works; PostgreSQL's connection killed, or PostgreSQL unreachable, between two requests.
(Transactional: the request's commit and its on-commit tasks run as in production.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import psycopg2
import pytest
from django.core.cache import cache
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from committees.models import WorkPlan
from config.celery import app
from portal import deliveries
from portal.models import EmailDelivery, Notification

from .committee_work_helpers import plan
from .faults_helpers import redis_is_down

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def redis_down(settings) -> Iterator[None]:
    with redis_is_down(settings):
        yield


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


def test_a_killed_database_connection_is_replaced_without_a_restart(org, kept_connections):
    client = ServerClient()
    client.force_login(org.office)
    assert client.get("/").status_code == 200
    pid = connection.connection.get_backend_pid()  # kept after the request
    terminate(pid)
    response = client.get("/")
    assert response.status_code == 200
    assert connection.connection.get_backend_pid() != pid


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
