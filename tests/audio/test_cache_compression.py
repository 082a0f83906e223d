"""Compression shrinks what compresses and never changes what the toy hears."""

import os

import pytest

from audio.cache import ENTRY_PREFIX, CacheKey, TTSCache
from audio.providers import Synthesis
from teddy.shared_state import get_redis

pytestmark = pytest.mark.django_db


def cache(level: int) -> TTSCache:
    return TTSCache(
        enabled=True, ttl_s=60, max_bytes=10**8, compression_level=level, strategy="lru"
    )


def stored(key: CacheKey) -> tuple[bytes, bytes]:
    return tuple(get_redis().hmget(key.redis_key(), "audio", "codec"))


def test_wav_round_trips_and_shrinks(toy_client):
    wav = toy_client.post(
        "/api/v1/tts", {"text": "A long sleepy story about clouds"}, format="json"
    ).content
    synthesis = Synthesis(wav, "wav", 22050, 2.0, "local", "espeak-ng", 32, 0.0)
    key = CacheKey("clouds", "nova", "espeak-ng", "wav", "en")

    cache(3).put(key, synthesis)
    audio, codec = stored(key)

    assert codec == b"zstd"
    assert len(audio) < 0.9 * len(wav)
    assert cache(3).get(key).audio == wav


def test_level_zero_stores_raw_bytes(toy_client):
    synthesis = Synthesis(b"RIFF" + b"\0" * 4000, "wav", 22050, 0.1, "local", "espeak-ng", 5, 0.0)
    key = CacheKey("raw", "nova", "espeak-ng", "wav", "en")

    cache(0).put(key, synthesis)

    assert stored(key) == (synthesis.audio, b"none")


def test_incompressible_audio_is_kept_as_it_is():
    noise = os.urandom(20_000)
    key = CacheKey("noise", "nova", "espeak-ng", "opus", "en")

    cache(3).put(key, Synthesis(noise, "opus", 24000, 1.0, "local", "espeak-ng", 5, 0.0))

    assert stored(key) == (noise, b"none")


def test_mp3_round_trips_exactly(toy_client):
    mp3 = toy_client.post(
        "/api/v1/tts", {"text": "Mp3 comes back the same", "format": "mp3"}, format="json"
    ).content
    key = CacheKey("mp3", "nova", "espeak-ng", "mp3", "en")

    cache(3).put(key, Synthesis(mp3, "mp3", 22050, 1.0, "local", "espeak-ng", 19, 0.0))

    assert cache(3).get(key).audio == mp3


def test_a_corrupt_entry_is_dropped_not_served(toy_client):
    toy_client.post("/api/v1/tts", {"text": "Fragile"}, format="json")
    (name,) = get_redis().keys(ENTRY_PREFIX + "*")
    get_redis().hset(name, mapping={"audio": b"not zstd at all", "codec": "zstd"})

    response = toy_client.post("/api/v1/tts", {"text": "Fragile"}, format="json")

    assert response.status_code == 200
    assert response["X-Cache"] == "MISS"
    assert response.content[:4] == b"RIFF"
