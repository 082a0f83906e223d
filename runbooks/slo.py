"""The service level objectives, defined once: the console's board reads them here, and the
alert rules are generated from them (so the two never drift).

Each SLO is a share of good events that must stay at or above ``target``:

- availability: TTS requests answered without a server-side failure;
- latency SLOs: requests answered within ``threshold_s`` (P95 < 5 s means 95 % within 5 s);
- cache hit rate: toy requests served from the cache.

For a window, the board shows the measured share, the error budget left (1 - bad share /
allowed bad share, so 1 is untouched and 0 or less is spent) and the burn rate (bad share /
allowed bad share: 1 spends the budget exactly over the SLO period, 14.4 empties a 30-day
budget in ~2 days). The numbers come from the app's own outcome counts (``audio/outcomes.py``),
so the board works without a Prometheus server.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from audio import outcomes

#: Shown where a window has no events.
NO_DATA = "\N{EN DASH}"

WINDOWS = {"5m": 5, "1h": 60, "24h": 24 * 60}


@dataclass(frozen=True)
class SLO:
    key: str
    name: str
    source: str  # the outcome kind counted
    target: float  # share of good events
    measure: str  # "availability" | "latency" | "cache_hits"
    threshold_s: float | None = None

    @property
    def objective(self) -> str:
        if self.measure == "latency":
            return f"{self.target:.0%} within {self.threshold_s * 1000:g} ms"
        return f"≥ {self.target:.1%}"


SLOS = (
    SLO("availability", "TTS availability", "tts", 0.999, "availability"),
    SLO("tts_latency", "TTS latency (P95 < 5 s)", "tts", 0.95, "latency", 5.0),
    SLO("validation_latency", "Audio validation (P95 < 100 ms)", "validate", 0.95, "latency", 0.1),
    SLO("safety_latency", "Safety check (P95 < 200 ms)", "safety", 0.95, "latency", 0.2),
    SLO("cache_hit_rate", "Cache hit rate (> 80 %)", "tts", 0.80, "cache_hits"),
)


@dataclass(frozen=True)
class Reading:
    window: str
    events: int
    good_share: float | None  # None: no events in the window
    budget_left: float | None
    burn_rate: float | None
    p95_s: float | None = None

    @property
    def state(self) -> str:
        if self.good_share is None:
            return "no-data"
        if self.budget_left is not None and self.budget_left <= 0:
            return "breached"
        if self.burn_rate is not None and self.burn_rate > 1:
            return "burning"
        return "ok"


Counts = Callable[[str, int], outcomes.Window]


def read(slo: SLO, window: str, counts_of: Counts = outcomes.window) -> Reading:
    counts = counts_of(slo.source, WINDOWS[window])
    if slo.measure == "latency":
        events = counts.timed
        good = counts.share_within(slo.threshold_s or 0)
    elif slo.measure == "cache_hits":
        events = counts.total
        good = counts.cached / counts.total if counts.total else None
    else:
        events = counts.total
        good = 1 - counts.error_rate if counts.total else None
    if good is None:
        return Reading(window, events, None, None, None)
    allowed_bad = 1 - slo.target
    burn = (1 - good) / allowed_bad
    return Reading(
        window,
        events,
        round(good, 5),
        budget_left=round(1 - burn, 4),
        burn_rate=round(burn, 3),
        p95_s=counts.percentile(0.95) if slo.measure == "latency" else None,
    )


def reader() -> Counts:
    """``outcomes.window`` remembered for one rendering: the board and its tiles read each
    (kind, window) once, not once per SLO."""
    return cache(outcomes.window)


def board(counts_of: Counts = outcomes.window) -> list[dict]:
    """Every SLO with its readings over every window, the least budget left first."""
    rows = []
    for slo in SLOS:
        readings = {name: read(slo, name, counts_of) for name in WINDOWS}
        rows.append({"slo": slo, "readings": readings})
    rows.sort(key=lambda r: _sort_key(r["readings"]["24h"]))
    return rows


def _sort_key(reading: Reading) -> float:
    return reading.budget_left if reading.budget_left is not None else float("inf")


@dataclass(frozen=True)
class Tile:
    """One headline number of the board, over the last hour, with the 24 h figure beside it."""

    key: str
    name: str
    value: str
    day: str
    state: str = "ok"  # ok | warn | bad | no-data


def _seconds(value: float | None) -> str:
    if value is None:
        return NO_DATA
    if value == float("inf"):
        return "> 30 s"
    return f"≤ {value * 1000:g} ms" if value < 1 else f"≤ {value:g} s"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else NO_DATA


def tiles(counts_of: Counts = outcomes.window) -> list[Tile]:
    """TTS P95/P99, validation and safety P95, cache hit rate, safety blocks and cost per hour.

    Percentiles are read from the latency buckets, so they are upper bounds at a bucket edge
    (``≤ 200 ms``): honest about what the counts can say."""
    kinds = ("tts", "validate", "safety", "warmup")
    hour = {kind: counts_of(kind, WINDOWS["1h"]) for kind in kinds}
    day = {kind: counts_of(kind, WINDOWS["24h"]) for kind in kinds}
    by_key = {slo.key: slo for slo in SLOS}

    def latency(key: str, name: str, kind: str, q: float, slo_key: str) -> Tile:
        p = hour[kind].percentile(q)
        state = (
            "no-data" if p is None else "ok" if p <= (by_key[slo_key].threshold_s or 0) else "bad"
        )
        return Tile(key, name, _seconds(p), _seconds(day[kind].percentile(q)), state)

    tts_h, tts_d = hour["tts"], day["tts"]
    hit_target = by_key["cache_hit_rate"].target
    cost_h = tts_h.cost_usd + hour["warmup"].cost_usd
    cost_d = tts_d.cost_usd + day["warmup"].cost_usd
    return [
        latency("tts_p95", "TTS P95", "tts", 0.95, "tts_latency"),
        latency("tts_p99", "TTS P99", "tts", 0.99, "tts_latency"),
        latency("validation_p95", "Validation P95", "validate", 0.95, "validation_latency"),
        latency("safety_p95", "Safety P95", "safety", 0.95, "safety_latency"),
        Tile(
            "cache_hit_rate",
            "Cache hit rate",
            _share(tts_h.cached, tts_h.total),
            _share(tts_d.cached, tts_d.total),
            "no-data"
            if not tts_h.total
            else ("ok" if tts_h.cached / tts_h.total >= hit_target else "warn"),
        ),
        Tile(
            "safety_blocks",
            "Safety blocks",
            str(hour["safety"].blocked),
            str(day["safety"].blocked),
            "ok" if hour["safety"].total else "no-data",
        ),
        Tile(
            "cost_per_hour",
            "Provider cost per hour",
            f"${cost_h:.4f}",
            f"${cost_d / 24:.4f}/h avg",
            "ok",
        ),
    ]
