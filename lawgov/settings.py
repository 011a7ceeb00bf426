"""Settings. Every value that differs between machines comes from the environment:

DJANGO_SECRET_KEY  secret key; a fixed development key is used when unset (never in production).
DJANGO_DEBUG       "1" turns debug pages on (default on when no DATABASE_URL is set, i.e. the demo).
DJANGO_ALLOWED_HOSTS  comma-separated host names (default: localhost, 127.0.0.1).
DATABASE_URL       e.g. postgres://user@127.0.0.1:5432/lawgov; unset → SQLite file db.sqlite3.
REDIS_URL          e.g. redis://127.0.0.1:6379/0; unset → Celery jobs run in-process (no worker needed).
LAWGOV_MEDIA_ROOT  where uploaded files are kept (default: media/ beside manage.py).
LAWGOV_JOB_REDELIVERY_SECONDS  a job whose worker died is run again after this many seconds (default 3600;
                   must be longer than the longest job).

Gap rules and deadline reminders (reports.gaps, reports.reminders):
LAWGOV_GAP_PERIOD_YEARS     the assessment period: evidence counts from year (this year − N) on (default 3).
LAWGOV_GAP_PERIOD_START     a fixed first year of the period instead (e.g. 2021, "2021年以来"); unset → rolling.
LAWGOV_UNIT_OVERDUE_LIMIT   a unit leading more than N overdue tasks is a gap (default 3).
LAWGOV_REMINDER_DAYS_BEFORE lead units are reminded N days before a due date, and once when overdue (default 7).
LAWGOV_FACT_TARGETS         JSON object, rate → the value a report must show, replaces the default below.
LAWGOV_SITE_URL             e.g. https://fzzf.example.gov.cn; reminder emails link to the task page when set.
EMAIL_HOST                  SMTP server; unset → emails are printed to the console, not sent.
EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_SSL ("1"), EMAIL_USE_TLS ("1"): the SMTP account.
DEFAULT_FROM_EMAIL          sender of the reminders (default: lawgov@localhost).
The nightly job (flag gaps for every region, send reminders) runs at 02:00 Asia/Shanghai under Celery beat.
"""
import json
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = os.environ.get("DJANGO_DEBUG", "0" if DATABASE_URL else "1") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "import_export",
    "checklist",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records which user made each change in the task history.
    "simple_history.middleware.HistoryRequestMiddleware",
]

STATIC_ROOT = BASE_DIR / "staticfiles"
if not DEBUG and STATIC_ROOT.is_dir():
    # Serves the files `collectstatic` gathered from gunicorn, so no separate web server is needed
    # (in the demo, runserver serves them).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "lawgov.urls"
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
            ]
        },
    }
]
WSGI_APPLICATION = "lawgov.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)
    if DATABASE_URL
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's web process and its jobs share one file: WAL lets readers work beside a writer, and
    # with WAL, synchronous=NORMAL stays consistent after a crash while committing without an fsync each time.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", transaction_mode="IMMEDIATE"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Always Chinese: no LocaleMiddleware, so a browser set to English does not turn the admin's own words
# into English around the project's Chinese ones.
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("LAWGOV_MEDIA_ROOT", BASE_DIR / "media"))

# Uploaded ledgers and documents: refuse anything larger before it reaches a parser.
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL  # the demo runs jobs in-process
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a job interrupted by a crash runs again; jobs are idempotent
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# With Redis, a job whose worker died (acks_late, never acknowledged) goes back to the queue once it has
# been out this long; it must be longer than the longest job.
_REDELIVERY = int(os.environ.get("LAWGOV_JOB_REDELIVERY_SECONDS", "3600"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _REDELIVERY,
    # look for such jobs every 10 s (Redis' default sweep is every 100 s)
    "unacked_restore_interval": min(10, _REDELIVERY),
    "unacked_restore_throttle": 1,
}
CELERY_TIMEZONE = TIME_ZONE
# Nightly, when nobody works in the admin: flag gaps for every region, then send deadline reminders.
CELERY_BEAT_SCHEDULE = {
    "reports-nightly": {"task": "reports.nightly", "schedule": crontab(hour=2, minute=0)},
}

IMPORT_EXPORT_SKIP_ADMIN_LOG = True
IMPORT_EXPORT_USE_TRANSACTIONS = True

# Gap rules and reminders; see the docstring at the top and README.md.
LAWGOV_GAP_PERIOD_YEARS = int(os.environ.get("LAWGOV_GAP_PERIOD_YEARS", "3"))
LAWGOV_GAP_PERIOD_START = int(os.environ["LAWGOV_GAP_PERIOD_START"]) if os.environ.get("LAWGOV_GAP_PERIOD_START") else None
LAWGOV_UNIT_OVERDUE_LIMIT = int(os.environ.get("LAWGOV_UNIT_OVERDUE_LIMIT", "3"))
LAWGOV_REMINDER_DAYS_BEFORE = int(os.environ.get("LAWGOV_REMINDER_DAYS_BEFORE", "7"))
# Rates the indicator system requires in full. A key matches a report's figure whose name contains it
# (全市行政机关负责人出庭应诉率), or contains its start and its last three characters with a few words
# between (政府法律顾问工作覆盖率); "…" in a key marks that place explicitly.
LAWGOV_FACT_TARGETS = json.loads(os.environ["LAWGOV_FACT_TARGETS"]) if os.environ.get("LAWGOV_FACT_TARGETS") else {
    "行政机关负责人出庭应诉率": 100,
    "法律顾问覆盖率": 100,
    "规范性文件备案审查率": 100,
    "合法性审核率": 100,
}
LAWGOV_SITE_URL = os.environ.get("LAWGOV_SITE_URL", "").rstrip("/")

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "lawgov@localhost")
