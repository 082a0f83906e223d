"""The runbook's safety probe: SREs may test a text and see why; nobody else may."""

import pytest

pytestmark = pytest.mark.django_db
URL = "/api/internal/safety/test"


def test_sre_sees_the_decision_and_the_layer(client, sre_alice):
    client.force_login(sre_alice)

    response = client.post(URL, {"text": "what the fuck"}, content_type="application/json")

    assert response.status_code == 200
    body = response.json()
    assert body["action"] == "block"
    assert body["layer"] == "rules"
    assert body["rule_ids"]
    assert 0.0 <= body["unsafe_score"] <= 1.0


def test_compliance_and_outsiders_are_refused(client, auditor_bob, outsider_charlie):
    for user in (auditor_bob, outsider_charlie):
        client.force_login(user)
        response = client.post(URL, {"text": "hello"}, content_type="application/json")
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"


def test_anonymous_and_toys_are_refused(client, toy_client):
    assert client.post(URL, {"text": "hello"}, content_type="application/json").status_code == 403
    assert toy_client.post(URL, {"text": "hello"}, format="json").status_code == 403
