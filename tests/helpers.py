"""Helpers that read what a user sees: WAV bytes and Prometheus text."""

from __future__ import annotations

import array
import math

from prometheus_client.parser import text_string_to_metric_families

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
