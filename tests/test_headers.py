"""Issue 11, headers: a Content-Security-Policy on every page (django-csp; every page of
every role is checked by tests/page_scan.py), and HTTPS mode (`SECURE=1`): secure session
and CSRF cookies, HSTS, and plain HTTP redirected to HTTPS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings
from django.urls import reverse

from .conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
SECURITY_SETTINGS = [
    "SECURE",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
]


def _directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def test_pages_carry_a_policy_that_runs_scripts_of_the_site_only(org, client):
    response = client.get(reverse("login"))
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    client.force_login(org.office)
    page = client.get(reverse("portal:home"))
    assert "Content-Security-Policy" in page
    body = page.content.decode()
    # htmx inserts no <style> and runs no eval; the pages' behaviour is in static JS.
    assert '"includeIndicatorStyles": false' in body and "js/portal.js" in body


def test_error_pages_carry_the_policy_too(org, client):
    client.force_login(org.member_user)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response
    response = client.get(reverse("members:member_list"), {"q": "\x00"})
    assert response.status_code == 400
    assert "Content-Security-Policy" in response


def _settings_with(env: dict[str, str]) -> dict:
    """config.settings as a fresh process reads it with `env` (what production starts)."""
    names = json.dumps(SECURITY_SETTINGS)
    code = (
        "import json, config.settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names}}}))"
    )
    base = {k: v for k, v in os.environ.items() if k not in ("SECURE", "DEBUG", "BEHIND_PROXY")}
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "testserver", **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def secure_settings() -> dict:
    values = _settings_with({"SECURE": "1"})
    assert values["SECURE"] is True
    return values


def test_secure_mode_turns_on_every_https_setting(secure_settings):
    assert secure_settings["SESSION_COOKIE_SECURE"] is True
    assert secure_settings["CSRF_COOKIE_SECURE"] is True
    assert secure_settings["SECURE_SSL_REDIRECT"] is True
    assert secure_settings["SECURE_HSTS_SECONDS"] >= 31536000
    assert secure_settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    plain = _settings_with({"SECURE": "0"})
    assert plain["SESSION_COOKIE_SECURE"] is False and plain["SECURE_SSL_REDIRECT"] is False


def _secure(values: dict):
    return override_settings(
        **{name: values[name] for name in SECURITY_SETTINGS if name != "SECURE_PROXY_SSL_HEADER"},
        SECURE_PROXY_SSL_HEADER=tuple(values["SECURE_PROXY_SSL_HEADER"]),
    )


@pytest.mark.django_db
def test_secure_mode_redirects_http_and_sends_hsts(secure_settings):
    with _secure(secure_settings):
        client = Client()  # a new handler: SecurityMiddleware reads the settings now
        response = client.get(reverse("login"))
        assert response.status_code == 301
        assert response["Location"] == "https://testserver" + reverse("login")
        # Behind the proxy: it terminated TLS and says so.
        response = client.get(reverse("login"), headers={"X-Forwarded-Proto": "https"})
        assert response.status_code == 200
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "Content-Security-Policy" in response


def test_secure_mode_sends_cookies_over_https_only(org, secure_settings):
    with _secure(secure_settings):
        client = Client(headers={"X-Forwarded-Proto": "https"})
        page = client.get(reverse("login"))
        assert page.cookies["csrftoken"]["secure"] is True
        response = client.post(
            reverse("login"), {"username": org.office.username, "password": PASSWORD}
        )
        assert response.status_code == 302
        session = response.cookies[django_settings.SESSION_COOKIE_NAME]
        assert session["secure"] is True and session["httponly"] is True
