"""A child's disclosure of harm reaches a person: a ``needs_review`` safety event that
compliance staff see and mark reviewed (audited), with the child's words kept only under
consent; SREs and outsiders see nothing of it."""

from __future__ import annotations

import pytest

from safety.models import AuditEntry, ConsentScope, SafetyEvent

pytestmark = pytest.mark.django_db

DISCLOSURE = "my uncle touches me and says it is our secret"
EVENTS = "/console/compliance/events/"


def check_from_child(client, text: str = DISCLOSURE):
    return client.post(
        "/api/v1/safety/check", {"text": text, "direction": "from_child"}, format="json"
    )


def test_a_disclosure_is_answered_gently_and_recorded_for_review(family_toy_client, family):
    response = check_from_child(family_toy_client)

    assert response.status_code == 200
    assert response.json()["action"] == "block"
    assert response.json()["needs_review"] is True
    event = SafetyEvent.objects.get()
    assert (event.kind, event.status, event.category) == ("disclosure", "needs_review", "abuse")
    assert event.child == family.child and event.child_hash == family.child.hashed_id
    assert event.text == DISCLOSURE  # the parent consented to interaction records


def test_without_consent_the_event_says_what_happened_not_what_was_said(family_toy_client, family):
    family.consents[ConsentScope.INTERACTION_LOGS].delete()

    check_from_child(family_toy_client)

    event = SafetyEvent.objects.get()
    assert event.status == "needs_review" and event.text == ""


def test_ordinary_words_make_no_event(family_toy_client):
    check_from_child(family_toy_client, "my uncle took me to the zoo and we saw a tiger")

    assert not SafetyEvent.objects.exists()


def test_compliance_staff_see_the_event_and_mark_it_reviewed(
    client, auditor_bob, family_toy_client
):
    check_from_child(family_toy_client)
    event = SafetyEvent.objects.get()
    client.force_login(auditor_bob)

    page = client.get(EVENTS)
    refused = client.post(f"/console/compliance/events/{event.pk}/review", {"reason": ""})
    event.refresh_from_db()
    still_waiting = event.status
    done = client.post(
        f"/console/compliance/events/{event.pk}/review",
        {"reason": "called the parent; school safeguarding lead informed"},
    )
    again = client.post(f"/console/compliance/events/{event.pk}/review", {"reason": "twice"})

    assert page.status_code == 200 and DISCLOSURE in page.content.decode()
    assert "1 disclosure waiting" in page.content.decode()
    assert refused.status_code == 302 and still_waiting == "needs_review"  # a note is required
    assert done.status_code == 302
    event.refresh_from_db()
    assert event.status == "reviewed" and event.reviewed_by == auditor_bob
    assert event.review_note.startswith("called the parent")
    entry = AuditEntry.objects.get(action="safety_event_reviewed")
    assert entry.actor_name == auditor_bob.username and str(event.pk) in entry.target
    assert again.status_code == 302
    assert AuditEntry.objects.filter(action="safety_event_reviewed").count() == 1


@pytest.mark.parametrize("who", ["sre_alice", "outsider_charlie"])
def test_no_one_else_sees_or_reviews_events(client, request, who, family_toy_client):
    check_from_child(family_toy_client)
    event = SafetyEvent.objects.get()
    client.force_login(request.getfixturevalue(who))

    page = client.get(EVENTS)
    review = client.post(f"/console/compliance/events/{event.pk}/review", {"reason": "x"})

    assert page.status_code == 403 and review.status_code == 403
    event.refresh_from_db()
    assert event.status == "needs_review"


def test_deleting_a_childs_data_deletes_their_events(family_toy_client, family, auditor_bob):
    from safety import coppa

    check_from_child(family_toy_client)
    coppa.delete_child_data(family.child, actor=auditor_bob, reason="parent asked")

    assert not SafetyEvent.objects.exists()


def test_revoking_the_records_consent_removes_the_words_an_event_kept(
    family_toy_client, family, auditor_bob
):
    from safety import coppa

    check_from_child(family_toy_client)
    coppa.revoke_consent(family.consents[ConsentScope.INTERACTION_LOGS], actor=auditor_bob)

    event = SafetyEvent.objects.get()
    assert event.text == "" and event.status == "needs_review"


def test_retention_removes_the_words_an_event_kept_once_past_the_consents_period(
    family_toy_client, family
):
    from datetime import timedelta

    from django.utils import timezone

    from safety import coppa

    check_from_child(family_toy_client)
    coppa.purge_expired(now=timezone.now() + timedelta(days=29))
    kept = SafetyEvent.objects.get().text
    coppa.purge_expired(now=timezone.now() + timedelta(days=31))  # the family's consent: 30 days

    assert kept == DISCLOSURE
    assert SafetyEvent.objects.get().text == ""
