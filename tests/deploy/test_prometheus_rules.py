"""The Prometheus rules load, their promtool unit tests pass, every alert has such a test, and
the committed file is what ``generate_alert_rules`` makes from ``runbooks/slo.py`` today."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from runbooks import alerts, catalog, slo

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS = ROOT / "deploy" / "prometheus"
RULES = PROMETHEUS / "rules" / "teddy-audio.rules.yml"
TESTS = sorted((PROMETHEUS / "tests").glob("*.yml"))
PROMTOOL = shutil.which("promtool")

needs_promtool = pytest.mark.skipif(
    PROMTOOL is None, reason="promtool is not installed (make test installs `prometheus` as root)"
)


def promtool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PROMTOOL, *args], cwd=PROMETHEUS, capture_output=True, text=True, timeout=120
    )


def rules() -> list[dict]:
    return [
        rule for group in yaml.safe_load(RULES.read_text())["groups"] for rule in group["rules"]
    ]


@needs_promtool
def test_promtool_loads_the_rules():
    result = promtool("check", "rules", str(RULES))

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(rules())} rules found" in result.stdout


@needs_promtool
def test_promtool_unit_tests_pass():
    result = promtool("test", "rules", *(str(t) for t in TESTS))

    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_has_a_unit_test():
    tested = {
        case["alertname"]
        for path in TESTS
        for test in yaml.safe_load(path.read_text())["tests"]
        for case in test.get("alert_rule_test", [])
        if case.get("exp_alerts")  # shown firing, not only quiet
    }
    defined = {rule["alert"] for rule in rules() if "alert" in rule}

    assert defined - tested == set()


def test_the_committed_rules_are_what_the_slos_generate():
    out = io.StringIO()
    # The committed file links the runbooks of a local `make run`; operators regenerate it with
    # their console's URL (README, "Deploying").
    call_command(
        "generate_alert_rules", "--check", "--console-url", "http://127.0.0.1:8000", stdout=out
    )  # raises when stale

    assert "up to date" in out.getvalue()


def test_alerts_carry_severity_team_and_a_runbook_that_exists():
    for rule in (r for r in rules() if "alert" in r):
        assert rule["labels"]["severity"] in ("critical", "warning"), rule["alert"]
        assert rule["labels"]["team"], rule["alert"]
        assert {"summary", "description", "runbook_url"} <= set(rule["annotations"])
        slug = rule["annotations"]["runbook_url"].rstrip("/").rsplit("/", 1)[-1]
        assert slug in catalog.BY_SLUG, rule["alert"]


def test_burn_rate_alerts_follow_the_slo_targets():
    """Change an objective in runbooks/slo.py and the thresholds move with it."""
    burn = {
        (r["labels"]["slo"], r["labels"]["window"]): r["expr"]
        for r in rules()
        if r.get("alert", "").startswith("SLOErrorBudgetBurn")
    }
    paged = [s for s in slo.SLOS if alerts.prometheus_sli(s)]

    assert {key for key, _ in burn} == {"availability", "tts_latency"} == {s.key for s in paged}
    for s in paged:
        assert f"> {round(14.4 * (1 - s.target), 6):g}" in burn[(s.key, "fast")]
        assert f"> {round(6 * (1 - s.target), 6):g}" in burn[(s.key, "slow")]


def test_a_latency_objective_off_the_histogram_buckets_is_refused():
    odd = slo.SLO("odd", "Odd", "tts", 0.95, "latency", 4.2)

    with pytest.raises(ValueError, match="not a histogram bucket"):
        alerts.prometheus_sli(odd)
