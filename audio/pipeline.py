"""``AudioService``: the one object that turns a toy's text into speech.

validate -> safety -> cache -> provider -> (post-process) -> cache store -> answer.
Each step is an object built once per process and handed in; views call ``speak`` and shape the
answer, nothing more.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver

from safety.engine import BLOCK, REDACT, Decision, SafetyEngine
from safety.redirections import redirection_for
from teddy.errors import ServiceUnavailable

from . import metrics, outcomes
from .cache import CacheKey, TTSCache, build_cache
from .providers import ProviderError, Synthesis, build_provider
from .validation import TTSRequest, parse_tts_request

log = logging.getLogger(__name__)


class ProviderUnavailable(ServiceUnavailable):
    code = "provider_unavailable"


@dataclass(frozen=True)
class Speech:
    synthesis: Synthesis
    cached: bool
    decision: Decision
    spoken_text_kind: str  # "text" | "redaction" | "redirection"


class AudioService:
    def __init__(self, *, provider: Any, cache: TTSCache, safety: SafetyEngine) -> None:
        self.provider = provider
        self.cache = cache
        self.safety = safety

    def parse(self, data: Any) -> TTSRequest:
        return parse_tts_request(data, self.provider)

    def check_text(
        self, text: str, *, age_group: str = "unknown", check_type: str = "tts_input"
    ) -> Decision:
        decision = self.safety.check(text, direction="to_child", age_group=age_group)
        metrics.SAFETY_CHECKS.labels(
            check_type=check_type, result=decision.action, child_age_group=age_group
        ).inc()
        if decision.action != "allow":
            metrics.SAFETY_VIOLATIONS.labels(
                violation_type=decision.category or "unknown",
                severity=decision.severity or "unknown",
                action_taken=decision.action,
            ).inc()
        return decision

    def speak(self, request: TTSRequest, *, age_group: str = "unknown") -> Speech:
        started = time.perf_counter()
        decision = self.check_text(request.text, age_group=age_group)
        if decision.action == BLOCK:
            text, kind = redirection_for(decision.category), "redirection"
        elif decision.action == REDACT:
            text, kind = decision.redacted_text, "redaction"
        else:
            text, kind = request.text, "text"

        key = CacheKey(text, request.voice, self.provider.model, request.format, request.language)
        synthesis = self.cache.get(key)
        cached = synthesis is not None
        if synthesis is None:
            synthesis = self._synthesize(text, request, kind)
            self.cache.put(key, synthesis)

        elapsed = time.perf_counter() - started
        metrics.TTS_DURATION.labels(
            provider=synthesis.provider, voice_id=request.voice, model=synthesis.model
        ).observe(elapsed)
        metrics.TTS_REQUESTS.labels(
            provider=synthesis.provider,
            voice_id=request.voice,
            language=request.language,
            status="blocked" if decision.action == BLOCK else "success",
            cached=str(cached).lower(),
        ).inc()
        outcomes.record("tts", ok=True, cached=cached)
        return Speech(synthesis=synthesis, cached=cached, decision=decision, spoken_text_kind=kind)

    def _synthesize(self, text: str, request: TTSRequest, kind: str) -> Synthesis:
        provider = self.provider
        try:
            synthesis = provider.synthesize(
                text, voice=request.voice, language=request.language, fmt=request.format
            )
        except ProviderError as exc:
            log.error("provider %s failed: %s", exc.provider, exc)
            metrics.error("provider_failed", "provider", "critical" if exc.permanent else "error")
            metrics.PROVIDER_HEALTH.labels(provider=provider.name, region="local").set(0.0)
            metrics.TTS_REQUESTS.labels(
                provider=provider.name,
                voice_id=request.voice,
                language=request.language,
                status="error",
                cached="false",
            ).inc()
            outcomes.record("tts", ok=False)
            raise ProviderUnavailable(
                "Speech synthesis is unavailable right now; please try again shortly."
            ) from exc
        metrics.PROVIDER_HEALTH.labels(provider=provider.name, region="local").set(1.0)
        metrics.TTS_CHARACTERS.labels(
            provider=synthesis.provider, language=request.language, content_type=kind
        ).inc(synthesis.characters)
        metrics.TTS_COST.labels(provider=synthesis.provider, model=synthesis.model).inc(
            synthesis.cost_usd
        )
        return synthesis


@lru_cache(maxsize=1)
def get_audio_service() -> AudioService:
    """The process's service, built on first use (and rebuilt when tests change settings)."""
    return AudioService(provider=build_provider(), cache=build_cache(), safety=SafetyEngine())


@receiver(setting_changed)
def _rebuild_on_settings_change(**kwargs: object) -> None:
    get_audio_service.cache_clear()
