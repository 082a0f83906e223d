"""A toy sends text and hears the bear speak it."""

import pytest

from tests.helpers import wav_stats

pytestmark = pytest.mark.django_db


def speak(client, **body):
    return client.post("/api/v1/tts", body, format="json")


def test_toy_gets_playable_speech(toy_client):
    response = speak(toy_client, text="Hello friend")

    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response.content[:4] == b"RIFF" and response.content[8:12] == b"WAVE"
    duration, rms_dbfs = wav_stats(response.content)
    assert duration > 0.3
    assert rms_dbfs > -40, "the speech must be audible, not near-silence"
    assert response["X-TTS-Provider"] == "local"
    assert response["X-Safety-Action"] == "allow"
    assert "X-Safety-Category" not in response


def test_second_identical_request_is_served_from_cache_with_identical_bytes(toy_client):
    first = speak(toy_client, text="Time for a story about a little fox.")
    second = speak(toy_client, text="Time for a story about a little fox.")

    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content


def test_different_voice_is_a_different_recording(toy_client):
    nova = speak(toy_client, text="Good morning", voice="nova")
    onyx = speak(toy_client, text="Good morning", voice="onyx")

    assert onyx["X-Cache"] == "MISS"
    assert onyx.content != nova.content


def test_pcm_format_returns_raw_samples_with_their_rate(toy_client):
    response = speak(toy_client, text="Hello", format="pcm")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("audio/L16; rate=22050")
    assert response.content[:4] != b"RIFF"
    assert len(response.content) > 22050 * 2 * 0.2


def test_text_with_leading_dash_is_spoken_not_read_as_an_option(toy_client):
    response = speak(toy_client, text="--version")

    assert response.status_code == 200
    duration, _ = wav_stats(response.content)
    assert duration > 0.2


def test_language_picks_the_matching_voice(toy_client):
    english = speak(toy_client, text="uno dos tres", language="en")
    spanish = speak(toy_client, text="uno dos tres", language="es")

    assert spanish.status_code == 200
    assert spanish.content != english.content
