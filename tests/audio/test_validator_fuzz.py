"""Fuzzing the audio validator with damaged *real* files.

``test_audio_validation.py`` already throws arbitrary bytes (behind each container's magic) at
``inspect_audio``. Random bytes rarely get past a demuxer's first checks, though; a damaged real
file does, and reaches the parsers, decoders and resampler behind it. So here valid WAV, MP3,
Ogg/Opus, FLAC and WebM clips are mutated the way uploads get damaged or forged: bytes flipped,
cut short, header sizes and rates overwritten with boundary values, slices inserted, dropped or
repeated. The property: ``inspect_audio`` returns a sane report or raises ``InvalidAudio`` (or
a subclass), never anything else, and it answers quickly for every input.
"""

from __future__ import annotations

import struct
import time
from functools import cache

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from audio.validation import TARGET_RATE, AudioLimits, InvalidAudio, inspect_audio
from tests.audio_files import encoded, speech_samples, wav

LIMITS = AudioLimits(max_bytes=200_000, max_seconds=5)
#: Per input. A clip is at most 5 s here, so anything near this is a runaway, not a slow box.
TIME_BOUND_S = 2.0
# Boundary values AFL uses for "interesting" integers, as 1, 2 and 4 little-endian bytes.
INTERESTING = [0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF]
# WAV header fields: RIFF size, fmt size, format tag, channels, rate, byte rate, block align,
# bits per sample, data size (offset, width) in a canonical 44-byte header.
WAV_FIELDS = [(4, 4), (16, 4), (20, 2), (22, 2), (24, 4), (28, 4), (32, 2), (34, 2), (40, 4)]
FORMATS = ("wav", "wav-stereo", "mp3", "opus", "flac", "webm")


@cache
def clip(fmt: str) -> bytes:
    """A second of real speech in ``fmt``, made once."""
    samples, rate = speech_samples("Hello teddy")
    samples = samples[:rate]
    if fmt == "wav":
        return wav(samples, rate)
    if fmt == "wav-stereo":
        return wav(samples.repeat(2), rate, channels=2)
    return encoded(samples, rate, fmt)


def _put_int(blob: bytearray, offset: int, width: int, value: int) -> None:
    offset = min(offset, max(len(blob) - width, 0))
    blob[offset : offset + width] = (value & ((1 << (8 * width)) - 1)).to_bytes(width, "little")


def mutate(blob: bytes, damage: tuple) -> bytes:
    """Apply one damage, a small tuple so that a failing example prints short and replays."""
    kind, at, *args = damage
    if kind == "flip":
        return blob[:at] + bytes([blob[at] ^ args[0]]) + blob[at + 1 :] if at < len(blob) else blob
    if kind == "truncate":
        return blob[:at]
    if kind == "int":
        width, value = args
        out = bytearray(blob)
        if len(out) >= width:
            _put_int(out, at, width, value)
        return bytes(out)
    if kind == "insert":
        return blob[:at] + args[0] + blob[at:]
    if kind == "delete":
        return blob[:at] + blob[at + args[0] :]
    if kind == "repeat":
        length = args[0]
        return blob[: at + length] + blob[at : at + length] + blob[at + length :]
    raise AssertionError(kind)


@st.composite
def damage(draw, size: int) -> tuple:
    at = draw(st.integers(0, max(size - 1, 0)))
    kind = draw(
        st.sampled_from(["flip", "truncate", "wav_field", "int", "insert", "delete", "repeat"])
    )
    if kind == "flip":
        return ("flip", at, draw(st.integers(1, 255)))
    if kind == "truncate":
        return ("truncate", at)
    if kind == "wav_field":  # the header fields a forged or damaged WAV gets wrong
        offset, width = draw(st.sampled_from(WAV_FIELDS))
        value = draw(st.sampled_from([*INTERESTING, 8000, 16000, 44100, 96000, 192000, 3, 6]))
        return ("int", offset, width, value)
    if kind == "int":  # a size, count or rate somewhere in the first bytes of any container
        width = draw(st.sampled_from([1, 2, 4]))
        return ("int", draw(st.integers(0, 96)), width, draw(st.sampled_from(INTERESTING)))
    if kind == "insert":
        return ("insert", at, draw(st.binary(min_size=1, max_size=64)))
    return (kind, at, draw(st.integers(1, 4096)))  # delete, repeat


@st.composite
def damaged_clip(draw) -> tuple[str, tuple[tuple, ...]]:
    """(format, damages): a real clip and what happened to it on the way."""
    fmt = draw(st.sampled_from(FORMATS))
    damages = []
    size = len(clip(fmt))
    for _ in range(draw(st.integers(1, 4))):
        damages.append(draw(damage(size)))
        size = len(damaged(fmt, damages))
    return fmt, tuple(damages)


def damaged(fmt: str, damages) -> bytes:
    blob = clip(fmt)
    for d in damages:
        blob = mutate(blob, d)
    return blob


def check(blob: bytes, raw_rate: int | None = None) -> None:
    started = time.perf_counter()
    try:
        report, pcm = inspect_audio(blob, limits=LIMITS, raw_rate=raw_rate)
    except InvalidAudio as exc:  # the subclasses (AudioTooLarge) included
        assert exc.code and exc.status in (400, 413), exc.code
        assert exc.as_dict()["error"]["message"]
    else:
        assert 0.0 <= report.quality_score <= 1.0
        assert LIMITS.min_seconds <= report.duration_s <= LIMITS.max_seconds + 0.5
        assert LIMITS.min_rate <= report.sample_rate <= LIMITS.max_rate
        # decode() refuses more than max_channels; a stream that states no channel count at all
        # (PyAV's 0) is not refused there, and must not be reported as valid audio.
        assert report.channels >= 1
        assert report.channels <= LIMITS.max_channels
        assert pcm.sample_rate == TARGET_RATE and len(pcm.data) % 2 == 0
    elapsed = time.perf_counter() - started
    assert elapsed < TIME_BOUND_S, f"{elapsed:.2f} s for {len(blob)} bytes"


FUZZ = settings(
    max_examples=300,
    deadline=None,  # timed by hand above: a slow first decode must not make it flaky
    derandomize=True,  # the same inputs on every run and every machine
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """First calls load codecs and import scipy's resampler: not the validator's speed."""
    for fmt in FORMATS:
        inspect_audio(clip(fmt), limits=LIMITS)
    inspect_audio(clip("wav")[44:], limits=LIMITS, raw_rate=8000)


# Found by this test: a WAV header naming 65535 bits per sample leaves PyAV without a decoder
# (``codec_context`` is None), which was an AttributeError, a 500 through the API.
BITS_PER_SAMPLE_65535 = ("wav", (("int", 34, 2, 0xFFFF),))


def test_the_unmutated_clips_are_accepted():
    for fmt in FORMATS:
        report, _ = inspect_audio(clip(fmt), limits=LIMITS)
        assert report.duration_s > 0.5, fmt


@FUZZ
@given(damaged_clip())
@example(BITS_PER_SAMPLE_65535)
def test_damaged_real_files_get_a_report_or_a_clear_rejection(example):
    check(damaged(*example))


@settings(FUZZ, max_examples=100)
@given(
    damaged_clip(),
    st.one_of(st.none(), st.sampled_from([8000, 16000, 44100, 96000]), st.integers(-1, 10**6)),
)
def test_damaged_files_without_their_magic_are_read_as_raw_pcm_or_refused(example, rate):
    blob = damaged(*example)
    check(b"\0\0\0\0" + blob[4:], raw_rate=rate)  # no longer sniffs as its container


def test_a_wav_header_may_claim_any_size():
    blob = clip("wav")
    for value in INTERESTING:
        for offset in (4, 40):  # the RIFF and data chunk sizes
            check(struct.pack("<I", value).join([blob[:offset], blob[offset + 4 :]]))


@pytest.mark.django_db
def test_a_wav_with_no_decoder_is_a_400_through_the_api(toy_client):
    response = toy_client.post(
        "/api/v1/audio/validate", damaged(*BITS_PER_SAMPLE_65535), content_type="audio/wav"
    )

    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "unsupported_format"
