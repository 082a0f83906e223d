"""Whatever bytes a toy uploads, the validator names what they are and gives a clear verdict."""

import io
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from audio.validation import AudioLimits, InvalidAudio, inspect_audio
from tests.audio_files import encoded, noise, silence, speech_samples, speech_wav, tone, wav

pytestmark = pytest.mark.django_db
URL = "/api/v1/audio/validate"


def upload(client, blob: bytes, name: str = "clip.wav", **extra):
    return client.post(URL, {"audio": _file(blob, name)}, **extra)


def _file(blob: bytes, name: str):
    f = io.BytesIO(blob)
    f.name = name
    return f


def test_espeak_speech_is_accepted_with_a_good_quality_score(toy_client):
    response = upload(toy_client, speech_wav())

    assert response.status_code == 200
    report = response.json()
    assert report["format"] == "wav" and report["codec"] == "pcm_s16le"
    assert report["sample_rate"] == 22050 and report["channels"] == 1
    assert 2.0 < report["duration_s"] < 6.0
    assert report["has_speech"] is True
    assert report["quality_score"] > 0.7
    assert report["clipping_ratio"] == 0


@pytest.mark.parametrize(
    ("fmt", "container", "codec"),
    [
        ("mp3", "mp3", "mp3"),
        ("opus", "ogg", "opus"),
        ("flac", "flac", "flac"),
        ("webm", "webm", "opus"),
    ],
)
def test_compressed_formats_are_identified_by_content(toy_client, fmt, container, codec):
    samples, rate = speech_samples()
    response = upload(toy_client, encoded(samples, rate, fmt), name="misleading.wav")

    assert response.status_code == 200, response.json()
    report = response.json()
    assert report["format"] == container
    assert report["codec"].startswith(codec)
    assert report["has_speech"] is True


def test_raw_pcm_needs_its_rate(toy_client):
    samples, _ = speech_samples()
    raw = samples.tobytes()

    declared = toy_client.post(URL, raw, content_type="audio/L16; rate=22050")
    undeclared = toy_client.post(URL, raw, content_type="application/octet-stream")

    assert declared.status_code == 200 and declared.json()["format"] == "pcm"
    assert (
        undeclared.status_code == 400 and undeclared.json()["error"]["code"] == "unsupported_format"
    )


@pytest.mark.parametrize(
    ("blob", "code"),
    [
        (b"", "empty_audio"),
        (b"\x00\x01garbage bytes that are not audio" * 10, "unsupported_format"),
        (wav(silence(), 16000), "silent_audio"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00" + b"\xff" * 40, "corrupt_audio"),
        (wav(tone(seconds=61), 16000), "too_long"),
        (wav(tone(rate=4000), 4000), "unsupported_sample_rate"),
        (wav(np.repeat(tone(), 3), 16000, channels=3), "too_many_channels"),
    ],
)
def test_each_bad_upload_has_its_own_code(toy_client, blob, code):
    response = upload(toy_client, blob)

    assert response.status_code == 400, response.json()
    assert response.json()["error"]["code"] == code


def test_a_zip_renamed_wav_is_refused(toy_client):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.wav", b"\0" * 10_000_000)

    response = upload(toy_client, archive.getvalue(), name="story.wav")

    assert response.json()["error"]["code"] == "unsupported_format"


def test_too_large_is_413(toy_client, settings):
    settings.AUDIO_MAX_UPLOAD_BYTES = 50_000

    response = upload(toy_client, wav(tone(seconds=5), 16000))

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


@pytest.mark.parametrize("fmt", ["wav", "mp3", "opus", "flac"])
def test_half_an_upload_is_used_for_what_arrived(toy_client, fmt):
    samples, rate = speech_samples()
    whole = speech_wav() if fmt == "wav" else encoded(samples, rate, fmt)
    full = upload(toy_client, whole).json()["duration_s"]

    response = upload(toy_client, whole[: len(whole) // 2])

    assert response.status_code == 200
    assert 0.2 * full < response.json()["duration_s"] < 0.8 * full


@pytest.mark.parametrize("fmt", ["mp3", "opus", "flac"])
def test_only_a_header_is_corrupt(toy_client, fmt):
    samples, rate = speech_samples()

    response = upload(toy_client, encoded(samples, rate, fmt)[:100])

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "corrupt_audio"


def test_noise_and_tones_score_lower_than_speech(toy_client):
    speech = upload(toy_client, speech_wav()).json()
    hiss = upload(toy_client, wav(noise(), 16000)).json()
    beep = upload(toy_client, wav(tone(), 16000)).json()

    assert hiss["quality_score"] < speech["quality_score"]
    assert beep["quality_score"] < speech["quality_score"]


def test_missing_upload_is_a_clear_error(toy_client):
    response = toy_client.post(URL, {"other": "x"})

    assert response.json()["error"]["code"] == "missing_audio"


def test_validation_needs_a_device_token(anonymous_client):
    assert upload(anonymous_client, speech_wav()).status_code == 401


PREFIXES = [
    b"",
    b"RIFF\x00\x00\x00\x00WAVE",
    b"OggS",
    b"fLaC",
    b"ID3\x04",
    b"\xff\xfb",
    b"\x1a\x45\xdf\xa3",
]


@hsettings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=4096),
    rate=st.one_of(st.none(), st.integers(-10, 200_000)),
)
def test_random_bytes_never_crash_the_validator(prefix, body, rate):
    limits = AudioLimits(max_bytes=10_000, max_seconds=5)
    try:
        report, _ = inspect_audio(prefix + body, limits=limits, raw_rate=rate)
    except InvalidAudio as exc:
        assert exc.code and exc.status in (400, 413)
    else:
        assert 0.0 <= report.quality_score <= 1.0
        assert report.duration_s <= 5.5


@hsettings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.binary(max_size=2048),
    content_type=st.sampled_from(
        ["audio/wav", "audio/L16; rate=16000", "application/octet-stream", "audio/L16; rate=abc"]
    ),
)
def test_random_uploads_through_the_api_get_a_4xx_or_a_report(toy_client, body, content_type):
    response = toy_client.post(URL, body, content_type=content_type)

    assert response.status_code in (200, 400, 413), response.status_code
    assert ("error" in response.json()) == (response.status_code != 200)


def test_plain_pcm_wav_is_read_without_ffmpeg_the_same_as_through_it(monkeypatch):
    """The fast path for 16-bit PCM WAV gives the report FFmpeg's path gives."""
    from audio import validation

    voice = speech_wav("one two three four five")
    fast, fast_pcm = inspect_audio(voice)
    monkeypatch.setattr(validation, "_plain_wav", lambda blob, limits: None)  # FFmpeg's way
    slow, slow_pcm = inspect_audio(voice)

    assert (fast.format, fast.codec, fast.sample_rate) == (slow.format, slow.codec, 22050)
    assert fast.duration_s == pytest.approx(slow.duration_s, abs=0.01)
    assert fast.has_speech == slow.has_speech is True
    assert fast.quality_score == pytest.approx(slow.quality_score, abs=0.05)
    assert len(fast_pcm.data) == pytest.approx(len(slow_pcm.data), rel=0.01)
