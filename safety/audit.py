"""The tamper-evident audit trail: ``record`` appends, ``verify`` checks the hash chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from teddy import requestid

from .models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _digest(prev_hash: str, entry: AuditEntry) -> str:
    content = json.dumps(
        {
            "prev": prev_hash,
            "created_at": entry.created_at.isoformat(),
            "actor": entry.actor_name,
            "action": entry.action,
            "target": entry.target,
            "reason": entry.reason,
            "params": entry.params,
            "result": entry.result,
            "request_id": entry.request_id,
        },
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def record(
    action: str,
    *,
    actor: Any = None,
    actor_name: str | None = None,
    target: str = "",
    reason: str = "",
    params: dict | None = None,
    result: dict | None = None,
    request_id: str = "",
) -> AuditEntry:
    """Append one entry. Call inside the transaction of the change it records, so the change
    and its audit row commit together or not at all. ``request_id`` defaults to the id of the
    request (or task) under way, which finds the entry's log lines."""
    user = (
        actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None
    )
    with transaction.atomic():
        # Serialize writers on the chain's tail: the last row, locked (Postgres), or the
        # database's write lock (SQLite, whose transactions here are IMMEDIATE).
        last = AuditEntry.objects.select_for_update().order_by("-id").first()
        entry = AuditEntry(
            created_at=timezone.now(),
            actor=user,
            actor_name=actor_name or (user.get_username() if user else "system"),
            action=action,
            target=target,
            reason=reason,
            params=json.loads(json.dumps(params or {}, default=str)),
            result=json.loads(json.dumps(result or {}, default=str)),
            request_id=request_id or requestid.current(),
            prev_hash=last.entry_hash if last else GENESIS,
        )
        entry.entry_hash = _digest(entry.prev_hash, entry)
        entry.save()
        # The head starts at the trail as it stands (a trail older than the head included).
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1,
            defaults={"entry_hash": entry.prev_hash, "entries": AuditEntry.objects.count() - 1},
        )
        head.entry_hash = entry.entry_hash
        head.entries += 1
        head.save(update_fields=["entry_hash", "entries"])
    return entry


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    broken_id: int | None = None
    problem: str = ""


def verify() -> Verification:
    """Walk the chain in id order; name the first entry that does not fit."""
    prev = GENESIS
    checked = 0
    previous_id = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev:
            missing = " (an entry before it was removed)" if entry.id != previous_id + 1 else ""
            return Verification(False, checked, entry.id, f"prev_hash does not match{missing}")
        if _digest(prev, entry) != entry.entry_hash:
            return Verification(False, checked, entry.id, "content was altered")
        prev, previous_id = entry.entry_hash, entry.id
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.entry_hash != prev or head.entries != checked):
        # The chain is intact up to its end, but the end is not where the head says: the
        # newest entries were removed (or the head itself was edited).
        return Verification(
            False,
            checked,
            previous_id or None,
            f"the trail ends after {checked} entries but {head.entries} were written: "
            "the newest entries were removed",
        )
    return Verification(True, checked)
