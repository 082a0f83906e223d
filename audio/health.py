"""Health of the audio service, computed from live state.

- ``unhealthy`` (HTTP 503): no speech can be produced (the provider's probe fails).
- ``degraded`` (HTTP 200): speech works but something is impaired (Redis unreachable, so no
  cache and no shared switches; a high error rate; emergency safety mode on).
- ``healthy``: all is well.

The provider probe synthesizes a word; its result is kept for ``PROBE_TTL_S`` so a health check
every second costs at most one probe per interval per process.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from prometheus_client import REGISTRY

from safety import emergency
from teddy.shared_state import REDIS_ERRORS, redis_ping

from . import metrics, outcomes
from .pipeline import get_audio_service
from .providers import ProbeResult

PROBE_TTL_S = 10.0
WINDOW_MINUTES = 5
ERROR_RATE_DEGRADED = 0.05

HEALTHY, DEGRADED, UNHEALTHY = "healthy", "degraded", "unhealthy"
_RANK = {HEALTHY: 0, DEGRADED: 1, UNHEALTHY: 2}

_probe_lock = threading.Lock()
_probe_cache: dict[str, tuple[float, ProbeResult]] = {}


def worst(*statuses: str) -> str:
    return max(statuses, key=_RANK.__getitem__)


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def probe_provider(provider: Any) -> ProbeResult:
    with _probe_lock:
        cached = _probe_cache.get(provider.name)
        if cached and time.monotonic() - cached[0] < PROBE_TTL_S:
            return cached[1]
    result = provider.probe()
    with _probe_lock:
        _probe_cache[provider.name] = (time.monotonic(), result)
    return result


def forget_probes() -> None:
    with _probe_lock:
        _probe_cache.clear()


def _sample_total(name: str, **labels: str) -> float:
    """Sum of a counter's samples in this process whose labels include ``labels``."""
    total = 0.0
    for family in REGISTRY.collect():
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                total += sample.value
    return total


def tts_service() -> dict[str, Any]:
    """``unhealthy`` when no provider can speak; ``degraded`` when the primary cannot (or its
    breaker is open) and a fallback is answering."""
    chain = get_audio_service().providers
    provider_health: dict[str, Any] = {}
    breakers: dict[str, Any] = {}
    usable: list[bool] = []
    for provider in chain.providers:
        probe = probe_provider(provider)
        breaker = chain.breakers[provider.name].snapshot()
        breakers[provider.name] = breaker
        provider_health[provider.name] = {
            "status": HEALTHY if probe.ok else UNHEALTHY,
            "latency_ms": round(probe.latency_ms, 1) if probe.latency_ms is not None else None,
            "detail": probe.detail,
            "score": chain.health[provider.name].score(),
            "role": "primary" if provider is chain.primary else "fallback",
        }
        usable.append(probe.ok and breaker["state"] != "open")
    if not any(usable):
        status = UNHEALTHY
    elif not usable[0]:
        status = DEGRADED
    else:
        status = HEALTHY
    key = api_key_age() if any(p.name == "openai" for p in chain.providers) else None
    if key and key["status"] != HEALTHY:
        status = worst(status, DEGRADED)
    return {
        "status": status,
        "api_key": key,
        "provider": chain.primary.name,
        "model": chain.primary.model,
        "fallback": [p.name for p in chain.providers[1:]],
        "provider_health": provider_health,
        "circuit_breaker": breakers,
    }


def api_key_age(today: date | None = None) -> dict[str, Any]:
    """How old the OpenAI key is. Older than ``API_KEY_MAX_AGE_DAYS``: degraded, with a
    warning saying what to do (the service still works; the rotation is overdue)."""
    created = settings.OPENAI_API_KEY_CREATED_AT
    body: dict[str, Any] = {
        "provider": "openai",
        "created_at": created.isoformat() if created else None,
        "max_age_days": settings.API_KEY_MAX_AGE_DAYS,
    }
    if created is None:
        return {
            **body,
            "age_days": None,
            "status": HEALTHY,
            "warning": "Key age unknown: set OPENAI_API_KEY_CREATED_AT when rotating the key.",
        }
    age = ((today or datetime.now(UTC).date()) - created).days
    metrics.API_KEY_AGE.labels(provider="openai").set(age)
    if age > settings.API_KEY_MAX_AGE_DAYS:
        return {
            **body,
            "age_days": age,
            "status": DEGRADED,
            "warning": (
                f"The OpenAI API key is {age} days old; rotate every "
                f"{settings.API_KEY_MAX_AGE_DAYS} days: issue a new key, put it in the secret, "
                "and record its date in OPENAI_API_KEY_CREATED_AT."
            ),
        }
    return {**body, "age_days": age, "status": HEALTHY, "warning": None}


def audio_processing() -> dict[str, Any]:
    """Outcomes of the whole service (every process) over the last five minutes."""
    emergency_on = emergency.is_active()
    body: dict[str, Any] = {
        "window_minutes": WINDOW_MINUTES,
        "emergency_safety_mode": emergency_on,
        "child_safety": settings.TTS_CHILD_SAFETY,
    }
    try:
        recent = outcomes.window("tts", WINDOW_MINUTES)
    except REDIS_ERRORS:
        body.update(requests=None, errors=None, error_rate=None, cache_hits=None)
        body["status"] = DEGRADED
        return body
    body.update(
        requests=recent.total,
        errors=recent.errors,
        error_rate=round(recent.error_rate, 4),
        cache_hits=recent.cached,
    )
    degraded = recent.error_rate > ERROR_RATE_DEGRADED or emergency_on
    body["status"] = DEGRADED if degraded else HEALTHY
    return body


def production_cache() -> dict[str, Any]:
    service = get_audio_service()
    reachable, latency_ms = redis_ping()
    body: dict[str, Any] = {
        "enabled": service.cache.enabled,
        "backend": "redis",
        "reachable": reachable,
        "latency_ms": round(latency_ms, 2) if latency_ms is not None else None,
        "ttl_seconds": service.cache.ttl_s,
        "max_size_mb": round(service.cache.max_bytes / 2**20, 3),
        "strategy": service.cache.strategy,
        "compression_level": service.cache.compression_level,
    }
    if reachable:
        try:
            body.update(service.cache.stats())
        except REDIS_ERRORS:
            reachable = False
            body["reachable"] = False
    body["status"] = HEALTHY if reachable else DEGRADED
    return body


def audio_health() -> dict[str, Any]:
    parts = {
        "audio_processing": audio_processing(),
        "tts_service": tts_service(),
        "production_cache": production_cache(),
    }
    status = worst(*(part["status"] for part in parts.values()))
    return {"status": status, "timestamp": _now(), **parts}


def tts_health() -> dict[str, Any]:
    service = tts_service()
    return {"status": service["status"], "timestamp": _now(), "tts_service": service}


def metrics_health() -> dict[str, Any]:
    processing = audio_processing()
    return {
        "status": processing["status"],
        "timestamp": _now(),
        "window_minutes": WINDOW_MINUTES,
        "metrics": {
            "tts_requests": processing["requests"],
            "tts_errors": processing["errors"],
            "error_rate": processing["error_rate"],
            "tts_cache_hits": processing["cache_hits"],
            "tts_cache_hit_ratio": round(_sample_total("tts_cache_hit_ratio"), 4),
        },
        "this_process": {
            "audio_safety_checks_total": int(_sample_total("audio_safety_checks_total")),
            "audio_safety_violations_total": int(_sample_total("audio_safety_violations_total")),
            "audio_errors_total": int(_sample_total("audio_errors_total")),
        },
    }
