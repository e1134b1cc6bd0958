"""Settings for the test suite: PostgreSQL (the production database), eager Celery.

The integration test that needs a real worker and Redis sets up its own Celery app.
"""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghij")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE", "0")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/luzhitong")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# Production settings need Redis; the suite replaces the cache and broker below, and the
# tests that need the real one (-m integration) use TEST_REDIS_URL.
os.environ.setdefault("REDIS_URL", os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))

from config.settings import *  # noqa: E402,F403

DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
AXES_ENABLED = True

# A second database for the tests that must give the same answer on SQLite (the demo's
# database) as on PostgreSQL: `@pytest.mark.django_db(databases=["default", "sqlite"])`.
# In memory, tables made from the models (no migrations); set up only when a test asks.
DATABASES["sqlite"] = {  # noqa: F405
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": ":memory:",
    "TEST": {"MIGRATE": False},
}

# The N+1 guard (django-zeal): every request of the test suite runs in a zeal context, and
# a relation loaded one row at a time (the same lazy load from the same line, twice or
# more) fails the test with NPlusOneError naming the line. Fix it with select_related /
# prefetch_related, never by raising the threshold.
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]  # noqa: F405
MIDDLEWARE = ["zeal.middleware.zeal_middleware", *MIDDLEWARE]  # noqa: F405
ZEAL_RAISE = True
# Lookups that repeat per call, never per row: django-guardian's content type and
# permission of each get_objects_for_user / assign_perm call (committees_where, a role's
# few permissions), and the session the test client loads per request.
ZEAL_ALLOWLIST = [
    {"model": "contenttypes.ContentType"},
    {"model": "auth.Permission"},
    {"model": "sessions.Session"},
]
