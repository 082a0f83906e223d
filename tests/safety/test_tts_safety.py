"""What must never reach a child is replaced by a gentle redirection."""

import pytest

from safety import emergency
from safety.engine import RULES_VERSION, SafetyEngine
from safety.models import SafetyRule
from safety.redirections import PRE_APPROVED, redirection_for
from teddy.shared_state import get_redis

pytestmark = pytest.mark.django_db


def speak(client, text):
    return client.post("/api/v1/tts", {"text": text}, format="json")


def test_blocked_text_is_answered_with_a_spoken_redirection(toy_client):
    blocked = speak(toy_client, "You should kill yourself")
    redirection = speak(toy_client, redirection_for("self_harm"))

    assert blocked.status_code == 200
    assert blocked["X-Safety-Action"] == "blocked"
    assert blocked["X-Safety-Category"] == "self_harm"
    assert blocked.content == redirection.content  # what the child hears is the redirection


def test_redirections_are_cached_too(toy_client):
    speak(toy_client, "what a fucking mess")

    assert speak(toy_client, "oh shit")["X-Cache"] == "HIT"


@pytest.mark.parametrize(
    "text",
    [
        "The dragon was scary, but the knight was brave.",
        "Let's count the stars: one, two, three!",
        "The little bear took a nap under the big tree.",
        "Cats like to chase mice in the barn.",
    ],
)
def test_ordinary_child_stories_pass(toy_client, text):
    response = speak(toy_client, text)

    assert response["X-Safety-Action"] == "allow"


@pytest.mark.parametrize(
    "text", ["What's your home address?", "Which school do you go to?", "where do you live, buddy"]
)
def test_asking_a_child_for_personal_information_is_blocked(toy_client, text):
    response = speak(toy_client, text)

    assert response["X-Safety-Action"] == "blocked"
    assert response["X-Safety-Category"] == "pii_solicitation"


@pytest.mark.parametrize("text", ["FUCK", "\uff26\uff35\uff23\uff2b off", "fu\u200bck"])
def test_case_fullwidth_and_zero_width_tricks_are_normalized(toy_client, text):
    assert speak(toy_client, text)["X-Safety-Action"] == "blocked"


def test_emergency_setting_blocks_all_free_text(toy_client, settings):
    settings.EMERGENCY_SAFETY_MODE = True

    response = speak(toy_client, "The little bear took a nap.")

    assert response["X-Safety-Action"] == "blocked"
    assert response["X-Safety-Category"] == "emergency_mode"


def test_emergency_switch_turns_on_and_off_for_everyone(toy_client):
    emergency.set_active(True)
    assert speak(toy_client, "Hello there")["X-Safety-Action"] == "blocked"

    emergency.set_active(False)
    assert speak(toy_client, "Hello there")["X-Safety-Action"] == "allow"


def test_emergency_switch_is_read_from_redis_by_other_processes():
    other_process = SafetyEngine()
    emergency.EMERGENCY.set(True)
    emergency.EMERGENCY.forget()  # as a process that never saw the write

    assert other_process.check("Hello there").category == "emergency_mode"


def test_pre_approved_phrases_are_spoken_in_emergency_mode(toy_client):
    emergency.set_active(True)

    assert speak(toy_client, PRE_APPROVED[0])["X-Safety-Action"] == "allow"


def test_emergency_switch_survives_a_redis_outage(redis_server, monkeypatch):
    engine = SafetyEngine()
    emergency.set_active(True)
    redis_server.stop()
    try:
        monkeypatch.setattr(emergency.EMERGENCY, "refresh_seconds", 0)  # re-read while down
        assert engine.check("Hello there").action == "block"
    finally:
        redis_server.start()


def test_a_new_rule_takes_effect_once_committed(toy_client, django_capture_on_commit_callbacks):
    engine = SafetyEngine()
    assert engine.check("the purple wombat").action == "allow"

    with django_capture_on_commit_callbacks(execute=True):
        SafetyRule.objects.create(pattern="purple wombat", match="phrase", category="harassment")

    assert get_redis().get(RULES_VERSION.key) == b"1"  # every process will see the new version
    assert engine.check("the purple wombat").action == "block"
    assert speak(toy_client, "Look, the purple wombat!")["X-Safety-Action"] == "blocked"


def test_redact_rules_keep_the_rest_of_a_childs_words():
    decision = SafetyEngine().check("call my mom at 555-123-4567 ok", direction="from_child")

    assert decision.action == "redact"
    assert decision.redacted_text == "call my mom at [redacted] ok"


def test_safety_check_api(toy_client):
    response = toy_client.post("/api/v1/safety/check", {"text": "kill yourself"}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["action"] == "block"
    assert body["category"] == "self_harm"
    assert body["severity"] == "critical"
    assert body["reasons"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "invalid_text"),
        ({"text": "hi", "age_group": "baby"}, "invalid_age_group"),
        ([], "invalid_request"),
    ],
)
def test_safety_check_api_rejects_bad_input(toy_client, body, code):
    response = toy_client.post("/api/v1/safety/check", body, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_a_repeated_text_is_decided_once_for_each_way_it_is_asked(settings, monkeypatch):
    engine = SafetyEngine()
    evaluated = []
    evaluate = engine._evaluate
    monkeypatch.setattr(engine, "_evaluate", lambda *a: evaluated.append(a[:4]) or evaluate(*a))
    settings.TTS_CHILD_SAFETY = False

    teen = [engine.check("go kill yourself", age_group="13_plus") for _ in range(3)]
    child = engine.check("go kill yourself", age_group="5_8")
    settings.TTS_CHILD_SAFETY = True
    teen_filtered = engine.check("go kill yourself", age_group="13_plus")

    assert [d.action for d in teen] == ["allow"] * 3  # filtering off, and only for 13-plus
    assert child.action == teen_filtered.action == "block"
    assert evaluated == [
        ("go kill yourself", "to_child", "13_plus", False),
        ("go kill yourself", "to_child", "5_8", True),
        ("go kill yourself", "to_child", "13_plus", True),
    ]


def test_an_operators_approved_phrase_is_spoken_even_in_emergency_mode(
    django_capture_on_commit_callbacks,
):
    from audio.warmup import load_phrases
    from safety.models import ApprovedPhrase

    engine = SafetyEngine()
    emergency.set_active(True)
    assert engine.check("Time to brush your teeth!").action == "block"

    with django_capture_on_commit_callbacks(execute=True):
        ApprovedPhrase.objects.create(text="Time to brush your teeth!")

    assert engine.check("Time to brush your teeth!").action == "allow"  # reloaded with the rules
    assert engine.check("Time to brush your teeth and then sneak out!").action == "block"
    assert "Time to brush your teeth!" in load_phrases()  # ready after a cold start


def test_approved_phrase_changes_in_the_admin_are_audited(admin_client):
    from safety.models import ApprovedPhrase, AuditEntry

    admin_client.post(
        "/admin/safety/approvedphrase/add/", {"text": "Sweet dreams!", "note": "night"}
    )
    phrase = ApprovedPhrase.objects.get(text="Sweet dreams!")
    admin_client.post(f"/admin/safety/approvedphrase/{phrase.pk}/delete/", {"post": "yes"})

    actions = list(AuditEntry.objects.values_list("action", "target", "actor_name"))
    assert actions == [
        ("safety.approved_phrase.add", "Sweet dreams!", "admin"),
        ("safety.approved_phrase.delete", "Sweet dreams!", "admin"),
    ]
    assert not ApprovedPhrase.objects.exists()
