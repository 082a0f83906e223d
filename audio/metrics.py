"""Every Prometheus metric family, defined once (names and labels are a contract with the alert
rules in ``deploy/prometheus``; see DESIGN.md).

Label values come from small fixed sets: never a child id, a text or a token.
prometheus-client appends ``_total`` to counter samples: ``tts_cost_total_usd`` is exposed as
``tts_cost_total_usd_total``.
"""

from __future__ import annotations

import threading
from collections import deque

from prometheus_client import Counter, Gauge, Histogram

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

TTS_REQUESTS = Counter(
    "tts_requests_total",
    "TTS requests answered, by outcome",
    ["provider", "voice_id", "language", "status", "cached"],
)
TTS_DURATION = Histogram(
    "tts_processing_duration_seconds",
    "Time to produce a TTS answer (cache hits included)",
    ["provider", "voice_id", "model"],
    buckets=LATENCY_BUCKETS,
)
# Gauges say how they combine across the worker processes of a pod (multiprocess mode).
TTS_CACHE_HIT_RATIO = Gauge(
    "tts_cache_hit_ratio",
    "TTS cache hit ratio over the last requests of a worker (the most recent worker's)",
    multiprocess_mode="mostrecent",
)
CACHE_EVICTIONS = Counter(
    "tts_cache_evictions_total", "Entries evicted to keep the TTS cache under its size bound"
)
CACHE_SIZE = Gauge(
    "tts_cache_size_bytes",
    "Bytes held by the TTS cache (last seen)",
    multiprocess_mode="mostrecent",
)
TTS_COST = Counter("tts_cost_total_usd", "Provider spend in USD", ["provider", "model"])
TTS_COST_SAVED = Counter(
    "tts_cost_saved_usd", "Provider spend avoided by cache hits, in USD", ["provider", "model"]
)
TTS_CHARACTERS = Counter(
    "tts_characters_processed_total",
    "Characters sent to a TTS provider (real synthesis only)",
    ["provider", "language", "content_type"],
)
SAFETY_CHECKS = Counter(
    "audio_safety_checks_total",
    "Child-safety decisions",
    ["check_type", "result", "child_age_group"],
)
SAFETY_VIOLATIONS = Counter(
    "audio_safety_violations_total",
    "Texts the safety engine blocked or redacted",
    ["violation_type", "severity", "action_taken"],
)
VALIDATION_CHECKS = Counter(
    "audio_validation_checks_total",
    "Audio and request validations",
    ["format", "result", "error_type"],
)
CHILD_SESSIONS = Counter(
    "child_audio_sessions_total",
    "Audio sessions with a child",
    ["age_group", "session_type", "duration_bucket"],
)
CHILD_ENGAGEMENT = Histogram(
    "child_audio_engagement_duration_seconds",
    "Audio a child listened to or spoke, in seconds",
    ["age_group", "content_type"],
    buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1800),
)
STREAM_FIRST_BYTE = Histogram(
    "tts_stream_first_byte_seconds",
    "Time from a streamed request to its first audio byte",
    ["transport"],
    buckets=(0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0),
)
STREAM_DURATION = Histogram(
    "tts_stream_duration_seconds",
    "Wall time of a speech stream, first request to last byte (or cancel)",
    ["transport"],
    buckets=(0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300),
)
STREAM_CANCELLED = Counter(
    "tts_stream_cancelled_total", "Streams stopped early (the child interrupted)", ["transport"]
)
ERRORS = Counter(
    "audio_errors_total",
    "Errors by kind and component (degradations included)",
    ["error_type", "component", "severity"],
)
PROVIDER_HEALTH = Gauge(
    "tts_provider_health_score",
    "Provider health in [0, 1] from the latest probes and requests",
    ["provider", "region"],
    multiprocess_mode="mostrecent",
)

RATE_LIMITED = Counter(
    "tts_rate_limited_total",
    "Toy requests refused for the hourly limit, by the budget that was spent",
    ["scope"],
)
API_KEY_AGE = Gauge(
    "tts_provider_api_key_age_days",
    "Age of the provider API key (from its configured creation date); rotate monthly",
    ["provider"],
    multiprocess_mode="mostrecent",
)


class HitRatioWindow:
    """Hit ratio over the last ``size`` cache lookups of this process, mirrored into the gauge."""

    def __init__(self, size: int = 1000) -> None:
        self._size = size
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._window: deque[bool] = deque(maxlen=self._size)
            self._hits = 0

    def record(self, hit: bool) -> float:
        with self._lock:
            if len(self._window) == self._window.maxlen and self._window[0]:
                self._hits -= 1
            self._window.append(hit)
            self._hits += hit
            ratio = self._hits / len(self._window)
        TTS_CACHE_HIT_RATIO.set(ratio)
        return ratio


HIT_RATIO = HitRatioWindow()


def error(error_type: str, component: str, severity: str = "warning") -> None:
    ERRORS.labels(error_type=error_type, component=component, severity=severity).inc()
