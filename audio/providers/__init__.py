"""TTS providers and the chain that keeps the bear talking.

``ProviderChain`` puts the configured provider first, behind its circuit breaker, and the local
engine last: when the primary fails, times out or its breaker is open, the local engine answers.
``build_chain`` is the one place that maps settings to engines.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from audio import metrics
from audio.wav import Pcm

from .base import CONTENT_TYPES, ProbeResult, ProviderError, Synthesis
from .breaker import BreakerPolicy, CircuitBreaker
from .local import LocalProvider

__all__ = [
    "CONTENT_TYPES",
    "LocalProvider",
    "ProbeResult",
    "ProviderChain",
    "ProviderError",
    "Spoken",
    "Synthesis",
    "build_chain",
    "build_stt_chain",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Spoken:
    pcm: Pcm
    provider: str
    model: str
    fallback: bool  # answered by a provider other than the primary


class HealthScore:
    """A provider's health in [0, 1]: recent success rate, discounted when it is slow.

    Kept per process over the last ``size`` calls; Prometheus takes the view across pods.
    """

    def __init__(self, provider: Any, size: int = 50, slow_s: float = 2.0) -> None:
        self.provider = provider
        self.slow_s = slow_s
        self._calls: deque[tuple[bool, float]] = deque(maxlen=size)
        self._lock = threading.Lock()

    def record(self, ok: bool, latency_s: float) -> float:
        with self._lock:
            self._calls.append((ok, latency_s))
            score = self.score()
        metrics.PROVIDER_HEALTH.labels(
            provider=self.provider.name, region=self.provider.region
        ).set(score)
        return score

    def score(self) -> float:
        if not self._calls:
            return 1.0
        successes = [latency for ok, latency in self._calls if ok]
        success_rate = len(successes) / len(self._calls)
        if not successes:
            return 0.0
        mean_latency = sum(successes) / len(successes)
        speed = 1.0 if mean_latency <= self.slow_s else max(0.5, self.slow_s / mean_latency)
        return round(success_rate * speed, 4)


class ProviderChain:
    """The primary provider, then the fallbacks, each behind its own breaker (but the last one,
    which is always tried: failing fast there would leave a child in silence for nothing)."""

    def __init__(
        self, providers: list[Any], policy: BreakerPolicy | None = None, *, kind: str = "tts"
    ) -> None:
        if not providers:
            raise ValueError("a provider chain needs at least one provider")
        self.providers = providers
        self.breakers = {p.name: CircuitBreaker(f"{kind}:{p.name}", policy) for p in providers}
        self.health = {p.name: HealthScore(p) for p in providers}

    @property
    def primary(self) -> Any:
        return self.providers[0]

    # The chain offers what its primary offers; every fallback maps the same voice names.
    @property
    def name(self) -> str:
        return self.primary.name

    @property
    def model(self) -> str:
        return self.primary.model

    @property
    def voices(self) -> tuple[str, ...]:
        return self.primary.voices

    @property
    def languages(self) -> tuple[str, ...]:
        return self.primary.languages

    @property
    def default_voice(self) -> str:
        return self.primary.default_voice

    def synthesize(self, text: str, *, voice: str, language: str) -> Spoken:
        pcm, provider, index = self._first_success(
            lambda p: p.synthesize(text, voice=voice, language=language)
        )
        return Spoken(pcm=pcm, provider=provider.name, model=provider.model, fallback=index > 0)

    def transcribe(self, pcm: Pcm, *, language: str) -> tuple[str, Any]:
        """(text, the provider that answered)."""
        text, provider, _ = self._first_success(lambda p: p.transcribe(pcm, language=language))
        return text, provider

    def _first_success(self, call: Any) -> tuple[Any, Any, int]:
        """Try each provider in turn (skipping those whose breaker is open, but never the last);
        return (result, provider, its index) or raise the last provider's error."""
        last_error: ProviderError | None = None
        for index, provider in enumerate(self.providers):
            breaker = self.breakers[provider.name]
            is_last = index == len(self.providers) - 1
            if not is_last and not breaker.allow_request():
                metrics.error("circuit_open", "provider", "warning")
                last_error = ProviderError(
                    f"{provider.name} circuit is open", provider=provider.name, kind="circuit_open"
                )
                continue
            started = time.perf_counter()
            try:
                result = call(provider)
            except ProviderError as exc:
                elapsed = time.perf_counter() - started
                log.warning("provider %s failed after %.2fs: %s", provider.name, elapsed, exc)
                severity = "critical" if is_last else "error"
                metrics.error(exc.kind, f"provider_{provider.name}", severity)
                if exc.counts_against_provider:
                    breaker.record_failure()
                self.health[provider.name].record(False, elapsed)
                last_error = exc
                continue
            self.health[provider.name].record(True, time.perf_counter() - started)
            breaker.record_success()
            return result, provider, index
        raise last_error or ProviderError("no provider configured", provider="none")

    def reset_breaker(self, provider_name: str) -> None:
        self.breakers[provider_name].reset()


def build_provider(name: str) -> Any:
    if name == "local":
        return LocalProvider(
            binary=settings.ESPEAK_NG_BINARY, timeout_s=settings.TTS_REQUEST_TIMEOUT
        )
    if name == "openai":
        from .openai import OpenAIProvider

        return OpenAIProvider(
            api_key=settings.OPENAI_API_KEY,
            base_url=settings.OPENAI_BASE_URL,
            model=settings.OPENAI_TTS_MODEL,
            timeout_s=settings.TTS_REQUEST_TIMEOUT,
            max_retries=settings.TTS_MAX_RETRIES,
        )
    raise ValueError(f"unknown TTS provider {name!r}")


def build_chain() -> ProviderChain:
    primary = build_provider(settings.TTS_PROVIDER)
    providers = [primary] if primary.name == "local" else [primary, build_provider("local")]
    policy = BreakerPolicy(
        failure_threshold=settings.TTS_BREAKER_FAILURES,
        cooldown_s=settings.TTS_BREAKER_COOLDOWN,
    )
    return ProviderChain(providers, policy)


def build_stt_chain() -> ProviderChain:
    from .stt_local import LocalTranscriber

    providers: list[Any] = [LocalTranscriber()]
    if settings.STT_PROVIDER == "openai":
        from .openai import OpenAITranscriber

        providers.insert(
            0,
            OpenAITranscriber(
                api_key=settings.OPENAI_API_KEY,
                base_url=settings.OPENAI_BASE_URL,
                model=settings.OPENAI_STT_MODEL,
                timeout_s=settings.TTS_REQUEST_TIMEOUT,
                max_retries=settings.TTS_MAX_RETRIES,
            ),
        )
    policy = BreakerPolicy(
        failure_threshold=settings.TTS_BREAKER_FAILURES, cooldown_s=settings.TTS_BREAKER_COOLDOWN
    )
    return ProviderChain(providers, policy, kind="stt")
