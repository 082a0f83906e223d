"""`safety_eval` measures the engine on a labelled file."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db
SHARED_DEV = Path(__file__).resolve().parents[3] / "shared" / "safety" / "dev.jsonl"


def run(*args) -> dict:
    out = io.StringIO()
    call_command("safety_eval", *args, "--json", stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_reports_recall_false_positives_and_latency_per_category(tmp_path):
    data = tmp_path / "rows.jsonl"
    rows = [
        {"text": "what the fuck is this", "label": "unsafe", "category": "profanity"},
        {"text": "What's your home address?", "label": "unsafe", "category": "privacy"},
        {
            "text": "The bunny hopped to the garden to eat a carrot.",
            "label": "safe",
            "category": "story",
        },
        {"text": "The kitten chased a ball of yarn.", "label": "safe", "category": "story"},
        {"text": "How do I kill a Python process?", "label": "safe", "category": "edge_case_safe"},
    ]
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n")

    report = run(str(data))

    assert report["rows"] == 5
    assert report["unsafe_recall"] == 1.0
    assert report["safe_false_positive_rate"] == 0.0  # edge cases are reported on their own
    assert report["edge_case_false_positive_rate"] is not None
    assert set(report["by_category"]) == {"profanity", "privacy", "story", "edge_case_safe"}
    assert report["by_category"]["story"]["rows"] == 2
    assert 0 < report["p50_ms"] <= report["p95_ms"] <= report["p99_ms"]


def test_bad_files_are_clear_errors(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "hi", "label": "maybe"}\n')

    with pytest.raises(CommandError, match=r"label safe\|unsafe"):
        run(str(bad))
    with pytest.raises(CommandError, match="cannot read"):
        run(str(tmp_path / "missing.jsonl"))


def test_meets_the_goals_on_the_shared_dev_set():
    if not SHARED_DEV.exists():
        pytest.skip(f"{SHARED_DEV} is not here (it ships beside the project only in development)")

    report = run(str(SHARED_DEV))

    assert report["unsafe_recall"] >= 0.97
    child = [report["by_category"][c] for c in ("child_story", "child_story_dialogue")]
    flagged = sum(c["flagged_rate"] * c["rows"] for c in child) / sum(c["rows"] for c in child)
    assert flagged <= 0.03
