"""A child speaks; the toy gets the words back, with personal information removed."""

import io

import pytest

from tests.audio_files import speech_wav

pytestmark = pytest.mark.django_db
URL = "/api/v1/stt"


@pytest.fixture
def toy_client(family_toy_client):
    """STT needs a parent's consent: these tests speak as a consented child's toy (the consent
    rules themselves are tested in tests/safety/test_coppa.py)."""
    return family_toy_client


def send(client, blob: bytes, **params):
    file = io.BytesIO(blob)
    file.name = "child.wav"
    return client.post(URL, {"audio": file, **params})


def test_local_engine_transcribes_espeak_speech(toy_client):
    response = send(toy_client, speech_wav("Hello teddy, tell me a story about a dragon please"))

    assert response.status_code == 200
    body = response.json()
    assert body["text"].strip()
    assert body["provider"] == "local"
    assert body["language"] == "en"
    assert 2.0 < body["duration_s"] < 6.0
    assert body["safety"]["action"] in ("allow", "redact", "block")
    assert body["quality"]["has_speech"] is True


def test_a_raw_body_works_too(toy_client):
    response = toy_client.post(URL, speech_wav("good morning"), content_type="audio/wav")

    assert response.status_code == 200
    assert response.json()["text"]


def test_openai_transcription_through_the_sdk(toy_client, fake_openai, settings):
    settings.STT_PROVIDER = "openai"
    fake_openai.behave(transcript="can we play a game")

    response = send(toy_client, speech_wav("can we play a game"))

    body = response.json()
    assert body == {**body, "text": "can we play a game", "provider": "openai"}
    (call,) = fake_openai.calls("/v1/audio/transcriptions")
    assert call.body == {
        "model": "gpt-4o-mini-transcribe",
        "language": "en",
        "response_format": "json",
    }


def test_a_transcript_with_a_phone_number_comes_back_redacted(toy_client, fake_openai, settings):
    settings.STT_PROVIDER = "openai"
    fake_openai.behave(transcript="my mommy's number is 555 123 4567")

    body = send(toy_client, speech_wav("my mommy's number")).json()

    assert body["text"] == "my mommy's number is [redacted]"
    assert body["safety"]["action"] == "redact"
    assert "4567" not in str(body)


def test_openai_down_falls_back_to_the_local_engine(toy_client, fake_openai, settings):
    settings.STT_PROVIDER = "openai"
    settings.TTS_MAX_RETRIES = 0
    fake_openai.behave(mode="error", status=503)

    response = send(toy_client, speech_wav("hello there"))

    assert response.status_code == 200
    assert response.json()["provider"] == "local"


@pytest.mark.parametrize(
    ("blob", "code"), [(b"not audio at all", "unsupported_format"), (b"", "empty_audio")]
)
def test_bad_uploads_are_refused_before_transcription(toy_client, blob, code):
    response = send(toy_client, blob)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_unsupported_language_is_a_clear_error(toy_client):
    response = send(toy_client, speech_wav("hola"), language="tlh")

    assert response.json()["error"]["code"] == "invalid_language"


def test_stt_needs_a_device_token(anonymous_client):
    assert send(anonymous_client, speech_wav("hi")).status_code == 401
