"""SREs and probes read the service's health from live state."""

import pytest

from audio import health
from tests.helpers import metric_value

pytestmark = pytest.mark.django_db


def test_health_has_the_documented_shape(client):
    response = client.get("/health/audio")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "healthy"
    assert body["timestamp"].endswith("Z")
    assert {"audio_processing", "tts_service", "production_cache"} <= set(body)
    tts = body["tts_service"]
    assert tts["provider_health"]["local"]["status"] == "healthy"
    assert tts["provider_health"]["local"]["latency_ms"] > 0
    assert tts["circuit_breaker"]["local"] == {
        "state": "closed",
        "failures": 0,
        "opened_at": None,
        "next_probe_at": None,
    }
    cache = body["production_cache"]
    assert cache["reachable"] is True
    assert cache["status"] == "healthy"


def test_cache_statistics_follow_real_requests(client, toy_client):
    for _ in range(3):
        toy_client.post("/api/v1/tts", {"text": "Peekaboo"}, format="json")

    cache = client.get("/health/audio").json()["production_cache"]

    assert cache["hits"] == 2
    assert cache["misses"] == 1
    assert cache["hit_rate"] == pytest.approx(2 / 3, abs=1e-3)
    assert cache["entries"] == 1


def test_redis_down_is_degraded_not_down(client, redis_down):
    response = client.get("/health/audio")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["production_cache"]["reachable"] is False


def test_no_working_provider_is_unhealthy_503(client, settings):
    settings.ESPEAK_NG_BINARY = "/nonexistent/espeak-ng"
    health.forget_probes()

    response = client.get("/health/audio")
    tts = client.get("/health/audio/tts")

    assert response.status_code == 503
    assert response.json()["status"] == "unhealthy"
    assert "not installed" in response.json()["tts_service"]["provider_health"]["local"]["detail"]
    assert tts.status_code == 503


def test_provider_failure_is_a_503_json_error_for_the_toy(toy_client, settings):
    settings.ESPEAK_NG_BINARY = "/nonexistent/espeak-ng"

    response = toy_client.post("/api/v1/tts", {"text": "Hello"}, format="json")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "provider_unavailable"


def test_emergency_mode_shows_as_degraded(client, settings):
    settings.EMERGENCY_SAFETY_MODE = True

    body = client.get("/health/audio").json()

    assert body["status"] == "degraded"
    assert body["audio_processing"]["emergency_safety_mode"] is True


def test_tts_and_metrics_health_endpoints(client, toy_client):
    toy_client.post("/api/v1/tts", {"text": "Hi"}, format="json")

    tts = client.get("/health/audio/tts").json()
    summary = client.get("/health/audio/metrics").json()

    assert tts["tts_service"]["provider"] == "local"
    assert summary["metrics"]["tts_requests"] == 1
    assert 0.0 <= summary["metrics"]["tts_cache_hit_ratio"] <= 1.0


def test_outcomes_count_across_processes(client, toy_client, settings):
    """Health counts come from Redis, so every web process reports the same numbers."""
    toy_client.post("/api/v1/tts", {"text": "One"}, format="json")
    toy_client.post("/api/v1/tts", {"text": "One"}, format="json")
    settings.ESPEAK_NG_BINARY = "/nonexistent/espeak-ng"
    toy_client.post("/api/v1/tts", {"text": "Two"}, format="json")

    processing = client.get("/health/audio").json()["audio_processing"]

    assert processing["requests"] == 3
    assert processing["errors"] == 1
    assert processing["cache_hits"] == 1
    assert processing["status"] == "degraded"  # 1 error in 3 is far above 5 %


def test_primary_down_with_a_working_fallback_is_degraded(client, fake_openai):
    fake_openai.behave(mode="error", status=500)

    response = client.get("/health/audio/tts")

    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    health = body["tts_service"]["provider_health"]
    assert health["openai"]["status"] == "unhealthy" and health["openai"]["role"] == "primary"
    assert health["local"]["status"] == "healthy" and health["local"]["role"] == "fallback"
    assert set(body["tts_service"]["circuit_breaker"]) == {"openai", "local"}


def test_openai_probe_is_free(client, fake_openai):
    client.get("/health/audio/tts")

    assert fake_openai.calls("/v1/audio/speech") == []
    assert len(fake_openai.calls("/v1/models/tts-1")) == 1


def test_liveness_answers_even_when_redis_and_providers_are_down(client, settings, redis_down):
    settings.ESPEAK_NG_BINARY = "/nonexistent/espeak-ng"
    health.forget_probes()

    live = client.get("/health/live")

    assert live.status_code == 200 and live.json() == {"status": "alive"}
    assert client.get("/health/audio").status_code == 503  # readiness says it, not liveness


def test_an_old_provider_key_degrades_with_a_warning(client, fake_openai, settings):
    from datetime import UTC, datetime, timedelta

    today = datetime.now(UTC).date()
    settings.OPENAI_API_KEY_CREATED_AT = today - timedelta(days=31)
    old = client.get("/health/audio").json()
    settings.OPENAI_API_KEY_CREATED_AT = today - timedelta(days=3)
    fresh = client.get("/health/audio").json()

    assert old["status"] == "degraded" and old["tts_service"]["status"] == "degraded"
    assert old["tts_service"]["api_key"]["age_days"] == 31
    assert "31 days old" in old["tts_service"]["api_key"]["warning"]
    assert fresh["status"] == "healthy" and fresh["tts_service"]["api_key"]["age_days"] == 3
    assert metric_value(client, "tts_provider_api_key_age_days", provider="openai") == 3


def test_the_local_engine_has_no_key_to_age(client):
    assert client.get("/health/audio").json()["tts_service"]["api_key"] is None
