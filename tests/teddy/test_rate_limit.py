"""Hourly limits per toy and per child, shared by every process through Redis: the request past
the limit is a 429 with ``Retry-After``, whichever process counted the earlier ones."""

from __future__ import annotations

import math
import time

import pytest
from rest_framework.test import APIClient

from teddy import ratelimit
from teddy.models import Device
from tests.helpers import in_other_process, metric_value

pytestmark = pytest.mark.django_db
LIMIT = 5


@pytest.fixture(autouse=True)
def _low_limit(settings):
    settings.RATE_LIMIT_PER_HOUR = LIMIT  # the same code path as 1,000: only the number differs


def check(client, text="Hi"):
    return client.post("/api/v1/safety/check", {"text": text}, format="json")


def test_the_request_past_the_limit_is_429_across_two_processes(toy, toy_client, _suite_redis):
    spent = in_other_process(
        f"from teddy import ratelimit\n"
        f"print(sum(ratelimit.hit(['device:{toy.device.pk}'], {LIMIT}).allowed for _ in range(3)))",
        _suite_redis,
    )
    here = [check(toy_client).status_code for _ in range(LIMIT - 3)]
    refused = check(toy_client)

    assert spent == "3" and here == [200, 200]
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    # All LIMIT requests are in this window: one more fits once it has ended and a LIMIT-th of
    # the next one has passed (the sliding window's weight of the old count fades with time).
    elapsed = (time.time() % ratelimit.WINDOW_S) / ratelimit.WINDOW_S
    expected = math.ceil((1 - elapsed + 1 / LIMIT) * ratelimit.WINDOW_S)
    assert abs(int(refused["Retry-After"]) - expected) <= 2
    assert metric_value(toy_client, "tts_rate_limited_total", scope="device") == 1


def test_every_toy_endpoint_spends_the_same_budget(toy_client):
    for _ in range(LIMIT):
        assert check(toy_client).status_code == 200

    assert toy_client.post("/api/v1/tts", {"text": "Hi"}, format="json").status_code == 429


def test_a_childs_budget_is_shared_by_her_toys(family, family_toy_client):
    second = Device(name="mias-second-bear", child=family.child)
    token = second.issue_token()
    second.save()
    other_toy = APIClient()
    other_toy.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    for _ in range(LIMIT):
        assert check(family_toy_client).status_code == 200
    refused = check(other_toy)  # a fresh device, but the same child

    assert refused.status_code == 429
    assert metric_value(other_toy, "tts_rate_limited_total", scope="child") == 1


def test_one_toy_at_its_limit_does_not_hold_back_another(toy_client, family_toy_client):
    for _ in range(LIMIT):
        check(toy_client)

    assert check(toy_client).status_code == 429
    assert check(family_toy_client).status_code == 200


def test_a_refused_request_is_not_counted():
    for _ in range(LIMIT):
        assert ratelimit.hit(["device:1"], LIMIT, now=1000.0).allowed
    for _ in range(10):
        assert not ratelimit.hit(["device:1"], LIMIT, now=1000.0).allowed

    # Next window, half-way: the previous window's 5 weigh 2.5, so 2 more fit, not 3.
    later = 3600.0 + 1800.0
    assert [ratelimit.hit(["device:1"], LIMIT, now=later).allowed for _ in range(3)] == [
        True,
        True,
        False,
    ]


def test_retry_after_says_when_one_more_fits():
    for _ in range(LIMIT):
        ratelimit.hit(["device:2"], LIMIT, now=0.0)
    refused = ratelimit.hit(["device:2"], LIMIT, now=0.0)
    # Full at the start of a window: the 5 count until it ends, then fade; one more fits when
    # 5 * (1 - t) + 1 <= 5, i.e. a fifth into the next window.
    assert refused.retry_after_s == 3600 + 720

    assert ratelimit.hit(["device:2"], LIMIT, now=3600.0 + 720).allowed


def test_with_redis_down_limits_hold_in_memory_and_nothing_fails(toy_client, redis_down):
    answers = [check(toy_client).status_code for _ in range(LIMIT + 1)]

    assert answers == [200] * LIMIT + [429]
