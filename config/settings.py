"""Settings for 履职通, read from environment variables.

Without any variables the project runs as the demo: DEBUG on, a SQLite file, no Redis
(Celery runs tasks eagerly), email printed to the console. Production sets at least
SECRET_KEY, DEBUG=0, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL (see README), and refuses to
start without SECRET_KEY or REDIS_URL. STORAGE_S3_BUCKET puts uploads in an S3-compatible
store (django-storages), which a site on several servers needs.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

_DEMO_SECRET = "demo-only-insecure-secret-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEMO_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("DEBUG=0 时必须设置环境变量 SECRET_KEY。")
# Redis is the Celery broker (without it tasks would run inside the request, and a failing
# e-mail would fail the page) and the cache all servers share: production does not start
# without it.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if not DEBUG and not REDIS_URL:
    raise ImproperlyConfigured(
        "DEBUG=0 时必须设置环境变量 REDIS_URL（例如 redis://127.0.0.1:6379/0）："
        "Celery 任务队列与各服务器共享的缓存都需要 Redis。"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "simple_history",
    "import_export",
    "django_celery_beat",
    "axes",
    "portal",
    "organisation",
    "committees",
    "members",
    "proposals",
    "notices",
    "public_opinion",
    "consultations",
    "archives",
    # Reads every module above (quota counters, score sources): ready() after them.
    "evaluation",
    "demo",
]

MIDDLEWARE = [
    # First: a request that finds the database down gets a clean 503 page.
    "portal.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The Content-Security-Policy on every response, the 400 page below included.
    "csp.middleware.CSPMiddleware",
    # A NUL or control character in the path, a query or a form: the Chinese 400 page.
    "portal.middleware.RequestSanityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Django's form renderer, with the per-option widget templates written in Python.
FORM_RENDERER = "portal.renderers.Renderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

# A kept connection is checked before each request uses it: after PostgreSQL restarts the
# portal reconnects by itself (portal.middleware answers 503 while it is down).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No parallel workers for a page's queries: starting one cost 10-15 ms, more than the
    # queries a page asks (a few ms on a region's data), and under load the cores are
    # busy with other requests anyway. Set DB_PARALLEL_WORKERS for a machine with many.
    # random_page_cost: an index read costs little more than a sequential one on the SSDs
    # a server has today (PostgreSQL's default of 4 dates from spinning disks), so the
    # planner takes the index that fits a page's range (DB_RANDOM_PAGE_COST).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c max_parallel_workers_per_gather="
        + os.environ.get("DB_PARALLEL_WORKERS", "0")
        + " -c random_page_cost="
        + os.environ.get("DB_RANDOM_PAGE_COST", "1.1")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "portal.backends.RequestObjectPermissionBackend",
]
# guardian looks for its own backend by name; portal.backends' subclass is it, with one
# permission checker per request's user.
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"

# django-guardian: no anonymous user row; nothing is granted to the anonymous.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# django-axes: five failed logins for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The login form does not cut a username to its length; axes stores it in 255 characters.
AXES_USERNAME_CALLABLE = "portal.inputs.login_username"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded files are never served under MEDIA_URL: no URL pattern serves it, and views
# that check who may read a record stream its files.
MEDIA_URL = "/media-not-served/"
# Uploads go through Django's storage API only: on one server a folder (MEDIA_ROOT, to share
# between servers it must be a shared disk), or with STORAGE_S3_BUCKET an S3-compatible
# object store (django-storages; MinIO, Ceph, a cloud's OSS) that every server reaches.
STORAGE_S3_BUCKET = os.environ.get("STORAGE_S3_BUCKET", "").strip()
if STORAGE_S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_S3_BUCKET,
            "endpoint_url": os.environ.get("STORAGE_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("STORAGE_S3_REGION") or None,
            "access_key": os.environ.get("STORAGE_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("STORAGE_S3_SECRET_KEY") or None,
            "location": os.environ.get("STORAGE_S3_PREFIX", ""),
            # Private objects: views that check who may read a file stream it.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A PDF that takes longer than this is killed (portal.pdf): a hostile or huge document
# must not hold a worker.
PDF_RENDER_TIMEOUT = int(os.environ.get("PDF_RENDER_TIMEOUT", "60"))
# A background job (portal.jobs: long PDFs, all members' reports) is stopped after this many
# seconds; the person sees it failed and may retry.
JOB_TIME_LIMIT = int(os.environ.get("JOB_TIME_LIMIT", "1800"))
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))
# Attachments of proposals, activity outputs and quota evidence (portal.uploads).
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
# QR check-in at an activity opens this many minutes before its start.
ACTIVITY_CHECKIN_OPENS_MINUTES = int(os.environ.get("ACTIVITY_CHECKIN_OPENS_MINUTES", "30"))
# The quota board is cached this long (seconds); records saved meanwhile show up after.
BOARD_CACHE_SECONDS = int(os.environ.get("BOARD_CACHE_SECONDS", "300"))
# Proposal statistics are cached this long (seconds) at most; any change to a proposal
# makes them stale at once (portal.caching).
STATISTICS_CACHE_SECONDS = int(os.environ.get("STATISTICS_CACHE_SECONDS", "300"))
# A page of the change history is cached until a new version is kept in its body
# (portal.history); at most this long (seconds) for versions written without a signal.
HISTORY_CACHE_SECONDS = int(os.environ.get("HISTORY_CACHE_SECONDS", "300"))
# A user's object permissions are kept in the cache until a permission row or his groups
# change (portal.backends); at most this long (seconds) for rows written without a signal.
PERMISSIONS_CACHE_SECONDS = int(os.environ.get("PERMISSIONS_CACHE_SECONDS", "300"))

# Cache: Redis when configured (shared by all servers and workers), otherwise in-process
# (the demo). Redis down, the cache misses instead of failing the page (portal.cache).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions in the database: every server reads the same ones.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Celery: Redis as broker; without REDIS_URL (the demo) tasks run eagerly in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A message taken by a worker that died unacknowledged (acks_late) is delivered again after
# this many seconds. Keep it above the longest countdown (EMAIL_RETRY_BACKOFF_MAX).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
    "socket_connect_timeout": 2,
}
# Redis down: sending a task gives up within about a second (the request goes on; what it
# queued is sent later, see portal.queue and portal.deliveries).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "履职通 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Notification e-mails (portal.deliveries): a mail server that cannot be reached is retried
# after EMAIL_RETRY_BACKOFF seconds, doubling up to EMAIL_RETRY_BACKOFF_MAX, EMAIL_MAX_RETRIES
# times; a delivery still 待发送 after EMAIL_REQUEUE_AFTER seconds is queued again by beat.
EMAIL_RETRY_BACKOFF = int(os.environ.get("EMAIL_RETRY_BACKOFF", "30"))
EMAIL_RETRY_BACKOFF_MAX = int(os.environ.get("EMAIL_RETRY_BACKOFF_MAX", "1800"))
EMAIL_MAX_RETRIES = int(os.environ.get("EMAIL_MAX_RETRIES", "8"))
EMAIL_REQUEUE_AFTER = int(os.environ.get("EMAIL_REQUEUE_AFTER", "300"))
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))

# django-import-export: an import is one transaction; exports escape formulae (our own
# escaping in portal.spreadsheets covers the cases the library misses).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# Sessions and cookies.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp) on every response: scripts, fonts, frames and
# connections from this site only — the pages have no inline script and no on…= handler
# (static/js/portal.js reads data- attributes), and htmx runs without eval. Styles allow
# 'unsafe-inline': the pages set a few widths and heights in style="" attributes and the
# error pages carry their own <style> (they must show when static files do not); a style
# cannot run code, and everything a person types is escaped before it reaches a page.
# Bootstrap draws its select arrows and toggler icons as data: SVGs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Behind TLS in production. The intranet proxy terminates TLS and sets X-Forwarded-Proto.
SECURE = env_bool("SECURE", not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if SECURE else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
if env_bool("BEHIND_PROXY", SECURE):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
