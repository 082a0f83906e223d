import json
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from safety.engine import AGE_GROUPS, DIRECTIONS, SafetyEngine


def _pct(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 3) if values else 0.0


class Command(BaseCommand):
    help = (
        "Measure the safety engine on a labelled JSONL file (rows {text, label: safe|unsafe, "
        "category}). Prints unsafe recall, the safe false-positive rate (safe rows outside the "
        "edge_case_* categories, which are reported on their own), and P50/P95/P99 latency per "
        "text, for the whole file and per category. --json ends with one JSON line."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--direction", choices=DIRECTIONS, default="to_child")
        parser.add_argument("--age-group", choices=AGE_GROUPS, default="unknown")
        parser.add_argument(
            "--oof",
            type=Path,
            help="out-of-fold classifier scores from `train_classifier --oof-out`: measures the "
            "whole engine as if the classifier had never seen these texts",
        )

    def handle(
        self,
        file: Path,
        json: bool = False,
        direction: str = "to_child",
        age_group: str = "unknown",
        oof: Path | None = None,
        **options,
    ):
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc}") from exc
        rows = []
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = _loads(line)
            except ValueError as exc:
                raise CommandError(f"{file}:{number}: not JSON: {exc}") from exc
            if row.get("label") not in ("safe", "unsafe") or not isinstance(row.get("text"), str):
                raise CommandError(f"{file}:{number}: needs text and label safe|unsafe")
            rows.append(row)
        if not rows:
            raise CommandError(f"{file} has no rows")

        engine = SafetyEngine(classifier=_OutOfFold(oof) if oof else None)
        engine.check("warm-up", direction=direction, age_group=age_group)  # load model and rules
        flagged: dict[str, list[bool]] = defaultdict(list)
        latency: dict[str, list[float]] = defaultdict(list)
        labels: dict[str, str] = {}
        for row in rows:
            category = row.get("category") or row["label"]
            started = time.perf_counter()
            decision = engine.check(row["text"], direction=direction, age_group=age_group)
            latency[category].append((time.perf_counter() - started) * 1000)
            flagged[category].append(decision.action != "allow")
            labels[category] = row["label"]

        def rate(categories):
            values = [f for c in categories for f in flagged[c]]
            return round(sum(values) / len(values), 4) if values else None

        unsafe = [c for c in flagged if labels[c] == "unsafe"]
        safe = [c for c in flagged if labels[c] == "safe" and not c.startswith("edge_case")]
        edge = [c for c in flagged if labels[c] == "safe" and c.startswith("edge_case")]
        every = [ms for values in latency.values() for ms in values]
        by_category = {
            c: {
                "label": labels[c],
                "rows": len(flagged[c]),
                "flagged_rate": rate([c]),
                "p50_ms": _pct(latency[c], 50),
                "p95_ms": _pct(latency[c], 95),
                "p99_ms": _pct(latency[c], 99),
            }
            for c in sorted(flagged, key=lambda c: (labels[c], c))
        }
        report = {
            "rows": len(rows),
            "direction": direction,
            "age_group": age_group,
            "unsafe_recall": rate(unsafe),
            "safe_false_positive_rate": rate(safe),
            "edge_case_false_positive_rate": rate(edge),
            "p50_ms": _pct(every, 50),
            "p95_ms": _pct(every, 95),
            "p99_ms": _pct(every, 99),
            "by_category": by_category,
        }
        self.stdout.write(
            f"{len(rows)} texts ({direction}, age group {age_group}): unsafe recall "
            f"{report['unsafe_recall']}, safe false-positive rate "
            f"{report['safe_false_positive_rate']}, edge cases flagged "
            f"{report['edge_case_false_positive_rate']}; latency p50 {report['p50_ms']} ms, "
            f"p95 {report['p95_ms']} ms, p99 {report['p99_ms']} ms"
        )
        self.stdout.write(f"{'category':28} {'label':6} {'rows':>5} {'flagged':>8} {'p95 ms':>7}")
        for c, r in by_category.items():
            self.stdout.write(
                f"{c:28} {r['label']:6} {r['rows']:>5} "
                f"{r['flagged_rate']:>8.3f} {r['p95_ms']:>7.2f}"
            )
        if json:
            self.stdout.write(_dumps(report))


class _OutOfFold:
    """The shipped classifier's categories and thresholds, with each text's unsafe score taken
    from a cross-validation run in which the model did not see that text."""

    def __init__(self, path: Path) -> None:
        from safety.classifier import Prediction, get_classifier
        from safety.normalize import normalized_text

        self._real = get_classifier()
        self._prediction = Prediction
        rows = _load_json(path)
        self._scores = {normalized_text(r["text"]): r["unsafe"] for r in rows}

    def threshold(self, age_group: str) -> float:
        return self._real.threshold(age_group)

    def predict(self, normalized: str):
        real = self._real.predict(normalized)
        score = self._scores.get(normalized, real.unsafe)
        return self._prediction(score, real.category, real.category_confidence)


def _load_json(path: Path) -> list:
    return json.loads(path.read_text(encoding="utf-8"))


def _loads(line: str) -> dict:
    value = json.loads(line)
    if not isinstance(value, dict):
        raise ValueError("each line must be a JSON object")
    return value


def _dumps(value: dict) -> str:
    return json.dumps(value, separators=(",", ":"))
