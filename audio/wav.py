"""Small, exact WAV helpers: parse PCM out of a RIFF stream and write a correct header.

espeak-ng writes a streaming header (sizes 0x7FFFFFFF) to stdout; we take the real sizes from
the bytes that actually arrived.
"""

from __future__ import annotations

import io
import struct
import wave
from dataclasses import dataclass


class WavError(ValueError):
    pass


@dataclass(frozen=True)
class Pcm:
    """Signed little-endian PCM."""

    data: bytes
    sample_rate: int
    channels: int = 1
    sample_width: int = 2

    @property
    def duration_s(self) -> float:
        frame = self.channels * self.sample_width
        return len(self.data) / frame / self.sample_rate if self.sample_rate else 0.0


def parse_wav(blob: bytes) -> Pcm:
    if len(blob) < 12 or blob[:4] != b"RIFF" or blob[8:12] != b"WAVE":
        raise WavError("not a RIFF/WAVE stream")
    pos = 12
    fmt: tuple[int, int, int, int] | None = None
    while pos + 8 <= len(blob):
        chunk_id, size = blob[pos : pos + 4], struct.unpack_from("<I", blob, pos + 4)[0]
        body_start = pos + 8
        if chunk_id == b"fmt ":
            if size < 16 or body_start + 16 > len(blob):
                raise WavError("truncated fmt chunk")
            audio_format, channels, rate, _, _, bits = struct.unpack_from(
                "<HHIIHH", blob, body_start
            )
            fmt = (audio_format, channels, rate, bits)
        elif chunk_id == b"data":
            if fmt is None:
                raise WavError("data chunk before fmt chunk")
            audio_format, channels, rate, bits = fmt
            if audio_format != 1 or bits != 16:
                raise WavError(
                    f"only 16-bit PCM is supported, got format {audio_format}/{bits} bits"
                )
            data = blob[body_start : min(body_start + size, len(blob))]
            frame = channels * 2
            data = data[: len(data) - len(data) % frame]
            return Pcm(data=data, sample_rate=rate, channels=channels)
        pos = body_start + size + (size & 1)
    raise WavError("no data chunk")


def to_wav(pcm: Pcm) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(pcm.channels)
        w.setsampwidth(pcm.sample_width)
        w.setframerate(pcm.sample_rate)
        w.writeframes(pcm.data)
    return out.getvalue()
