"""The SLO board shows the service's own numbers, window by window, for SREs only."""

import pytest

from runbooks import slo

pytestmark = pytest.mark.django_db


def test_board_follows_toy_requests(client, sre_alice, toy_client):
    client.force_login(sre_alice)
    for text in ("One", "One", "Two", "Two"):
        toy_client.post("/api/v1/tts", {"text": text}, format="json")

    page = client.get("/console/slo/").content.decode()
    partial = client.get("/console/slo/partial").content.decode()

    assert "TTS availability" in page and "Cache hit rate" in page
    assert 'data-slo="availability"' in partial
    availability = slo.read(next(s for s in slo.SLOS if s.key == "availability"), "5m")
    hits = slo.read(next(s for s in slo.SLOS if s.key == "cache_hit_rate"), "5m")
    assert availability.events == 4 and availability.good_share == 1.0
    assert availability.budget_left == 1.0 and availability.burn_rate == 0.0
    assert hits.good_share == 0.5 and hits.state == "breached"  # 50 % hits against an 80 % goal


def test_errors_burn_the_budget(toy_client, settings):
    settings.ESPEAK_NG_BINARY = "/nonexistent/espeak-ng"
    toy_client.post("/api/v1/tts", {"text": "Broken"}, format="json")

    reading = slo.read(slo.SLOS[0], "5m")

    assert reading.good_share == 0.0
    assert reading.burn_rate == pytest.approx(1000.0)
    assert reading.state == "breached"


def test_latency_slos_read_the_recorded_latencies(toy_client):
    toy_client.post("/api/v1/safety/check", {"text": "hello"}, format="json")

    reading = slo.read(next(s for s in slo.SLOS if s.key == "safety_latency"), "1h")

    assert reading.events >= 1
    assert reading.good_share == 1.0
    assert reading.p95_s is not None and reading.p95_s <= 0.2


def test_no_traffic_is_no_data_not_a_breach():
    assert {slo.read(s, "5m").state for s in slo.SLOS} == {"no-data"}


def test_compliance_staff_cannot_see_the_board(client, auditor_bob):
    client.force_login(auditor_bob)

    assert client.get("/console/slo/").status_code == 403
