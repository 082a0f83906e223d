"""/metrics shows every family the alert rules rely on, moved by real requests."""

import pytest

from tests.helpers import metric_names, metric_value

pytestmark = pytest.mark.django_db

FAMILIES = {
    "tts_requests",
    "tts_processing_duration_seconds",
    "tts_cache_hit_ratio",
    "tts_cost_total_usd",
    "tts_characters_processed",
    "audio_safety_checks",
    "audio_safety_violations",
    "audio_validation_checks",
    "child_audio_sessions",
    "child_audio_engagement_duration_seconds",
    "audio_errors",
    "tts_provider_health_score",
}


def test_every_documented_family_is_exposed(client):
    assert metric_names(client) >= FAMILIES


def test_requests_are_counted_with_their_cache_outcome(client, toy_client):
    labels = {"provider": "local", "voice_id": "nova", "language": "en", "status": "success"}
    miss0 = metric_value(client, "tts_requests_total", cached="false", **labels)
    hit0 = metric_value(client, "tts_requests_total", cached="true", **labels)

    toy_client.post("/api/v1/tts", {"text": "Counting sheep"}, format="json")
    toy_client.post("/api/v1/tts", {"text": "Counting sheep"}, format="json")

    assert metric_value(client, "tts_requests_total", cached="false", **labels) == miss0 + 1
    assert metric_value(client, "tts_requests_total", cached="true", **labels) == hit0 + 1
    assert metric_value(client, "tts_processing_duration_seconds_count", provider="local") >= 2
    assert metric_value(client, "tts_cache_hit_ratio") == pytest.approx(0.5)


def test_characters_are_counted_on_synthesis_only(client, toy_client):
    before = metric_value(client, "tts_characters_processed_total", provider="local")

    toy_client.post("/api/v1/tts", {"text": "Twinkle twinkle"}, format="json")
    toy_client.post("/api/v1/tts", {"text": "Twinkle twinkle"}, format="json")

    after = metric_value(client, "tts_characters_processed_total", provider="local")
    assert after == before + len("Twinkle twinkle")


def test_safety_decisions_are_counted(client, toy_client):
    before = metric_value(client, "audio_safety_violations_total", violation_type="self_harm")

    toy_client.post("/api/v1/tts", {"text": "kill yourself"}, format="json")

    assert (
        metric_value(client, "audio_safety_violations_total", violation_type="self_harm")
        == before + 1
    )
    assert metric_value(client, "audio_safety_checks_total", result="block") >= 1


def test_cost_counter_is_exposed_under_its_prometheus_name(client, toy_client):
    toy_client.post("/api/v1/tts", {"text": "Free local speech"}, format="json")

    text = client.get("/metrics").content.decode()

    assert 'tts_cost_total_usd_total{model="espeak-ng",provider="local"} 0.0' in text
