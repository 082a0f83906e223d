"""The safety engine alone, in this tree: latency per text over the held-out sets, and the
personal-information patterns on the longest text a toy may send.

    python bench/engine_latency.py [EVAL_DIR]

Run it in turns in two builds' trees (``git worktree add``), the baseline first, on the same
texts (``EVAL_DIR``, default this tree's ``safety/eval``: give the newer tree's to both), and
compare the pairs as ratios: one run is too noisy on these machines (``safety/EVAL.md`` §8).
Prints one JSON line: {"texts", "p50_ms", "p95_ms", "long_pii_ms"}.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teddy.settings")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:1/0")  # none: the engine keeps going

import django

django.setup()

from safety import pii
from safety.engine import SafetyEngine, load_models


def main() -> None:
    sets = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "safety" / "eval"
    load_models()
    texts = [
        json.loads(line)["text"]
        for path in sorted(sets.glob("probes*/*.jsonl"))
        for line in path.open(encoding="utf-8")
    ]
    engine = SafetyEngine()
    for text in texts[:200]:  # warm the caches the way a running process has them
        engine.check(text + " warm")
    took = []
    for text in texts:  # a suffix the classifier's cache has not seen
        start = time.perf_counter()
        engine.check(text + " zq")
        took.append(time.perf_counter() - start)
    took.sort()
    long_text = " ".join(
        ["there were three little pigs and twenty two wolves on forty five street"] * 60
    )
    long_text = long_text[:4096]
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        pii.find_pii(long_text, ("en",))
        runs.append(time.perf_counter() - start)
    print(
        json.dumps(
            {
                "texts": len(took),
                "p50_ms": round(took[len(took) // 2] * 1e3, 3),
                "p95_ms": round(took[int(len(took) * 0.95)] * 1e3, 3),
                "long_pii_ms": round(sorted(runs)[2] * 1e3, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
