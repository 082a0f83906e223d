"""What every TTS provider returns and raises.

A provider is a plain object with ``name``, ``model``, ``region``, ``voices``, ``languages``,
``default_voice``, ``synthesize(text, *, voice, language, timeout_s) -> Pcm``,
``synthesize_stream(...) -> Iterator[bytes]`` (PCM chunks) and ``probe()``. There is no base
class to inherit, only these shapes. Providers return PCM; ``audio/postprocess.py`` encodes it.
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
    """A provider could not synthesize. ``permanent`` says whether retrying can help; ``kind``
    is a short label for metrics (``timeout``, ``connection``, ``rate_limited``, ``http_5xx``,
    ``circuit_open``, ...)."""

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        permanent: bool = False,
        status: int | None = None,
        kind: str = "error",
    ) -> None:
        super().__init__(message)
        self.provider = provider
        self.permanent = permanent
        self.status = status
        self.kind = kind

    @property
    def counts_against_provider(self) -> bool:
        """A 400 or 422 is about one request's input, not the provider's health."""
        return self.status not in (400, 422)
