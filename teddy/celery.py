"""The Celery app. Tasks live beside the code they serve (``audio/tasks.py``, ...)."""

import os
from typing import Any

from celery import Celery
from celery import Task as _Task
from django_guid.context import guid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teddy.settings")


class Task(_Task):
    """Every task: run eagerly (``CELERY_TASK_ALWAYS_EAGER``), it keeps its caller's request id.

    django-guid's Celery integration puts the request id on a task's message when it is
    published, and sets it in the worker before the task runs (then clears it). An eager task is
    never published, and runs inside its caller: django-guid would give it a new id, then clear
    the caller's, and the rest of the request would be logged without one."""

    def apply(
        self, args: Any = None, kwargs: Any = None, *, headers: Any = None, **options: Any
    ) -> Any:
        caller = guid.get()
        if caller:
            headers = {**(headers or {}), _header(): caller}
        try:
            return super().apply(args, kwargs, headers=headers, **options)
        finally:
            guid.set(caller)

    def before_start(self, task_id: str, args: Any, kwargs: Any) -> None:
        """Runs after django-guid's ``task_prerun``, which gave an eager task an id of its own."""
        if self.request.is_eager:
            caller = (self.request.headers or {}).get(_header())
            if caller:
                guid.set(caller)


def _header() -> str:
    from django_guid.config import settings  # reads Django's settings: not at import time

    return settings.guid_header_name


app = Celery("teddy", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
