"""Deployment on more than one server (issue 11): two gunicorn instances on one PostgreSQL
and one Redis serve the same person alternately, as a load balancer would send his requests.
He logs in on A and stays logged in on B; a file uploaded through A downloads from B; a form
of a page from A is posted to B (CSRF); logging out on B logs him out on A; and when
PostgreSQL drops every connection (a restart), both recover without a restart of their own.

Both servers run config.settings as production does (DEBUG=0, REDIS_URL) and share one
MEDIA_ROOT, as servers share an NFS mount; with STORAGE_S3_BUCKET they would share a bucket
(tests/test_deployment.py checks that setting).
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
import redis
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from committees.models import ActivityOutput
from portal.models import Notification, User

from . import committee_work_helpers as h
from .factories import PASSWORD
from .servers import REDIS_URL, answers, free_port, production_env, stop, wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

GUNICORN = Path(sys.executable).with_name("gunicorn")
PDF = b"%PDF-1.4\n% two servers " + uuid.uuid4().hex.encode() + b"\n%%EOF\n"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    """Collected static files with their manifest, as DEBUG=0 serves them."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=production_env(STATIC_ROOT=str(root), DATABASE_URL="postgres://unused/x"),
        check=True,
        timeout=300,
    )
    return root


@pytest.fixture
def servers(tmp_path: Path, static_root: Path) -> Iterator[tuple[str, str]]:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL} ({error}); start redis-server")
    media = tmp_path / "shared-media"
    media.mkdir()
    env = production_env(
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media),
        DB_CONN_MAX_AGE="60",
        AXES_FAILURE_LIMIT="50",
    )
    processes, bases = [], []
    for name in ("a", "b"):
        port = free_port()
        log = tmp_path / f"gunicorn-{name}.log"
        with log.open("wb") as out:
            processes.append(
                subprocess.Popen(
                    [str(GUNICORN), "config.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}",
                     "--timeout", "120", "--log-level", "warning"],
                    cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
                )
            )  # fmt: skip
        bases.append((f"http://127.0.0.1:{port}", log))
    try:
        for process, (base, log) in zip(processes, bases, strict=True):
            wait_for(
                lambda b=base, p=process: p.poll() is not None or answers(f"{b}/healthz"),
                f"gunicorn at {base}",
                log,
                timeout=180,
            )
            assert process.poll() is None, log.read_text()
        yield bases[0][0], bases[1][0]
    finally:
        for process in processes:
            stop(process)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def csrf_token(self) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.text).group(1)


class Browser:
    """One person's browser: one cookie jar for both servers (one host name behind a load
    balancer; cookies do not depend on the port)."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def open(self, url: str, data: bytes | None = None, headers: dict | None = None) -> Answer:
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return Answer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read())

    def get(self, url: str) -> Answer:
        return self.open(url)

    def post(self, url: str, fields: dict[str, str], files: dict | None = None) -> Answer:
        if not files:
            body = urllib.parse.urlencode(fields).encode()
            return self.open(url, body, {"Content-Type": "application/x-www-form-urlencoded"})
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.open(url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def terminate_connections_to_the_test_database() -> int:
    """What a PostgreSQL restart does to the servers' kept connections."""
    db = connection.settings_dict
    connection.ensure_connection()
    ours = connection.connection.get_backend_pid()  # the test's own, needed for its teardown
    other = psycopg2.connect(
        dbname="postgres", user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    )
    try:
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> %s",
                [db["NAME"], ours],
            )
            return cursor.fetchone()[0]
    finally:
        other.close()


def test_two_servers_serve_one_person_alternately(org, servers):
    a, b = servers
    staff = org.staff
    # The production hasher (the suite stores fast MD5 hashes the servers do not accept).
    hasher = PBKDF2PasswordHasher()
    User.objects.filter(pk=staff.pk).update(password=hasher.encode(PASSWORD, hasher.salt()))
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    held = h.held_activity(org, day=yesterday, present=[org.member])
    Notification.objects.bulk_create(
        Notification(recipient=staff, title=f"待读通知{i}") for i in range(3)
    )
    browser = Browser()

    # Logs in on A …
    login = browser.get(f"{a}/accounts/login/")
    assert login.status == 200
    answer = browser.post(
        f"{a}/accounts/login/",
        {
            "username": staff.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": login.csrf_token(),
        },
    )
    assert answer.status == 302, answer.text[:500]
    # … and is known on B, then A, then B.
    for base in (b, a, b):
        home = browser.get(f"{base}/")
        assert home.status == 200 and staff.full_name in home.text, base

    # A file uploaded through A downloads from B, byte for byte.
    detail = reverse("committees:activity_detail", args=[held.pk])
    page = browser.get(f"{a}{detail}")
    assert page.status == 200
    answer = browser.post(
        f"{a}{reverse('committees:output_add', args=[held.pk])}",
        {"kind": "minutes", "title": "两台服务器", "csrfmiddlewaretoken": page.csrf_token()},
        files={"file": ("会议纪要.pdf", PDF)},
    )
    assert answer.status == 302, answer.text[:500]
    output = ActivityOutput.objects.get(activity=held)
    download = browser.get(f"{b}{reverse('committees:output_file', args=[output.pk])}")
    assert download.status == 200 and download.body == PDF

    # A form of a page served by A, posted to B: the CSRF token is accepted there.
    page = browser.get(f"{a}{reverse('portal:notification_list')}")
    answer = browser.post(
        f"{b}{reverse('portal:notifications_read_all')}",
        {"csrfmiddlewaretoken": page.csrf_token()},
    )
    assert answer.status == 302
    assert not Notification.objects.filter(recipient=staff, read_at__isnull=True).exists()
    # Without the token B refuses, as A would.
    Notification.objects.create(recipient=staff, title="新的通知")
    assert browser.post(f"{b}{reverse('portal:notifications_read_all')}", {}).status == 403
    assert Notification.objects.filter(recipient=staff, read_at__isnull=True).count() == 1

    # PostgreSQL drops every connection: both servers answer the next request by reconnecting.
    assert terminate_connections_to_the_test_database() >= 1
    for base in (a, b):
        assert browser.get(f"{base}/").status == 200, base

    # Logged out on B, he is logged out on A.
    page = browser.get(f"{b}/")
    assert browser.post(
        f"{b}/accounts/logout/", {"csrfmiddlewaretoken": page.csrf_token()}
    ).status in (200, 302)
    answer = browser.get(f"{a}/")
    assert answer.status == 302 and "/accounts/login/" in answer.headers["Location"]
