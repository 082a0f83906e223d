"""Measuring the safety engine on labelled texts: the figures ``safety_eval`` prints.

A row is ``{"text", "label": "safe"|"unsafe", "category"?, "direction"?, "language"?}``. Each row
is checked in its own direction (or in every direction asked for, when it names none) and for
every age group asked for. "Flagged" means anything but ``allow``: a block, or a redaction.

Every rate comes with its 95 % Wilson score interval: on a few hundred rows a rate is only
known to a few points, and a figure without its interval invites tuning to noise.

Safe rows in ``edge_case*`` categories (benign prompts that look harmful) and ``*_sensitive``
categories are reported on their own, not in the false-positive rate of ordinary text.
"""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

Z95 = 1.959963984540054


def wilson(hits: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a binomial proportion (no zero-width interval at 0 or 1)."""
    if n == 0:
        return (0.0, 1.0)
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def is_edge_case(category: str) -> bool:
    return category.startswith("edge_case")


@dataclass
class Tally:
    n: int = 0
    flagged: int = 0

    def add(self, flagged: bool) -> None:
        self.n += 1
        self.flagged += flagged

    def as_dict(self) -> dict:
        low, high = wilson(self.flagged, self.n)
        return {
            "rows": self.n,
            "flagged": self.flagged,
            "rate": round(self.flagged / self.n, 4) if self.n else None,
            "ci95": [round(low, 4), round(high, 4)],
        }


@dataclass
class Report:
    """Tallies by slice; ``unsafe`` / ``safe`` / ``edge`` are the headline groups."""

    unsafe: Tally = field(default_factory=Tally)
    safe: Tally = field(default_factory=Tally)
    edge: Tally = field(default_factory=Tally)
    slices: dict[str, dict[str, dict[str, Tally]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(Tally)))
    )
    labels: dict[str, str] = field(default_factory=dict)
    latency_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    checks: int = 0

    def add(self, row: dict, direction: str, age_group: str, flagged: bool, ms: float) -> None:
        label, category = row["label"], row.get("category") or row["label"]
        language = row.get("language") or "en"
        group = (
            self.unsafe if label == "unsafe" else self.edge if is_edge_case(category) else self.safe
        )
        group.add(flagged)
        self.checks += 1
        self.labels[category] = label
        kind = "unsafe" if label == "unsafe" else "edge" if group is self.edge else "safe"
        for name, value in (
            ("category", category),
            ("language", language),
            ("direction", direction),
            ("age_group", age_group),
            ("source", row.get("source") or "-"),
        ):
            self.slices[name][value][kind].add(flagged)
        self.latency_ms[category].append(ms)

    def as_dict(self) -> dict:
        every = [ms for values in self.latency_ms.values() for ms in values]
        tp, fn = self.unsafe.flagged, self.unsafe.n - self.unsafe.flagged
        fp, tn = self.safe.flagged, self.safe.n - self.safe.flagged
        by = {
            name: {
                value: {kind: tally.as_dict() for kind, tally in kinds.items()}
                for value, kinds in sorted(values.items())
            }
            for name, values in self.slices.items()
        }
        by_category = {
            c: {
                "label": self.labels[c],
                "rows": len(self.latency_ms[c]),
                "flagged_rate": next(iter(by["category"][c].values()))["rate"],
                "ci95": next(iter(by["category"][c].values()))["ci95"],
                "p95_ms": _pct(self.latency_ms[c], 95),
            }
            for c in sorted(self.labels, key=lambda c: (self.labels[c], c))
        }
        return {
            "checks": self.checks,
            "unsafe_recall": self.unsafe.as_dict()["rate"],
            "unsafe_recall_ci95": self.unsafe.as_dict()["ci95"],
            "safe_false_positive_rate": self.safe.as_dict()["rate"],
            "safe_false_positive_ci95": self.safe.as_dict()["ci95"],
            "edge_case_false_positive_rate": self.edge.as_dict()["rate"],
            "confusion": {
                "unsafe_flagged": tp,
                "unsafe_allowed": fn,
                "safe_flagged": fp,
                "safe_allowed": tn,
            },
            "p50_ms": _pct(every, 50),
            "p95_ms": _pct(every, 95),
            "p99_ms": _pct(every, 99),
            "by_category": by_category,
            "by": by,
        }


def _pct(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 3) if values else 0.0


def load_rows(paths: Iterable[Path]) -> list[dict]:
    """Rows of one or more JSONL files; a ValueError names the file and line at fault."""
    rows = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: not JSON: {exc}") from exc
            if not isinstance(row, dict):
                raise ValueError(f"{path}:{number}: each line must be a JSON object")
            if row.get("label") not in ("safe", "unsafe") or not isinstance(row.get("text"), str):
                raise ValueError(f"{path}:{number}: needs text and label safe|unsafe")
            rows.append(row)
    return rows


def evaluate(
    engine, rows: list[dict], *, directions: tuple[str, ...], age_groups: tuple[str, ...]
) -> Report:
    """Check every row with ``engine`` for every age group, in the row's own direction when it
    names one, else in each of ``directions``."""
    report = Report()
    for row in rows:
        for direction in (row["direction"],) if row.get("direction") else directions:
            for age_group in age_groups:
                started = time.perf_counter()
                decision = engine.check(
                    row["text"],
                    direction=direction,
                    age_group=age_group,
                    language=row.get("language"),
                )
                ms = (time.perf_counter() - started) * 1000
                report.add(row, direction, age_group, decision.action != "allow", ms)
    return report
