"""COPPA (16 CFR 312) in code: who the child is, what the parent agreed to, what we keep and
for how long, and how it all goes away.

- ``child_context``: the age group a request is filtered for, from the toy's child record.
- ``require_consent``: collection needs an active, verified consent with the matching scope;
  otherwise the API answers 403 ``consent_required``. Revocation takes effect on the next
  request: consent is read from the database every time, never cached.
- ``log_interaction``: one record per toy request, only under an active ``interaction_logs``
  consent, text after PII redaction, never audio.
- ``purge_expired``: records past their consent's retention, or under a revoked consent, go.
- ``delete_child_data``: a parent's deletion request removes every row about the child at
  once; the audit trail keeps that it happened (hashed id and counts), not the data.

Every change of consent, deletion and purge is written to the audit trail in the same
transaction as the change.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audio import metrics
from teddy import hotdb
from teddy.errors import ApiError

from . import audit
from .models import (
    Child,
    ConsentScope,
    InteractionLog,
    ParentalConsent,
    SafetyEvent,
)

log = logging.getLogger(__name__)

#: Requests from a toy with no child record are filtered as strictly as the youngest child.
UNKNOWN_AGE = "unknown"
MAX_RETENTION_DAYS = 365


class ConsentRequired(ApiError):
    status = 403
    code = "consent_required"


class ChildMismatch(ApiError):
    status = 403
    code = "child_mismatch"


@dataclass(frozen=True)
class ChildContext:
    """Who a toy request is about, as far as the pipeline needs to know."""

    child: Child | None
    age_group: str

    @property
    def hashed_id(self) -> str:
        return self.child.hashed_id if self.child else ""


def child_context(device: Any, child_id: str | None = None) -> ChildContext:
    """The toy's child and age group. A ``child_id`` in the request must be the toy's own child
    (a toy cannot speak for another family's child)."""
    child = getattr(device, "child", None) if device is not None else None
    if child_id is not None and (child is None or child.public_id != child_id):
        raise ChildMismatch("This toy is not registered to that child.")
    if child is None:
        return ChildContext(None, UNKNOWN_AGE)
    return ChildContext(child, child.age_group())


def active_consent(child: Child | None, scope: str) -> ParentalConsent | None:
    if child is None:
        return None
    return (
        ParentalConsent.objects.active()
        .filter(child=child, scope=scope)
        .order_by("-granted_at")
        .first()
    )


#: The hot path's consent lookup, as plain SQL: the ORM spends ~1.3 ms compiling this query on
#: every toy request, the cursor ~0.04 ms (``make bench``). Same rule as ``ConsentQuerySet``.
#: ``_ACTIVE_CONSENT`` selects from safety_parentalconsent; parameters: child id, scope, now,
#: now. The interaction record's INSERT uses the same rule.
_ACTIVE_CONSENT = """
    FROM safety_parentalconsent
    WHERE child_id = %s AND scope = %s AND revoked_at IS NULL AND granted_at <= %s
      AND (expires_at IS NULL OR expires_at > %s)
    ORDER BY granted_at DESC LIMIT 1
"""
_ACTIVE_CONSENT_SQL = "SELECT id" + _ACTIVE_CONSENT


def active_consent_id(child: Child | None, scope: str) -> int | None:
    """The id of the child's active consent for ``scope``, read from the database every time
    (a revocation applies to the very next request)."""
    if child is None:
        return None
    return hotdb.run(_active_consent_id, child.pk, scope)


def _active_consent_id(child_id: int, scope: str) -> int | None:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(_ACTIVE_CONSENT_SQL, [child_id, scope, now, now])
        row = cursor.fetchone()
    return row[0] if row else None


def require_consent(context: ChildContext, scope: str) -> int:
    """The active consent's id, or 403 ``consent_required``."""
    consent = active_consent_id(context.child, scope)
    if consent is None:
        what = ConsentScope(scope).label
        who = "this toy's child" if context.child else "a child (the toy has no child record)"
        raise ConsentRequired(
            f"A parent's verified consent for {what} is needed for {who}; "
            "none is active. A parent can give it through Teddy's parent service."
        )
    return consent


def log_interaction(
    context: ChildContext,
    *,
    device: Any,
    kind: str,
    text: str,
    decision: Any,
    provider: str = "",
    cached: bool = False,
    latency_s: float = 0.0,
) -> bool:
    """Record one toy request if the parent agreed to interaction records; else keep nothing.
    The text is kept only as ``loggable_text`` makes it. True when a record was written."""
    if context.child is None:
        return False
    try:
        return hotdb.run(
            _write_record,
            context,
            device,
            kind,
            loggable_text(text, decision)[:4096],
            decision,
            provider,
            cached,
            latency_s,
        )
    except DatabaseError:
        # The database is locked or away: the child still hears the answer (it is already
        # made); the lost record is counted, and the alert on audio_errors_total sees it.
        log.warning("interaction record not written: database unavailable", exc_info=True)
        metrics.error("database_unavailable", "interaction_log", severity="error")
        return False


#: The record as one plain statement that also finds the active consent: it inserts a row only
#: when the child has an active ``interaction_logs`` consent, naming it, and nothing otherwise.
#: One statement instead of a consent query and an ORM ``create`` (which cost more than the rest
#: of a cache hit's database work together, ``make bench``). Columns as in ``InteractionLog``.
_INSERT_RECORD_SQL = (
    """
    INSERT INTO safety_interactionlog (created_at, device_id, child_id, child_hash, age_group,
        kind, text, safety_action, safety_category, provider, cached, latency_ms, consent_id)
    SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, id"""
    + _ACTIVE_CONSENT
)


def _write_record(
    context: ChildContext,
    device: Any,
    kind: str,
    text: str,
    decision: Any,
    provider: str,
    cached: bool,
    latency_s: float,
) -> bool:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT_RECORD_SQL,
            [
                now,
                getattr(device, "pk", None),
                context.child.pk,
                context.hashed_id,
                context.age_group,
                kind,
                text,
                decision.action,
                decision.category or "",
                provider,
                cached,
                round(latency_s * 1000),
                context.child.pk,
                ConsentScope.INTERACTION_LOGS.value,
                now,
                now,
            ],
        )
        return cursor.rowcount == 1


def loggable_text(text: str, decision: Any) -> str:
    """What an interaction record may keep of a text: the engine's redaction when it redacted,
    and for anything else the text with every personal detail the PII layer finds replaced."""
    from .engine import REDACT

    if decision.action == REDACT:
        return decision.redacted_text
    return _without_pii(text)


@functools.lru_cache(maxsize=4096)  # the texts a bear says again and again (cache hits)
def _without_pii(text: str) -> str:
    from .engine import REDACTION
    from .pii import find_pii

    for span in reversed(find_pii(text)):
        text = text[: span.start] + REDACTION + text[span.end :]
    return text


# --- consent changes ------------------------------------------------------------------------


def _actor_name(actor: Any, actor_name: str | None) -> str:
    if actor_name:
        return actor_name
    if getattr(actor, "is_authenticated", False):
        return actor.get_username()
    return "system"


@transaction.atomic
def grant_consent(
    *,
    child: Child,
    scope: str,
    method: str,
    actor: Any,
    retention_days: int = 30,
    expires_at: datetime | None = None,
    note: str = "",
    reason: str = "",
) -> ParentalConsent:
    """Record a consent that staff verified by ``method``. Audited."""
    if scope not in ConsentScope.values:
        raise ValueError(f"unknown scope {scope!r}")
    if not 1 <= retention_days <= MAX_RETENTION_DAYS:
        raise ValueError(f"retention must be 1 to {MAX_RETENTION_DAYS} days")
    name = _actor_name(actor, None)
    consent = ParentalConsent.objects.create(
        child=child,
        scope=scope,
        method=method,
        verified_by=actor if getattr(actor, "is_authenticated", False) else None,
        verified_by_name=name,
        granted_at=timezone.now(),
        expires_at=expires_at,
        retention_days=retention_days,
        note=note,
    )
    audit.record(
        "consent.grant",
        actor=actor,
        target=f"child:{child.hashed_id}",
        reason=reason,
        params={
            "consent_id": consent.pk,
            "scope": scope,
            "method": method,
            "retention_days": retention_days,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return consent


@transaction.atomic
def revoke_consent(
    consent: ParentalConsent, *, actor: Any = None, actor_name: str | None = None, reason: str = ""
) -> int:
    """Revoke at once: no more collection under it, and the records kept under it are deleted
    now (not at the next purge). Returns how many records were deleted. Audited."""
    consent = ParentalConsent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at is not None:
        return 0
    name = _actor_name(actor, actor_name)
    consent.revoked_at = timezone.now()
    consent.revoked_by = name
    consent.save(update_fields=["revoked_at", "revoked_by"])
    deleted, _ = InteractionLog.objects.filter(consent=consent).delete()
    if consent.scope == ConsentScope.INTERACTION_LOGS:
        # The words a safety event kept were kept under this consent: they go too (the event
        # itself, what happened and when, stays for the reviewer).
        SafetyEvent.objects.filter(child=consent.child).exclude(text="").update(text="")
    audit.record(
        "consent.revoke",
        actor=actor,
        actor_name=name,
        target=f"child:{consent.child.hashed_id}",
        reason=reason,
        params={"consent_id": consent.pk, "scope": consent.scope},
        result={"interaction_records_deleted": deleted},
    )
    return deleted


# --- retention and deletion -----------------------------------------------------------------


def expired_interactions(now: datetime | None = None):
    """Records past their consent's retention, or kept under a revoked consent. One condition
    per distinct retention period in use (a handful), so it runs the same on SQLite and
    Postgres without interval arithmetic."""
    from django.db.models import Q

    now = now or timezone.now()
    expired = Q(consent__revoked_at__isnull=False)
    periods = ParentalConsent.objects.values_list("retention_days", flat=True).order_by().distinct()
    for days in periods:
        expired |= Q(consent__retention_days=days, created_at__lte=now - timedelta(days=days))
    return InteractionLog.objects.filter(expired)


@transaction.atomic
def purge_expired(now: datetime | None = None, *, actor_name: str = "retention") -> int:
    """Delete what retention no longer allows us to keep. Audited when anything went."""
    now = now or timezone.now()
    _forget_expired_event_words(now)
    ids = list(expired_interactions(now).values_list("pk", flat=True))
    if not ids:
        return 0
    deleted = 0
    for start in range(0, len(ids), 500):  # SQLite caps the variables in one statement
        deleted += InteractionLog.objects.filter(pk__in=ids[start : start + 500]).delete()[0]
    audit.record(
        "retention.purge",
        actor_name=actor_name,
        params={"as_of": now.isoformat()},
        result={"interaction_records_deleted": deleted},
    )
    log.info("retention purge deleted %d interaction records", deleted)
    return deleted


def _forget_expired_event_words(now: datetime) -> int:
    """A safety event keeps a child's words under the same consent as interaction records:
    past that consent's retention the words go (the event, what happened and when, stays for
    the reviewer). Returns how many events lost their words."""
    cleared = 0
    periods = ParentalConsent.objects.values_list("retention_days", flat=True).order_by().distinct()
    for days in periods:
        kept_under = ParentalConsent.objects.filter(
            scope=ConsentScope.INTERACTION_LOGS, retention_days=days
        ).values("child_id")
        cleared += (
            SafetyEvent.objects.exclude(text="")
            .filter(created_at__lte=now - timedelta(days=days), child_id__in=kept_under)
            .update(text="")
        )
    return cleared


@transaction.atomic
def delete_child_data(
    child: Child, *, actor: Any = None, actor_name: str | None = None, reason: str = ""
) -> dict[str, int]:
    """Everything about one child, gone in one transaction: interaction records, consents, the
    child record; the child's toys stay registered but no longer point at the child. The audit
    trail keeps the hashed id and the counts, which is the record that the deletion happened."""
    child = Child.objects.select_for_update().get(pk=child.pk)
    hashed = child.hashed_id
    counts = {
        "interaction_records": InteractionLog.objects.filter(child=child).delete()[0],
        "safety_events": SafetyEvent.objects.filter(child=child).delete()[0],
        "consents": ParentalConsent.objects.filter(child=child).delete()[0],
        "devices_unlinked": child.devices.update(child=None),
    }
    child.delete()
    counts["children"] = 1
    audit.record(
        "child.delete",
        actor=actor,
        actor_name=_actor_name(actor, actor_name),
        target=f"child:{hashed}",
        reason=reason or "parent's deletion request",
        result=counts,
    )
    return counts


# --- what a parent may see --------------------------------------------------------------------


def child_report(child: Child, *, interactions: int | None = None) -> dict:
    """Everything we hold about a child, in one document: for the parent API and the
    compliance console's report page (which shows the newest ``interactions`` on screen; the
    downloads are always whole)."""
    today = timezone.now().date()
    return {
        "child": {
            "id": child.public_id,
            "nickname": child.nickname,
            "birth_year": child.birth_year,
            "birth_month": child.birth_month,
            "age_group": child.age_group(today),
            "created_at": child.created_at.isoformat(),
        },
        "parent": {"name": child.parent.name, "email": child.parent.email},
        "devices": [
            {"name": d.name, "registered_at": d.created_at.isoformat()}
            for d in child.devices.order_by("name")
        ],
        "consents": [
            {
                "id": c.pk,
                "scope": c.scope,
                "status": c.status,
                "method": c.method,
                "verified_by": c.verified_by_name,
                "granted_at": c.granted_at.isoformat(),
                "expires_at": c.expires_at.isoformat() if c.expires_at else None,
                "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
                "retention_days": c.retention_days,
            }
            for c in child.consents.order_by("-granted_at")
        ],
        "interactions": [
            {
                "at": i.created_at.isoformat(),
                "kind": i.kind,
                "text": i.text,
                "safety_action": i.safety_action,
                "safety_category": i.safety_category,
            }
            for i in child.interactions.order_by("-created_at")[:interactions]
        ],
        "interactions_total": child.interactions.count(),
        "audio_recordings": 0,  # never kept: processed in memory only
    }
