"""Finance sees what speech costs, and what the cache saves."""

import pytest

from audio import pricing
from tests.helpers import metric_value

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("model", "usd_per_million"), [("tts-1", 15.0), ("tts-1-hd", 30.0)])
def test_cost_is_characters_times_the_price(
    client, toy_client, fake_openai, settings, model, usd_per_million
):
    settings.OPENAI_TTS_MODEL = model
    text = "The moon smiled at the sleepy little owl."
    before = metric_value(client, "tts_cost_total_usd_total", provider="openai", model=model)

    toy_client.post("/api/v1/tts", {"text": text}, format="json")

    spent = (
        metric_value(client, "tts_cost_total_usd_total", provider="openai", model=model) - before
    )
    assert spent == pytest.approx(len(text) * usd_per_million / 1_000_000)


def test_cache_hits_cost_nothing_and_count_as_savings(client, toy_client, fake_openai):
    text = "Twinkle twinkle little star"
    toy_client.post("/api/v1/tts", {"text": text}, format="json")
    spent = metric_value(client, "tts_cost_total_usd_total", provider="openai")
    chars = metric_value(client, "tts_characters_processed_total", provider="openai")
    saved = metric_value(client, "tts_cost_saved_usd_total", provider="openai")

    for _ in range(3):
        assert toy_client.post("/api/v1/tts", {"text": text}, format="json")["X-Cache"] == "HIT"

    assert metric_value(client, "tts_cost_total_usd_total", provider="openai") == spent
    assert metric_value(client, "tts_characters_processed_total", provider="openai") == chars
    assert metric_value(client, "tts_cost_saved_usd_total", provider="openai") == pytest.approx(
        saved + 3 * pricing.cost_usd("tts-1", len(text))
    )


def test_fallback_speech_costs_nothing(client, toy_client, fake_openai):
    fake_openai.behave(mode="error", status=401)
    before = metric_value(client, "tts_cost_total_usd_total")

    toy_client.post("/api/v1/tts", {"text": "Free as a bird"}, format="json")

    assert metric_value(client, "tts_cost_total_usd_total") == before
    assert metric_value(client, "tts_cost_total_usd_total", provider="local") == 0.0


def test_unknown_models_are_priced_high_rather_than_free():
    assert pricing.cost_usd("tts-9-ultra", 1_000_000) == max(pricing.USD_PER_MILLION_CHARS.values())
