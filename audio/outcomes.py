"""Request outcomes shared by every process, in per-minute Redis buckets.

Prometheus counters live in one process each; health checks and the SLO board need the whole
service's numbers, over windows, without a Prometheus server. So each answered request also
adds to a small hash per minute (``outcomes:<kind>:<unix minute>``), kept for a day and a bit.
Recording is best effort: a Redis outage loses these counts, never the request.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from teddy.shared_state import REDIS_ERRORS, get_redis

from . import metrics

RETENTION_S = 26 * 3600


def _bucket(kind: str, minute: int) -> str:
    return f"outcomes:{kind}:{minute}"


def record(kind: str, *, ok: bool, cached: bool = False) -> None:
    name = _bucket(kind, int(time.time() // 60))
    try:
        pipe = get_redis().pipeline(transaction=False)
        pipe.hincrby(name, "total", 1)
        if not ok:
            pipe.hincrby(name, "errors", 1)
        if cached:
            pipe.hincrby(name, "cached", 1)
        pipe.expire(name, RETENTION_S)
        pipe.execute()
    except REDIS_ERRORS:
        metrics.error("redis_unavailable", "outcomes")


@dataclass(frozen=True)
class Window:
    minutes: int
    total: int
    errors: int
    cached: int

    @property
    def error_rate(self) -> float:
        return self.errors / self.total if self.total else 0.0


def window(kind: str, minutes: int) -> Window:
    """Totals over the last ``minutes`` whole minutes plus the current one. Raises a Redis error
    when Redis is unreachable: the caller decides what "unknown" means."""
    now = int(time.time() // 60)
    pipe = get_redis().pipeline(transaction=False)
    for minute in range(now - minutes, now + 1):
        pipe.hmget(_bucket(kind, minute), "total", "errors", "cached")
    total = errors = cached = 0
    for t, e, c in pipe.execute():
        total += int(t or 0)
        errors += int(e or 0)
        cached += int(c or 0)
    return Window(minutes=minutes, total=total, errors=errors, cached=cached)
