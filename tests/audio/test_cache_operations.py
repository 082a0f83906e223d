"""SREs see the cache's numbers, flush it with a reason on record, and warm it up."""

import io

import pytest
from django.core.management import CommandError, call_command

from audio.cache import ENTRY_PREFIX
from audio.tasks import cache_warmup
from runbooks.actions import do_flush_cache
from safety.models import AuditEntry
from safety.redirections import redirection_for
from teddy.shared_state import REDIS_ERRORS, get_redis

pytestmark = pytest.mark.django_db


def speak(client, text, **extra):
    return client.post("/api/v1/tts", {"text": text, **extra}, format="json")


def test_stats_are_shown_in_health(client, toy_client):
    speak(toy_client, "Hello moon")
    speak(toy_client, "Hello moon")
    speak(toy_client, "Hello moon")

    cache = client.get("/health/audio").json()["production_cache"]

    assert cache["hits"] == 2 and cache["misses"] == 1
    assert cache["entries"] == 1
    assert 0 < cache["size_mb"] < 1
    assert cache["bytes_saved"] > 10_000
    assert cache["evictions"] == 0
    assert "usd_saved" in cache


def test_flush_all_is_audited_with_who_and_why(toy_client, sre_alice):
    speak(toy_client, "One")
    speak(toy_client, "Two")

    deleted = do_flush_cache(actor=sre_alice, reason="stale voices after upgrade")

    assert deleted == 2
    assert get_redis().keys(ENTRY_PREFIX + "*") == []
    entry = AuditEntry.objects.get(action="cache.flush")
    assert entry.actor == sre_alice and entry.actor_name == "alice"
    assert entry.reason == "stale voices after upgrade"
    assert entry.result == {"deleted": 2}
    assert speak(toy_client, "One")["X-Cache"] == "MISS"


def test_flush_by_voice_leaves_the_other_voices(toy_client, sre_alice):
    speak(toy_client, "Hello", voice="nova")
    speak(toy_client, "Hello", voice="onyx")

    assert do_flush_cache(actor=sre_alice, reason="nova retuned", voice="nova") == 1

    assert speak(toy_client, "Hello", voice="onyx")["X-Cache"] == "HIT"
    assert speak(toy_client, "Hello", voice="nova")["X-Cache"] == "MISS"
    assert AuditEntry.objects.get().params == {"voice": "nova", "model": None}


def test_flush_when_redis_is_down_says_so_and_records_nothing(sre_alice, redis_down):
    with pytest.raises(REDIS_ERRORS):
        do_flush_cache(actor=sre_alice, reason="try")
    assert not AuditEntry.objects.exists()


def test_warmup_command_makes_the_listed_phrases_hits(toy_client, tmp_path):
    phrases = tmp_path / "phrases.txt"
    phrases.write_text("# greetings\nGood morning, sunshine!\nTime to play outside.\n")
    out = io.StringIO()

    call_command("cache_warmup", "--phrases", str(phrases), stdout=out)

    assert "synthesized" in out.getvalue()
    assert speak(toy_client, "Good morning, sunshine!")["X-Cache"] == "HIT"
    assert speak(toy_client, "Time to play outside.")["X-Cache"] == "HIT"
    assert speak(toy_client, redirection_for("self_harm"))["X-Cache"] == "HIT"  # always included


def test_warmup_skips_unsafe_phrases_and_does_not_count_as_toy_traffic(client, tmp_path):
    phrases = tmp_path / "phrases.txt"
    phrases.write_text("Hello there\nkill yourself\n")
    out = io.StringIO()

    call_command("cache_warmup", "--phrases", str(phrases), stdout=out)

    assert "1 skipped as unsafe" in out.getvalue()
    assert client.get("/health/audio").json()["audio_processing"]["requests"] == 0


def test_warmup_of_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="cannot read"):
        call_command("cache_warmup", "--phrases", "/nonexistent/phrases.txt", stdout=io.StringIO())


def test_warmup_task_reports_progress_and_a_summary(toy_client):
    states = []

    class Recorder:
        def update_state(self, state, meta):
            states.append((state, meta))

    result = cache_warmup.run.__func__(Recorder(), phrases=["Peek a boo", "Hide and seek"])

    assert states[-1] == ("PROGRESS", {"done": result["total"], "total": result["total"]})
    assert (
        result["synthesized"]
        == 2 + result["total"] - 2 - result["already_cached"] - result["failed"]
    )
    assert speak(toy_client, "Peek a boo")["X-Cache"] == "HIT"
