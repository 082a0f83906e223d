"""What every TTS provider returns and raises.

A provider is a plain object with ``name``, ``model``, ``voices``, ``formats``, ``languages``,
``default_voice``, ``synthesize(...)`` and ``probe()``; there is no abstract base class to
inherit, only these shapes.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTENT_TYPES = {
    "wav": "audio/wav",
    "pcm": "audio/L16",
    "mp3": "audio/mpeg",
    "opus": "audio/ogg; codecs=opus",
}


@dataclass(frozen=True)
class Synthesis:
    audio: bytes
    format: str
    sample_rate: int
    duration_s: float
    provider: str
    model: str
    characters: int
    cost_usd: float

    @property
    def content_type(self) -> str:
        if self.format == "pcm":
            return f"audio/L16; rate={self.sample_rate}; channels=1"
        return CONTENT_TYPES[self.format]


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    latency_ms: float | None
    detail: str


class ProviderError(Exception):
    """A provider could not synthesize. ``permanent`` says whether retrying can help."""

    def __init__(self, message: str, *, provider: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.provider = provider
        self.permanent = permanent
