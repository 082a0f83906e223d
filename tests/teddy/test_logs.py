"""Log lines: JSON by default, one object per line with fixed fields first; a plain line for
people that still shows the request id; libraries' lines kept free of query strings, paths
with a child's id, and task arguments."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django_guid.context import guid

from teddy.logs import JsonFormatter, NoQueryStrings, PlainFormatter

ROOT = Path(__file__).resolve().parents[2]
REQUEST_ID = "5f0c1e2a9b8d4c7e8f6a5b4c3d2e1f00"


def record(name: str, message: str, *args, level: int = logging.INFO, **extra) -> logging.LogRecord:
    made = logging.LogRecord(name, level, __file__, 1, message, args or None, None)
    made.__dict__.update(extra)
    return made


def test_a_json_line_has_the_fixed_fields_first_then_the_extras():
    line = JsonFormatter().format(
        record("audio.cache", "stored %d bytes", 12, request_id=REQUEST_ID, voice="nova")
    )

    fields = json.loads(line)
    assert list(fields) == [
        "time",
        "level",
        "logger",
        "component",
        "request_id",
        "message",
        "voice",
    ]
    assert (fields["level"], fields["logger"], fields["component"]) == (
        "INFO",
        "audio.cache",
        "audio",
    )
    assert fields["message"] == "stored 12 bytes" and fields["request_id"] == REQUEST_ID
    when = datetime.fromisoformat(fields["time"].replace("Z", "+00:00"))
    assert fields["time"].endswith("Z") and abs(datetime.now(UTC) - when).total_seconds() < 60
    assert "\n" not in line


def test_outside_a_request_there_is_no_request_id_and_errors_keep_their_traceback():
    try:
        raise ValueError("bad")
    except ValueError:
        failed = record("celery.worker", "task failed", level=logging.ERROR, request_id=None)
        failed.exc_info = sys.exc_info()

    fields = json.loads(JsonFormatter().format(failed))

    assert "request_id" not in fields and fields["component"] == "celery"
    assert "ValueError: bad" in fields["exc_info"]


def test_djangos_request_object_and_celerys_task_arguments_are_never_written():
    class Request:
        def __repr__(self) -> str:
            return "<ASGIRequest: GET '/api/v1/tts?token=tdy_secret'>"

    django_line = JsonFormatter().format(record("django.request", "Not Found", request=Request()))
    celery_line = JsonFormatter().format(
        record(
            "celery.app.trace",
            "Task succeeded",
            data={"name": "audio.tasks.cache_warmup", "args": "('a child said',)", "kwargs": "{}"},
        )
    )

    assert "tdy_secret" not in django_line and "request" not in json.loads(django_line)
    assert json.loads(celery_line)["data"] == {"name": "audio.tasks.cache_warmup"}


def test_the_plain_line_shows_the_request_id_or_a_dash():
    formatter = PlainFormatter()

    inside = formatter.format(record("teddy.access", "GET health-live 200", request_id=REQUEST_ID))
    outside = formatter.format(record("teddy.access", "GET health-live 200"))

    assert inside.endswith(f" INFO teddy.access [{REQUEST_ID}] GET health-live 200")
    assert outside.endswith(" INFO teddy.access [-] GET health-live 200")


def test_the_configured_handler_adds_the_current_request_id(json_log):
    log = logging.getLogger("safety.coppa")
    log.info("before")
    token = guid.set(REQUEST_ID)
    try:
        log.info("during")
    finally:
        guid.reset(token)

    before, during = (r for r in json_log() if r["logger"] == "safety.coppa")
    assert "request_id" not in before and during["request_id"] == REQUEST_ID


def test_uvicorns_paths_lose_their_query_strings_and_its_wire_dumps_are_dropped():
    keep = NoQueryStrings()
    accepted = record(
        "uvicorn.error",
        '%s - "WebSocket %s" [accepted]',
        "127.0.0.1:50000",
        "/ws/v1/tts?token=tdy_secret",
    )
    dump = record("uvicorn.error", "< %s: %s", "authorization", "Bearer tdy_secret", level=10)

    assert keep.filter(accepted) and "tdy_secret" not in accepted.getMessage()
    assert accepted.getMessage() == '127.0.0.1:50000 - "WebSocket /ws/v1/tts" [accepted]'
    assert not keep.filter(dump)


def test_djangos_warning_names_the_route_not_a_childs_id(family, json_log):
    from rest_framework.test import APIClient

    parent = APIClient()
    parent.credentials(HTTP_AUTHORIZATION=f"Bearer {family.parent_token}")
    answer = parent.get("/api/v1/parent/children/ch_00aa11bb22cc33dd")

    assert answer.status_code == 404
    [warning] = [r for r in json_log() if r["logger"] == "django.request"]
    assert warning["message"] == "Not Found: api-parent-child"
    assert "ch_00aa11bb22cc33dd" not in json.dumps(json_log())
    assert family.parent_token not in json.dumps(json_log())


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    """``code`` in a new process with the real settings, after ``django.setup()``."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "REDIS_URL", "DEBUG"}}
    clean.update(SECRET_KEY="x" * 50, REDIS_URL="redis://127.0.0.1:6399/0", **env)
    clean["DJANGO_SETTINGS_MODULE"] = "teddy.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("log_format", "formatter"), [("", "JsonFormatter"), ("plain", "PlainFormatter")]
)
def test_log_format_chooses_the_formatter(log_format, formatter):
    run = run_django(
        "import django, logging; django.setup(); "
        "print(type(logging.getLogger().handlers[0].formatter).__name__)",
        LOG_FORMAT=log_format,
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == formatter


def test_under_uvicorn_its_lines_are_json_without_query_strings_and_its_access_line_is_off():
    run = run_django(
        "import django, logging, logging.config; from uvicorn.config import LOGGING_CONFIG; "
        "logging.config.dictConfig(LOGGING_CONFIG); "  # uvicorn's own set-up comes first
        "django.setup(); "  # then the app's (teddy.asgi), with the access log left on
        "print(logging.getLogger('uvicorn.access').hasHandlers()); "
        "logging.getLogger('uvicorn.error').info("
        "'%s - \"WebSocket %s\" [accepted]', '127.0.0.1:5', '/ws/v1/tts?token=tdy_secret')"
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "False"  # uvicorn then formats no access line at all
    [line] = [json.loads(line) for line in run.stderr.splitlines() if line.startswith("{")]
    assert line["logger"] == "uvicorn.error" and line["component"] == "uvicorn"
    assert line["message"] == '127.0.0.1:5 - "WebSocket /ws/v1/tts" [accepted]'


@pytest.mark.parametrize(("access_log", "lines"), [("", 1), ("false", 0)])
def test_access_log_turns_the_access_lines_on_and_off(access_log, lines):
    run = run_django(
        "import django, time; django.setup(); from teddy.logs import log_access; "
        "log_access('GET', 'health-live', 200, time.perf_counter())",
        ACCESS_LOG=access_log,
    )

    assert run.returncode == 0, run.stderr
    access = [line for line in run.stderr.splitlines() if '"teddy.access"' in line]
    assert len(access) == lines
