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

from dataclasses import dataclass

from audio import outcomes

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


def read(slo: SLO, window: str) -> Reading:
    counts = outcomes.window(slo.source, WINDOWS[window])
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


def board() -> list[dict]:
    """Every SLO with its readings over every window, the least budget left first."""
    rows = []
    for slo in SLOS:
        readings = {name: read(slo, name) for name in WINDOWS}
        rows.append({"slo": slo, "readings": readings})
    rows.sort(key=lambda r: _sort_key(r["readings"]["24h"]))
    return rows


def _sort_key(reading: Reading) -> float:
    return reading.budget_left if reading.budget_left is not None else float("inf")
