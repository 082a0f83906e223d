"""The Grafana dashboard ``deploy/grafana/teddy-audio.json``: importable, with the panels the SREs
expect, and every expression written against metric names the app really exposes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.promql import exposed_metric_names, metric_names

DASHBOARD = Path(__file__).resolve().parents[2] / "deploy" / "grafana" / "teddy-audio.json"
DATASOURCE = {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}


@pytest.fixture(scope="module")
def dashboard() -> dict[str, Any]:
    return json.loads(DASHBOARD.read_text())


def _panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in dashboard["panels"] if p["type"] != "row"]


def _exprs(dashboard: dict[str, Any]) -> list[str]:
    return [t["expr"] for p in _panels(dashboard) for t in p["targets"]]


def test_dashboard_is_importable(dashboard):
    assert dashboard["schemaVersion"] == 39
    assert dashboard["uid"] == "teddy-audio" and dashboard["title"]
    assert dashboard["id"] is None  # Grafana assigns it on import
    (source,) = dashboard["__inputs"]
    assert (source["name"], source["type"], source["pluginId"]) == (
        "DS_PROMETHEUS",
        "datasource",
        "prometheus",
    )
    (variable,) = dashboard["templating"]["list"]
    assert (variable["name"], variable["type"], variable["query"]) == (
        "DS_PROMETHEUS",
        "datasource",
        "prometheus",
    )


def test_every_panel_and_query_uses_the_datasource_input(dashboard):
    for panel in _panels(dashboard):
        assert panel["datasource"] == DATASOURCE, panel["title"]
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert target["datasource"] == DATASOURCE, panel["title"]


def test_panel_ids_are_unique_and_panels_do_not_overlap(dashboard):
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    cells: dict[tuple[int, int], str] = {}
    for panel in dashboard["panels"]:
        box = panel["gridPos"]
        assert box["x"] + box["w"] <= 24, panel["title"]
        for x in range(box["x"], box["x"] + box["w"]):
            for y in range(box["y"], box["y"] + box["h"]):
                assert (x, y) not in cells, f"{panel['title']} overlaps {cells[(x, y)]}"
                cells[(x, y)] = panel["title"]


def test_dashboard_has_the_expected_panels(dashboard):
    titles = {p["title"] for p in _panels(dashboard)}
    assert {
        "TTS latency P50 / P95 / P99",
        "Request rate by status and cached",
        "Cache hit ratio",
        "Cost per hour by provider and model (USD)",
        "Cost saved by the cache per hour (USD)",
        "Safety checks by result",
        "Safety violations by type",
        "Errors by component",
        "Provider health score",
        "Validation checks by format and result",
    } <= titles


def test_key_queries(dashboard):
    by_title = {p["title"]: [t["expr"] for t in p["targets"]] for p in _panels(dashboard)}
    latency = by_title["TTS latency P50 / P95 / P99"]
    for quantile in ("0.50", "0.95", "0.99"):
        assert (
            f"histogram_quantile({quantile}, sum by (le) "
            "(rate(tts_processing_duration_seconds_bucket[5m])))"
        ) in latency
    assert "sum(rate(tts_cost_total_usd_total[1h])) * 3600" in _exprs(dashboard)
    hit_ratio = by_title["Cache hit ratio"]
    assert any("tts_cache_hit_ratio" in e for e in hit_ratio)
    assert any('tts_requests_total{cached="true"}' in e for e in hit_ratio)
    assert any(
        "tts_cost_saved_usd_total" in e for e in by_title["Cost saved by the cache per hour (USD)"]
    )
    assert by_title["Request rate by status and cached"] == [
        "sum by (status, cached) (rate(tts_requests_total[5m]))"
    ]


def test_every_metric_in_the_dashboard_is_exposed_by_the_app(dashboard):
    exposed = exposed_metric_names()
    for expr in _exprs(dashboard):
        used = metric_names(expr)
        assert used, f"no metric found in {expr!r}"
        missing = used - exposed
        assert not missing, f"{expr!r} uses {sorted(missing)}, which /metrics does not show"


@pytest.mark.parametrize(
    ("expr", "names"),
    [
        (
            'histogram_quantile(0.95, sum by (le) (rate(a_bucket{x="y"}[5m])))',
            {"a_bucket"},
        ),
        ("sum(rate(c_total[1h])) * 3600 + 1e-9", {"c_total"}),
        (
            "(sum(rate(e_total[5m])) or vector(0)) / (sum(rate(t_total[5m])) > 0 or vector(1))",
            {"e_total", "t_total"},
        ),
        ("max(g) by (provider) offset 5m", {"g"}),
        ('rate(h_total{a="{{args.canary-hash}}"}[$__rate_interval])', {"h_total"}),
    ],
)
def test_metric_name_extraction(expr, names):
    assert metric_names(expr) == names


def test_counters_are_only_exposed_with_their_suffix():
    """The trap the test exists for: a counter defined as tts_cost_total_usd is exposed as
    tts_cost_total_usd_total, and a histogram only as _bucket/_count/_sum."""
    exposed = exposed_metric_names()
    assert "tts_cost_total_usd_total" in exposed and "tts_cost_total_usd" not in exposed
    assert "tts_processing_duration_seconds_bucket" in exposed
    assert "tts_processing_duration_seconds" not in exposed
    assert "tts_requests_total" in exposed and "tts_cache_hit_ratio" in exposed
