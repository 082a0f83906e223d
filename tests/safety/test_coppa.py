"""COPPA: consent gates collection, revocation stops it at once, retention and deletion remove
exactly what they must, and an under-13 child is always filtered."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from rest_framework.test import APIClient

from safety import coppa
from safety.models import (
    AuditEntry,
    Child,
    ConsentScope,
    InteractionLog,
    Parent,
    ParentalConsent,
)
from teddy.models import Device
from tests.audio_files import speech_wav
from tests.conftest import born_years_ago

pytestmark = pytest.mark.django_db
STT = "/api/v1/stt"


def stt(client):
    audio = io.BytesIO(speech_wav("hello teddy"))
    audio.name = "voice.wav"
    return client.post(STT, {"audio": audio})


def tts(client, text="Once upon a time there was a kind dragon.", **extra):
    return client.post("/api/v1/tts", {"text": text, **extra}, format="json")


# --- consent gates collection ---------------------------------------------------------------


def test_a_toy_without_a_child_record_cannot_listen(toy_client):
    response = stt(toy_client)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "consent_required"


def test_no_speech_consent_means_403_and_nothing_is_kept(family, family_toy_client):
    coppa.revoke_consent(family.consents[ConsentScope.SPEECH_TO_TEXT], reason="test")

    response = stt(family_toy_client)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "consent_required"
    assert not InteractionLog.objects.filter(kind="stt").exists()


def test_with_consent_the_child_is_heard_and_the_words_recorded(family, family_toy_client):
    response = stt(family_toy_client)

    assert response.status_code == 200
    record = InteractionLog.objects.get(kind="stt")
    assert record.child == family.child and record.age_group == "5_8"
    assert record.text == response.json()["text"]
    assert record.consent == family.consents[ConsentScope.INTERACTION_LOGS]
    assert record.child_hash == family.child.hashed_id != family.child.public_id


def test_revoking_stops_collection_at_once(family, family_toy_client):
    assert stt(family_toy_client).status_code == 200

    coppa.revoke_consent(family.consents[ConsentScope.SPEECH_TO_TEXT], reason="parent asked")

    assert stt(family_toy_client).status_code == 403  # the very next request


def test_an_expired_consent_is_no_consent(family, family_toy_client):
    ParentalConsent.objects.filter(pk=family.consents[ConsentScope.SPEECH_TO_TEXT].pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert stt(family_toy_client).status_code == 403


def test_without_the_records_consent_the_toy_works_but_nothing_is_logged(family, family_toy_client):
    coppa.revoke_consent(family.consents[ConsentScope.INTERACTION_LOGS], reason="test")

    assert stt(family_toy_client).status_code == 200
    assert tts(family_toy_client).status_code == 200
    assert not InteractionLog.objects.exists()


def test_every_tts_request_is_one_record_with_personal_details_redacted(family, family_toy_client):
    tts(family_toy_client)
    tts(family_toy_client)  # a cache hit
    tts(family_toy_client, text="Is your phone number 555-123-4567?")
    tts(family_toy_client, text="Let us count to ten.", stream=True)

    records = list(InteractionLog.objects.order_by("created_at", "id"))
    assert [r.kind for r in records] == ["tts", "tts", "tts", "tts_stream"]
    assert [r.cached for r in records[:2]] == [False, True]
    assert "555-123-4567" not in records[2].text and "[redacted]" in records[2].text
    assert all(r.provider == "local" and r.device == family.device for r in records)


def test_a_toy_cannot_speak_for_another_familys_child(family, toy_client):
    response = tts(toy_client, child_id=family.child.public_id)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "child_mismatch"


# --- filtering for under-13s ----------------------------------------------------------------


@pytest.mark.parametrize("years", [3, 7, 12])
def test_filtering_stays_on_for_under_13_whatever_the_settings(family, settings, years):
    settings.TTS_CHILD_SAFETY = False
    Child.objects.filter(pk=family.child.pk).update(**born_years_ago(years))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {family.token}")

    spoken = tts(client, text="go kill yourself")
    checked = client.post(
        "/api/v1/safety/check", {"text": "go kill yourself", "age_group": "13_plus"}, format="json"
    )

    assert spoken["X-Safety-Action"] == "blocked"
    assert checked.json()["action"] == "block"  # the child's real age, not the claimed one


def test_the_switch_only_affects_teenagers(family, settings):
    settings.TTS_CHILD_SAFETY = False
    Child.objects.filter(pk=family.child.pk).update(**born_years_ago(14))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {family.token}")

    assert tts(client, text="What the hell is that?")["X-Safety-Action"] == "allow"


def test_age_group_follows_the_birth_month():
    child = Child(birth_year=2020, birth_month=6)
    from datetime import date

    assert child.age_group(date(2025, 5, 31)) == "under_5"  # 4 years 11 months
    assert child.age_group(date(2025, 6, 1)) == "5_8"
    assert child.age_group(date(2033, 5, 1)) == "9_12"  # 12 years 11 months
    assert child.age_group(date(2033, 6, 1)) == "13_plus"


# --- retention --------------------------------------------------------------------------------


def record(family, *, days_old: float, consent=None) -> InteractionLog:
    return InteractionLog.objects.create(
        created_at=timezone.now() - timedelta(days=days_old),
        device=family.device,
        child=family.child,
        child_hash=family.child.hashed_id,
        age_group="5_8",
        kind="tts",
        text="hello",
        safety_action="allow",
        consent=consent or family.consents[ConsentScope.INTERACTION_LOGS],
    )


def test_purge_deletes_exactly_the_expired_rows(family):
    short = coppa.grant_consent(
        child=family.child,
        scope=ConsentScope.INTERACTION_LOGS,
        method="card_check",
        actor=None,
        retention_days=7,
    )
    keep = [
        record(family, days_old=29.9),
        record(family, days_old=0),
        record(family, days_old=6.9, consent=short),
    ]
    expire = [
        record(family, days_old=30.1),
        record(family, days_old=400),
        record(family, days_old=7.1, consent=short),
    ]

    deleted = coppa.purge_expired()

    assert deleted == len(expire)
    assert set(InteractionLog.objects.values_list("pk", flat=True)) == {r.pk for r in keep}
    entry = AuditEntry.objects.get(action="retention.purge")
    assert entry.result == {"interaction_records_deleted": 3}


def test_purge_removes_records_under_a_revoked_consent(family):
    kept = record(family, days_old=1)
    consent = family.consents[ConsentScope.INTERACTION_LOGS]
    ParentalConsent.objects.filter(pk=consent.pk).update(revoked_at=timezone.now())

    assert coppa.purge_expired() == 1
    assert not InteractionLog.objects.filter(pk=kept.pk).exists()


def test_revoking_the_records_consent_deletes_its_records_at_once(family):
    record(family, days_old=1)
    record(family, days_old=2)

    deleted = coppa.revoke_consent(family.consents[ConsentScope.INTERACTION_LOGS], reason="t")

    assert deleted == 2 and not InteractionLog.objects.exists()
    assert AuditEntry.objects.get(action="consent.revoke").result == {
        "interaction_records_deleted": 2
    }


def test_purge_command_and_its_dry_run(family):
    from django.core.management import call_command

    record(family, days_old=31)
    dry, real = io.StringIO(), io.StringIO()
    call_command("purge_expired", "--dry-run", stdout=dry)
    assert InteractionLog.objects.count() == 1
    call_command("purge_expired", stdout=real)

    assert "1 interaction records are past retention" in dry.getvalue()
    assert "deleted 1" in real.getvalue()
    assert not InteractionLog.objects.exists()


def test_purge_runs_on_celery_beat(settings):
    from teddy.celery import app

    app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    schedule = settings.CELERY_BEAT_SCHEDULE["purge-expired-interactions"]
    assert schedule["task"] == "safety.tasks.purge_expired"
    assert schedule["task"] in app.tasks
    assert schedule["schedule"] <= 3600


# --- deletion ---------------------------------------------------------------------------------


def rows_mentioning(child_pk: int, public_id: str, hashed: str) -> dict[str, int]:
    """Every row of every table (the audit trail aside) that points at the child or holds its
    ids: what a deletion must leave at zero."""
    found = {}
    for model in apps.get_models():
        if model is AuditEntry:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Child:
                query = {field.name: child_pk}
            elif field.get_internal_type() in ("CharField", "TextField"):
                query = {f"{field.name}__in": [public_id, hashed]}
            else:
                continue
            count = model.objects.filter(**query).count()
            if count:
                found[f"{model._meta.label}.{field.name}"] = count
    found["safety.Child"] = Child.objects.filter(pk=child_pk).count()
    return {k: v for k, v in found.items() if v}


def test_a_deletion_request_removes_every_row_of_the_child_in_every_table(
    family, family_toy_client
):
    stt(family_toy_client)
    tts(family_toy_client)
    record(family, days_old=3)
    family_toy_client.post(  # a disclosure: a safety event about the child
        "/api/v1/safety/check",
        {"text": "i want to hurt myself", "direction": "from_child"},
        format="json",
    )
    child = family.child
    ids = (child.pk, child.public_id, child.hashed_id)
    assert rows_mentioning(*ids)  # the check can see the child's rows before

    counts = coppa.delete_child_data(child, actor_name="parent:1", reason="parent asked")

    assert rows_mentioning(*ids) == {}
    assert counts == {
        "interaction_records": 3,
        "safety_events": 1,
        "consents": 2,
        "devices_unlinked": 1,
        "children": 1,
    }
    assert Device.objects.get(pk=family.device.pk).child is None  # the toy stays, unlinked
    assert Parent.objects.filter(pk=family.parent.pk).exists()
    entry = AuditEntry.objects.get(action="child.delete")
    assert entry.target == f"child:{ids[2]}" and entry.result == counts
    assert "Mia" not in str(entry.params) + str(entry.result) + entry.reason


# --- the parent API ---------------------------------------------------------------------------


@pytest.fixture
def parent_client(family) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {family.parent_token}")
    return client


def test_a_parent_reviews_their_childs_data(family, family_toy_client, parent_client):
    tts(family_toy_client)

    listing = parent_client.get("/api/v1/parent/children").json()
    report = parent_client.get(f"/api/v1/parent/children/{family.child.public_id}").json()

    assert listing["children"][0]["id"] == family.child.public_id
    assert listing["children"][0]["active_consents"] == ["interaction_logs", "stt"]
    assert report["child"]["nickname"] == "Mia" and report["audio_recordings"] == 0
    assert report["interactions_total"] == 1 and report["interactions"][0]["kind"] == "tts"
    assert {c["scope"] for c in report["consents"]} == {"stt", "interaction_logs"}
    export = AuditEntry.objects.get(action="data.export")
    assert export.actor_name == f"parent:{family.parent.pk}"


def test_a_parent_revokes_and_the_toy_stops_listening(family, family_toy_client, parent_client):
    url = f"/api/v1/parent/children/{family.child.public_id}/revoke"

    answer = parent_client.post(url, {"scope": "stt"}, format="json")

    assert answer.status_code == 200 and len(answer.json()["revoked"]) == 1
    assert stt(family_toy_client).json()["error"]["code"] == "consent_required"
    assert parent_client.post(url, {"scope": "voice"}, format="json").status_code == 400


def test_a_parent_deletes_everything(family, family_toy_client, parent_client):
    tts(family_toy_client)

    answer = parent_client.post(f"/api/v1/parent/children/{family.child.public_id}/delete")

    assert answer.status_code == 200 and answer.json()["deleted"]["interaction_records"] == 1
    assert not Child.objects.exists() and not InteractionLog.objects.exists()


def test_another_family_sees_nothing(family, parent_client):
    other = Parent(name="Other", email="other@example.com")
    token = other.issue_token()
    other.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    child_url = f"/api/v1/parent/children/{family.child.public_id}"

    assert client.get("/api/v1/parent/children").json() == {"children": []}
    assert client.get(child_url).status_code == 404
    assert client.post(f"{child_url}/delete").status_code == 404
    assert Child.objects.filter(pk=family.child.pk).exists()


@pytest.mark.parametrize("header", ["", "Bearer ptn_nope", "Bearer tdy_device", "Basic abc"])
def test_the_parent_api_needs_a_parent_token(family, header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get("/api/v1/parent/children")

    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] in ("not_authenticated", "invalid_token")


def test_a_toy_token_does_not_open_the_parent_api(family):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {family.token}")

    assert client.get("/api/v1/parent/children").status_code == 401


def test_a_database_that_cannot_take_the_record_does_not_silence_the_bear(
    family, family_toy_client, monkeypatch
):
    from django.db import OperationalError

    from tests.helpers import metric_value

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(coppa, "_write_record", locked)

    response = tts(family_toy_client)

    assert response.status_code == 200 and response.content[:4] == b"RIFF"
    assert not InteractionLog.objects.exists()
    lost = metric_value(family_toy_client, "audio_errors_total", error_type="database_unavailable")
    assert lost == 1
