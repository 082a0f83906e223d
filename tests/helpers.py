"""Helpers that read what a user sees (WAV bytes, Prometheus text) and run code in another OS
process (to prove state is shared between processes, not per process)."""

from __future__ import annotations

import array
import math
import os
import subprocess
import sys
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families
from websockets.sync.client import connect

from audio.wav import parse_wav


def wav_stats(blob: bytes) -> tuple[float, float]:
    """(duration in seconds, RMS in dBFS) of a 16-bit PCM WAV."""
    pcm = parse_wav(blob)
    samples = array.array("h", pcm.data)
    if not samples:
        return 0.0, -math.inf
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    return pcm.duration_s, 20 * math.log10(rms / 32768) if rms else -math.inf


def metric_value(client, name: str, **labels: str) -> float:
    """Sum of the samples called ``name`` on /metrics whose labels include ``labels``."""
    text = client.get("/metrics").content.decode()
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                total += sample.value
    return total


def metric_names(client) -> set[str]:
    text = client.get("/metrics").content.decode()
    return {family.name for family in text_string_to_metric_families(text)}


ROOT = Path(__file__).resolve().parents[1]


def in_other_process(script: str, redis_url: str, *, prelude: str = "", **env: str) -> str:
    """Run ``script`` in a fresh Python with Django set up on the suite's Redis; its stdout.
    The process has no test database: scripts use Redis-backed state only."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "teddy.settings",
        "SECRET_KEY": "x" * 50,
        "REDIS_URL": redis_url,
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django, json; django.setup()\n" + prelude + script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def open_socket(url: str, token: str | None, **kwargs):
    """The toy's TTS WebSocket on the live server, as the toy with ``token`` (None: no token)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return connect(f"ws://{url}/ws/v1/tts", additional_headers=headers, open_timeout=10, **kwargs)
