"""The cache simulator's claims: cost-aware eviction pays, and the in-memory replay is the same
algorithm as the Redis scripts."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def simulate(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "cache_sim.py"), "--json", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def by_size(report: dict) -> dict:
    return {(r["size_pct"], r["strategy"]): r for r in report["results"]}


def test_cost_aware_saves_at_least_115_percent_of_lru_at_5_percent():
    report = simulate()

    rows = by_size(report)
    assert report["engine"] == "memory"
    assert {pct for pct, _ in rows} == {1, 5, 10}
    assert rows[(5, "cost_aware")]["usd_saved"] >= 1.15 * rows[(5, "lru")]["usd_saved"]
    for pct in (1, 5, 10):
        for strategy in ("cost_aware", "lru"):
            row = rows[(pct, strategy)]
            assert 0 < row["hit_ratio"] < 1 and 0 < row["byte_hit_ratio"] < 1


def test_memory_replay_matches_the_redis_scripts(_suite_redis):
    small = ("--items", "300", "--requests", "3000", "--seed", "3", "--shrink", "200")

    memory = simulate(*small)
    redis = simulate(*small, "--engine", "redis", "--redis-url", _suite_redis)

    assert redis["engine"] == "redis"
    assert redis["results"] == memory["results"]
