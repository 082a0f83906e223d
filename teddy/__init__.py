"""The Django project: settings, URLs, ASGI routing, Celery app and toy device authentication."""

from .celery import app as celery_app

__all__ = ["celery_app"]
