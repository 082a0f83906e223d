"""A slow, rate-limited or broken provider never leaves a child in silence."""

import json
import time
from pathlib import Path

import pytest

from audio.cache import KEY_PREFIX
from audio.pipeline import get_audio_service
from teddy.shared_state import get_redis
from tests.helpers import in_other_process, metric_value, wav_stats

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
SPEECH = "/v1/audio/speech"


def speak(client, text, **extra):
    return client.post("/api/v1/tts", {"text": text, **extra}, format="json")


def open_breaker(toy_client, fake_openai, settings, cooldown_s: float = 30.0) -> None:
    """Three failed calls with no retries: the fixture's threshold opens the breaker."""
    settings.TTS_MAX_RETRIES = 0
    settings.TTS_BREAKER_COOLDOWN = cooldown_s
    fake_openai.behave(mode="error", status=500)
    for i in range(3):
        speak(toy_client, f"failing {i}")


def breaker_state(client):
    return client.get("/health/audio").json()["tts_service"]["circuit_breaker"]["openai"]


def test_rate_limit_is_retried_after_the_servers_retry_after(toy_client, fake_openai):
    fake_openai.behave(fail_next=2, status=429, retry_after=0.3)
    started = time.monotonic()

    response = speak(toy_client, "Patience is a virtue")

    assert response["X-TTS-Provider"] == "openai"
    assert len(fake_openai.calls(SPEECH)) == 3
    assert time.monotonic() - started >= 0.6  # waited as told, twice


def test_server_errors_are_retried_with_backoff_then_succeed(toy_client, fake_openai):
    fake_openai.behave(fail_next=1, status=503)

    response = speak(toy_client, "Try again")

    assert response["X-TTS-Provider"] == "openai"
    assert len(fake_openai.calls(SPEECH)) == 2


def test_a_permanent_error_is_not_retried_and_falls_back(toy_client, fake_openai):
    fake_openai.behave(fail_next=1, status=401)

    response = speak(toy_client, "Who am I")

    assert response.status_code == 200
    assert response["X-TTS-Provider"] == "local"
    assert len(fake_openai.calls(SPEECH)) == 1


def test_retries_give_up_and_fall_back(toy_client, fake_openai, settings):
    settings.TTS_MAX_RETRIES = 1
    fake_openai.behave(mode="error", status=500)

    response = speak(toy_client, "Still here")

    assert response["X-TTS-Provider"] == "local"
    assert len(fake_openai.calls(SPEECH)) == 2
    assert wav_stats(response.content)[0] > 0.3


def test_a_hanging_provider_hands_over_within_the_timeout(toy_client, fake_openai, settings):
    settings.TTS_REQUEST_TIMEOUT = 1.0
    fake_openai.behave(mode="hang")
    started = time.monotonic()

    response = speak(toy_client, "Are you sleeping")

    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert response["X-TTS-Provider"] == "local"
    assert elapsed < 1.0 + 2.0, f"fallback took {elapsed:.2f}s for a 1 s budget"


def test_dropped_connections_fall_back(toy_client, fake_openai):
    fake_openai.behave(mode="drop")

    assert speak(toy_client, "Hello?")["X-TTS-Provider"] == "local"


def test_fallback_audio_is_cached_only_briefly(toy_client, fake_openai, settings):
    settings.TTS_FALLBACK_CACHE_TTL = 60
    fake_openai.behave(mode="error", status=500)
    speak(toy_client, "Short lived")
    fake_openai.behave(mode="ok")
    speak(toy_client, "Long lived")

    ttls = sorted(get_redis().ttl(k) for k in get_redis().keys(KEY_PREFIX + "*"))
    assert ttls[0] <= 60 < ttls[1]


def test_breaker_opens_after_the_threshold_and_then_fails_fast(
    client, toy_client, fake_openai, settings
):
    settings.TTS_MAX_RETRIES = 0
    fake_openai.behave(mode="error", status=500)
    for i in range(3):
        assert speak(toy_client, f"failing {i}")["X-TTS-Provider"] == "local"
    assert len(fake_openai.calls(SPEECH)) == 3

    for i in range(5):
        assert speak(toy_client, f"fast {i}")["X-TTS-Provider"] == "local"

    assert len(fake_openai.calls(SPEECH)) == 3  # nothing reached the provider while open
    state = breaker_state(client)
    assert state["state"] == "open"
    assert state["failures"] == 3
    assert state["opened_at"] and state["next_probe_at"] > state["opened_at"]
    assert client.get("/health/audio").json()["tts_service"]["status"] == "degraded"


def test_breaker_half_opens_and_closes_after_a_good_probe(
    client, toy_client, fake_openai, settings
):
    open_breaker(toy_client, fake_openai, settings, cooldown_s=0.3)
    assert breaker_state(client)["state"] == "open"

    fake_openai.behave(mode="ok")
    time.sleep(0.35)
    response = speak(toy_client, "Are you back")

    assert response["X-TTS-Provider"] == "openai"
    assert breaker_state(client)["state"] == "closed"


def test_a_failed_probe_opens_the_breaker_again_for_longer(
    client, toy_client, fake_openai, settings
):
    open_breaker(toy_client, fake_openai, settings, cooldown_s=0.3)
    first = breaker_state(client)

    time.sleep(0.35)
    speak(toy_client, "probe")  # the probe reaches the provider and fails

    second = breaker_state(client)
    assert len(fake_openai.calls(SPEECH)) == 4
    assert second["state"] == "open"
    assert second["opened_at"] >= first["opened_at"]


def test_sre_can_reset_the_breaker(client, toy_client, fake_openai, settings):
    open_breaker(toy_client, fake_openai, settings)
    fake_openai.behave(mode="ok")

    get_audio_service().providers.reset_breaker("openai")

    assert breaker_state(client)["state"] == "closed"
    assert speak(toy_client, "Fresh start")["X-TTS-Provider"] == "openai"


def _other_process(script: str, redis_url: str) -> str:
    return in_other_process(
        script, redis_url, prelude="from audio.providers.breaker import CircuitBreaker\n"
    )


def test_two_processes_see_the_same_breaker(toy_client, fake_openai, settings, _suite_redis):
    open_breaker(toy_client, fake_openai, settings)

    seen = json.loads(
        _other_process('print(json.dumps(CircuitBreaker("tts:openai").snapshot()))', _suite_redis)
    )
    assert seen["state"] == "open"

    _other_process('CircuitBreaker("tts:openai").reset()', _suite_redis)
    fake_openai.behave(mode="ok")
    assert speak(toy_client, "Closed elsewhere")["X-TTS-Provider"] == "openai"


def test_breaker_opened_by_another_process_stops_calls_here(toy_client, fake_openai, _suite_redis):
    _other_process(
        'b = CircuitBreaker("tts:openai")\nfor _ in range(5): b.record_failure()', _suite_redis
    )

    assert speak(toy_client, "Opened elsewhere")["X-TTS-Provider"] == "local"
    assert fake_openai.calls(SPEECH) == []


def test_a_full_outage_still_answers_every_toy_request(toy_client, fake_openai, settings):
    settings.TTS_MAX_RETRIES = 1
    fake_openai.behave(mode="error", status=500)

    answered = 0
    for i in range(50):
        response = speak(toy_client, f"Story number {i} about a brave little turtle")
        if response.status_code == 200 and wav_stats(response.content)[0] > 0.3:
            answered += 1

    assert answered == 50


def test_provider_health_score_falls_with_failures(client, toy_client, fake_openai, settings):
    settings.TTS_MAX_RETRIES = 0
    speak(toy_client, "All good")
    healthy = metric_value(client, "tts_provider_health_score", provider="openai")

    fake_openai.behave(mode="error", status=500)
    speak(toy_client, "Not good")
    speak(toy_client, "Still not good")

    assert healthy == 1.0
    assert metric_value(client, "tts_provider_health_score", provider="openai") == pytest.approx(
        1 / 3, abs=0.01
    )
    assert 0.0 <= metric_value(client, "tts_provider_health_score", provider="local") <= 1.0
