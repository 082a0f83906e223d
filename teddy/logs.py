"""Log lines: one JSON object per line (``LOG_FORMAT=json``) or one line for people (``plain``).

Every line says when (ISO 8601, UTC), how bad, which logger and which part of the system
(``component``: the logger's top-level package), and, inside an HTTP request, a WebSocket
session or a Celery task, the request id (``teddy/requestid.py``) that ties together every line
one request caused. Fields passed as ``extra=`` follow.

This module is loaded by Django's logging set-up, before the apps: it imports no models.

What must never be in a log line: a child's words, audio, tokens, API keys, query strings, a
child's raw id. The filters below keep the libraries' own lines to that rule too;
``tests/test_log_leaks.py`` checks the whole test suite's logs for it.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _LibraryJsonFormatter

#: Set on the record by django-guid's log filters; left out of a line when there is none.
CONTEXT_FIELDS = ("request_id", "celery_parent_id", "celery_current_id")
#: Extras never written: Django's request object (its repr carries the query string) and
#: uvicorn's coloured copy of its message.
DROPPED_EXTRAS = ("request", "color_message")
#: Celery's lines carry a task's arguments in their extra ``data`` (its own format never shows
#: them): a task may be given what must not be logged.
TASK_ARGUMENTS = ("args", "kwargs")

_access = logging.getLogger("teddy.access")


class JsonFormatter(_LibraryJsonFormatter):
    """python-json-logger's formatter with our fixed fields first, in a fixed order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "taskName", *DROPPED_EXTRAS])
        super().__init__(*args, **kwargs)

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        log_data["time"] = _utc_iso(record.created)
        log_data["level"] = record.levelname
        log_data["logger"] = record.name
        log_data["component"] = record.name.partition(".")[0]
        for field in CONTEXT_FIELDS:  # placed here; filled (or dropped) below
            log_data[field] = None
        log_data["message"] = record.message
        super().add_fields(log_data, record, message_dict)  # the extras, then exc_info
        for field in CONTEXT_FIELDS:
            if not log_data[field]:
                del log_data[field]
        data = log_data.get("data")
        if isinstance(data, dict) and record.name.startswith("celery"):
            log_data["data"] = {k: v for k, v in data.items() if k not in TASK_ARGUMENTS}


class PlainFormatter(logging.Formatter):
    """For a person at a terminal: ``time level logger [request id] message``."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None) or "-"
        return self._fmt % {**record.__dict__, "request_id": request_id}


def _utc_iso(created: float) -> str:
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


# --- filters for other people's log lines -----------------------------------------------------


class NoQueryStrings(logging.Filter):
    """For uvicorn's loggers. uvicorn names a WebSocket's path with its query string, where a
    toy that cannot set headers puts its token (``/ws/v1/tts?token=...``): the query string is
    cut off. At DEBUG its WebSocket protocol dumps the handshake's headers and every frame (a
    token, a child's words): those lines are dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno <= logging.DEBUG and str(record.msg).startswith(("< ", "> ")):
            return False
        if isinstance(record.args, tuple) and any(_has_query(arg) for arg in record.args):
            record.args = tuple(
                arg.partition("?")[0] if _has_query(arg) else arg for arg in record.args
            )
        return True


def _has_query(arg: Any) -> bool:
    return isinstance(arg, str) and arg.startswith("/") and "?" in arg


class RouteNotPath(logging.Filter):
    """For ``django.request``. Django names the path of a request that failed ("Not Found:
    /api/v1/parent/children/ch_..."), which may hold a child's id; the line names the URL
    pattern instead, as the access line does."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        args = record.args
        if request is not None and isinstance(args, tuple) and args:
            path = getattr(request, "path", "").encode("unicode_escape").decode("ascii")
            if args[-1] == path:  # log_response escapes its arguments
                record.args = (*args[:-1], route_of(request))
        return True


# --- the access line --------------------------------------------------------------------------


def route_of(request: Any) -> str:
    """What a request asked for, without ids or a query string: its URL pattern's name (the
    pattern itself when it has none), or the path when nothing matched."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return request.path
    return match.view_name if match.url_name else match.route


def outcome(status: int) -> str:
    if status >= 500:
        return "server_error"
    return "client_error" if status >= 400 else "ok"


def log_access(
    method: str, route: str, status: int, started: float, device_id: int | None = None
) -> None:
    """The one line an HTTP request leaves (``teddy.access``, INFO): never a body, a header or
    a query string. ``started`` is the request's ``time.perf_counter()``."""
    if not _access.isEnabledFor(logging.INFO):
        return
    latency_ms = round((time.perf_counter() - started) * 1000, 1)
    fields = {
        "method": method,
        "route": route,
        "status": status,
        "latency_ms": latency_ms,
        "outcome": outcome(status),
    }
    if device_id is not None:
        fields["device_id"] = device_id
    _access.info("%s %s %d %.1fms", method, route, status, latency_ms, extra=fields)
