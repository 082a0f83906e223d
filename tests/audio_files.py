"""Real audio made in the tests: espeak-ng speech, PyAV-encoded formats, tones, noise, silence."""

from __future__ import annotations

import io
import subprocess
import wave

import av
import numpy as np


def speech_wav(text: str = "Hello teddy, can you tell me a story about a dragon?") -> bytes:
    return subprocess.run(
        ["espeak-ng", "--stdout"], input=text.encode(), capture_output=True, check=True
    ).stdout


def speech_samples(
    text: str = "Hello teddy, can you tell me a story about a dragon?",
) -> tuple[np.ndarray, int]:
    """(int16 samples, rate) of espeak-ng speech."""
    blob = speech_wav(text)
    return np.frombuffer(blob[44 : len(blob) - (len(blob) - 44) % 2], dtype="<i2"), 22050


def wav(samples: np.ndarray, rate: int, channels: int = 1) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.astype("<i2").tobytes())
    return out.getvalue()


def encoded(samples: np.ndarray, rate: int, fmt: str) -> bytes:
    container, codec, out_rate = {
        "mp3": ("mp3", "libmp3lame", rate),
        "opus": ("ogg", "libopus", 48000),
        "flac": ("flac", "flac", rate),
        "webm": ("webm", "libopus", 48000),
    }[fmt]
    frame = av.AudioFrame.from_ndarray(
        samples.astype("<i2").reshape(1, -1), format="s16", layout="mono"
    )
    frame.sample_rate = rate
    out = io.BytesIO()
    with av.open(out, "w", format=container) as muxer:
        stream = muxer.add_stream(codec, rate=out_rate, layout="mono")
        resampler = av.AudioResampler(
            format=stream.codec_context.format, layout="mono", rate=out_rate
        )
        for f in (*resampler.resample(frame), *resampler.resample(None)):
            for packet in stream.encode(f):
                muxer.mux(packet)
        for packet in stream.encode(None):
            muxer.mux(packet)
    return out.getvalue()


def tone(
    seconds: float = 2.0, rate: int = 16000, hz: float = 440.0, level: float = 0.3
) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (np.sin(2 * np.pi * hz * t) * level * 32767).astype("<i2")


def noise(seconds: float = 2.0, rate: int = 16000, level: float = 0.3) -> np.ndarray:
    rng = np.random.default_rng(5)
    return (rng.uniform(-1, 1, int(seconds * rate)) * level * 32767).astype("<i2")


def silence(seconds: float = 2.0, rate: int = 16000) -> np.ndarray:
    return np.zeros(int(seconds * rate), dtype="<i2")
