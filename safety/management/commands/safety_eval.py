import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from safety.engine import AGE_GROUPS, DIRECTIONS, SafetyEngine
from safety.evaluation import evaluate, load_rows


class Command(BaseCommand):
    help = (
        "Measure the safety engine on labelled JSONL files (rows {text, label: safe|unsafe, "
        "category?, direction?, language?}). Prints unsafe recall and the false-positive rate "
        "of ordinary safe text (edge_case* categories on their own), each with its 95% Wilson "
        "interval, the confusion table, and the same per category, language, direction, age "
        "group and source, with latency per text. --json ends with one JSON line."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", type=Path, nargs="+")
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--direction",
            choices=[*DIRECTIONS, "both"],
            default="to_child",
            help="for rows that name no direction (a row's own direction always wins)",
        )
        parser.add_argument(
            "--age-groups",
            default="unknown",
            help=f"comma-separated, from {', '.join(AGE_GROUPS)}, or 'all'",
        )
        parser.add_argument(
            "--oof",
            type=Path,
            help="out-of-fold classifier scores from `train_classifier --oof-out`: measures the "
            "whole engine as if the classifier had never seen these texts",
        )

    def handle(
        self, files, json=False, direction="to_child", age_groups="unknown", oof=None, **options
    ):
        groups = AGE_GROUPS if age_groups == "all" else tuple(age_groups.split(","))
        unknown = [g for g in groups if g not in AGE_GROUPS]
        if unknown:
            raise CommandError(f"unknown age group {unknown[0]!r}; use {', '.join(AGE_GROUPS)}")
        try:
            rows = load_rows(files)
        except OSError as exc:
            raise CommandError(f"cannot read {exc.filename}: {exc.strerror}") from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not rows:
            raise CommandError("no rows")

        engine = SafetyEngine(classifier=_OutOfFold(oof) if oof else None)
        engine.check("warm-up")  # load the models and the rules before timing
        directions = DIRECTIONS if direction == "both" else (direction,)
        report = evaluate(engine, rows, directions=directions, age_groups=groups).as_dict()
        report["rows"] = len(rows)
        self._print(report)
        if json:
            self.stdout.write(_dumps(report))

    def _print(self, report: dict) -> None:
        def pct(tally: dict) -> str:
            low, high = tally["ci95"]
            return f"{tally['rate']:.3f} [{low:.3f}-{high:.3f}] of {tally['rows']}"

        c = report["confusion"]
        self.stdout.write(
            f"{report['rows']} texts, {report['checks']} checks: unsafe recall "
            f"{report['unsafe_recall']} {report['unsafe_recall_ci95']}, safe false-positive "
            f"rate {report['safe_false_positive_rate']} {report['safe_false_positive_ci95']}, "
            f"edge cases flagged {report['edge_case_false_positive_rate']}; latency p50 "
            f"{report['p50_ms']} ms, p95 {report['p95_ms']} ms, p99 {report['p99_ms']} ms"
        )
        self.stdout.write(
            f"confusion: unsafe flagged {c['unsafe_flagged']}, unsafe allowed "
            f"{c['unsafe_allowed']}, safe flagged {c['safe_flagged']}, safe allowed "
            f"{c['safe_allowed']}"
        )
        for name, values in report["by"].items():
            self.stdout.write(f"\nby {name}:")
            for value, kinds in values.items():
                cells = "  ".join(f"{kind} {pct(t)}" for kind, t in sorted(kinds.items()))
                self.stdout.write(f"  {value:34} {cells}")


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

    def __getattr__(self, name):
        return getattr(self._real, name)

    def predict(self, normalized: str, *args, **kwargs):
        real = self._real.predict(normalized, *args, **kwargs)
        score = self._scores.get(normalized, real.unsafe)
        return self._prediction(score, real.category, real.category_confidence)


def _load_json(path: Path) -> list:
    return json.loads(path.read_text(encoding="utf-8"))


def _dumps(value: dict) -> str:
    return json.dumps(value, separators=(",", ":"))
