"""The audit trail is a hash chain: changing, removing or truncating any row is found and named
by ``verify_audit_log``, which exits non-zero."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from safety import audit, coppa
from safety.models import AuditEntry, ConsentScope

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(family, sre_alice) -> list[AuditEntry]:
    """Entries of every kind the trail keeps: consents (from the family fixture), a rule
    change, runbook actions, a cache flush, an export and a deletion."""
    from runbooks import actions

    actions.do_set_emergency_mode(actor=sre_alice, reason="drill", on=True)
    actions.do_set_emergency_mode(actor=sre_alice, reason="drill over", on=False)
    actions.do_flush_cache(actor=sre_alice, reason="stale voice", voice="nova")
    audit.record("rule.update", actor=sre_alice, target="rule:1", params={"enabled": [1, 0]})
    audit.record("data.export", actor_name="olivia", params={"format": "csv"})
    coppa.revoke_consent(family.consents[ConsentScope.SPEECH_TO_TEXT], reason="parent asked")
    coppa.delete_child_data(family.child, actor_name="parent:1")
    return list(AuditEntry.objects.order_by("id"))


def verify_command() -> str:
    out = io.StringIO()
    call_command("verify_audit_log", stdout=out)
    return out.getvalue()


def broken() -> CommandError:
    with pytest.raises(CommandError) as caught:
        call_command("verify_audit_log", stdout=io.StringIO())
    assert caught.value.returncode == 1
    return caught.value


def test_an_untouched_trail_verifies(trail):
    kinds = {e.action.split(".")[0] for e in trail}

    assert {"consent", "safety", "cache", "rule", "data", "child"} <= kinds
    assert f"{len(trail)} entries verified" in verify_command()


@pytest.mark.parametrize("field", ["reason", "actor_name", "params", "created_at"])
def test_editing_any_row_fails_and_names_it(trail, field):
    victim = trail[len(trail) // 2]
    value = {
        "reason": "nothing happened",
        "actor_name": "someone-else",
        "params": {"voice": "alloy"},
        "created_at": victim.created_at.replace(year=2001),
    }[field]
    AuditEntry.objects.filter(pk=victim.pk).update(**{field: value})

    error = broken()

    assert f"entry {victim.pk}" in str(error) and "altered" in str(error)


def test_recomputing_the_edited_rows_hash_is_caught_at_the_next_row(trail):
    victim, after = trail[2], trail[3]
    victim.reason = "rewritten"
    AuditEntry.objects.filter(pk=victim.pk).update(
        reason="rewritten", entry_hash=audit._digest(victim.prev_hash, victim)
    )

    assert f"entry {after.pk}" in str(broken())


def test_removing_a_row_is_caught(trail):
    AuditEntry.objects.filter(pk=trail[1].pk).delete()

    error = broken()

    assert f"entry {trail[2].pk}" in str(error) and "removed" in str(error)


def test_removing_the_newest_rows_is_caught(trail):
    AuditEntry.objects.filter(pk__in=[e.pk for e in trail[-2:]]).delete()

    assert "newest entries were removed" in str(broken())


def test_the_head_starts_from_a_trail_that_predates_it(trail):
    from safety.models import AuditHead

    AuditHead.objects.all().delete()  # a trail written before the head existed
    audit.record("rule.update", actor_name="later")

    assert f"{len(trail) + 1} entries verified" in verify_command()


def test_an_entry_names_the_request_under_way_unless_told_another():
    from django_guid.context import guid

    during_request = guid.set("5f0c1e2a9b8d4c7e8f6a5b4c3d2e1f00")
    try:
        during = audit.record("rule.update", actor_name="alice")
        told = audit.record("rule.update", actor_name="alice", request_id="from-the-caller")
    finally:
        guid.reset(during_request)
    outside = audit.record("data.export", actor_name="beat")

    assert during.request_id == "5f0c1e2a9b8d4c7e8f6a5b4c3d2e1f00"
    assert told.request_id == "from-the-caller"
    assert outside.request_id == ""
    assert "3 entries verified" in verify_command()  # the id is part of each entry's hash
