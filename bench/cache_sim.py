"""Replay a synthetic toy workload through the TTS cache's eviction strategies.

The trace: 20,000 distinct texts asked 200,000 times with Zipf(s=0.9) popularity; lengths
average 50-200 characters (log-normal around 110) with a 3 % tail of long stories (800-4,000
characters); each text has a format (wav 30 %, mp3 50 %, opus 20 %, which sets its bytes per
second of speech) and a model (tts-1 70 %, tts-1-hd 20 %, gpt-4o-mini-tts 10 %, priced by
``audio/pricing.py``). Popularity, length, format and model are drawn independently.

For cache sizes of 1 %, 5 % and 10 % of the working set (the bytes of all distinct entries) it
prints, per strategy, the hit ratio, the byte hit ratio and the USD saved (the provider cost of
every hit).

Engines: ``memory`` (default) runs the same algorithm as the Redis scripts in
``audio/cache.py`` (GDSF: priority = clock + frequency * cost / size, the clock rising to each
victim's priority; LRU: priority = time of last use), in Python; ``redis`` drives the real
``TTSCache`` against a Redis server (``--redis-url``; it flushes that database).

    python bench/cache_sim.py [--json] [--engine memory|redis] [--requests N]

With ``--json`` the last line is one JSON object:
``{"engine", "results": [{"size_pct", "strategy", "hit_ratio", "byte_hit_ratio", "usd_saved"}]}``.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import os
import random
import sys
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audio.pricing import cost_usd

BYTES_PER_SECOND = {"wav": 48_000, "mp3": 8_000, "opus": 3_000}  # 24 kHz s16, 64 and 24 kbit/s
CHARS_PER_SECOND = 14.0
LOCAL_COST_PER_CHAR = 1e-7  # as audio/cache.py


@dataclass(frozen=True)
class Item:
    key: int
    chars: int
    size: int
    cost: float


def make_items(n: int, rng: random.Random, shrink: int = 1) -> list[Item]:
    items = []
    for key in range(n):
        if rng.random() < 0.03:
            chars = rng.randint(800, 4000)
        else:
            chars = int(min(max(rng.lognormvariate(math.log(110), 0.45), 12), 600))
        fmt = rng.choices(("wav", "mp3", "opus"), weights=(30, 50, 20))[0]
        model = rng.choices(("tts-1", "tts-1-hd", "gpt-4o-mini-tts"), weights=(70, 20, 10))[0]
        size = (int(chars / CHARS_PER_SECOND * BYTES_PER_SECOND[fmt]) + 64) // shrink + 1
        items.append(Item(key, chars, size, cost_usd(model, chars)))
    return items


def make_trace(n_items: int, n_requests: int, s: float, rng: random.Random) -> list[int]:
    weights = [1 / (rank**s) for rank in range(1, n_items + 1)]
    ranks = rng.choices(range(n_items), weights=weights, k=n_requests)
    order = list(range(n_items))
    rng.shuffle(order)  # popularity independent of length, format and model
    return [order[r] for r in ranks]


class MemoryGDSF:
    def __init__(self, capacity: int) -> None:
        self.capacity, self.used, self.clock = capacity, 0, 0.0
        self.entries: dict[int, tuple[float, int, Item]] = {}  # key -> (priority, hits, item)
        self.heap: list[tuple[float, int, int]] = []
        self.seq = 0

    def _push(self, key: int, prio: float) -> None:
        self.seq += 1
        heapq.heappush(self.heap, (prio, self.seq, key))

    def get(self, item: Item) -> bool:
        found = self.entries.get(item.key)
        if found is None:
            return False
        _, hits, _ = found
        hits += 1
        prio = self.clock + (hits + 1) * _regen(item) / item.size
        self.entries[item.key] = (prio, hits, item)
        self._push(item.key, prio)
        return True

    def put(self, item: Item) -> None:
        if item.size > self.capacity:
            return
        while self.used + item.size > self.capacity:
            prio, _, key = heapq.heappop(self.heap)
            current = self.entries.get(key)
            if current is None or current[0] != prio:
                continue  # a stale heap record
            self.clock = prio
            self.used -= current[2].size
            del self.entries[key]
        prio = self.clock + _regen(item) / item.size
        self.entries[item.key] = (prio, 0, item)
        self._push(item.key, prio)
        self.used += item.size


class MemoryLRU:
    def __init__(self, capacity: int) -> None:
        self.capacity, self.used = capacity, 0
        self.entries: OrderedDict[int, Item] = OrderedDict()

    def get(self, item: Item) -> bool:
        if item.key not in self.entries:
            return False
        self.entries.move_to_end(item.key)
        return True

    def put(self, item: Item) -> None:
        if item.size > self.capacity:
            return
        while self.used + item.size > self.capacity:
            _, victim = self.entries.popitem(last=False)
            self.used -= victim.size
        self.entries[item.key] = item
        self.used += item.size


class RedisCache:
    """The production ``TTSCache`` against a real Redis."""

    def __init__(self, capacity: int, strategy: str) -> None:
        from audio.cache import CacheKey, TTSCache
        from audio.providers import Synthesis
        from teddy.shared_state import get_redis

        get_redis().flushdb()
        self.cache = TTSCache(
            enabled=True, ttl_s=10**7, max_bytes=capacity, compression_level=0, strategy=strategy
        )
        self.key_of = lambda item: CacheKey(str(item.key), "nova", "sim", "pcm", "en")
        self.synthesis = lambda item: Synthesis(
            b"\0" * item.size, "pcm", 24000, 1.0, "sim", "sim", item.chars, item.cost
        )

    def get(self, item: Item) -> bool:
        return self.cache.get(self.key_of(item)) is not None

    def put(self, item: Item) -> None:
        self.cache.put(self.key_of(item), self.synthesis(item))


def _regen(item: Item) -> float:
    return item.cost or item.chars * LOCAL_COST_PER_CHAR


def replay(cache, items: list[Item], trace: list[int]) -> dict:
    hits = hit_bytes = total_bytes = 0
    saved = 0.0
    for key in trace:
        item = items[key]
        total_bytes += item.size
        if cache.get(item):
            hits += 1
            hit_bytes += item.size
            saved += item.cost
        else:
            cache.put(item)
    return {
        "hit_ratio": round(hits / len(trace), 4),
        "byte_hit_ratio": round(hit_bytes / total_bytes, 4),
        "usd_saved": round(saved, 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="TTS cache eviction simulator")
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument("--engine", choices=("memory", "redis"), default="memory")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"))
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--zipf", type=float, default=0.9)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--shrink", type=int, default=1, help="divide every size by N (same decisions, less I/O)"
    )
    args = parser.parse_args()

    if args.engine == "redis":
        if not args.redis_url:
            parser.error("--engine redis needs --redis-url (or REDIS_URL)")
        os.environ.update(
            DJANGO_SETTINGS_MODULE="teddy.settings",
            REDIS_URL=args.redis_url,
            SECRET_KEY=os.environ.get("SECRET_KEY", "cache-simulator"),
        )
        import logging

        import django

        django.setup()
        logging.getLogger("audio.cache").setLevel(logging.WARNING)

    rng = random.Random(args.seed)
    items = make_items(args.items, rng, args.shrink)
    trace = make_trace(args.items, args.requests, args.zipf, rng)
    working_set = sum(item.size for item in items)
    total_cost = sum(items[k].cost for k in trace)
    print(
        f"engine={args.engine}  items={args.items}  requests={args.requests}  zipf={args.zipf}  "
        f"working set={working_set / 2**20:.1f} MiB  cost with no cache=${total_cost:.2f}"
    )
    print(f"{'size':>5} {'strategy':>11} {'hit ratio':>10} {'byte hits':>10} {'USD saved':>10}")
    results = []
    for pct in (1, 5, 10):
        capacity = working_set * pct // 100
        for strategy in ("cost_aware", "lru"):
            started = time.perf_counter()
            if args.engine == "redis":
                cache = RedisCache(capacity, strategy)
            else:
                cache = MemoryGDSF(capacity) if strategy == "cost_aware" else MemoryLRU(capacity)
            row = {"size_pct": pct, "strategy": strategy, **replay(cache, items, trace)}
            results.append(row)
            print(
                f"{pct:>4}% {strategy:>11} {row['hit_ratio']:>10.3f} "
                f"{row['byte_hit_ratio']:>10.3f} {row['usd_saved']:>10.2f}"
                f"   ({time.perf_counter() - started:.1f}s)"
            )
        gdsf, lru = results[-2]["usd_saved"], results[-1]["usd_saved"]
        print(f"      cost_aware saves {gdsf / lru if lru else float('inf'):.2f}x what lru saves")
    if args.json:
        print(json.dumps({"engine": args.engine, "results": results}))


if __name__ == "__main__":
    main()
