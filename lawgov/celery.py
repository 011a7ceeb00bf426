"""The Celery app. Without REDIS_URL the settings make every job run in-process (see settings.py)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lawgov.settings")

app = Celery("lawgov")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
