"""The compliance console: compliance staff read and change COPPA records (every change and
export audited); SREs are refused every page, anonymous visitors are sent to the login page."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

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
from tests.conftest import born_years_ago

pytestmark = pytest.mark.django_db

BASE = "/console/compliance"
START = datetime(2024, 3, 1, tzinfo=UTC)


@pytest.fixture
def bob(client, auditor_bob):
    client.force_login(auditor_bob)
    return client


@pytest.fixture
def other_child(db) -> Child:
    """A second family's child, with consent for interaction records."""
    parent = Parent.objects.create(name="Sam Smith", email="sam@example.com")
    child = Child.objects.create(parent=parent, nickname="Leo", **born_years_ago(10))
    coppa.grant_consent(
        child=child, scope=ConsentScope.INTERACTION_LOGS, method="card_check", actor=None
    )
    return child


def add_logs(child: Child, count: int, *, start: datetime = START, step_hours: int = 2):
    """``count`` records for ``child``, ``step_hours`` apart: every 5th blocked, every 7th
    redacted, kinds alternating."""
    consent = ParentalConsent.objects.get(child=child, scope=ConsentScope.INTERACTION_LOGS)
    logs = []
    for n in range(count):
        action = "block" if n % 5 == 0 else "redact" if n % 7 == 0 else "allow"
        logs.append(
            InteractionLog(
                created_at=start + timedelta(hours=step_hours * n),
                child=child,
                child_hash=child.hashed_id,
                age_group=child.age_group(),
                kind="stt" if n % 2 else "tts",
                text=f"record {n} of {child.nickname}",
                safety_action=action,
                safety_category="violence" if action == "block" else "",
                provider="local",
                latency_ms=n,
                consent=consent,
            )
        )
    InteractionLog.objects.bulk_create(logs)


def page_ids(client, params: dict) -> list[int]:
    """The record ids the interactions page lists for ``params``, over all its pages."""
    ids: list[int] = []
    page = 1
    while True:
        response = client.get(f"{BASE}/interactions/", {**params, "page": page})
        assert response.status_code == 200
        html = response.content.decode()
        ids += [int(i) for i in re.findall(r'<tr class="interaction" data-id="(\d+)"', html)]
        if 'rel="next"' not in html:
            return ids
        page += 1


def csv_rows(client, params: dict) -> list[dict[str, str]]:
    response = client.get(f"{BASE}/interactions.csv", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


# --- who may open the console ---------------------------------------------------------------

PAGES = [
    ("get", "/"),
    ("get", "/consents/"),
    ("get", "/children/{child}/"),
    ("get", "/children/{child}/consents/new"),
    ("post", "/children/{child}/consents/new"),
    ("get", "/children/{child}/report.json"),
    ("post", "/children/{child}/delete"),
    ("post", "/consents/{consent}/revoke"),
    ("get", "/interactions/"),
    ("get", "/interactions.csv"),
    ("get", "/audit/"),
]


def page_url(family, path: str) -> str:
    consent = family.consents[ConsentScope.INTERACTION_LOGS]
    return BASE + path.format(child=family.child.public_id, consent=consent.pk)


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_an_sre_is_refused_every_page(client, sre_alice, family, method, path):
    client.force_login(sre_alice)
    data = {"reason": "curious", "confirm": "DELETE", "scope": "stt", "method": "signed_form"}
    entries = AuditEntry.objects.count()

    response = getattr(client, method)(page_url(family, path), data)

    assert response.status_code == 403
    assert Child.objects.filter(pk=family.child.pk).exists()
    assert ParentalConsent.objects.active().count() == 2
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, family, method, path):
    response = getattr(client, method)(page_url(family, path))

    assert response.status_code == 302
    assert response["Location"].startswith("/console/login/")


@pytest.mark.parametrize("as_superuser", [False, True])
def test_admins_may_open_the_console(client, family, as_superuser):
    user = User.objects.create_user("dana", is_superuser=as_superuser)
    if not as_superuser:
        user.groups.add(Group.objects.get(name="admin"))
    client.force_login(user)

    assert client.get(f"{BASE}/consents/").status_code == 200


def test_compliance_staff_see_the_console_links(bob):
    page = bob.get(f"{BASE}/").content.decode()

    for url in ("/consents/", "/interactions/", "/audit/"):
        assert f'href="{BASE}{url}"' in page


# --- consents -------------------------------------------------------------------------------


def consent_rows(client, params: dict | None = None) -> list[int]:
    response = client.get(f"{BASE}/consents/", params or {})
    assert response.status_code == 200
    return [
        int(i)
        for i in re.findall(r'<tr class="consent" data-id="(\d+)"', response.content.decode())
    ]


def test_compliance_staff_see_every_consent(bob, family, other_child):
    response = bob.get(f"{BASE}/consents/")

    page = response.content.decode()
    assert response.status_code == 200
    assert len(consent_rows(bob)) == 3
    assert "Mia" in page and "Leo" in page and "Pat Parent" in page
    assert f'href="{BASE}/children/{family.child.public_id}/"' in page


@pytest.mark.parametrize(
    ("query", "whose"),
    [("mia", "Mia"), ("{mia_id}", "Mia"), ("sam@example", "Leo"), ("smith", "Leo")],
)
def test_consents_can_be_searched(bob, family, other_child, query, whose):
    query = query.format(mia_id=family.child.public_id)

    found = ParentalConsent.objects.filter(pk__in=consent_rows(bob, {"q": query}))

    assert {c.child.nickname for c in found} == {whose}
    assert found.count() == ParentalConsent.objects.filter(child__nickname=whose).count()


def test_consents_can_be_filtered_by_status_and_scope(bob, family, other_child):
    stt = family.consents[ConsentScope.SPEECH_TO_TEXT]
    coppa.revoke_consent(stt, actor_name="pat", reason="changed my mind")
    expired = coppa.grant_consent(child=other_child, scope="stt", method="signed_form", actor=None)
    ParentalConsent.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )

    assert consent_rows(bob, {"status": "revoked"}) == [stt.pk]
    assert consent_rows(bob, {"status": "expired"}) == [expired.pk]
    assert len(consent_rows(bob, {"status": "active"})) == 2
    assert consent_rows(bob, {"status": "all", "scope": "stt"}) == [expired.pk, stt.pk]
    assert set(consent_rows(bob, {"status": "active", "scope": "interaction_logs"})) == {
        family.consents[ConsentScope.INTERACTION_LOGS].pk,
        ParentalConsent.objects.get(child=other_child, scope="interaction_logs").pk,
    }


def test_an_unknown_status_is_a_400_not_a_500(bob, family):
    response = bob.get(f"{BASE}/consents/", {"status": "maybe"})

    assert response.status_code == 400
    assert "Unknown status" in response.content.decode()


def grant(client, family, **overrides):
    data = {
        "scope": "product_improvement",
        "method": "video_call",
        "retention_days": "60",
        "expires_at": "",
        "note": "",
        "reason": "video call with Pat on Monday",
    }
    data.update(overrides)
    return client.post(f"{BASE}/children/{family.child.public_id}/consents/new", data)


def test_recording_a_consent_creates_it_and_audits_it(bob, auditor_bob, family):
    assert bob.get(f"{BASE}/children/{family.child.public_id}/consents/new").status_code == 200

    response = grant(bob, family, expires_at="2099-01-31")

    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/children/{family.child.public_id}/"
    consent = ParentalConsent.objects.get(child=family.child, scope="product_improvement")
    assert consent.method == "video_call"
    assert consent.retention_days == 60
    assert consent.verified_by == auditor_bob
    assert consent.expires_at == datetime(2099, 1, 31, tzinfo=UTC)
    assert consent.status == "active"
    entry = AuditEntry.objects.filter(action="consent.grant").latest("id")
    assert entry.actor_name == "bob"
    assert entry.reason == "video call with Pat on Monday"
    assert entry.params["consent_id"] == consent.pk
    assert entry.target == f"child:{family.child.hashed_id}"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"reason": "  "}, "Say why"),
        ({"retention_days": "0"}, "greater than or equal to 1"),
        ({"retention_days": "366"}, "less than or equal to 365"),
        ({"scope": "everything"}, "Select a valid choice"),
        ({"method": "trust_me"}, "Select a valid choice"),
        ({"expires_at": "2001-01-01"}, "must be in the future"),
        ({"expires_at": "tomorrow"}, "Enter a valid date"),
    ],
)
def test_a_bad_consent_is_refused_with_the_reason(bob, family, overrides, message):
    grants = AuditEntry.objects.filter(action="consent.grant").count()

    response = grant(bob, family, **overrides)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ParentalConsent.objects.filter(scope="product_improvement").exists()
    assert AuditEntry.objects.filter(action="consent.grant").count() == grants


def test_revoking_a_consent_audits_it_and_deletes_its_records(bob, family):
    consent = family.consents[ConsentScope.INTERACTION_LOGS]
    add_logs(family.child, 3)

    response = bob.post(f"{BASE}/consents/{consent.pk}/revoke", {"reason": "parent's email"})

    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/children/{family.child.public_id}/"
    consent.refresh_from_db()
    assert consent.status == "revoked"
    assert consent.revoked_by == "bob"
    assert not InteractionLog.objects.filter(consent=consent).exists()
    entry = AuditEntry.objects.get(action="consent.revoke")
    assert entry.reason == "parent's email"
    assert entry.result == {"interaction_records_deleted": 3}
    follow = bob.get(response["Location"]).content.decode()
    assert "revoked; 3 interaction records deleted" in follow


def test_revoking_without_a_reason_is_refused(bob, family):
    consent = family.consents[ConsentScope.INTERACTION_LOGS]

    response = bob.post(f"{BASE}/consents/{consent.pk}/revoke", {"reason": ""})

    assert response.status_code == 400
    assert "Say why" in response.content.decode()
    consent.refresh_from_db()
    assert consent.status == "active"
    assert not AuditEntry.objects.filter(action="consent.revoke").exists()


def test_revoking_twice_is_refused(bob, family):
    consent = family.consents[ConsentScope.INTERACTION_LOGS]
    bob.post(f"{BASE}/consents/{consent.pk}/revoke", {"reason": "parent's email"})

    response = bob.post(f"{BASE}/consents/{consent.pk}/revoke", {"reason": "again"})

    assert response.status_code == 400
    assert "already revoked" in response.content.decode()
    assert AuditEntry.objects.filter(action="consent.revoke").count() == 1


# --- interaction records --------------------------------------------------------------------


def test_interactions_are_filtered_by_child_date_and_safety(bob, family, other_child):
    add_logs(family.child, 24, step_hours=6)  # 2024-03-01 00:00 to 2024-03-06 18:00
    add_logs(other_child, 4)
    mine = InteractionLog.objects.filter(child=family.child)

    by_child = page_ids(bob, {"child": family.child.public_id})
    assert by_child == list(mine.order_by("-created_at").values_list("pk", flat=True))

    # Inclusive, in UTC: 2024-03-02 00:00 up to and including 2024-03-03 18:00.
    by_date = page_ids(
        bob, {"child": family.child.public_id, "date_from": "2024-03-02", "date_to": "2024-03-03"}
    )
    times = [InteractionLog.objects.get(pk=pk).created_at for pk in by_date]
    assert len(by_date) == 8
    assert min(times) == datetime(2024, 3, 2, tzinfo=UTC)
    assert max(times) == datetime(2024, 3, 3, 18, tzinfo=UTC)

    blocked = page_ids(bob, {"safety": "block"})
    assert set(blocked) == set(
        InteractionLog.objects.filter(safety_action="block").values_list("pk", flat=True)
    )
    assert len(blocked) == 5 + 1

    assert set(page_ids(bob, {"kind": "stt", "child": other_child.public_id})) == set(
        InteractionLog.objects.filter(child=other_child, kind="stt").values_list("pk", flat=True)
    )


def test_interactions_page_links_each_child(bob, family):
    add_logs(family.child, 1)

    page = bob.get(f"{BASE}/interactions/").content.decode()

    assert f'href="{BASE}/children/{family.child.public_id}/"' in page
    assert "record 0 of Mia" in page


@pytest.mark.parametrize(
    "params",
    [
        {},  # 155 records: two pages
        {"date_from": "2024-03-03", "date_to": "2024-03-12"},  # more than 100 too
        {"child": "{mia_id}", "safety": "block", "date_to": "2024-03-10"},
        {"kind": "stt", "safety": "allow"},
    ],
)
def test_the_csv_export_lists_exactly_what_the_page_lists(bob, family, other_child, params):
    add_logs(family.child, 150)
    add_logs(other_child, 5, start=START + timedelta(hours=1))
    params = {name: value.format(mia_id=family.child.public_id) for name, value in params.items()}

    shown = page_ids(bob, params)
    exported = csv_rows(bob, params)

    assert [int(row["id"]) for row in exported] == shown
    assert shown  # the filters match something
    first = InteractionLog.objects.get(pk=shown[0])
    assert exported[0]["text"] == first.text
    assert exported[0]["child"] == first.child.public_id
    assert exported[0]["time"] == first.created_at.isoformat()


def test_the_unfiltered_view_spans_pages(bob, family, other_child):
    add_logs(family.child, 150)
    add_logs(other_child, 5)

    first = bob.get(f"{BASE}/interactions/").content.decode()

    assert first.count('<tr class="interaction"') == 100
    assert 'rel="next"' in first
    assert len(page_ids(bob, {})) == 155


def test_a_text_a_spreadsheet_would_run_is_exported_inert(bob, family):
    add_logs(family.child, 1)
    InteractionLog.objects.update(text='=HYPERLINK("http://evil.example")')

    (row,) = csv_rows(bob, {})

    assert row["text"] == '\'=HYPERLINK("http://evil.example")'


def test_each_csv_export_is_audited_with_its_row_count(bob, family):
    add_logs(family.child, 20)
    params = {"child": family.child.public_id, "safety": "block"}

    rows = csv_rows(bob, params)
    csv_rows(bob, {})

    first, second = AuditEntry.objects.filter(action="data.export").order_by("id")
    assert first.actor_name == "bob"
    assert first.params == {
        "format": "csv",
        "what": "interactions",
        "filters": {"child": f"child:{family.child.hashed_id}", "safety": "block"},
    }
    assert first.result == {"rows": len(rows)} == {"rows": 4}
    assert family.child.public_id not in str(first.params)  # the trail names no child
    assert second.result == {"rows": 20}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "03/01/2024"}, "date_from must be a date as YYYY-MM-DD"),
        ({"date_to": "2024-02-30"}, "date_to must be a date as YYYY-MM-DD"),
        ({"date_from": "2024-03-05", "date_to": "2024-03-01"}, "date_from is after date_to"),
        ({"safety": "maybe"}, "Unknown safety action"),
        ({"kind": "video"}, "Unknown kind"),
    ],
)
@pytest.mark.parametrize("url", ["/interactions/", "/interactions.csv"])
def test_invalid_filters_are_a_400_with_the_reason(bob, family, url, params, message):
    response = bob.get(BASE + url, params)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuditEntry.objects.filter(action="data.export").exists()


# --- one child ------------------------------------------------------------------------------


def test_the_child_page_shows_the_report(bob, family):
    add_logs(family.child, 2)

    response = bob.get(f"{BASE}/children/{family.child.public_id}/")

    page = response.content.decode()
    assert response.status_code == 200
    for shown in ("Mia", family.child.public_id, "Pat Parent", "pat@example.com", "mias-bear"):
        assert shown in page
    assert "interaction_logs" in page and "signed_form" in page and "olivia" in page
    assert "record 1 of Mia" in page
    assert f"{BASE}/children/{family.child.public_id}/report.json" in page
    assert "Delete all of this child" in page


def test_an_unknown_child_is_a_404(bob, family):
    assert bob.get(f"{BASE}/children/ch_nobody/").status_code == 404


def test_the_json_report_is_audited(bob, family):
    add_logs(family.child, 2)

    response = bob.get(f"{BASE}/children/{family.child.public_id}/report.json")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    report = response.json()
    assert report["child"]["id"] == family.child.public_id
    assert report["interactions_total"] == 2
    assert {c["scope"] for c in report["consents"]} == {"stt", "interaction_logs"}
    entry = AuditEntry.objects.get(action="data.export")
    assert entry.actor_name == "bob"
    assert entry.target == f"child:{family.child.hashed_id}"
    assert entry.params == {"format": "json", "what": "child_report"}


def test_deleting_a_child_removes_everything_and_audits_it(bob, family):
    add_logs(family.child, 7)
    child = family.child

    response = bob.post(
        f"{BASE}/children/{child.public_id}/delete",
        {"reason": "parent's deletion request of 3 March", "confirm": "DELETE"},
        follow=True,
    )

    assert response.redirect_chain[0] == (f"{BASE}/consents/", 302)
    assert (
        "child records 1, consents 2, interaction records 7, toys unlinked 1"
        in response.content.decode()
    )
    assert not Child.objects.filter(pk=child.pk).exists()
    assert not ParentalConsent.objects.filter(child_id=child.pk).exists()
    assert not InteractionLog.objects.filter(child_id=child.pk).exists()
    assert Device.objects.get(pk=family.device.pk).child is None
    entry = AuditEntry.objects.get(action="child.delete")
    assert entry.actor_name == "bob"
    assert entry.target == f"child:{child.hashed_id}"
    assert entry.reason == "parent's deletion request of 3 March"
    assert entry.result["interaction_records"] == 7


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "parent asked", "confirm": ""}, "Type DELETE to confirm"),
        ({"reason": "parent asked", "confirm": "delete"}, "Type DELETE to confirm"),
        ({"reason": "", "confirm": "DELETE"}, "Say why"),
    ],
)
def test_deleting_without_confirmation_and_reason_deletes_nothing(bob, family, data, message):
    add_logs(family.child, 3)

    response = bob.post(f"{BASE}/children/{family.child.public_id}/delete", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Child.objects.filter(pk=family.child.pk).exists()
    assert ParentalConsent.objects.filter(child=family.child).count() == 2
    assert InteractionLog.objects.filter(child=family.child).count() == 3
    assert not AuditEntry.objects.filter(action="child.delete").exists()


# --- audit trail ----------------------------------------------------------------------------


def test_the_audit_trail_shows_ok_then_broken_after_tampering(bob, family):
    csv_rows(bob, {})  # one more entry: a data export
    entries = AuditEntry.objects.count()

    page = bob.get(f"{BASE}/audit/").content.decode()

    assert "OK" in page and "BROKEN" not in page
    assert f"All {entries} entries verified" in page
    assert "consent.grant" in page and "data.export" in page

    tampered = AuditEntry.objects.filter(action="consent.grant").first()
    AuditEntry.objects.filter(pk=tampered.pk).update(reason="edited")

    page = bob.get(f"{BASE}/audit/").content.decode()

    assert "BROKEN" in page
    assert f"At entry #{tampered.pk}: content was altered" in page


def test_the_audit_trail_filters_by_action_prefix(bob, family):
    csv_rows(bob, {})

    page = bob.get(f"{BASE}/audit/", {"action": "consent."}).content.decode()

    assert page.count('<tr class="entry') == 2
    assert page.count("<td>consent.grant</td>") == 2
    assert "<td>data.export</td>" not in page
