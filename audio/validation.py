"""Step 1 of the pipeline: is the request well formed, and is the audio what it claims?

Each rejection has its own code, so a toy's firmware can tell "text too long" from "unknown
voice" without parsing messages.

**Text requests** (``parse_tts_request``): text 1..``TTS_MAX_TEXT_LENGTH`` characters after
trimming, voice, format and language among what the service offers.

**Audio uploads** (``inspect_audio``): what the audio really is, whether we accept it, and how
good it is. Any byte string can arrive from a toy: truncated uploads, wrong headers, a
20-minute file, silence, a zip archive renamed ``.wav``. The format is identified from the
bytes themselves (never a file name or a Content-Type), the audio is decoded in memory with
PyAV (bounded: decoding stops as soon as the clip is longer than allowed), and the result is a
report plus the clip as 16 kHz mono PCM for speech-to-text. Nothing is written anywhere.

Each rejection has its own code: ``empty_audio``, ``too_large``, ``unsupported_format``,
``corrupt_audio``, ``too_long``, ``unsupported_sample_rate``, ``too_many_channels``,
``silent_audio``, ``missing_sample_rate`` (raw PCM needs its rate declared).

**Quality score** in [0, 1], a weighted mean of four parts, each in [0, 1]:

    quality = 0.35 * snr + 0.25 * speech + 0.20 * level + 0.20 * clipping

- ``snr``: the estimated signal-to-noise ratio, the spread between the loudest and quietest
  tenth of 30 ms frames (speech rises and falls, steady noise does not), 5 dB -> 0 and
  30 dB -> 1, linear between;
- ``speech``: the share of 30 ms frames the VAD hears speech in, 0 -> 0 and 50 % or more -> 1;
- ``level``: 1 when the RMS level is between -35 and -10 dBFS, falling linearly to 0 at 20 dB
  beyond either bound (too quiet or too loud);
- ``clipping``: 1 with no clipped samples, 0 at 1 % of samples clipped or more.
"""

from __future__ import annotations

import io
import math
import struct
from dataclasses import asdict, dataclass, field
from typing import Any

import av
import numpy as np
import webrtcvad
from django.conf import settings

from safety.markup import describe as describe_markup
from safety.markup import find_markup
from teddy.errors import ApiError, InvalidRequest

from . import metrics
from .wav import Pcm


class InvalidText(InvalidRequest):
    code = "invalid_text"


class UnsupportedMarkup(InvalidRequest):
    """Speech-engine markup (phoneme input, SSML, control or bidi characters) in a text: what
    an engine would speak is not what the safety engine judged (``safety/markup.py``)."""

    code = "unsupported_markup"

    def __init__(self, kind: str) -> None:
        super().__init__(
            f"'text' carries {describe_markup(kind)}; send plain words only.",
            details={"markup": kind},
        )
        self.kind = kind


class InvalidVoice(InvalidRequest):
    code = "invalid_voice"


class InvalidFormat(InvalidRequest):
    code = "invalid_format"


class InvalidLanguage(InvalidRequest):
    code = "invalid_language"


@dataclass(frozen=True)
class TTSRequest:
    text: str
    voice: str
    format: str
    language: str
    child_id: str | None
    stream: bool


def clean_text(value: Any) -> str:
    """A text a toy sent: a string of plain words (no engine markup, no control characters),
    1..TTS_MAX_TEXT_LENGTH long."""
    if not isinstance(value, str):
        raise InvalidText("'text' is required and must be a string.")
    kind = find_markup(value)
    if kind is not None:
        raise UnsupportedMarkup(kind)
    text = value.strip()
    limit = settings.TTS_MAX_TEXT_LENGTH
    if not text:
        raise InvalidText("'text' is empty.")
    if len(text) > limit:
        raise InvalidText(f"'text' has {len(text)} characters; the limit is {limit}.")
    try:
        # JSON can smuggle a lone surrogate ("\ud800") that no encoder, cache key or TTS
        # engine can take: refuse it here, not with a 500 further down.
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidText("'text' is not valid Unicode (it holds a lone surrogate).") from None
    return text


def _optional_str(data: dict, name: str, error: type[InvalidRequest]) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise error(f"'{name}' must be a string.")
    return value.strip().lower() or None


def _choice(
    data: dict, name: str, allowed: tuple[str, ...], error: type[InvalidRequest], *, default: str
) -> str:
    value = _optional_str(data, name, error) or default
    if value not in allowed:
        raise error(
            f"Unsupported {name} {value!r}. Allowed: {', '.join(allowed)}.",
            details={"allowed": list(allowed)},
        )
    return value


def _reject(error: InvalidRequest, fmt: str = "unknown") -> InvalidRequest:
    metrics.VALIDATION_CHECKS.labels(format=fmt, result="rejected", error_type=error.code).inc()
    return error


def parse_tts_request(
    data: Any,
    *,
    voices: tuple[str, ...],
    formats: tuple[str, ...],
    languages: tuple[str, ...],
    default_voice: str,
) -> TTSRequest:
    """Validate the JSON body of ``POST /api/v1/tts`` against what the service offers; every
    rejection is counted in ``audio_validation_checks_total``."""
    try:
        return _parse(data, voices, formats, languages, default_voice)
    except InvalidRequest as exc:
        raise _reject(exc) from None


def _parse(data: Any, voices: Any, formats: Any, languages: Any, default_voice: str) -> TTSRequest:
    if not isinstance(data, dict):
        raise InvalidRequest('The body must be a JSON object such as {"text": "Hello"}.')

    text = clean_text(data.get("text"))

    voice = _choice(data, "voice", voices, InvalidVoice, default=default_voice)
    fmt = _choice(data, "format", formats, InvalidFormat, default="wav")
    language = _choice(data, "language", languages, InvalidLanguage, default="en")

    child_id = data.get("child_id")
    if child_id is not None and (not isinstance(child_id, str | int) or isinstance(child_id, bool)):
        raise InvalidRequest("'child_id' must be a string or an integer.", code="invalid_child_id")
    child_id = str(child_id)[:64] if child_id is not None else None

    stream = data.get("stream", False)
    if not isinstance(stream, bool):
        raise InvalidRequest("'stream' must be true or false.", code="invalid_stream")

    return TTSRequest(
        text=text, voice=voice, format=fmt, language=language, child_id=child_id, stream=stream
    )


# --- Audio uploads ----------------------------------------------------------------------


TARGET_RATE = 16000
_FRAME_MS = 30
_SILENCE_DBFS = -50.0


class InvalidAudio(ApiError):
    status = 400
    code = "invalid_audio"


class AudioTooLarge(InvalidAudio):
    status = 413
    code = "too_large"


@dataclass(frozen=True)
class AudioLimits:
    max_bytes: int = 10 * 1024 * 1024
    max_seconds: float = 60.0
    min_seconds: float = 0.1
    min_rate: int = 8000
    max_rate: int = 96000
    max_channels: int = 2


@dataclass
class AudioReport:
    format: str
    codec: str
    sample_rate: int
    channels: int
    duration_s: float
    rms_dbfs: float
    peak_dbfs: float
    clipping_ratio: float
    silence_ratio: float
    snr_db: float
    speech_ratio: float
    has_speech: bool
    quality_score: float
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


_DEMUXERS = {"wav": "wav", "flac": "flac", "ogg": "ogg", "webm": "matroska", "mp3": "mp3"}


def sniff(blob: bytes) -> str | None:
    """The container, from its first bytes."""
    if blob[:4] == b"RIFF" and blob[8:12] == b"WAVE":
        return "wav"
    if blob[:4] == b"fLaC":
        return "flac"
    if blob[:4] == b"OggS":
        return "ogg"
    if blob[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    if blob[:3] == b"ID3" or (len(blob) > 1 and blob[0] == 0xFF and blob[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


def _audio_error(code: str, message: str, error: type[InvalidAudio] = InvalidAudio) -> InvalidAudio:
    return error(message, code=code)


def decode(
    blob: bytes, limits: AudioLimits, raw_rate: int | None = None
) -> tuple[str, str, int, int, np.ndarray]:
    """(format, codec, source rate, channels, 16 kHz mono float samples)."""
    if not blob:
        raise _audio_error("empty_audio", "The upload is empty.")
    if len(blob) > limits.max_bytes:
        raise _audio_error(
            "too_large",
            f"The upload is {len(blob)} bytes; the limit is {limits.max_bytes}.",
            AudioTooLarge,
        )
    fmt = sniff(blob)
    if fmt is None:
        if raw_rate is None:
            raise _audio_error(
                "unsupported_format",
                "Not a WAV, MP3, Ogg/Opus, WebM or FLAC file. Raw 16-bit PCM needs its rate: "
                "Content-Type audio/L16;rate=16000 or a sample_rate field.",
            )
        return "pcm", "pcm_s16le", raw_rate, 1, _raw_pcm(blob, raw_rate, limits)
    if fmt == "wav":
        plain = _plain_wav(blob, limits)
        if plain is not None:
            return plain
    try:
        # The format is known from sniffing: telling FFmpeg skips its costly probing.
        container = av.open(
            io.BytesIO(blob),
            mode="r",
            format=_DEMUXERS[fmt],
            options={"probesize": "65536", "analyzeduration": "0"},
            metadata_errors="ignore",
        )
    except (av.error.FFmpegError, ValueError, OSError) as exc:
        raise _audio_error(
            "corrupt_audio", f"The {fmt} data cannot be read: {type(exc).__name__}."
        ) from None
    with container:
        if not container.streams.audio:
            raise _audio_error("unsupported_format", f"The {fmt} file holds no audio stream.")
        stream = container.streams.audio[0]
        if stream.codec_context is None:  # e.g. a WAV header naming 65535 bits per sample
            raise _audio_error(
                "unsupported_format", f"The {fmt} file's audio codec is not one we can decode."
            )
        codec = stream.codec_context.name
        rate = stream.codec_context.sample_rate or 0
        channels = stream.codec_context.channels or 0
        if not limits.min_rate <= rate <= limits.max_rate:
            raise _audio_error(
                "unsupported_sample_rate",
                f"Sample rate {rate} Hz is outside {limits.min_rate}-{limits.max_rate} Hz.",
            )
        if channels > limits.max_channels:
            raise _audio_error(
                "too_many_channels", f"{channels} channels; at most {limits.max_channels}."
            )
        resampler = av.AudioResampler(format="s16", layout="mono", rate=TARGET_RATE)
        chunks: list[bytes] = []
        decoded = 0
        max_samples = int(limits.max_seconds * TARGET_RATE)
        try:
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunk = bytes(out.planes[0])[: out.samples * 2]
                    chunks.append(chunk)
                    decoded += out.samples
                if decoded > max_samples:
                    raise _audio_error(
                        "too_long", f"The clip is longer than {limits.max_seconds:g} s."
                    )
            for out in resampler.resample(None):
                chunks.append(bytes(out.planes[0])[: out.samples * 2])
        except (av.error.FFmpegError, ValueError) as exc:
            if not chunks:
                raise _audio_error(
                    "corrupt_audio", f"The {fmt} data cannot be decoded: {type(exc).__name__}."
                ) from None
            # A truncated upload: keep what decoded, and say so in the report.
            fmt = f"{fmt} (truncated)"
    samples = np.frombuffer(b"".join(chunks), dtype="<i2").astype(np.float32) / 32768
    return fmt, codec, rate, channels, samples


def _plain_wav(blob: bytes, limits: AudioLimits) -> tuple | None:
    """16-bit PCM WAV, what toys send, read without FFmpeg: the header parsed in Python and the
    samples taken as they are (half the validation time of a 10 s clip). Anything else, or a
    header this cannot read, goes the FFmpeg way (None)."""
    from .wav import WavError, parse_wav

    try:
        pcm = parse_wav(blob)
    except (WavError, struct.error):
        return None
    if not 1 <= pcm.channels <= limits.max_channels or not pcm.data:
        return None
    frames = np.frombuffer(pcm.data, dtype="<i2").reshape(-1, pcm.channels)
    mono = frames.mean(axis=1, dtype=np.float32) if pcm.channels > 1 else frames[:, 0]
    samples = _raw_pcm(mono.astype("<i2").tobytes(), pcm.sample_rate, limits)
    return "wav", "pcm_s16le", pcm.sample_rate, pcm.channels, samples


def _raw_pcm(blob: bytes, rate: int, limits: AudioLimits) -> np.ndarray:
    if not limits.min_rate <= rate <= limits.max_rate:
        raise _audio_error(
            "unsupported_sample_rate",
            f"Sample rate {rate} Hz is outside {limits.min_rate}-{limits.max_rate} Hz.",
        )
    if len(blob) / 2 / rate > limits.max_seconds:
        raise _audio_error("too_long", f"The clip is longer than {limits.max_seconds:g} s.")
    samples = (
        np.frombuffer(blob[: len(blob) - len(blob) % 2], dtype="<i2").astype(np.float32) / 32768
    )
    if rate == TARGET_RATE:
        return samples
    from scipy.signal import resample_poly

    g = math.gcd(rate, TARGET_RATE)
    return resample_poly(samples, TARGET_RATE // g, rate // g).astype(np.float32)


def _db(x: float) -> float:
    return 20 * math.log10(x) if x > 0 else -120.0


def analyze(samples: np.ndarray) -> dict:
    """Level, clipping, silence, speech and SNR of 16 kHz mono float samples."""
    rms = float(np.sqrt(np.mean(samples.astype(np.float64) ** 2))) if len(samples) else 0.0
    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    clipping = float(np.mean(np.abs(samples) >= 0.999)) if len(samples) else 0.0
    frame = TARGET_RATE * _FRAME_MS // 1000
    n = len(samples) // frame
    frames = samples[: n * frame].reshape(n, frame) if n else np.zeros((0, frame), np.float32)
    energy = np.mean(frames.astype(np.float64) ** 2, axis=1) if n else np.zeros(0)
    silent = energy < 10 ** (_SILENCE_DBFS / 10)
    vad = webrtcvad.Vad(2)
    pcm16 = (np.clip(frames, -1, 1) * 32767).astype("<i2")
    speech = (
        np.array(
            [
                vad.is_speech(f.tobytes(), TARGET_RATE) and not s
                for f, s in zip(pcm16, silent, strict=True)
            ],
            dtype=bool,
        )
        if n
        else np.zeros(0, bool)
    )
    if n >= 5:
        # Speech rises and falls; noise and tones do not. The spread between loud and quiet
        # frames estimates the signal-to-noise ratio without a separate noise recording.
        loud, quiet = np.percentile(energy, 90), np.percentile(energy, 10)
        snr = 10 * math.log10(max(float(loud), 1e-12) / max(float(quiet), 1e-12))
    else:
        snr = 0.0
    return {
        "rms_dbfs": _db(rms),
        "peak_dbfs": _db(peak),
        "clipping_ratio": clipping,
        "silence_ratio": float(silent.mean()) if n else 1.0,
        "snr_db": max(min(snr, 60.0), -20.0),
        "speech_ratio": float(speech.mean()) if n else 0.0,
    }


def quality_score(m: dict) -> float:
    snr = min(max((m["snr_db"] - 5) / 25, 0.0), 1.0)
    speech = min(m["speech_ratio"] / 0.5, 1.0)
    rms = m["rms_dbfs"]
    level = 1.0 if -35 <= rms <= -10 else max(0.0, 1 - (min(abs(rms + 35), abs(rms + 10))) / 20)
    clipping = 1 - min(m["clipping_ratio"] / 0.01, 1.0)
    return round(0.35 * snr + 0.25 * speech + 0.20 * level + 0.20 * clipping, 4)


def inspect_audio(
    blob: bytes, *, limits: AudioLimits | None = None, raw_rate: int | None = None
) -> tuple[AudioReport, Pcm]:
    limits = limits or AudioLimits()
    fmt, codec, rate, channels, samples = decode(blob, limits, raw_rate)
    duration = len(samples) / TARGET_RATE
    if duration < limits.min_seconds:
        raise _audio_error("empty_audio", f"The clip is {duration:.2f} s long: nothing to hear.")
    m = analyze(samples)
    if m["rms_dbfs"] < -60 or m["silence_ratio"] > 0.98:
        raise _audio_error("silent_audio", "The clip is silent.")
    warnings = []
    if fmt.endswith("(truncated)"):
        warnings.append("the upload was cut short; the part that arrived was used")
    if m["clipping_ratio"] > 0.001:
        warnings.append("clipped: the microphone was overloaded")
    if m["speech_ratio"] == 0:
        warnings.append("no speech heard")
    report = AudioReport(
        format=fmt,
        codec=codec,
        sample_rate=rate,
        channels=channels,
        duration_s=duration,
        has_speech=m["speech_ratio"] > 0.05,
        quality_score=quality_score(m),
        warnings=warnings,
        **m,
    )
    pcm = Pcm(
        data=(np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes(), sample_rate=TARGET_RATE
    )
    return report, pcm
