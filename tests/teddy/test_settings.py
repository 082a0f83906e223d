"""A bad setting stops start-up with a message that names it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def start_with(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "REDIS_URL", "DEBUG"}}
    clean.update({"SECRET_KEY": "x" * 50, "REDIS_URL": "redis://127.0.0.1:6399/0"})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import teddy.settings"],
        cwd=ROOT,
        env={k: v for k, v in clean.items() if v is not None and v != "<unset>"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_good_settings_load():
    assert start_with().returncode == 0


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"TTS_CACHE_ENABLED": "maybe"}, "TTS_CACHE_ENABLED"),
        ({"EMERGENCY_SAFETY_MODE": "of"}, "EMERGENCY_SAFETY_MODE"),
        ({"TTS_CACHE_TTL": "1h"}, "TTS_CACHE_TTL"),
        ({"TTS_CACHE_TTL": "0"}, "TTS_CACHE_TTL"),
        ({"TTS_REQUEST_TIMEOUT": "soon"}, "TTS_REQUEST_TIMEOUT"),
        ({"TTS_CACHE_STRATEGY": "random"}, "TTS_CACHE_STRATEGY"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
        ({"TTS_PROVIDER": "openai", "OPENAI_API_KEY": "<unset>"}, "OPENAI_API_KEY"),
        ({"SECRET_KEY": "<unset>"}, "SECRET_KEY"),
        ({"REDIS_URL": "<unset>"}, "REDIS_URL"),
        ({"SECRET_KEY": "<unset>", "SECRET_KEY_FILE": "/nonexistent/secret"}, "SECRET_KEY_FILE"),
    ],
)
def test_bad_setting_is_named(env, named):
    result = start_with(**env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr.strip().splitlines()[-1]


def test_secret_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s" * 50 + "\n")

    result = subprocess.run(
        [sys.executable, "-c", "from teddy import settings; print(settings.SECRET_KEY)"],
        cwd=ROOT,
        env={
            **os.environ,
            "SECRET_KEY": "",
            "SECRET_KEY_FILE": str(secret),
            "REDIS_URL": "redis://x",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == "s" * 50
