"""The production TTS cache on Redis: bounded, compressed, cost-aware and stampede-proof.

Keys are an HMAC-SHA256 (keyed by ``SECRET_KEY``) of the normalized request: a plain hash of a
short child phrase could be reversed by trying a dictionary of phrases, an HMAC cannot without
the secret. No text is stored, in the key or in the value.

**Bounded.** The application, not only Redis ``maxmemory``, keeps the cache under
``TTS_CACHE_MAX_SIZE_MB``: an index (sorted set of priorities, a hash of sizes, a sorted set of
expiry times) tracks every entry, and one Lua script per insert drops expired members, evicts the
lowest priorities until the new entry fits, and inserts it, atomically, however many writers.

**Cost-aware.** ``cost_aware`` is GreedyDual-Size-Frequency: priority = clock + frequency *
cost / size, where the clock rises to the priority of each evicted entry (so old favourites age
out). A 3-minute story that cost dollars outlives a cheap, large, rarely asked clip; ``lru`` ranks
by last use only, for comparison (``bench/cache_sim.py`` measures both).

**Stampede-proof.** ``single_flight`` lets one caller synthesize a missing entry while
concurrent callers for the same key wait (bounded) for its result.

**Never an error.** Redis failing makes every step a no-op (a miss, a skipped store), logged
and counted in ``audio_errors_total{component="cache"}``.

All keys share the ``{tts}`` hash tag, so the scripts also work on a Redis Cluster.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import redis
import zstandard
from django.conf import settings
from django.utils.crypto import salted_hmac

from teddy.shared_state import REDIS_ERRORS, get_redis

from . import metrics
from .providers import Synthesis

log = logging.getLogger(__name__)

ENTRY_PREFIX = "{tts}:e:"
KEY_PREFIX = ENTRY_PREFIX  # what every entry key starts with
PRIO_KEY = "{tts}:prio"  # sorted set: entry key -> eviction priority (lowest goes first)
EXPIRY_KEY = "{tts}:exp"  # sorted set: entry key -> expiry (unix seconds)
SIZE_KEY = "{tts}:size"  # hash: entry key -> stored bytes
META_KEY = "{tts}:meta"  # hash: bytes, clock, evictions
STATS_KEY = "{tts}:stats"  # hash: hits, misses, bytes_saved, usd_saved
LOCK_PREFIX = "{tts}:lock:"

#: A nominal cost for audio that cost no money (the local engine): CPU time is not free, and
#: GDSF needs a cost to rank such entries among themselves. $0.10 per million characters.
LOCAL_COST_PER_CHAR = 1e-7

_DROP = """
local function drop(k)
  local size = tonumber(redis.call('HGET', KEYS[4], k) or '0')
  redis.call('ZREM', KEYS[2], k)
  redis.call('ZREM', KEYS[3], k)
  redis.call('HDEL', KEYS[4], k)
  redis.call('DEL', k)
  if size > 0 then redis.call('HINCRBY', KEYS[5], 'bytes', -size) end
  return size
end
"""

# A lookup's bookkeeping; the entry itself is read by a plain HGETALL in the same round trip,
# because a value returned through Lua costs Redis ~150 us per 60 KB against ~7 us for the
# command (``bench/``: Lua copies it into and out of its own strings).
# KEYS: entry, prio, expiry, size, meta, stats   ARGV: now, strategy, count ('1': a toy's
# lookup, counted as a hit or a miss; 'hit': hits only; '0': a re-check while waiting, counted
# as neither).  Returns 1 for a hit, 0 for a miss.
_GET = (
    _DROP
    + """
local count = ARGV[3] ~= '0'
if redis.call('EXISTS', KEYS[1]) == 0 then
  if ARGV[3] == '1' then redis.call('HINCRBY', KEYS[6], 'misses', 1) end
  if redis.call('HEXISTS', KEYS[4], KEYS[1]) == 1 then drop(KEYS[1]) end
  return 0
end
local hits = redis.call('HINCRBY', KEYS[1], 'hits', 1)
local fields = redis.call('HMGET', KEYS[1], 'size', 'regen_cost', 'cost_usd')
local size, regen, usd = tonumber(fields[1]), tonumber(fields[2]), tonumber(fields[3])
local prio
if ARGV[2] == 'lru' then
  prio = tonumber(ARGV[1])
else
  prio = tonumber(redis.call('HGET', KEYS[5], 'clock') or '0') + (hits + 1) * regen / size
end
redis.call('ZADD', KEYS[2], prio, KEYS[1])
if count then redis.call('HINCRBY', KEYS[6], 'hits', 1) end
redis.call('HINCRBY', KEYS[6], 'bytes_saved', size)
redis.call('HINCRBYFLOAT', KEYS[6], 'usd_saved', usd)
return 1
"""
)

# KEYS: entry, prio, expiry, size, meta   ARGV: now, ttl_s, size, regen_cost, max_bytes,
# strategy, then the entry's field/value pairs.  Returns {evictions, total bytes}, or -1 when
# the entry is larger than the whole cache.
_PUT = (
    _DROP
    + """
local now, ttl, size = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local regen, max_bytes, strategy = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
if size > max_bytes then return -1 end
for _, k in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, 256)) do
  drop(k)
end
if redis.call('HEXISTS', KEYS[4], KEYS[1]) == 1 then drop(KEYS[1]) end
local bytes = tonumber(redis.call('HGET', KEYS[5], 'bytes') or '0')
local evicted = 0
while bytes + size > max_bytes do
  local victim = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  if #victim == 0 then break end
  if strategy ~= 'lru' then redis.call('HSET', KEYS[5], 'clock', victim[2]) end
  bytes = bytes - drop(victim[1])
  evicted = evicted + 1
end
local fields = {}
for i = 7, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('HSET', KEYS[1], 'hits', 0, 'size', size, 'regen_cost', regen)
redis.call('EXPIRE', KEYS[1], ttl)
local prio = now
if strategy ~= 'lru' then
  prio = tonumber(redis.call('HGET', KEYS[5], 'clock') or '0') + regen / size
end
redis.call('ZADD', KEYS[2], prio, KEYS[1])
redis.call('ZADD', KEYS[3], now + ttl, KEYS[1])
redis.call('HSET', KEYS[4], KEYS[1], size)
redis.call('HINCRBY', KEYS[5], 'bytes', size)
if evicted > 0 then redis.call('HINCRBY', KEYS[5], 'evictions', evicted) end
return {evicted, bytes + size}
"""
)

# KEYS: prio, expiry, size, meta  ARGV: entry keys to delete.  Returns how many existed.
_DELETE = """
local n = 0
for _, k in ipairs(ARGV) do
  local size = tonumber(redis.call('HGET', KEYS[3], k) or '0')
  n = n + redis.call('DEL', k)
  redis.call('ZREM', KEYS[1], k)
  redis.call('ZREM', KEYS[2], k)
  redis.call('HDEL', KEYS[3], k)
  if size > 0 then redis.call('HINCRBY', KEYS[4], 'bytes', -size) end
end
return n
"""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
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
    profile: str = ""  # the loudness profile the audio was levelled to

    def redis_key(self) -> str:
        return _entry_name(
            settings.SECRET_KEY,
            self.text,
            self.voice,
            self.model,
            self.format,
            self.language,
            self.profile,
        )


@lru_cache(maxsize=4096)  # a cache hit's text has been asked before: its key, too
def _entry_name(secret: str, text: str, *spoken_as: str) -> str:
    canonical = json.dumps([normalize_text(text), *spoken_as], ensure_ascii=False)
    digest = salted_hmac("teddy.audio.cache", canonical, secret=secret, algorithm="sha256")
    return ENTRY_PREFIX + digest.hexdigest()


def _count_flag(count: bool, count_miss: bool) -> str:
    if not count:
        return "0"
    return "1" if count_miss else "hit"


class TTSCache:
    def __init__(
        self,
        *,
        enabled: bool,
        ttl_s: int,
        max_bytes: int,
        compression_level: int,
        strategy: str,
        wait_s: float = 10.0,
    ) -> None:
        self.enabled = enabled
        self.ttl_s = ttl_s
        self.max_bytes = max_bytes
        self.compression_level = compression_level
        self.strategy = strategy
        self.wait_s = wait_s
        self._local = threading.local()

    # --- the hot path -----------------------------------------------------------------------

    def get(
        self, key: CacheKey, *, count: bool = True, count_miss: bool = True
    ) -> Synthesis | None:
        """The entry, or None. ``count=False`` for re-checks that are not a new lookup;
        ``count_miss=False`` when a miss will be looked up again and counted then."""
        if not self.enabled:
            return None
        name = key.redis_key()
        try:
            fields = self._lookup(name, count, count_miss)
        except REDIS_ERRORS as exc:
            self._degraded("get", exc)
            return None
        # An entry dropped between the read and the bookkeeping is still served, and one made
        # between them is a miss: the counts may be off by one, the audio never mismatched.
        hit = bool(fields)
        if count and (hit or count_miss):
            metrics.HIT_RATIO.record(hit)
        if not hit:
            return None
        try:
            return self._decode(fields)
        except (KeyError, ValueError, zstandard.ZstdError):
            log.warning("dropping a malformed cache entry")
            metrics.error("corrupt_entry", "cache")
            self.delete_keys([name])
            return None

    def put(self, key: CacheKey, synthesis: Synthesis, ttl_s: int | None = None) -> bool:
        """Store an entry; False when the cache is off, Redis is down or it cannot fit."""
        if not self.enabled:
            return False
        audio, codec = self._compress(synthesis.audio)
        regen = synthesis.cost_usd or synthesis.characters * LOCAL_COST_PER_CHAR
        fields = {
            "audio": audio,
            "codec": codec,
            "format": synthesis.format,
            "sample_rate": synthesis.sample_rate,
            "duration_s": synthesis.duration_s,
            "provider": synthesis.provider,
            "model": synthesis.model,
            "voice": key.voice,
            "characters": synthesis.characters,
            "cost_usd": synthesis.cost_usd,
            "created_at": int(time.time()),
        }
        ttl = ttl_s or self.ttl_s
        args: list = [time.time(), ttl, len(audio), regen, self.max_bytes, self.strategy]
        for field, value in fields.items():
            args += [field, value]
        try:
            result = self._script(_PUT)(
                keys=[key.redis_key(), PRIO_KEY, EXPIRY_KEY, SIZE_KEY, META_KEY], args=args
            )
        except REDIS_ERRORS as exc:
            self._degraded("put", exc)
            return False
        if result == -1:
            log.info("entry of %d bytes is larger than the whole cache; not stored", len(audio))
            return False
        evicted, total_bytes = result
        if evicted:
            metrics.CACHE_EVICTIONS.inc(evicted)
        metrics.CACHE_SIZE.set(total_bytes)
        return True

    def contains(self, key: CacheKey) -> bool:
        """Is the entry there? Not counted as a hit or a miss."""
        if not self.enabled:
            return False
        try:
            return bool(get_redis().exists(key.redis_key()))
        except REDIS_ERRORS as exc:
            self._degraded("contains", exc)
            return False

    @contextmanager
    def single_flight(self, key: CacheKey) -> Iterator[Synthesis | None]:
        """Yield a cached result produced by a concurrent caller, or None when this caller
        must produce it (it then holds a short lock that makes the others wait for it)."""
        found, lock, token = self._wait_or_lock(key)
        try:
            yield found
        finally:
            if token:
                try:
                    self._script(_RELEASE)(keys=[lock], args=[token])
                except REDIS_ERRORS as exc:
                    self._degraded("unlock", exc)

    def _wait_or_lock(self, key: CacheKey) -> tuple[Synthesis | None, str, str]:
        """(entry made meanwhile, lock key, our lock token or "" when we hold no lock)."""
        lock = LOCK_PREFIX + key.redis_key().removeprefix(ENTRY_PREFIX)
        if not self.enabled:
            return None, lock, ""
        token = secrets.token_hex(8)
        deadline = time.monotonic() + self.wait_s
        delay = 0.02
        try:
            client = get_redis()
            while True:
                if client.set(lock, token, nx=True, px=int(self.wait_s * 1000) + 5000):
                    # The previous producer may have stored it just before letting go.
                    found = self.get(key, count=False)
                    if found is None:
                        return None, lock, token  # we produce it
                    self._script(_RELEASE)(keys=[lock], args=[token])
                    return found, lock, ""
                if client.exists(key.redis_key()):
                    found = self.get(key, count=False)
                    if found is not None:
                        return found, lock, ""
                if time.monotonic() + delay > deadline:
                    log.warning("gave up waiting for a concurrent synthesis; producing it too")
                    return None, lock, ""
                time.sleep(delay)
                delay = min(delay * 1.5, 0.2)
        except REDIS_ERRORS as exc:
            self._degraded("lock", exc)
            return None, lock, ""

    # --- operations -------------------------------------------------------------------------

    def delete_keys(self, names: list[str]) -> int:
        deleted = 0
        for start in range(0, len(names), 500):
            deleted += self._script(_DELETE)(
                keys=[PRIO_KEY, EXPIRY_KEY, SIZE_KEY, META_KEY], args=names[start : start + 500]
            )
        return deleted

    def flush(self, *, voice: str | None = None, model: str | None = None) -> int:
        """Delete every entry, or those of one voice and/or model. Raises a Redis error when
        Redis is unreachable: an SRE must know the flush did not happen."""
        client = get_redis()
        names = [n.decode() for n in client.zrange(PRIO_KEY, 0, -1)]
        if voice or model:
            pipe = client.pipeline(transaction=False)
            for name in names:
                pipe.hmget(name, "voice", "model")
            names = [
                name
                for name, (v, m) in zip(names, pipe.execute(), strict=True)
                if (voice is None or (v or b"").decode() == voice)
                and (model is None or (m or b"").decode() == model)
            ]
        deleted = self.delete_keys(names)
        if not voice and not model:
            # Entries that fell out of the index (e.g. Redis's own eviction) go too.
            stray = list(client.scan_iter(match=ENTRY_PREFIX + "*", count=1000))
            if stray:
                deleted += client.delete(*stray)
            client.delete(META_KEY)
        return deleted

    def stats(self) -> dict:
        """Shared numbers for ``/health/audio``; raises a Redis error when unreachable."""
        client = get_redis()
        pipe = client.pipeline(transaction=False)
        pipe.hgetall(STATS_KEY)
        pipe.hgetall(META_KEY)
        pipe.zcard(PRIO_KEY)
        raw, meta, entries = pipe.execute()
        hits, misses = int(raw.get(b"hits", 0)), int(raw.get(b"misses", 0))
        metrics.CACHE_SIZE.set(int(meta.get(b"bytes", 0)))
        return {
            "hits": hits,
            "misses": misses,
            "hit_rate": round(hits / (hits + misses), 4) if hits + misses else None,
            "entries": entries,
            "size_mb": round(int(meta.get(b"bytes", 0)) / 2**20, 3),
            "evictions": int(meta.get(b"evictions", 0)),
            "bytes_saved": int(raw.get(b"bytes_saved", 0)),
            "usd_saved": round(float(raw.get(b"usd_saved", 0)), 6),
        }

    # --- internals --------------------------------------------------------------------------

    def _lookup(self, name: str, count: bool, count_miss: bool) -> dict[bytes, bytes]:
        """The entry's fields (empty: a miss) and the lookup's bookkeeping, in one round trip."""
        script = self._script(_GET)
        keys = [name, PRIO_KEY, EXPIRY_KEY, SIZE_KEY, META_KEY, STATS_KEY]
        args = [time.time(), self.strategy, _count_flag(count, count_miss)]
        pipe = get_redis().pipeline(transaction=False)
        pipe.hgetall(name)
        pipe.evalsha(script.sha, len(keys), *keys, *args)
        fields, counted = pipe.execute(raise_on_error=False)
        if isinstance(counted, redis.exceptions.NoScriptError):  # Redis restarted: load it
            script(keys=keys, args=args)
        elif isinstance(counted, Exception):
            raise counted
        if isinstance(fields, Exception):
            raise fields
        return fields

    def _script(self, source: str):
        client = get_redis()
        scripts = getattr(self._local, "scripts", None)
        if scripts is None or self._local.client is not client:
            scripts = self._local.scripts = {}
            self._local.client = client
        if source not in scripts:
            scripts[source] = client.register_script(source)
        return scripts[source]

    def _compress(self, audio: bytes) -> tuple[bytes, str]:
        if self.compression_level <= 0:
            return audio, "none"
        packed = _compressor(self.compression_level).compress(audio)
        # Already-compressed formats (mp3, opus) do not shrink: keep them as they are.
        return (packed, "zstd") if len(packed) < len(audio) * 0.97 else (audio, "none")

    @staticmethod
    def _decode(fields: dict[bytes, bytes]) -> Synthesis:
        audio = fields[b"audio"]
        if fields.get(b"codec") == b"zstd":
            audio = zstandard.ZstdDecompressor().decompress(audio)
        return Synthesis(
            audio=audio,
            format=fields[b"format"].decode(),
            sample_rate=int(fields[b"sample_rate"]),
            duration_s=float(fields[b"duration_s"]),
            provider=fields[b"provider"].decode(),
            model=fields[b"model"].decode(),
            characters=int(fields[b"characters"]),
            cost_usd=float(fields[b"cost_usd"]),
        )

    @staticmethod
    def _degraded(operation: str, exc: Exception) -> None:
        log.warning("tts cache %s skipped, redis unavailable: %s", operation, type(exc).__name__)
        metrics.error("redis_unavailable", "cache")


_thread = threading.local()


def _compressor(level: int) -> zstandard.ZstdCompressor:
    """A compressor must not be shared by threads at once; one per level per thread is cheap."""
    compressors = getattr(_thread, "compressors", None)
    if compressors is None:
        compressors = _thread.compressors = {}
    if level not in compressors:
        compressors[level] = zstandard.ZstdCompressor(level=level)
    return compressors[level]


def build_cache() -> TTSCache:
    return TTSCache(
        enabled=settings.TTS_CACHE_ENABLED,
        ttl_s=settings.TTS_CACHE_TTL,
        max_bytes=settings.TTS_CACHE_MAX_SIZE_MB * 2**20,
        compression_level=settings.TTS_CACHE_COMPRESSION,
        strategy=settings.TTS_CACHE_STRATEGY,
        wait_s=min(settings.TTS_REQUEST_TIMEOUT + 2.0, 30.0),
    )
