"""Hourly request limits per toy and per child, shared by every process through Redis.

``RATE_LIMIT_PER_HOUR`` requests per device, and the same per child (a child with two toys
does not get twice the budget). The window slides: the count is this hour-long window's hits
plus the previous window's, weighted by how much of it still overlaps the last 60 minutes (the
approximation Cloudflare and LiteLLM use: two integers per key, no per-request rows). One Lua
script counts and decides atomically, so replicas never race each other past the limit.

When Redis is unreachable the limiter falls back to a count in this process's memory: limits
stay roughly in force (per process) and no toy request fails because of the limiter.
"""

from __future__ import annotations

import functools
import math
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from rest_framework.throttling import BaseThrottle

from .shared_state import REDIS_ERRORS, get_redis

WINDOW_S = 3600

# KEYS: for each subject its current window's counter, then its previous one's. ARGV: limit,
# elapsed share of the current window (0..1), the counters' TTL. Either every subject has room
# and all are counted, or none is counted and the answer names the first that is full.
_HIT = """
local limit, elapsed = tonumber(ARGV[1]), tonumber(ARGV[2])
for i = 1, #KEYS, 2 do
  local current = tonumber(redis.call('GET', KEYS[i]) or '0')
  local previous = tonumber(redis.call('GET', KEYS[i + 1]) or '0')
  if previous * (1 - elapsed) + current + 1 > limit then
    return {(i + 1) / 2, current, previous}
  end
end
for i = 1, #KEYS, 2 do
  redis.call('INCR', KEYS[i])
  redis.call('EXPIRE', KEYS[i], ARGV[3])
end
return {0, 0, 0}
"""


@functools.cache
def _hit_script(client: Any) -> Any:
    """The script, sent by its SHA1 (EVALSHA) rather than whole on every request."""
    return client.register_script(_HIT)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    key: str
    retry_after_s: int = 0


def _retry_after(limit: int, current: int, previous: int, elapsed: float) -> int:
    """Seconds until one more request fits: the previous window's weight fades with time,
    and the current window's hits only start fading once it becomes the previous one."""
    if current < limit and previous > 0:
        # previous * (1 - t) + current + 1 <= limit  =>  t >= 1 - (limit - current - 1) / previous
        fits_at = 1 - (limit - current - 1) / previous
        if fits_at <= 1:
            return max(1, math.ceil((fits_at - elapsed) * WINDOW_S))
    # Wait for this window to end; then its hits fade like the previous window's did.
    fits_next = 1 - (limit - 1) / current if current else 0
    return max(1, math.ceil((1 - elapsed + max(fits_next, 0)) * WINDOW_S))


class _MemoryFallback:
    """The same arithmetic in this process's memory, for when Redis is away."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()

    def hit(self, keys: list[str], limit: int, elapsed: float) -> tuple[int, int, int]:
        with self._lock:
            if len(self._counts) > 100_000:  # old windows: forget them wholesale
                self._counts.clear()
            for i in range(0, len(keys), 2):
                current = self._counts.get(keys[i], 0)
                previous = self._counts.get(keys[i + 1], 0)
                if previous * (1 - elapsed) + current + 1 > limit:
                    return i // 2 + 1, current, previous
            for i in range(0, len(keys), 2):
                self._counts[keys[i]] = self._counts.get(keys[i], 0) + 1
            return 0, 0, 0


_memory = _MemoryFallback()


def forget() -> None:
    """Drop the in-memory fallback counts (tests; Redis holds the real ones)."""
    _memory.clear()


def hit(subjects: list[str], limit: int, *, now: float | None = None) -> Verdict:
    """Count one request against every subject (``device:42``, ``child:<hash>``) if each has
    room under ``limit``; otherwise count nothing and name the first that is full."""
    from audio import metrics

    now = time.time() if now is None else now
    window = int(now // WINDOW_S)
    elapsed = (now % WINDOW_S) / WINDOW_S
    # One hash tag: every counter in one Redis Cluster slot, so one script can touch them all.
    keys = [f"{{ratelimit}}:{subject}:{w}" for subject in subjects for w in (window, window - 1)]
    try:
        client = get_redis()
        answer = _hit_script(client)(keys=keys, args=[limit, elapsed, 2 * WINDOW_S], client=client)
        full, current, previous = (int(n) for n in answer)
    except REDIS_ERRORS:
        metrics.error("redis_unavailable", "ratelimit", severity="warning")
        full, current, previous = _memory.hit(keys, limit, elapsed)
    if not full:
        return Verdict(True, "")
    subject = subjects[int(full) - 1]
    return Verdict(False, subject, _retry_after(limit, int(current), int(previous), elapsed))


def subjects(device: Any) -> list[str]:
    """Whose budget a toy request spends: the device's, and its child's when it has one."""
    found = [f"device:{device.pk}"]
    child = getattr(device, "child", None)
    if child is not None:
        found.append(f"child:{child.hashed_id}")
    return found


def check(device: Any) -> Verdict:
    """One request from ``device``: allowed only if its budget and its child's both have room."""
    from audio import metrics

    verdict = hit(subjects(device), settings.RATE_LIMIT_PER_HOUR)
    if not verdict.allowed:
        metrics.RATE_LIMITED.labels(scope=verdict.key.split(":", 1)[0]).inc()
    return verdict


class ToyRateThrottle(BaseThrottle):
    """DRF throttle for the toy API: 429 ``rate_limited`` with ``Retry-After``."""

    def allow_request(self, request: Any, view: Any) -> bool:
        from audio.api.fast import CHARGED

        from .models import Device

        device = request.auth
        if not isinstance(device, Device):
            return True
        if getattr(request._request, "scope", {}).get(CHARGED):
            return True  # the cache-hit fast path counted this request already
        self.verdict = check(device)
        return self.verdict.allowed

    def wait(self) -> float | None:
        verdict = getattr(self, "verdict", None)
        return verdict.retry_after_s if verdict else None
