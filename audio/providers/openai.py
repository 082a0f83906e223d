"""OpenAI's speech API through the official SDK: the production voice.

We always ask for ``pcm`` (24 kHz, 16-bit mono): the pipeline post-processes and encodes every
provider's audio the same way. The whole call, retries included, fits in ``timeout_s``: each
attempt gets what is left of that budget, and a retry whose back-off would overrun it is not
made, so a slow provider hands over to the fallback on time.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator

import openai
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
)

from audio.wav import Pcm

from .base import ProbeResult, ProviderError
from .local import LANGUAGE_VOICES, VOICE_VARIANTS

SAMPLE_RATE = 24000  # OpenAI's pcm format
MODELS = ("tts-1", "tts-1-hd", "gpt-4o-mini-tts")
BEDTIME_INSTRUCTIONS = (
    "Speak like a warm, gentle storyteller for a young child: calm, slow and kind, "
    "with soft emphasis and never loud or startling."
)
_RETRYABLE_STATUS = {408, 409, 429}
MAX_BACKOFF_S = 8.0


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _RETRYABLE_STATUS or exc.status_code >= 500
    return isinstance(exc, openai.APIConnectionError)  # includes APITimeoutError


def _backoff(retry_state: RetryCallState) -> float:
    """Jittered exponential back-off; a 429's ``Retry-After`` wins when it is given."""
    exc = retry_state.outcome.exception() if retry_state.outcome else None
    if isinstance(exc, openai.APIStatusError):
        header = exc.response.headers.get("retry-after")
        try:
            if header is not None:
                return min(max(float(header), 0.0), MAX_BACKOFF_S * 4)
        except ValueError:
            pass
    base = min(0.25 * 2 ** (retry_state.attempt_number - 1), MAX_BACKOFF_S)
    return base * (0.5 + random.random() / 2)  # noqa: S311 - jitter, not security


def _as_provider_error(exc: Exception) -> ProviderError:
    if isinstance(exc, openai.APITimeoutError):
        return ProviderError("OpenAI timed out", provider="openai", kind="timeout")
    if isinstance(exc, openai.APIConnectionError):
        return ProviderError("OpenAI unreachable", provider="openai", kind="connection")
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        permanent = status in (400, 401, 403, 404, 422)
        return ProviderError(
            f"OpenAI answered {status}",
            provider="openai",
            permanent=permanent,
            status=status,
            kind="rate_limited" if status == 429 else f"http_{status // 100}xx",
        )
    return ProviderError(f"OpenAI failed: {type(exc).__name__}", provider="openai")


def _probe_model(client: openai.OpenAI, model: str, timeout_s: float) -> ProbeResult:
    """Ask for the model's description: free, unlike a synthesis, and it proves the key, the
    network path and the model name."""
    started = time.perf_counter()
    try:
        client.models.retrieve(model, timeout=min(timeout_s, 5.0))
    except openai.OpenAIError as exc:
        return ProbeResult(ok=False, latency_ms=None, detail=str(_as_provider_error(exc)))
    return ProbeResult(ok=True, latency_ms=(time.perf_counter() - started) * 1000, detail="ok")


class OpenAIProvider:
    name = "openai"
    region = "openai"
    voices = tuple(VOICE_VARIANTS)  # the same names the local engine maps
    languages = tuple(LANGUAGE_VOICES)  # OpenAI reads the language from the text itself
    default_voice = "nova"

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None,
        model: str,
        timeout_s: float,
        max_retries: int,
    ) -> None:
        if model not in MODELS:
            raise ValueError(f"OPENAI_TTS_MODEL={model!r} must be one of {', '.join(MODELS)}")
        self.model = model
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        # Retries are ours (bounded by the time budget), so the SDK's own are off.
        self.client = openai.OpenAI(
            api_key=api_key, base_url=base_url or None, max_retries=0, timeout=timeout_s
        )

    def _params(self, text: str, voice: str) -> dict:
        params = {"model": self.model, "voice": voice, "input": text, "response_format": "pcm"}
        if self.model.startswith("gpt-4o"):
            params["instructions"] = BEDTIME_INSTRUCTIONS
        return params

    def _attempts(self, timeout_s: float | None) -> Retrying:
        budget = timeout_s or self.timeout_s
        return Retrying(
            stop=stop_after_attempt(self.max_retries + 1) | stop_before_delay(budget),
            wait=_backoff,
            retry=retry_if_exception(_retryable),
            reraise=True,
        )

    def synthesize(
        self, text: str, *, voice: str, language: str, timeout_s: float | None = None
    ) -> Pcm:
        deadline = time.monotonic() + (timeout_s or self.timeout_s)
        try:
            for attempt in self._attempts(timeout_s):
                with attempt:
                    remaining = max(deadline - time.monotonic(), 0.05)
                    response = self.client.audio.speech.create(
                        **self._params(text, voice), timeout=remaining
                    )
                    data = response.read()
        except openai.OpenAIError as exc:
            raise _as_provider_error(exc) from exc
        data = data[: len(data) - len(data) % 2]
        if not data:
            raise ProviderError("OpenAI returned no audio", provider=self.name)
        return Pcm(data=data, sample_rate=SAMPLE_RATE)

    def synthesize_stream(
        self, text: str, *, voice: str, language: str, timeout_s: float | None = None
    ) -> Iterator[bytes]:
        """PCM chunks as OpenAI sends them. Retries happen only before the first chunk."""
        budget = timeout_s or self.timeout_s
        deadline = time.monotonic() + budget
        try:
            for attempt in self._attempts(timeout_s):
                with attempt:
                    remaining = max(deadline - time.monotonic(), 0.05)
                    manager = self.client.audio.speech.with_streaming_response.create(
                        **self._params(text, voice), timeout=remaining
                    )
                    response = manager.__enter__()
            try:
                carry = b""
                for chunk in response.iter_bytes(4096):
                    chunk = carry + chunk
                    cut = len(chunk) - len(chunk) % 2
                    carry = chunk[cut:]
                    if cut:
                        yield chunk[:cut]
            finally:
                manager.__exit__(None, None, None)
        except openai.OpenAIError as exc:
            raise _as_provider_error(exc) from exc

    def probe(self) -> ProbeResult:
        return _probe_model(self.client, self.model, self.timeout_s)


MODERATION_CATEGORIES = {
    "sexual/minors": "sexual_minors",
    "sexual": "sexual",
    "self-harm": "self_harm",
    "self-harm/intent": "self_harm",
    "self-harm/instructions": "self_harm",
    "hate": "hate",
    "hate/threatening": "hate",
    "harassment": "harassment",
    "harassment/threatening": "harassment",
    "violence": "violence",
    "violence/graphic": "violence",
    "illicit": "crime",
    "illicit/violent": "weapons",
}


class OpenAIModeration:
    """OpenAI's moderation endpoint as an extra safety layer (``OPENAI_MODERATION``).

    Returns the engine's verdict type; raises ``ModerationUnavailable`` on any failure, and the
    engine decides (strict mode blocks, non-strict goes on without this layer)."""

    model = "omni-moderation-latest"

    def __init__(self, *, api_key: str, base_url: str | None, timeout_s: float = 2.0) -> None:
        self.client = openai.OpenAI(
            api_key=api_key, base_url=base_url or None, max_retries=0, timeout=timeout_s
        )

    def __call__(self, text: str):
        from safety.engine import ModerationUnavailable, ModerationVerdict

        try:
            result = self.client.moderations.create(model=self.model, input=text).results[0]
        except openai.OpenAIError as exc:
            raise ModerationUnavailable(str(_as_provider_error(exc))) from exc
        if not result.flagged:
            return ModerationVerdict(flagged=False)
        flagged = [name for name, on in result.categories.model_dump(by_alias=True).items() if on]
        category = next(
            (MODERATION_CATEGORIES[c] for c in MODERATION_CATEGORIES if c in flagged), None
        )
        return ModerationVerdict(flagged=True, category=category or "moderation")


class OpenAITranscriber:
    """OpenAI speech-to-text (``whisper-1``, ``gpt-4o-mini-transcribe``...) through the SDK,
    with the same time budget and retry rules as speech."""

    name = "openai"
    region = "openai"
    languages = ("en", "es", "fr", "de", "it", "pt", "nl")

    def __init__(
        self, *, api_key: str, base_url: str | None, model: str, timeout_s: float, max_retries: int
    ) -> None:
        self.model = model
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.client = openai.OpenAI(
            api_key=api_key, base_url=base_url or None, max_retries=0, timeout=timeout_s
        )

    def transcribe(self, pcm: Pcm, *, language: str = "en") -> str:
        from audio.wav import to_wav

        wav = to_wav(pcm)
        deadline = time.monotonic() + self.timeout_s
        attempts = Retrying(
            stop=stop_after_attempt(self.max_retries + 1) | stop_before_delay(self.timeout_s),
            wait=_backoff,
            retry=retry_if_exception(_retryable),
            reraise=True,
        )
        try:
            for attempt in attempts:
                with attempt:
                    result = self.client.audio.transcriptions.create(
                        model=self.model,
                        file=("speech.wav", wav, "audio/wav"),
                        language=language,
                        response_format="json",
                        timeout=max(deadline - time.monotonic(), 0.05),
                    )
        except openai.OpenAIError as exc:
            raise _as_provider_error(exc) from exc
        return (result.text or "").strip()

    def probe(self) -> ProbeResult:
        return _probe_model(self.client, self.model, self.timeout_s)
