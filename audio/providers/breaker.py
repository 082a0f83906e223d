"""A circuit breaker per provider, shared by every process through Redis.

closed --(failures >= threshold, or > 50 % of >= min_calls calls failed, within window)--> open
open   --(cooldown elapsed; one caller claims the probe)--> half_open
half_open --(probe succeeds)--> closed;  --(probe fails)--> open again, cooldown doubled (capped)

While open, calls fail fast: nothing reaches the provider. The state is one Redis hash per
provider, changed with optimistic transactions (WATCH/MULTI), so all web processes agree; when
Redis is unreachable each process falls back to its own in-memory copy and carries on.
The transition rules live in one place (``_on_failure``, ``_on_success``, ``_allow``), whatever
the storage.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any

import redis

from teddy.shared_state import REDIS_ERRORS, get_redis

log = logging.getLogger(__name__)

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


@dataclass
class BreakerState:
    state: str = CLOSED
    failures: int = 0
    calls: int = 0
    window_start: float = 0.0
    opened_at: float | None = None
    next_probe_at: float | None = None
    probe_claimed_at: float | None = None
    cooldown_s: float = 0.0

    @classmethod
    def from_redis(cls, raw: dict[bytes, bytes]) -> BreakerState:
        state = cls()
        for key, value in raw.items():
            name = key.decode()
            if name == "state":
                state.state = value.decode()
            elif name in ("failures", "calls"):
                setattr(state, name, int(value))
            elif name in ("window_start", "cooldown_s"):
                setattr(state, name, float(value))
            elif name in ("opened_at", "next_probe_at", "probe_claimed_at"):
                setattr(state, name, float(value) if value else None)
        return state

    def to_redis(self) -> dict[str, str]:
        return {k: "" if v is None else str(v) for k, v in asdict(self).items()}


@dataclass(frozen=True)
class BreakerPolicy:
    failure_threshold: int = 5
    window_s: float = 60.0
    min_calls_for_ratio: int = 10
    failure_ratio: float = 0.5
    cooldown_s: float = 30.0
    max_cooldown_s: float = 300.0
    probe_timeout_s: float = 60.0


class CircuitBreaker:
    def __init__(self, name: str, policy: BreakerPolicy | None = None) -> None:
        self.name = name
        self.policy = policy or BreakerPolicy()
        self.key = f"breaker:{name}"
        self._local = BreakerState()
        self._lock = threading.Lock()

    # --- the rules -------------------------------------------------------------------------

    def _roll_window(self, s: BreakerState, now: float) -> None:
        if now - s.window_start >= self.policy.window_s:
            s.window_start, s.failures, s.calls = now, 0, 0

    def _allow(self, s: BreakerState, now: float) -> bool:
        if s.state == CLOSED:
            return True
        probe_due = s.next_probe_at is not None and now >= s.next_probe_at
        probe_stale = (
            s.state == HALF_OPEN
            and s.probe_claimed_at is not None
            and now - s.probe_claimed_at >= self.policy.probe_timeout_s
        )
        if (s.state == OPEN and probe_due) or probe_stale:
            s.state, s.probe_claimed_at = HALF_OPEN, now
            return True  # this caller is the probe
        return False

    def _on_success(self, s: BreakerState, now: float) -> None:
        if s.state in (HALF_OPEN, OPEN):
            log.warning("circuit breaker %s closed after a good probe", self.name)
            s.state, s.opened_at, s.next_probe_at, s.probe_claimed_at = CLOSED, None, None, None
            s.failures, s.calls, s.window_start, s.cooldown_s = 0, 0, now, 0.0
            return
        self._roll_window(s, now)
        s.calls += 1

    def _on_failure(self, s: BreakerState, now: float) -> None:
        p = self.policy
        if s.state in (HALF_OPEN, OPEN):
            s.cooldown_s = min(max(s.cooldown_s, p.cooldown_s) * 2, p.max_cooldown_s)
            s.state, s.opened_at, s.next_probe_at = OPEN, now, now + s.cooldown_s
            s.probe_claimed_at = None
            return
        self._roll_window(s, now)
        s.calls += 1
        s.failures += 1
        ratio_tripped = s.calls >= p.min_calls_for_ratio and s.failures / s.calls > p.failure_ratio
        if s.failures >= p.failure_threshold or ratio_tripped:
            log.error(
                "circuit breaker %s opened: %d failures in %d calls", self.name, s.failures, s.calls
            )
            s.state, s.opened_at, s.cooldown_s = OPEN, now, p.cooldown_s
            s.next_probe_at = now + p.cooldown_s

    # --- storage ---------------------------------------------------------------------------

    def _transact(self, change: Any) -> Any:
        """Apply ``change(state, now)`` atomically in Redis, or locally when Redis is down."""
        try:
            client = get_redis()
            with client.pipeline(transaction=True) as pipe:
                for _ in range(10):
                    try:
                        pipe.watch(self.key)
                        state = BreakerState.from_redis(pipe.hgetall(self.key))
                        before = state.to_redis()
                        result = change(state, time.time())
                        if state.to_redis() != before:
                            pipe.multi()
                            pipe.hset(self.key, mapping=state.to_redis())
                            pipe.expire(self.key, 7 * 24 * 3600)
                            pipe.execute()
                        else:
                            pipe.unwatch()
                        self._local = state
                        return result
                    except redis.WatchError:
                        continue
        except REDIS_ERRORS:
            log.warning("redis unreachable: breaker %s uses this process's own state", self.name)
        with self._lock:
            return change(self._local, time.time())

    def allow_request(self) -> bool:
        try:  # fast path: a closed breaker needs one read, no transaction
            if get_redis().hget(self.key, "state") in (None, CLOSED.encode()):
                return True
        except REDIS_ERRORS:
            pass
        return self._transact(self._allow)

    def record_success(self) -> None:
        self._transact(self._on_success)

    def record_failure(self) -> None:
        self._transact(self._on_failure)

    def reset(self) -> None:
        """Close the breaker now (an SRE's runbook action)."""

        def close(s: BreakerState, now: float) -> None:
            s.__init__()
            s.window_start = now

        self._transact(close)

    def snapshot(self) -> dict[str, Any]:
        """What `/health/audio` shows: state, failures, opened_at, next_probe_at."""
        try:
            state = BreakerState.from_redis(get_redis().hgetall(self.key))
        except REDIS_ERRORS:
            state = self._local
        return {
            "state": state.state,
            "failures": state.failures,
            "opened_at": _iso(state.opened_at),
            "next_probe_at": _iso(state.next_probe_at),
        }


def _iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))
