"""Cache hits of POST /api/v1/tts are answered before Django (``audio/api/fast.py``), over the
real ASGI server: the same bytes and headers as Django's answer, every count made once, the
hourly limit and the interaction record kept, and everything else left to Django."""

from __future__ import annotations

import httpx
import pytest

from audio import outcomes
from audio.api import fast
from safety.models import InteractionLog
from teddy.shared_state import get_redis

HEADERS = (
    "content-type",
    "x-cache",
    "x-tts-provider",
    "x-safety-action",
    "x-audio-duration",
    "cache-control",
    "x-content-type-options",
    "x-frame-options",
)


@pytest.fixture
def answered_fast(monkeypatch) -> list:
    """What the fast path decided, request by request."""
    seen = []
    original = fast.attempt

    def spy(*args):
        result = original(*args)
        seen.append(result.status if isinstance(result, fast.Answer) else result)
        return result

    monkeypatch.setattr(fast, "attempt", spy)
    return seen


def tts(url: str, token: str, **body) -> httpx.Response:
    return httpx.post(
        f"http://{url}/api/v1/tts",
        json={"text": "Good night, little bear.", **body},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def test_a_hit_is_answered_fast_with_djangos_bytes_and_headers(
    live_server_url, family, settings, answered_fast
):
    miss = tts(live_server_url, family.token)
    hit = tts(live_server_url, family.token)
    settings.TTS_FAST_PATH = False
    slow_hit = tts(live_server_url, family.token)

    assert answered_fast == [fast.CHARGED, 200]  # the miss went on to Django, the hit did not
    assert miss.headers["x-cache"] == "MISS" and hit.headers["x-cache"] == "HIT"
    assert hit.content == slow_hit.content == miss.content
    assert {h: hit.headers.get(h) for h in HEADERS} == {h: slow_hit.headers.get(h) for h in HEADERS}


def test_every_count_is_made_once(live_server_url, family, answered_fast):
    for _ in range(3):
        assert tts(live_server_url, family.token).status_code == 200

    spoken = outcomes.window("tts", 5)
    checked = outcomes.window("safety", 5)
    stats = get_redis().hgetall("{tts}:stats")
    assert (spoken.total, spoken.cached, checked.total) == (3, 2, 3)
    assert (int(stats[b"hits"]), int(stats[b"misses"])) == (2, 1)
    assert InteractionLog.objects.filter(child=family.child).count() == 3
    assert answered_fast == [fast.CHARGED, 200, 200]


def test_the_hourly_limit_counts_each_request_once_and_answers_429(
    live_server_url, family, settings
):
    settings.RATE_LIMIT_PER_HOUR = 3
    answers = [tts(live_server_url, family.token) for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].json()["error"]["code"] == "rate_limited"
    assert int(answers[3].headers["retry-after"]) >= 1


def test_a_blocked_text_is_answered_fast_with_its_redirection(live_server_url, family):
    from safety.models import SafetyRule

    SafetyRule.objects.create(pattern="purple wombat", match="phrase", category="harassment")
    first = tts(live_server_url, family.token, text="you purple wombat")
    again = tts(live_server_url, family.token, text="you purple wombat")

    assert again.headers["x-cache"] == "HIT" and again.content == first.content
    assert again.headers["x-safety-action"] == "blocked"
    assert again.headers["x-safety-category"] == "harassment"


@pytest.mark.parametrize(
    ("auth", "body", "status", "code"),
    [
        ("Bearer tdy_not-a-token", {"text": "hi"}, 401, "invalid_token"),
        (None, {"text": "hi"}, 401, "not_authenticated"),
        ("TOKEN", {"text": ""}, 400, "invalid_text"),
        ("TOKEN", {"text": "hi", "voice": "robot"}, 400, "invalid_voice"),
    ],
)
def test_anything_but_a_hit_gets_djangos_answer(
    live_server_url, family, auth, body, status, code, answered_fast
):
    headers = {"Authorization": auth.replace("TOKEN", f"Bearer {family.token}")} if auth else {}
    answer = httpx.post(
        f"http://{live_server_url}/api/v1/tts", json=body, headers=headers, timeout=30
    )

    assert answer.status_code == status
    assert answer.json()["error"]["code"] == code
    assert 200 not in answered_fast


def test_a_revoked_toy_is_refused_even_for_a_cached_phrase(live_server_url, family):
    assert tts(live_server_url, family.token).status_code == 200
    family.device.revoke()

    refused = tts(live_server_url, family.token)

    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "invalid_token"
