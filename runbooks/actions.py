"""Everything an operator can do to the running service, each one audited.

Views, management commands and Celery tasks call these ``do_*`` functions; none of them changes
the service by another path. Each takes the acting user (or None for the system) and a reason,
and writes one audit entry with the parameters and the result.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from audio.pipeline import get_audio_service
from safety import audit, emergency

log = logging.getLogger(__name__)


class ActionRefused(Exception):
    """The action was not run: a missing reason or confirmation, an unknown target."""


def _announce() -> None:
    """Tell open SLO boards to refresh, once the change is committed; best effort."""

    def send() -> None:
        try:
            async_to_sync(get_channel_layer().group_send)("slo.board", {"type": "slo.update"})
        except Exception:  # a board that misses one push refreshes on its next tick
            log.warning("could not notify SLO boards", exc_info=True)

    transaction.on_commit(send)


def do_flush_cache(
    *, actor: Any, reason: str, voice: str | None = None, model: str | None = None
) -> int:
    """Delete cached audio (all, or one voice/model). Raises when Redis is unreachable."""
    deleted = get_audio_service().cache.flush(voice=voice, model=model)
    audit.record(
        "cache.flush",
        actor=actor,
        reason=reason,
        params={"voice": voice, "model": model},
        result={"deleted": deleted},
    )
    _announce()
    return deleted


def do_reset_breaker(*, actor: Any, reason: str, provider: str) -> dict:
    chain = get_audio_service().providers
    if provider not in chain.breakers:
        raise ActionRefused(f"Unknown provider {provider!r}; known: {', '.join(chain.breakers)}.")
    before = chain.breakers[provider].snapshot()
    chain.reset_breaker(provider)
    audit.record(
        "breaker.reset",
        actor=actor,
        reason=reason,
        target=provider,
        result={"state_before": before["state"]},
    )
    _announce()
    return before


def do_set_emergency_mode(*, actor: Any, reason: str, on: bool) -> None:
    """Raises when Redis is unreachable: the switch did not move, and the SRE must know."""
    emergency.set_active(on)
    audit.record("safety.emergency_mode", actor=actor, reason=reason, params={"on": on})
    _announce()


def do_probe_provider(*, actor: Any, provider: str) -> dict:
    """Probe a provider now (not the cached health result) and record that it was done."""
    chain = get_audio_service().providers
    match = next((p for p in chain.providers if p.name == provider), None)
    if match is None:
        raise ActionRefused(f"Unknown provider {provider!r}; known: {', '.join(chain.breakers)}.")
    result = match.probe()
    outcome = {"ok": result.ok, "latency_ms": result.latency_ms, "detail": result.detail}
    audit.record("provider.probe", actor=actor, target=provider, result=outcome)
    return outcome


def do_test_safety(*, actor: Any, text: str, age_group: str = "unknown") -> dict:
    """What the engine decides for a text. The audit entry keeps the verdict, not the text."""
    decision = get_audio_service().check_text(text, age_group=age_group, check_type="probe")
    verdict = {**decision.as_dict(), "rule_ids": list(decision.rule_ids)}
    audit.record(
        "safety.test",
        actor=actor,
        params={"age_group": age_group, "characters": len(text)},
        result={k: verdict[k] for k in ("action", "category", "layer", "rule_ids")},
    )
    return verdict


def do_start_warmup(*, actor: Any, reason: str) -> str:
    """Start a cache warm-up on a Celery worker (once this transaction commits); returns the
    task id, whose progress ``warmup_progress`` reads."""
    from audio.tasks import cache_warmup

    task_id = str(uuid.uuid4())
    audit.record("cache.warmup", actor=actor, reason=reason, result={"task_id": task_id})
    transaction.on_commit(lambda: cache_warmup.apply_async(task_id=task_id))
    return task_id


def warmup_progress(task_id: str) -> dict:
    from celery.result import AsyncResult

    result = AsyncResult(task_id)
    info = result.info if isinstance(result.info, dict) else {}
    return {"state": result.state, "done": info.get("done", 0), "total": info.get("total", 0)}


RULE_FIELDS = (
    "pattern",
    "match",
    "category",
    "severity",
    "action",
    "direction",
    "age_groups",
    "enabled",
    "note",
)


@transaction.atomic
def do_save_rule(*, actor: Any, reason: str, rule: Any, created: bool) -> Any:
    """Save a safety rule (validated by the caller's form) and audit what changed. Every
    process recompiles its rules within a second of the commit."""
    from safety.models import SafetyRule

    before = {}
    if not created:
        old = SafetyRule.objects.get(pk=rule.pk)
        before = {f: getattr(old, f) for f in RULE_FIELDS}
    rule.save()
    after = {f: getattr(rule, f) for f in RULE_FIELDS}
    changes = {f: [before.get(f), after[f]] for f in RULE_FIELDS if before.get(f) != after[f]}
    audit.record(
        "rule.create" if created else "rule.update",
        actor=actor,
        reason=reason,
        target=f"rule {rule.pk}",
        params=changes,
    )
    return rule
