"""Safety events: the writes behind ``SafetyEvent`` (recording one, reviewing one).

An event is recorded where the pipeline refuses a text or a child discloses harm; compliance
staff see them in the console (``/console/compliance/events/``) and mark disclosures reviewed,
which is audited. Recording never stands between a toy and its answer: when the database is
away, the event is counted as lost (``audio_errors_total``) and the toy still gets its answer.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from audio import metrics
from teddy import requestid

from . import audit
from .models import ConsentScope, SafetyEvent

log = logging.getLogger(__name__)


def record(
    kind: str,
    *,
    category: str = "",
    detail: str = "",
    direction: str = "",
    age_group: str = "",
    language: str = "",
    device: Any = None,
    context: Any = None,
    text: str = "",
    decision: Any = None,
) -> SafetyEvent | None:
    """Write one event. ``context`` is the request's ``coppa.ChildContext`` (or None); the
    child's words (``text``) are kept only under an active ``interaction_logs`` consent, and only
    as an interaction record would keep them."""
    from . import coppa

    child = getattr(context, "child", None)
    kept = ""
    if text and child is not None and coppa.active_consent_id(child, ConsentScope.INTERACTION_LOGS):
        kept = coppa.loggable_text(text, decision)[:4096] if decision else ""
    status = (
        SafetyEvent.Status.NEEDS_REVIEW
        if kind == SafetyEvent.Kind.DISCLOSURE
        else SafetyEvent.Status.RECORDED
    )
    try:
        event = SafetyEvent.objects.create(
            created_at=timezone.now(),
            kind=kind,
            status=status,
            category=category[:32],
            detail=detail[:200],
            direction=direction,
            age_group=age_group or getattr(context, "age_group", "") or "",
            language=language[:8],
            device=device if getattr(device, "pk", None) else None,
            child=child,
            child_hash=getattr(context, "hashed_id", "") if child is not None else "",
            text=kept,
            request_id=requestid.current(),
        )
    except DatabaseError:
        log.warning("safety event not written: database unavailable", exc_info=True)
        metrics.error("database_unavailable", "safety_event", severity="error")
        return None
    log.info(
        "safety event",
        extra={"event_kind": kind, "category": category, "event_status": status},
    )
    return event


class AlreadyReviewed(Exception):
    pass


@transaction.atomic
def review(event_id: int, *, actor: Any, note: str) -> SafetyEvent:
    """Mark a ``needs_review`` event reviewed, with the reviewer's note, audited. A second
    reviewer racing the first changes nothing (the state moves by a conditional update)."""
    now = timezone.now()
    name = actor.get_username() if getattr(actor, "is_authenticated", False) else "system"
    changed = SafetyEvent.objects.filter(
        pk=event_id, status=SafetyEvent.Status.NEEDS_REVIEW
    ).update(
        status=SafetyEvent.Status.REVIEWED,
        reviewed_at=now,
        reviewed_by=actor if getattr(actor, "pk", None) else None,
        reviewed_by_name=name,
        review_note=note,
    )
    event = SafetyEvent.objects.get(pk=event_id)
    if changed != 1:
        raise AlreadyReviewed(f"event {event_id} is {event.status}")
    audit.record(
        "safety_event_reviewed",
        actor=actor,
        target=f"safety event {event.pk} ({event.kind}, child {event.child_hash[:12] or '-'})",
        reason=note,
        params={"event": event.pk, "kind": event.kind, "category": event.category},
    )
    return event
