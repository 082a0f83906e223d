"""Shared request outcomes are summed in each process and written to Redis in one round trip
per interval (``audio/outcomes.py``); a reader writes its own process's sums first."""

from __future__ import annotations

import os
import time

import pytest

from audio import metrics, outcomes
from teddy.shared_state import get_redis


def bucket(kind: str) -> str:
    return f"outcomes:{kind}:{int(time.time() // 60)}"


@pytest.fixture
def write_behind(settings):
    """The production mode: sums written by a thread, here every few seconds."""
    settings.OUTCOMES_FLUSH_S = 5.0
    yield
    outcomes._tally.forked()  # nothing pending leaks into the next test


def test_outcomes_wait_in_memory_and_a_reader_writes_them_first(write_behind):
    outcomes.record_all(
        [
            outcomes.Outcome("safety", ok=True, latency_s=0.002, blocked=True),
            outcomes.Outcome("tts", ok=True, cached=True, latency_s=0.02),
        ]
    )
    outcomes.record("tts", ok=True, latency_s=0.3, cost_usd=0.015)
    outcomes.record("tts", ok=False)

    assert not get_redis().exists(bucket("tts"))  # not one round trip per request

    tts, safety = outcomes.window("tts", 5), outcomes.window("safety", 5)
    assert (tts.total, tts.errors, tts.cached) == (3, 1, 1)
    assert tts.cost_usd == pytest.approx(0.015)
    assert tts.latency == {0.025: 1, 0.5: 1}
    assert (safety.total, safety.blocked) == (1, 1)
    assert 0 < get_redis().ttl(bucket("tts")) <= outcomes.RETENTION_S


def test_the_writer_thread_writes_the_sums_within_the_interval(settings):
    settings.OUTCOMES_FLUSH_S = 0.1
    for _ in range(5):
        outcomes.record("validate", ok=True, latency_s=0.004)

    deadline = time.monotonic() + 10
    while not get_redis().exists(bucket("validate")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert int(get_redis().hget(bucket("validate"), "total")) == 5


def test_redis_down_loses_the_counts_not_the_request(write_behind, redis_down):
    errors = metrics.ERRORS.labels(
        error_type="redis_unavailable", component="outcomes", severity="warning"
    )
    before = errors._value.get()
    outcomes.record("tts", ok=True, latency_s=0.01)

    outcomes.flush()  # no exception reaches the caller

    assert errors._value.get() == before + 1
    assert outcomes._tally._counts == {}  # dropped, not piling up while Redis is away


def test_a_forked_process_does_not_write_its_parents_pending_counts(write_behind):
    outcomes.record("tts", ok=True)
    child = os.fork()
    if child == 0:  # the child: its copy of the parent's pending sums must be gone
        os._exit(0 if outcomes._tally._counts == {} else 1)
    _, status = os.waitpid(child, 0)

    assert os.waitstatus_to_exitcode(status) == 0
    assert outcomes.window("tts", 1).total == 1  # the parent still writes its own
