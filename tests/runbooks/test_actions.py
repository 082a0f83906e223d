"""Runbook actions: SREs act with a reason and a typed confirmation, every action is in the
log, and nobody else can act."""

import pytest

from safety import emergency
from safety.models import AuditEntry
from teddy.shared_state import get_redis

pytestmark = pytest.mark.django_db

EMERGENCY = "/console/actions/emergency"
FLUSH = "/console/actions/flush"
BREAKER = "/console/actions/breaker-reset"


@pytest.fixture
def alice(client, sre_alice):
    client.force_login(sre_alice)
    return client


def test_sre_turns_emergency_mode_on_and_off_with_the_reason_logged(alice, toy_client):
    on = alice.post(
        EMERGENCY, {"on": "true", "reason": "bad replies seen", "confirm": "EMERGENCY ON"}
    )
    blocked = toy_client.post("/api/v1/tts", {"text": "Hello there"}, format="json")
    off = alice.post(EMERGENCY, {"on": "false", "reason": "fixed", "confirm": "EMERGENCY OFF"})
    allowed = toy_client.post("/api/v1/tts", {"text": "Hello there"}, format="json")

    assert on.status_code == 302 and off.status_code == 302
    assert blocked["X-Safety-Category"] == "emergency_mode"
    assert allowed["X-Safety-Action"] == "allow"
    entries = list(AuditEntry.objects.filter(action="safety.emergency_mode").order_by("id"))
    assert [(e.actor_name, e.params["on"], e.reason) for e in entries] == [
        ("alice", True, "bad replies seen"),
        ("alice", False, "fixed"),
    ]
    page = alice.get("/console/actions/").content.decode()
    assert "bad replies seen" in page


def test_without_the_typed_confirmation_nothing_happens(alice):
    response = alice.post(EMERGENCY, {"on": "true", "reason": "oops", "confirm": "yes"})

    assert response.status_code == 400
    assert "Type EMERGENCY ON to confirm" in response.content.decode()
    assert emergency.is_active() is False
    assert not AuditEntry.objects.exists()


def test_without_a_reason_nothing_happens(alice):
    response = alice.post(FLUSH, {"reason": " ", "confirm": "FLUSH"})

    assert response.status_code == 400
    assert not AuditEntry.objects.exists()


def test_sre_flushes_one_voice(alice, toy_client):
    toy_client.post("/api/v1/tts", {"text": "Hi", "voice": "nova"}, format="json")
    toy_client.post("/api/v1/tts", {"text": "Hi", "voice": "onyx"}, format="json")

    response = alice.post(FLUSH, {"voice": "nova", "reason": "retuned", "confirm": "FLUSH"})

    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="cache.flush")
    assert entry.params == {"voice": "nova", "model": None} and entry.result == {"deleted": 1}


def test_sre_resets_a_breaker(alice):
    get_redis().hset("breaker:tts:local", mapping={"state": "open", "failures": 5})

    response = alice.post(BREAKER, {"provider": "local", "reason": "provider fixed"})

    assert response.status_code == 302
    assert get_redis().hget("breaker:tts:local", "state") == b"closed"
    assert AuditEntry.objects.get(action="breaker.reset").result == {"state_before": "open"}


def test_unknown_provider_is_refused(alice):
    assert alice.post(BREAKER, {"provider": "nope", "reason": "x"}).status_code == 400


def test_redis_down_says_nothing_changed(alice, redis_down):
    response = alice.post(EMERGENCY, {"on": "true", "reason": "r", "confirm": "EMERGENCY ON"})

    assert response.status_code == 503
    assert "nothing was changed" in response.content.decode()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        EMERGENCY,
        FLUSH,
        BREAKER,
        "/console/actions/probe",
        "/console/actions/safety-test",
        "/console/actions/warmup",
    ],
)
def test_compliance_staff_cannot_act(client, auditor_bob, url):
    client.force_login(auditor_bob)

    response = client.post(
        url, {"on": "true", "reason": "r", "confirm": "FLUSH", "provider": "local"}
    )

    assert response.status_code == 403
    assert "needs one of the roles: sre" in response.content.decode()  # not a CSRF refusal
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("url", [EMERGENCY, FLUSH, BREAKER, "/console/actions/", "/console/slo/"])
def test_outsiders_and_anonymous_cannot_act_or_see(client, outsider_charlie, url):
    anonymous = (
        client.post(url) if "actions/" not in url or url.endswith("/") is False else client.get(url)
    )
    assert anonymous.status_code == 302 and "/console/login/" in anonymous["Location"]

    client.force_login(outsider_charlie)
    response = client.post(url) if url in (EMERGENCY, FLUSH, BREAKER) else client.get(url)
    assert response.status_code == 403


def test_each_runbook_page_shows_its_steps_and_buttons(alice):
    for slug, button in [
        ("tts-degradation", "console/actions/probe"),
        ("safety-system-failure", "console/actions/safety-test"),
        ("cache-issues", "console/actions/flush"),
    ]:
        page = alice.get(f"/console/runbooks/{slug}/").content.decode()
        assert button in page
        assert "kubectl" in page  # the steps outside the app, ready to copy
    assert alice.get("/console/runbooks/no-such-runbook/").status_code == 404


def test_an_action_from_a_runbook_page_returns_to_it(alice):
    response = alice.post(
        "/console/actions/probe",
        {"provider": "local", "next": "/console/runbooks/tts-degradation/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/console/runbooks/tts-degradation/"
    assert AuditEntry.objects.get(action="provider.probe").result["ok"] is True


def test_a_next_elsewhere_is_ignored(alice):
    response = alice.post(
        "/console/actions/probe", {"provider": "local", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/console/actions/"


def test_sre_tests_the_filter_and_the_log_keeps_the_verdict_not_the_text(alice):
    response = alice.post("/console/actions/safety-test", {"text": "what the fuck"}, follow=True)

    assert "Decision: block" in response.content.decode()
    entry = AuditEntry.objects.get(action="safety.test")
    assert entry.result["action"] == "block" and entry.result["layer"] == "rules"
    assert "fuck" not in str(entry.params) + str(entry.result)


def test_config_page_shows_settings_but_no_secrets(alice, settings):
    settings.OPENAI_API_KEY = "sk-very-secret"

    page = alice.get("/console/config/").content.decode()

    assert "TTS_CACHE_STRATEGY" in page
    assert "sk-very-secret" not in page and "SECRET_KEY" not in page


def test_compliance_staff_cannot_open_runbooks(client, auditor_bob):
    client.force_login(auditor_bob)

    assert client.get("/console/runbooks/cache-issues/").status_code == 403


def test_sre_starts_a_warmup_and_follows_its_progress(
    alice, toy_client, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_STORE_EAGER_RESULT = True
    from teddy.celery import app

    app.conf.update(task_always_eager=True, task_store_eager_result=True)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = alice.post("/console/actions/warmup", {"reason": "cold start after restore"})
        task_id = AuditEntry.objects.get(action="cache.warmup").result["task_id"]
        progress = alice.get(f"/console/actions/warmup/{task_id}").json()
        bar = alice.get(f"/console/actions/warmup/{task_id}", HTTP_HX_REQUEST="true")
    finally:
        app.conf.update(task_always_eager=False, task_store_eager_result=False)

    assert response.status_code == 302
    assert progress["state"] in ("PROGRESS", "SUCCESS")  # eager runs may not store the last
    assert progress["done"] == progress["total"] > 0
    assert (
        toy_client.post("/api/v1/tts", {"text": "Time for a story!"}, format="json")["X-Cache"]
        == "HIT"
    )
    assert "wu-progress" in alice.get("/console/actions/").content.decode()
    html = bar.content.decode()
    assert f'value="{progress["done"]}"' in html
    assert ("hx-trigger" in html) == (progress["state"] != "SUCCESS")  # done: polling stops
