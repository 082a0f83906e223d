"""Step 5 of the pipeline: make a provider's PCM safe for small ears, then encode it.

**Loudness.** A toy's speaker is held against a child's ear, and providers deliver anything from
whisper to shout. Every clip is brought to a target integrated loudness (ITU-R BS.1770-4, gated,
measured with pyloudnorm): -16 LUFS by default, -20 LUFS for children under 5. Peaks are then
held at or under a true-peak ceiling (-1 dBTP; -3 dBTP under 5), measured on a 4x oversampled
signal as BS.1770 prescribes: a look-ahead limiter lowers only the few milliseconds around each
peak, and the loudness is measured and corrected again, so a clip ends within 1 LU of its target
and under its ceiling. Clips too short for gated loudness (< 0.4 s) are levelled by RMS.

**Formats.** Every provider hands back 16-bit mono PCM; this module encodes it to ``wav``,
``pcm``, ``mp3`` or ``opus`` (in Ogg) in memory with PyAV's bundled FFmpeg, so a toy gets the
same formats whether OpenAI or the local engine answered.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import av
import numpy as np
import pyloudnorm
from scipy.ndimage import maximum_filter1d, uniform_filter1d
from scipy.signal import resample_poly

from .wav import Pcm, to_wav

FORMATS = ("wav", "pcm", "mp3", "opus")

# (container, codec, output sample rate or None to keep the input's)
_CODECS = {
    "mp3": ("mp3", "libmp3lame", None),
    "opus": ("ogg", "libopus", 24000),  # libopus takes 8/12/16/24/48 kHz only
}
_MP3_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)


@dataclass(frozen=True)
class LoudnessProfile:
    target_lufs: float
    true_peak_dbtp: float

    @property
    def name(self) -> str:
        return f"{self.target_lufs:g}LUFS/{self.true_peak_dbtp:g}dBTP"


DEFAULT_PROFILE = LoudnessProfile(-16.0, -1.0)
UNDER_5_PROFILE = LoudnessProfile(-20.0, -3.0)


def profile_for(age_group: str) -> LoudnessProfile:
    return UNDER_5_PROFILE if age_group == "under_5" else DEFAULT_PROFILE


def _db(x: float) -> float:
    return 20 * np.log10(max(x, 1e-9))


def true_peak_dbtp(samples: np.ndarray) -> float:
    """True peak (dBTP) of float samples in [-1, 1], on a 4x oversampled signal."""
    if not len(samples):
        return -200.0
    return _db(float(np.max(np.abs(resample_poly(samples, 4, 1)))))


def integrated_lufs(samples: np.ndarray, rate: int) -> float:
    """BS.1770 integrated loudness; RMS-based for clips shorter than one 400 ms block."""
    if len(samples) < int(0.4 * rate) + 1:
        rms = float(np.sqrt(np.mean(samples**2))) if len(samples) else 0.0
        return _db(rms) - 0.691
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples))


def _limit(samples: np.ndarray, rate: int, ceiling: float) -> np.ndarray:
    """Look-ahead peak limiter: a smooth gain dip around every oversampled peak above the
    ceiling; the rest of the clip is untouched."""
    # each sample's largest oversampled value, then the gain its neighbourhood needs
    peaks = np.abs(resample_poly(samples, 4, 1)).reshape(-1, 4).max(axis=1)
    window = max(1, int(0.005 * rate))  # 5 ms look-ahead and hold
    needed = np.minimum(
        1.0, ceiling / np.maximum(maximum_filter1d(peaks, size=2 * window + 1), 1e-9)
    )
    smooth = uniform_filter1d(needed, size=window)  # no clicks
    gain = np.minimum(needed, smooth)
    gain = -maximum_filter1d(-gain, size=window)  # hold the dip across the smoothing
    return samples * gain


#: Lossy codecs reshape the waveform and can push peaks up by a fraction of a dB: their clips
#: are limited this much lower, so the decoded audio still meets the ceiling.
LOSSY_HEADROOM_DB = {"mp3": 1.5, "opus": 1.5}


def normalize_loudness(
    pcm: Pcm, profile: LoudnessProfile = DEFAULT_PROFILE, *, headroom_db: float = 0.0
) -> Pcm:
    """The clip at ``profile``'s loudness, with no true peak above its ceiling (less
    ``headroom_db``, for what an encoder may add)."""
    if not pcm.data:
        return pcm
    samples = np.frombuffer(pcm.data, dtype="<i2").astype(np.float64) / 32768.0
    if not np.any(samples):
        return pcm  # silence stays silence
    ceiling_db = _db(10 ** ((profile.true_peak_dbtp - headroom_db) / 20) * 0.98)  # + rounding
    ceiling = 10 ** (ceiling_db / 20)
    rate = pcm.sample_rate
    loudness = integrated_lufs(samples, rate)
    peak_db = true_peak_dbtp(samples)  # gain is linear: peaks move with it, no need to re-measure
    for _ in range(4):
        if not np.isfinite(loudness):
            break
        gain_db = profile.target_lufs - loudness
        samples = samples * 10 ** (gain_db / 20)
        peak_db += gain_db
        if peak_db <= ceiling_db:
            break  # on target, under the ceiling
        samples = _limit(samples, rate, ceiling)
        peak_db = true_peak_dbtp(samples)
        loudness = integrated_lufs(samples, rate)
        if abs(loudness - profile.target_lufs) <= 0.3:
            break
    # A last guard: never above the ceiling, whatever the loudness ends at.
    if peak_db > ceiling_db:
        samples = samples * 10 ** ((ceiling_db - peak_db) / 20)
    out = np.clip(np.round(samples * 32767.0), -32768, 32767).astype("<i2")
    return Pcm(data=out.tobytes(), sample_rate=pcm.sample_rate, channels=pcm.channels)


def encode(pcm: Pcm, fmt: str) -> bytes:
    if fmt == "wav":
        return to_wav(pcm)
    if fmt == "pcm":
        return pcm.data
    if fmt not in _CODECS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    container, codec, rate = _CODECS[fmt]
    rate = rate or (pcm.sample_rate if pcm.sample_rate in _MP3_RATES else 24000)
    samples = np.frombuffer(pcm.data, dtype="<i2").reshape(1, -1)
    frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
    frame.sample_rate = pcm.sample_rate
    out = io.BytesIO()
    # No ID3 tag: nothing about the request (let alone its text) goes into the file.
    options = {"id3v2_version": "0", "write_xing": "0"} if fmt == "mp3" else {}
    with av.open(out, "w", format=container, options=options) as muxer:
        stream = muxer.add_stream(codec, rate=rate, layout="mono")
        resampler = av.AudioResampler(format=stream.codec_context.format, layout="mono", rate=rate)
        for resampled in (*resampler.resample(frame), *resampler.resample(None)):
            for packet in stream.encode(resampled):
                muxer.mux(packet)
        for packet in stream.encode(None):
            muxer.mux(packet)
    return out.getvalue()
