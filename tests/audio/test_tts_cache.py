"""Repeated phrases come from Redis; a Redis outage never silences the bear."""

import pytest
from django.test import override_settings

from audio.cache import KEY_PREFIX, CacheKey
from teddy.shared_state import get_redis
from tests.helpers import metric_value, wav_stats

pytestmark = pytest.mark.django_db


def speak(client, text, **extra):
    return client.post("/api/v1/tts", {"text": text, **extra}, format="json")


def test_cache_keys_and_values_never_hold_the_text(toy_client):
    speak(toy_client, "My secret friend is Mister Wobbles")

    redis = get_redis()
    keys = [k for k in redis.keys("*") if k.startswith(KEY_PREFIX.encode())]
    assert len(keys) == 1
    assert b"Wobbles" not in keys[0]
    for field, value in redis.hgetall(keys[0]).items():
        assert b"Wobbles" not in field and b"Wobbles" not in value


def test_cache_key_is_an_hmac_that_depends_on_the_secret():
    key = CacheKey("hello", "nova", "espeak-ng", "wav", "en")
    with override_settings(SECRET_KEY="another-secret"):
        other = key.redis_key()

    assert key.redis_key() != other
    assert len(key.redis_key()) == len(KEY_PREFIX) + 64


def test_every_part_of_the_request_is_in_the_key():
    base = CacheKey("hello", "nova", "espeak-ng", "wav", "en")
    variants = [
        CacheKey("hello!", "nova", "espeak-ng", "wav", "en"),
        CacheKey("hello", "onyx", "espeak-ng", "wav", "en"),
        CacheKey("hello", "nova", "tts-1", "wav", "en"),
        CacheKey("hello", "nova", "espeak-ng", "pcm", "en"),
        CacheKey("hello", "nova", "espeak-ng", "wav", "es"),
    ]

    assert len({base.redis_key(), *(v.redis_key() for v in variants)}) == 6


def test_spacing_differences_share_one_entry(toy_client):
    speak(toy_client, "Good   night,\nlittle bear")
    response = speak(toy_client, "Good night, little bear")

    assert response["X-Cache"] == "HIT"


def test_entries_expire_after_the_ttl(toy_client, settings):
    settings.TTS_CACHE_TTL = 120
    speak(toy_client, "See you tomorrow")

    (key,) = get_redis().keys(KEY_PREFIX + "*")
    assert 0 < get_redis().ttl(key) <= 120
    get_redis().delete(key)  # what expiry does, without waiting two minutes
    assert speak(toy_client, "See you tomorrow")["X-Cache"] == "MISS"


def test_disabled_cache_always_synthesizes(toy_client, settings):
    settings.TTS_CACHE_ENABLED = False
    speak(toy_client, "No cache today")

    assert speak(toy_client, "No cache today")["X-Cache"] == "MISS"
    assert get_redis().keys(KEY_PREFIX + "*") == []


def test_redis_down_still_speaks_and_counts_the_degradation(toy_client, redis_down):
    before = metric_value(toy_client, "audio_errors_total", error_type="redis_unavailable")

    response = speak(toy_client, "Are you still there?")

    assert response.status_code == 200
    assert response["X-Cache"] == "MISS"
    assert wav_stats(response.content)[0] > 0.3
    after = metric_value(toy_client, "audio_errors_total", error_type="redis_unavailable")
    assert after >= before + 2  # the lookup and the store were both skipped


def test_redis_stopped_mid_test_and_back_again(toy_client, redis_server):
    assert speak(toy_client, "One")["X-Cache"] == "MISS"
    assert speak(toy_client, "One")["X-Cache"] == "HIT"

    redis_server.stop()
    try:
        assert speak(toy_client, "One").status_code == 200
        assert speak(toy_client, "Two").status_code == 200
    finally:
        redis_server.start()

    assert speak(toy_client, "Two")["X-Cache"] == "MISS"  # Redis came back empty
    assert speak(toy_client, "Two")["X-Cache"] == "HIT"
