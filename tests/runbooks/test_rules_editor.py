"""SREs edit the safety rules in the console; every change is audited and takes effect."""

import pytest

from safety.engine import SafetyEngine
from safety.models import AuditEntry, SafetyRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(client, sre_alice):
    client.force_login(sre_alice)
    return client


def new_rule(**overrides):
    data = {
        "pattern": "purple wombat",
        "match": "phrase",
        "category": "harassment",
        "severity": "high",
        "action": "block",
        "direction": "both",
        "age_groups": "",
        "enabled": "on",
        "note": "test",
        "reason": "a new insult at school",
    }
    data.update(overrides)
    return data


def test_sre_adds_a_rule_that_blocks_at_once(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.post("/console/rules/new", new_rule())

    assert response.status_code == 302
    assert SafetyEngine().check("you purple wombat").action == "block"
    entry = AuditEntry.objects.get(action="rule.create")
    assert entry.reason == "a new insult at school"
    assert entry.params["pattern"] == [None, "purple wombat"]


def test_disabling_a_rule_is_audited_with_the_change(alice, django_capture_on_commit_callbacks):
    rule = SafetyRule.objects.create(pattern="purple wombat", match="phrase", category="harassment")
    data = new_rule(reason="too many false alarms")
    del data["enabled"]

    with django_capture_on_commit_callbacks(execute=True):
        alice.post(f"/console/rules/{rule.pk}/", data)

    assert SafetyEngine().check("you purple wombat").action == "allow"
    assert AuditEntry.objects.get(action="rule.update").params["enabled"] == [True, False]


def test_an_invalid_regex_is_refused_with_the_reason(alice):
    response = alice.post("/console/rules/new", new_rule(pattern="(unclosed", match="regex"))

    assert response.status_code == 400
    assert "not a valid regular expression" in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_search_finds_rules_and_the_page_has_the_try_box(alice):
    page = alice.get("/console/rules/?q=self_harm").content.decode()

    assert "kill yourself" in page
    assert "purple wombat" not in page
    assert 'id="try-text"' in page and "/console/rules/try" in page


def test_the_try_box_names_the_layer_and_the_rule_that_decided(alice):
    rule = SafetyRule.objects.create(pattern="purple wombat", match="phrase", category="harassment")

    verdict = alice.get("/console/rules/try", {"text": "you purple wombat", "age_group": "5_8"})

    page = verdict.content.decode()
    assert verdict.status_code == 200
    assert 'data-action="block"' in page
    assert f'href="/console/rules/{rule.pk}/"' in page
    assert "rules" in page and "harassment" in page
    assert not AuditEntry.objects.exists()  # a preview, not an action


def test_the_try_box_allows_a_story_and_refuses_unknown_age_groups(alice):
    story = alice.get("/console/rules/try", {"text": "The dragon shared its cake."})
    unknown = alice.get("/console/rules/try", {"text": "hi", "age_group": "toddler"})

    assert 'data-action="allow"' in story.content.decode()
    assert unknown.status_code == 400


def test_compliance_staff_cannot_use_the_try_box(client, auditor_bob):
    client.force_login(auditor_bob)

    assert client.get("/console/rules/try", {"text": "hello"}).status_code == 403


def test_compliance_staff_cannot_edit_rules(client, auditor_bob):
    client.force_login(auditor_bob)

    assert client.post("/console/rules/new", new_rule()).status_code == 403
    assert not SafetyRule.objects.filter(pattern="purple wombat").exists()
