"""``AudioService``: the one object that turns a toy's text into speech.

validate -> safety -> cache -> providers (with breaker and failover) -> encode -> cache store.
Each step is an object built once per process and handed in; views call ``speak`` and shape the
answer, nothing more.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from safety import events
from safety.engine import BLOCK, REDACT, Decision, SafetyEngine
from safety.language import NAMES as LANGUAGE_NAMES
from safety.models import SafetyEvent
from safety.redirections import redirection_for
from teddy.errors import ApiError, ServiceUnavailable

from . import metrics, outcomes, pricing
from .cache import CacheKey, TTSCache, build_cache
from .postprocess import (
    DEFAULT_PROFILE,
    FORMATS,
    LOSSY_HEADROOM_DB,
    LoudnessProfile,
    encode,
    normalize_loudness,
    profile_for,
)
from .providers import ProviderChain, ProviderError, Synthesis, build_chain, build_stt_chain
from .validation import (
    AudioLimits,
    AudioReport,
    InvalidAudio,
    TTSRequest,
    UnsupportedMarkup,
    inspect_audio,
    parse_tts_request,
    sniff,
)
from .wav import Pcm

log = logging.getLogger(__name__)


class ProviderUnavailable(ServiceUnavailable):
    code = "provider_unavailable"


class LanguageNotSupported(ApiError):
    """The text is in a language the safety filter cannot judge; for a child under 13 it is
    refused rather than passed unjudged (``safety/language.py``)."""

    status = 422
    code = "language_not_supported"


@dataclass(frozen=True)
class Transcript:
    text: str  # personal information already redacted
    language: str
    duration_s: float
    provider: str
    decision: Decision
    report: AudioReport


@dataclass(frozen=True)
class Speech:
    synthesis: Synthesis
    cached: bool
    decision: Decision
    spoken_text_kind: str  # "text" | "redaction" | "redirection"


class AudioService:
    formats = FORMATS

    def __init__(
        self,
        *,
        providers: ProviderChain,
        cache: TTSCache,
        safety: SafetyEngine,
        transcribers: ProviderChain | None = None,
    ) -> None:
        self.providers = providers
        self.cache = cache
        self.safety = safety
        self.transcribers = transcribers

    # --- audio in -------------------------------------------------------------------------

    def inspect_upload(
        self, blob: bytes, *, raw_rate: int | None = None
    ) -> tuple[AudioReport, Pcm]:
        limits = AudioLimits(
            max_bytes=settings.AUDIO_MAX_UPLOAD_BYTES, max_seconds=settings.AUDIO_MAX_SECONDS
        )
        started = time.perf_counter()
        fmt = sniff(blob) or ("pcm" if raw_rate else "unknown")
        try:
            report, pcm = inspect_audio(blob, limits=limits, raw_rate=raw_rate)
        except InvalidAudio as exc:
            metrics.VALIDATION_CHECKS.labels(
                format=fmt, result="rejected", error_type=exc.code
            ).inc()
            # A clear rejection is a good answer: the validation SLO is about its speed.
            outcomes.record("validate", ok=True, latency_s=time.perf_counter() - started)
            raise
        metrics.VALIDATION_CHECKS.labels(format=fmt, result="accepted", error_type="none").inc()
        outcomes.record("validate", ok=True, latency_s=time.perf_counter() - started)
        return report, pcm

    def transcribe(
        self,
        blob: bytes,
        *,
        raw_rate: int | None = None,
        language: str = "en",
        age_group: str = "unknown",
        context: Any = None,
        device: Any = None,
    ) -> Transcript:
        """Validate, transcribe, and pass the words through the safety engine as a child's:
        personal information is redacted before the text goes anywhere."""
        report, pcm = self.inspect_upload(blob, raw_rate=raw_rate)
        if self.transcribers is None:
            raise ProviderUnavailable("Speech-to-text is not configured.")
        try:
            text, provider = self.transcribers.transcribe(pcm, language=language)
        except ProviderError as exc:
            outcomes.record("stt", ok=False)
            raise ProviderUnavailable(
                "Speech-to-text is unavailable right now; please try again shortly."
            ) from exc
        decision = self.check_text(
            text,
            age_group=age_group,
            direction="from_child",
            check_type="stt_transcript",
            language=language,
            context=context,
            device=device,
        )
        metrics.CHILD_ENGAGEMENT.labels(age_group=age_group, content_type="speech_in").observe(
            report.duration_s
        )
        outcomes.record("stt", ok=True)
        return Transcript(
            text=decision.redacted_text if decision.action == REDACT else text,
            language=language,
            duration_s=report.duration_s,
            provider=provider.name,
            decision=decision,
            report=report,
        )

    def parse(self, data: Any, *, device: Any = None, record_refusals: bool = True) -> TTSRequest:
        """The toy's request, validated. A text carrying engine markup is refused with a safety
        event (``record_refusals=False``: the cache-hit fast path, which leaves refusals to
        Django's answer so they are recorded once)."""
        try:
            return parse_tts_request(
                data,
                voices=self.providers.voices,
                formats=self.formats,
                languages=self.providers.languages,
                default_voice=self.providers.default_voice,
            )
        except UnsupportedMarkup as exc:
            if record_refusals:
                self.refused_markup(exc, device=device)
            raise

    @staticmethod
    def refused_markup(exc: UnsupportedMarkup, *, device: Any = None) -> None:
        """Count and record a text refused for its markup (an attempt on what the bear says)."""
        metrics.SAFETY_VIOLATIONS.labels(
            violation_type="unsupported_markup", severity="high", action_taken="refused"
        ).inc()
        events.record(
            SafetyEvent.Kind.UNSUPPORTED_MARKUP,
            category="unsupported_markup",
            detail=exc.kind,
            direction="to_child",
            device=device,
        )

    def check_text(
        self,
        text: str,
        *,
        age_group: str = "unknown",
        direction: str = "to_child",
        check_type: str = "tts_input",
        counted: list[outcomes.Outcome] | None = None,
        language: str | None = None,
        context: Any = None,
        device: Any = None,
    ) -> Decision:
        """The engine's decision, counted in metrics and in the shared outcomes (into
        ``counted`` when given, for the caller to record with its own in one round trip).

        A child's disclosure of harm is recorded as a ``needs_review`` safety event; a text in
        a language the filter cannot judge is refused (422) for a child under 13."""
        started = time.perf_counter()
        decision = self.safety.check(
            text, direction=direction, age_group=age_group, language=language
        )
        self._count_check(decision, age_group, check_type, time.perf_counter() - started, counted)
        if decision.needs_review:
            if context is None and getattr(device, "child_id", None):
                from safety import coppa

                context = coppa.child_context(device, None)
            events.record(
                SafetyEvent.Kind.DISCLOSURE,
                category=decision.category or "",
                detail="; ".join(decision.reasons)[:200] if context is None else "",
                direction=direction,
                age_group=age_group,
                language=decision.language,
                device=device,
                context=context,
                text=text,
                decision=decision,
            )
        if decision.category == "language_not_supported":
            if counted is not None:
                outcomes.record_all(counted)
            events.record(
                SafetyEvent.Kind.LANGUAGE_NOT_SUPPORTED,
                category="language_not_supported",
                detail=decision.language,
                direction=direction,
                age_group=age_group,
                language=decision.language,
                device=device,
                context=context,
            )
            covered = ", ".join(f"{name} ({code})" for code, name in LANGUAGE_NAMES.items())
            raise LanguageNotSupported(
                f"The text looks like {decision.language!r}, a language the child-safety filter "
                f"cannot judge. Covered: {covered}.",
                details={"detected": decision.language, "supported": list(LANGUAGE_NAMES)},
            )
        return decision

    @staticmethod
    def _count_check(
        decision: Decision,
        age_group: str,
        check_type: str,
        took_s: float,
        counted: list[outcomes.Outcome] | None,
    ) -> None:
        outcome = outcomes.Outcome(
            "safety", ok=True, latency_s=took_s, blocked=decision.action == BLOCK
        )
        if counted is None:
            outcomes.record_all([outcome])
        else:
            counted.append(outcome)
        metrics.SAFETY_CHECKS.labels(
            check_type=check_type, result=decision.action, child_age_group=age_group
        ).inc()
        if decision.action != "allow":
            metrics.SAFETY_VIOLATIONS.labels(
                violation_type=decision.category or "unknown",
                severity=decision.severity or "unknown",
                action_taken=decision.action,
            ).inc()

    def speak(self, request: TTSRequest, *, age_group: str = "unknown") -> Speech:
        started = time.perf_counter()
        counted: list[outcomes.Outcome] = []
        decision = self.check_text(
            request.text, age_group=age_group, counted=counted, language=request.language
        )
        text, kind = self._spoken(request, decision)
        profile = profile_for(age_group)
        key = self._key(text, request, profile)
        synthesis = self.cache.get(key)
        cached = synthesis is not None
        if synthesis is None:
            # Concurrent misses for one key synthesize once; the others get that result.
            with self.cache.single_flight(key) as produced_meanwhile:
                synthesis = produced_meanwhile
                cached = synthesis is not None
                if synthesis is None:
                    try:
                        synthesis, fallback = self._synthesize(text, request, kind, profile)
                    except ProviderUnavailable:
                        outcomes.record_all(counted)  # the safety check happened all the same
                        raise
                    ttl = settings.TTS_FALLBACK_CACHE_TTL if fallback else None
                    self.cache.put(key, synthesis, ttl_s=ttl)
        return self._answered(request, decision, synthesis, cached, kind, started, counted)

    def cached_speech(self, request: TTSRequest, *, age_group: str = "unknown") -> Speech | None:
        """The answer if the cache already holds it, counted exactly as ``speak`` counts a hit;
        on a miss None, with nothing counted (the caller then calls ``speak``, which counts)."""
        started = time.perf_counter()
        decision = self.safety.check(
            request.text, direction="to_child", age_group=age_group, language=request.language
        )
        if decision.category == "language_not_supported":
            return None  # ``speak`` refuses it, counted
        checked_s = time.perf_counter() - started
        text, kind = self._spoken(request, decision)
        key = self._key(text, request, profile_for(age_group))
        synthesis = self.cache.get(key, count_miss=False)
        if synthesis is None:
            return None
        counted: list[outcomes.Outcome] = []
        self._count_check(decision, age_group, "tts_input", checked_s, counted)
        return self._answered(request, decision, synthesis, True, kind, started, counted)

    @staticmethod
    def _spoken(request: TTSRequest, decision: Decision) -> tuple[str, str]:
        """What the bear says for a decision: a redirection, the redacted text, or the text."""
        if decision.action == BLOCK:
            return redirection_for(decision.category), "redirection"
        if decision.action == REDACT:
            return decision.redacted_text, "redaction"
        return request.text, "text"

    def _answered(
        self,
        request: TTSRequest,
        decision: Decision,
        synthesis: Synthesis,
        cached: bool,
        kind: str,
        started: float,
        counted: list[outcomes.Outcome],
    ) -> Speech:
        """Count an answered request: metrics here, shared outcomes in one Redis round trip."""
        if cached:
            metrics.TTS_COST_SAVED.labels(provider=synthesis.provider, model=synthesis.model).inc(
                synthesis.cost_usd
            )
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
        counted.append(
            outcomes.Outcome(
                "tts",
                ok=True,
                cached=cached,
                latency_s=elapsed,
                cost_usd=0.0 if cached else synthesis.cost_usd,
            )
        )
        outcomes.record_all(counted)
        return Speech(synthesis=synthesis, cached=cached, decision=decision, spoken_text_kind=kind)

    def warm(self, request: TTSRequest) -> str:
        """Make sure a phrase is cached, without counting it as a toy's request.
        Returns ``cached``, ``synthesized`` or ``unsafe`` (never spoken, so never cached)."""
        if not self.safety.check(
            request.text, direction="to_child", language=request.language
        ).allowed:
            return "unsafe"
        key = self._key(request.text, request, DEFAULT_PROFILE)
        if self.cache.contains(key):
            return "cached"
        synthesis, fallback = self._synthesize(request.text, request, "warmup", DEFAULT_PROFILE)
        self.cache.put(key, synthesis, ttl_s=settings.TTS_FALLBACK_CACHE_TTL if fallback else None)
        outcomes.record("warmup", ok=True, cost_usd=synthesis.cost_usd)
        return "synthesized"

    def _key(self, text: str, request: TTSRequest, profile: LoudnessProfile) -> CacheKey:
        return CacheKey(
            text,
            request.voice,
            self.providers.model,
            request.format,
            request.language,
            profile.name,
        )

    def _synthesize(
        self, text: str, request: TTSRequest, kind: str, profile: LoudnessProfile
    ) -> tuple[Synthesis, bool]:
        try:
            spoken = self.providers.synthesize(text, voice=request.voice, language=request.language)
        except ProviderError as exc:
            log.error("no provider could speak: %s", exc)
            metrics.TTS_REQUESTS.labels(
                provider=self.providers.name,
                voice_id=request.voice,
                language=request.language,
                status="error",
                cached="false",
            ).inc()
            outcomes.record("tts", ok=False)
            raise ProviderUnavailable(
                "Speech synthesis is unavailable right now; please try again shortly."
            ) from exc
        cost = pricing.cost_usd(spoken.model, len(text))
        metrics.TTS_CHARACTERS.labels(
            provider=spoken.provider, language=request.language, content_type=kind
        ).inc(len(text))
        metrics.TTS_COST.labels(provider=spoken.provider, model=spoken.model).inc(cost)
        headroom = LOSSY_HEADROOM_DB.get(request.format, 0.0)
        levelled = normalize_loudness(spoken.pcm, profile, headroom_db=headroom)
        synthesis = Synthesis(
            audio=encode(levelled, request.format),
            format=request.format,
            sample_rate=spoken.pcm.sample_rate,
            duration_s=spoken.pcm.duration_s,
            provider=spoken.provider,
            model=spoken.model,
            characters=len(text),
            cost_usd=cost,
        )
        return synthesis, spoken.fallback


def build_safety() -> SafetyEngine:
    moderation = None
    if settings.OPENAI_MODERATION and settings.OPENAI_API_KEY:
        from .providers.openai import OpenAIModeration

        moderation = OpenAIModeration(
            api_key=settings.OPENAI_API_KEY,
            base_url=settings.OPENAI_BASE_URL,
            timeout_s=settings.OPENAI_MODERATION_TIMEOUT,
        )
    return SafetyEngine(moderation=moderation)


@lru_cache(maxsize=1)
def get_audio_service() -> AudioService:
    """The process's service, built on first use (and rebuilt when tests change settings)."""
    return AudioService(
        providers=build_chain(),
        cache=build_cache(),
        safety=build_safety(),
        transcribers=build_stt_chain(),
    )


@receiver(setting_changed)
def _rebuild_on_settings_change(**kwargs: object) -> None:
    get_audio_service.cache_clear()
