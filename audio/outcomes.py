"""Request outcomes shared by every process, in per-minute Redis buckets.

Prometheus counters live in one process each; health checks and the SLO board need the whole
service's numbers, over windows, without a Prometheus server. So each answered request also
adds to a small hash per minute (``outcomes:<kind>:<unix minute>``), kept for a day and a bit.
Recording is best effort: a Redis outage loses these counts, never the request.

Each process adds its outcomes up in memory and writes the sums every ``OUTCOMES_FLUSH_S``
(one second by default) in one round trip, from a thread of its own, like a StatsD client:
a busy process writes a few hash increments a second instead of a round trip per request.
Readers therefore see other processes' counts up to that much late; a process reading
(``window``) writes its own first. A process that is killed loses its last second of counts.
"""

from __future__ import annotations

import atexit
import os
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings

from teddy.shared_state import REDIS_ERRORS, get_redis

from . import metrics

RETENTION_S = 26 * 3600
#: Latency bucket bounds (seconds): each outcome counts in the first bucket it fits, so the
#: share of requests under any bound, and approximate percentiles, can be read over a window.
LATENCY_BOUNDS = (0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)


def _bucket(kind: str, minute: int) -> str:
    return f"outcomes:{kind}:{minute}"


def _latency_field(seconds: float) -> str:
    for bound in LATENCY_BOUNDS:
        if seconds <= bound:
            return f"le_{bound:g}"
    return "le_inf"


@dataclass(frozen=True)
class Outcome:
    """One answered request. ``blocked``: a safety decision other than allow; ``cost_usd``:
    what a provider charged for it (zero for cache hits and the local engine)."""

    kind: str
    ok: bool
    cached: bool = False
    latency_s: float | None = None
    blocked: bool = False
    cost_usd: float = 0.0


def record(kind: str, **fields: object) -> None:
    """Count one outcome (see ``Outcome`` for the fields)."""
    record_all([Outcome(kind, **fields)])


def record_all(items: list[Outcome]) -> None:
    """Count several outcomes (a TTS request counts its safety check and itself)."""
    _tally.add(items, int(time.time() // 60))
    if settings.OUTCOMES_FLUSH_S <= 0:
        _tally.flush()


def flush() -> None:
    """Write this process's pending counts now (readers and shutdown do)."""
    _tally.flush()


class _Tally:
    """Outcome counts waiting to be written, summed per (hash, field)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, str], float] = {}
        self._writer: threading.Thread | None = None

    def add(self, items: list[Outcome], minute: int) -> None:
        with self._lock:
            counts = self._counts
            for item in items:
                name = _bucket(item.kind, minute)
                fields = ["total"]
                if item.latency_s is not None:
                    fields.append(_latency_field(item.latency_s))
                if not item.ok:
                    fields.append("errors")
                if item.cached:
                    fields.append("cached")
                if item.blocked:
                    fields.append("blocked")
                for field_name in fields:
                    counts[name, field_name] = counts.get((name, field_name), 0) + 1
                if item.cost_usd:
                    counts[name, "cost_usd"] = counts.get((name, "cost_usd"), 0.0) + item.cost_usd
            if self._writer is None and settings.OUTCOMES_FLUSH_S > 0:
                self._writer = threading.Thread(
                    target=self._write_every, name="outcomes", daemon=True
                )
                self._writer.start()

    def flush(self) -> None:
        with self._lock:
            counts, self._counts = self._counts, {}
        if not counts:
            return
        try:
            pipe = get_redis().pipeline(transaction=False)
            for (name, field_name), n in counts.items():
                if field_name == "cost_usd":
                    pipe.hincrbyfloat(name, field_name, n)
                else:
                    pipe.hincrby(name, field_name, int(n))
            for name in {name for name, _ in counts}:
                pipe.expire(name, RETENTION_S)
            pipe.execute()
        except REDIS_ERRORS:
            metrics.error("redis_unavailable", "outcomes")

    def _write_every(self) -> None:
        while True:
            interval = settings.OUTCOMES_FLUSH_S
            if interval <= 0:  # switched to writing at once: this thread is not needed
                with self._lock:
                    self._writer = None
                self.flush()
                return
            time.sleep(interval)
            self.flush()

    def forked(self) -> None:
        """In a forked child: the parent's pending counts are the parent's to write."""
        self._lock = threading.Lock()
        self._counts = {}
        self._writer = None


_tally = _Tally()
atexit.register(flush)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_tally.forked)


@dataclass(frozen=True)
class Window:
    minutes: int
    total: int
    errors: int
    cached: int
    blocked: int = 0
    cost_usd: float = 0.0
    latency: dict[float, int] = field(default_factory=dict)  # bucket bound -> count

    @property
    def error_rate(self) -> float:
        return self.errors / self.total if self.total else 0.0

    @property
    def timed(self) -> int:
        return sum(self.latency.values())

    def share_within(self, seconds: float) -> float | None:
        """Share of timed outcomes that took at most ``seconds`` (a bucket bound)."""
        if not self.timed:
            return None
        return sum(n for bound, n in self.latency.items() if bound <= seconds) / self.timed

    def percentile(self, q: float) -> float | None:
        """The bucket bound under which ``q`` of the timed outcomes fall (an upper estimate)."""
        if not self.timed:
            return None
        running = 0
        for bound in sorted(self.latency):
            running += self.latency[bound]
            if running >= q * self.timed:
                return bound
        return float("inf")


def window(kind: str, minutes: int) -> Window:
    """Totals over the last ``minutes`` whole minutes plus the current one. Raises a Redis error
    when Redis is unreachable: the caller decides what "unknown" means."""
    flush()
    now = int(time.time() // 60)
    pipe = get_redis().pipeline(transaction=False)
    for minute in range(now - minutes, now + 1):
        pipe.hgetall(_bucket(kind, minute))
    total = errors = cached = blocked = 0
    cost_usd = 0.0
    latency: dict[float, int] = {}
    for bucket in pipe.execute():
        total += int(bucket.get(b"total", 0))
        errors += int(bucket.get(b"errors", 0))
        cached += int(bucket.get(b"cached", 0))
        blocked += int(bucket.get(b"blocked", 0))
        cost_usd += float(bucket.get(b"cost_usd", 0))
        for key, value in bucket.items():
            if key.startswith(b"le_"):
                bound = float(key[3:].decode())  # "inf" parses too
                latency[bound] = latency.get(bound, 0) + int(value)
    return Window(
        minutes=minutes,
        total=total,
        errors=errors,
        cached=cached,
        blocked=blocked,
        cost_usd=cost_usd,
        latency=latency,
    )
