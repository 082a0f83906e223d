"""In production the bear speaks with OpenAI's voices, through the real SDK."""

import io

import av
import pytest

from tests.helpers import wav_stats

pytestmark = pytest.mark.django_db


def speak(client, text, **extra):
    return client.post("/api/v1/tts", {"text": text, **extra}, format="json")


def test_openai_receives_what_the_sdk_sends_and_its_audio_comes_back(toy_client, fake_openai):
    response = speak(toy_client, "Hello friend", voice="coral")

    assert response.status_code == 200
    assert response["X-TTS-Provider"] == "openai"
    (call,) = fake_openai.calls("/v1/audio/speech")
    assert call.body == {
        "model": "tts-1",
        "voice": "coral",
        "input": "Hello friend",
        "response_format": "pcm",
    }
    assert call.headers["authorization"] == "Bearer sk-test-fake"
    duration, rms = wav_stats(response.content)
    assert duration > 0.3 and rms > -40
    assert int.from_bytes(response.content[24:28], "little") == 24000  # OpenAI's PCM rate


def test_bedtime_model_gets_gentle_instructions(toy_client, fake_openai, settings):
    settings.OPENAI_TTS_MODEL = "gpt-4o-mini-tts"

    speak(toy_client, "Good night, little one")

    (call,) = fake_openai.calls("/v1/audio/speech")
    assert call.body["model"] == "gpt-4o-mini-tts"
    assert "gentle" in call.body["instructions"]


@pytest.mark.parametrize(("fmt", "codec"), [("mp3", "mp3"), ("opus", "opus")])
def test_compressed_formats_are_real_audio(toy_client, fake_openai, fmt, codec):
    response = speak(toy_client, "Let's read a story together", format=fmt)

    assert response.status_code == 200
    with av.open(io.BytesIO(response.content)) as container:
        stream = container.streams.audio[0]
        assert stream.codec_context.name.startswith(codec)
        samples = sum(frame.samples for frame in container.decode(stream))
        assert samples / stream.codec_context.sample_rate > 0.5


def test_mp3_carries_no_tag_that_could_hold_the_text(toy_client, fake_openai):
    response = speak(toy_client, "Secret word banana", format="mp3")

    assert not response.content.startswith(b"ID3")
    assert b"banana" not in response.content.lower()


def test_streaming_yields_the_same_audio_in_chunks(fake_openai):
    from audio.providers import build_provider

    provider = build_provider("openai")
    whole = provider.synthesize("Once upon a time", voice="nova", language="en").data
    chunks = list(provider.synthesize_stream("Once upon a time", voice="nova", language="en"))

    assert len(chunks) > 1
    assert b"".join(chunks) == whole
