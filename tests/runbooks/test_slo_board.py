"""The SLO board shows the service's own numbers, window by window, for SREs only."""

import io

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
    assert 'data-tile="tts_p99"' in partial and 'data-tile="cost_per_hour"' in partial
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


def tile(key: str) -> slo.Tile:
    return next(t for t in slo.tiles() if t.key == key)


def test_tiles_count_safety_blocks_and_provider_cost(toy_client, fake_openai):
    toy_client.post("/api/v1/tts", {"text": "Hello there little one"}, format="json")
    toy_client.post("/api/v1/tts", {"text": "Hello there little one"}, format="json")  # a hit
    toy_client.post("/api/v1/safety/check", {"text": "go kill yourself"}, format="json")

    cost = tile("cost_per_hour")
    assert cost.value == f"${len('Hello there little one') * 15 / 1e6:.4f}"  # tts-1, once
    assert tile("safety_blocks").value == "1"
    assert tile("cache_hit_rate").value == "50.0%"
    assert tile("tts_p99").state == "ok" and tile("tts_p99").value.startswith("≤")


def test_tiles_say_no_data_before_any_traffic():
    assert tile("tts_p95").value == "–" and tile("tts_p95").state == "no-data"
    assert tile("safety_blocks").state == "no-data"


def test_validation_latency_is_counted_for_accepted_and_rejected_uploads(toy_client):
    from tests.audio_files import speech_wav

    for blob, name in ((speech_wav(), "a.wav"), (b"not audio at all", "b.wav")):
        f = io.BytesIO(blob)
        f.name = name
        toy_client.post("/api/v1/audio/validate", {"audio": f})

    reading = slo.read(next(s for s in slo.SLOS if s.key == "validation_latency"), "5m")
    assert reading.events == 2
    assert tile("validation_p95").state != "no-data"


def test_board_page_shows_the_tiles_and_says_so_when_redis_is_down(client, sre_alice, redis_down):
    client.force_login(sre_alice)

    page = client.get("/console/slo/")

    assert page.status_code == 200
    assert "Redis is unreachable" in page.content.decode()
