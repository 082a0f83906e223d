"""The Celery app. Tasks live beside the code they serve (``audio/tasks.py``, ...)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teddy.settings")

app = Celery("teddy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
