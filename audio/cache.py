"""The TTS cache on Redis.

Keys are an HMAC-SHA256 (keyed by ``SECRET_KEY``) of the normalized request: a plain hash of a
short child phrase could be reversed by trying a dictionary of phrases, an HMAC cannot without
the secret. No text is stored, in the key or in the value.

Redis failing never fails a request: ``get`` answers a miss and ``put`` does nothing, and each
such event is counted in ``audio_errors_total{component="cache"}``.
"""

from __future__ import annotations

import json
import logging
import time
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import salted_hmac

from teddy.shared_state import REDIS_ERRORS, get_redis

from . import metrics
from .providers import Synthesis

log = logging.getLogger(__name__)

KEY_PREFIX = "tts:v1:"
STATS_KEY = "tts:stats"
INDEX_KEY = "tts:index"  # sorted set: entry key -> expiry time (unix seconds)

# One round trip for the hot path: read the entry and count the hit or miss.
_GET_AND_COUNT = """
local entry = redis.call('HGETALL', KEYS[1])
if #entry > 0 then
  redis.call('HINCRBY', KEYS[2], 'hits', 1)
else
  redis.call('HINCRBY', KEYS[2], 'misses', 1)
end
return entry
"""


def normalize_text(text: str) -> str:
    """Requests that sound the same share an entry: NFC and collapsed whitespace."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@dataclass(frozen=True)
class CacheKey:
    text: str
    voice: str
    model: str
    format: str
    language: str

    def redis_key(self) -> str:
        canonical = json.dumps(
            [normalize_text(self.text), self.voice, self.model, self.format, self.language],
            ensure_ascii=False,
        )
        digest = salted_hmac("teddy.audio.cache", canonical, algorithm="sha256").hexdigest()
        return KEY_PREFIX + digest


class TTSCache:
    def __init__(self, *, enabled: bool, ttl_s: int) -> None:
        self.enabled = enabled
        self.ttl_s = ttl_s

    def get(self, key: CacheKey) -> Synthesis | None:
        if not self.enabled:
            return None
        try:
            flat = get_redis().register_script(_GET_AND_COUNT)(keys=[key.redis_key(), STATS_KEY])
        except REDIS_ERRORS as exc:
            self._degraded("get", exc)
            return None
        hit = bool(flat)
        metrics.HIT_RATIO.record(hit)
        if not hit:
            return None
        fields = dict(zip(flat[::2], flat[1::2], strict=True))
        try:
            return Synthesis(
                audio=fields[b"audio"],
                format=fields[b"format"].decode(),
                sample_rate=int(fields[b"sample_rate"]),
                duration_s=float(fields[b"duration_s"]),
                provider=fields[b"provider"].decode(),
                model=fields[b"model"].decode(),
                characters=int(fields[b"characters"]),
                cost_usd=float(fields[b"cost_usd"]),
            )
        except (KeyError, ValueError):
            log.warning("dropping a malformed cache entry")
            metrics.error("corrupt_entry", "cache")
            return None

    def put(self, key: CacheKey, synthesis: Synthesis, ttl_s: int | None = None) -> None:
        if not self.enabled:
            return
        name = key.redis_key()
        try:
            pipe = get_redis().pipeline(transaction=True)
            pipe.hset(
                name,
                mapping={
                    "audio": synthesis.audio,
                    "format": synthesis.format,
                    "sample_rate": synthesis.sample_rate,
                    "duration_s": synthesis.duration_s,
                    "provider": synthesis.provider,
                    "model": synthesis.model,
                    "characters": synthesis.characters,
                    "cost_usd": synthesis.cost_usd,
                },
            )
            pipe.expire(name, ttl_s or self.ttl_s)
            pipe.zadd(INDEX_KEY, {name: time.time() + (ttl_s or self.ttl_s)})
            pipe.execute()
        except REDIS_ERRORS as exc:
            self._degraded("put", exc)

    def stats(self) -> dict:
        """Shared counters for ``/health/audio``; raises a Redis error when unreachable."""
        client = get_redis()
        client.zremrangebyscore(INDEX_KEY, "-inf", time.time())
        raw = client.hgetall(STATS_KEY)
        hits, misses = int(raw.get(b"hits", 0)), int(raw.get(b"misses", 0))
        memory = client.info("memory")
        return {
            "hits": hits,
            "misses": misses,
            "hit_rate": round(hits / (hits + misses), 4) if hits + misses else None,
            "entries": client.zcard(INDEX_KEY),
            "redis_used_memory_mb": round(memory.get("used_memory", 0) / 2**20, 2),
        }

    @staticmethod
    def _degraded(operation: str, exc: Exception) -> None:
        log.warning("tts cache %s skipped, redis unavailable: %s", operation, type(exc).__name__)
        metrics.error("redis_unavailable", "cache")


def build_cache() -> TTSCache:
    return TTSCache(enabled=settings.TTS_CACHE_ENABLED, ttl_s=settings.TTS_CACHE_TTL)
