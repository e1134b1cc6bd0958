"""Production settings (issue 11): without SECRET_KEY or REDIS_URL production refuses to
start, with a clear message; the demo starts without either. With REDIS_URL the cache is the
shared (tolerant) Redis cache, sessions are in the database, connections are health-checked;
STORAGE_S3_BUCKET switches uploaded files to django-storages' S3 backend.

Each case imports the settings in a fresh process with a clean environment (the suite's
own settings put test values into os.environ)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import json, django
from django.conf import settings
django.setup()
from django.core.files.storage import storages
default_storage = storages["default"]
from django.core.cache import caches
db = settings.DATABASES["default"]
print(json.dumps({
    "debug": settings.DEBUG,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_class": type(caches["default"]).__module__ + "." + type(caches["default"]).__name__,
    "sessions": settings.SESSION_ENGINE,
    "health_checks": db["CONN_HEALTH_CHECKS"],
    "storage": type(default_storage).__module__ + "." + type(default_storage).__name__,
    "bucket": getattr(default_storage, "bucket_name", None),
    "endpoint": getattr(default_storage, "endpoint_url", None),
    "acl": getattr(default_storage, "default_acl", None),
    "overwrite": getattr(default_storage, "file_overwrite", None),
    "signed_urls": getattr(default_storage, "querystring_auth", None),
    "location": getattr(default_storage, "location", None),
    "visibility": settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"],
}))
"""

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-9f3a",
    "ALLOWED_HOSTS": "lzt.example.gov.cn",
    "DATABASE_URL": "postgres://lzt@db.example.gov.cn:5432/lzt",
    "REDIS_URL": "redis://redis.example.gov.cn:6379/0",
}


def start(**env: str) -> subprocess.CompletedProcess:
    clean = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **{k: v for k, v in env.items() if v is not None},
    }
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def started(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_refuses_to_start_without_redis_url():
    result = start(**{**PRODUCTION, "REDIS_URL": None})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG=0 时必须设置环境变量 REDIS_URL" in result.stderr
    blank = start(**{**PRODUCTION, "REDIS_URL": "  "})
    assert blank.returncode != 0 and "REDIS_URL" in blank.stderr


def test_production_refuses_to_start_without_secret_key():
    result = start(**{**PRODUCTION, "SECRET_KEY": None})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG=0 时必须设置环境变量 SECRET_KEY" in result.stderr


def test_the_demo_starts_without_redis_and_runs_tasks_in_process():
    demo = started(start())
    assert demo["debug"] is True and demo["eager"] is True and demo["broker"] == "memory://"
    assert demo["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert demo["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"


def test_production_shares_cache_sessions_and_reconnects():
    production = started(start(**PRODUCTION))
    assert production["debug"] is False and production["eager"] is False
    assert production["broker"] == PRODUCTION["REDIS_URL"]
    assert production["cache_class"] == "portal.cache.TolerantRedisCache"
    assert production["sessions"] == "django.contrib.sessions.backends.db"
    assert production["health_checks"] is True
    assert production["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert production["visibility"] == 3600
    short = started(start(**PRODUCTION, CELERY_VISIBILITY_TIMEOUT="5"))
    assert short["visibility"] == 5


def test_one_setting_puts_uploads_in_an_s3_compatible_store():
    s3 = started(
        start(
            **PRODUCTION,
            STORAGE_S3_BUCKET="lzt-uploads",
            STORAGE_S3_ENDPOINT_URL="https://minio.example.gov.cn:9000",
            STORAGE_S3_ACCESS_KEY="lzt",
            STORAGE_S3_SECRET_KEY="secret",
            STORAGE_S3_PREFIX="media",
        )
    )
    assert s3["storage"] == "storages.backends.s3.S3Storage"
    assert s3["bucket"] == "lzt-uploads"
    assert s3["endpoint"] == "https://minio.example.gov.cn:9000"
    # Private objects under random names, never overwritten; links (if any) are signed.
    assert (s3["acl"], s3["overwrite"], s3["signed_urls"]) == ("private", False, True)
    assert s3["location"] == "media"
