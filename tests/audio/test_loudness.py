"""Every clip the bear speaks is at its target loudness and never above its true-peak ceiling,
whatever the provider, voice, format or text."""

import io

import av
import numpy as np
import pytest

from audio.postprocess import DEFAULT_PROFILE, UNDER_5_PROFILE, integrated_lufs, true_peak_dbtp

pytestmark = pytest.mark.django_db

TEXTS = [
    "Hello friend",
    "Once upon a time there was a little bear who loved honey. "
    "One day he found a tree full of bees!",
    "WOW! That is AMAZING!",
    "Shh, time to sleep now.",
]


def decoded(body: bytes, fmt: str) -> tuple[np.ndarray, int]:
    if fmt == "pcm":
        return np.frombuffer(body, dtype="<i2").astype(np.float64) / 32768, 22050
    with av.open(io.BytesIO(body)) as container:
        stream = container.streams.audio[0]
        frames = [f.to_ndarray().astype(np.float64).reshape(-1) for f in container.decode(stream)]
        rate = stream.codec_context.sample_rate
        data = np.concatenate(frames)
        if data.dtype.kind == "f" and np.max(np.abs(data)) > 2:  # integer samples
            data = data / 32768
        return data, rate


@pytest.mark.parametrize("fmt", ["wav", "pcm", "mp3", "opus"])
@pytest.mark.parametrize("voice", ["nova", "onyx"])
def test_tts_output_meets_the_loudness_target(toy_client, fmt, voice):
    for text in TEXTS:
        response = toy_client.post(
            "/api/v1/tts", {"text": text, "voice": voice, "format": fmt}, format="json"
        )
        samples, rate = decoded(response.content, fmt)
        if fmt == "wav":
            samples = samples / 32768 if np.max(np.abs(samples)) > 2 else samples

        loudness = integrated_lufs(samples, rate)
        assert abs(loudness - DEFAULT_PROFILE.target_lufs) <= 1.0, (text, fmt, loudness)
        assert true_peak_dbtp(samples) <= DEFAULT_PROFILE.true_peak_dbtp, (text, fmt)


def test_openai_audio_is_levelled_too(toy_client, fake_openai):
    response = toy_client.post("/api/v1/tts", {"text": TEXTS[1], "format": "pcm"}, format="json")
    samples = np.frombuffer(response.content, dtype="<i2").astype(np.float64) / 32768

    assert response["X-TTS-Provider"] == "openai"
    assert abs(integrated_lufs(samples, 24000) - DEFAULT_PROFILE.target_lufs) <= 1.0
    assert true_peak_dbtp(samples) <= DEFAULT_PROFILE.true_peak_dbtp


def test_the_youngest_children_get_a_quieter_profile(toy_client):
    from audio.pipeline import get_audio_service

    service = get_audio_service()
    speech = service.speak(service.parse({"text": TEXTS[1], "format": "pcm"}), age_group="under_5")
    samples = np.frombuffer(speech.synthesis.audio, dtype="<i2").astype(np.float64) / 32768

    assert abs(integrated_lufs(samples, 22050) - UNDER_5_PROFILE.target_lufs) <= 1.0
    assert true_peak_dbtp(samples) <= UNDER_5_PROFILE.true_peak_dbtp
