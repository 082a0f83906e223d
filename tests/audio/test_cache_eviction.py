"""The cache stays within its bound, and keeps what is dear to make again."""

import os
import threading
import time

import pytest

from audio.cache import EXPIRY_KEY, META_KEY, PRIO_KEY, SIZE_KEY, CacheKey, TTSCache
from audio.providers import Synthesis
from teddy.shared_state import get_redis


def entry(size: int, cost_usd: float = 0.0, characters: int = 100) -> Synthesis:
    return Synthesis(
        audio=os.urandom(size),  # random bytes: what is stored is exactly `size`
        format="pcm",
        sample_rate=24000,
        duration_s=size / 48000,
        provider="openai",
        model="tts-1",
        characters=characters,
        cost_usd=cost_usd,
    )


def make_cache(max_bytes: int, strategy: str = "cost_aware", ttl_s: int = 3600) -> TTSCache:
    return TTSCache(
        enabled=True, ttl_s=ttl_s, max_bytes=max_bytes, compression_level=0, strategy=strategy
    )


def key(name: str) -> CacheKey:
    return CacheKey(name, "nova", "tts-1", "pcm", "en")


def stored_bytes() -> int:
    redis = get_redis()
    return sum(int(v) for v in redis.hgetall(SIZE_KEY).values())


def test_size_bound_holds_under_eight_concurrent_writers():
    cache = make_cache(max_bytes=200_000)
    redis = get_redis()
    seen_max = 0
    stop = threading.Event()

    def watch() -> None:
        nonlocal seen_max
        while not stop.is_set():
            seen_max = max(seen_max, int(redis.hget(META_KEY, "bytes") or 0))

    def write(worker: int) -> None:
        for i in range(40):
            cache.put(key(f"w{worker}-{i}"), entry(3_000 + (worker * 997 + i * 131) % 9_000, 0.001))

    watcher = threading.Thread(target=watch)
    watcher.start()
    writers = [threading.Thread(target=write, args=(w,)) for w in range(8)]
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    stop.set()
    watcher.join()

    total = int(redis.hget(META_KEY, "bytes"))
    assert 0 < total <= 200_000
    assert seen_max <= 200_000
    assert stored_bytes() == total  # the index agrees with itself
    live = [k for k in redis.zrange(PRIO_KEY, 0, -1)]
    assert sum(redis.hstrlen(k, "audio") for k in live) == total  # ... and with the entries
    assert int(redis.hget(META_KEY, "evictions")) > 0


def _fill_then_touch(cache: TTSCache) -> None:
    """An expensive story, then three cheap clips used more recently, then one more clip."""
    cache.put(key("story"), entry(10_000, cost_usd=0.05))
    for name in ("a", "b", "c"):
        cache.put(key(name), entry(10_000, cost_usd=0.0001))
    for name in ("a", "b", "c"):
        assert cache.get(key(name)) is not None
    cache.put(key("d"), entry(10_000, cost_usd=0.0001))


def test_cost_aware_keeps_the_expensive_entry_that_lru_evicts():
    gdsf = make_cache(max_bytes=40_000, strategy="cost_aware")
    _fill_then_touch(gdsf)
    assert gdsf.get(key("story")) is not None
    assert get_redis().zcard(PRIO_KEY) == 4

    get_redis().flushall()
    lru = make_cache(max_bytes=40_000, strategy="lru")
    _fill_then_touch(lru)
    assert lru.get(key("story")) is None
    assert lru.get(key("a")) is not None


def test_frequency_protects_a_popular_cheap_entry():
    cache = make_cache(max_bytes=30_000)
    cache.put(key("popular"), entry(10_000, cost_usd=0.001))
    for _ in range(20):
        cache.get(key("popular"))
    cache.put(key("once"), entry(10_000, cost_usd=0.001))
    cache.put(key("new1"), entry(10_000, cost_usd=0.001))
    cache.put(key("new2"), entry(10_000, cost_usd=0.001))

    assert cache.get(key("popular")) is not None


def test_an_entry_larger_than_the_whole_cache_is_not_stored():
    cache = make_cache(max_bytes=5_000)

    assert cache.put(key("huge"), entry(6_000)) is False
    assert get_redis().zcard(PRIO_KEY) == 0


def test_entries_expire_after_their_ttl_and_leave_the_index():
    cache = make_cache(max_bytes=100_000, ttl_s=1)
    cache.put(key("brief"), entry(5_000))
    assert cache.get(key("brief")) is not None

    time.sleep(1.2)

    assert cache.get(key("brief")) is None
    redis = get_redis()
    assert redis.zcard(PRIO_KEY) == 0 and redis.zcard(EXPIRY_KEY) == 0
    assert int(redis.hget(META_KEY, "bytes")) == 0


def test_replacing_an_entry_does_not_count_it_twice():
    cache = make_cache(max_bytes=100_000)
    cache.put(key("same"), entry(5_000))
    cache.put(key("same"), entry(7_000))

    assert int(get_redis().hget(META_KEY, "bytes")) == 7_000
    assert get_redis().zcard(PRIO_KEY) == 1


@pytest.mark.django_db
def test_strategy_and_bound_come_from_settings(client, settings):
    settings.TTS_CACHE_STRATEGY = "lru"
    settings.TTS_CACHE_MAX_SIZE_MB = 3

    cache = client.get("/health/audio").json()["production_cache"]

    assert cache["strategy"] == "lru"
    assert cache["max_size_mb"] == 3
