"""Twenty children asking the same new question at once cost one synthesis."""

import threading

import pytest

from audio.pipeline import get_audio_service

pytestmark = pytest.mark.django_db

SPEECH = "/v1/audio/speech"


def test_twenty_concurrent_identical_misses_call_the_provider_once(fake_openai):
    fake_openai.behave(delay_s=0.4)  # the provider is slow: everybody arrives while it works
    service = get_audio_service()
    service.safety.check("warm up")  # compile rules here: worker threads have no test database
    request = service.parse({"text": "Why is the sky blue?"})
    barrier = threading.Barrier(20)
    results = []

    def ask() -> None:
        barrier.wait()
        results.append(service.speak(request))

    threads = [threading.Thread(target=ask) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(fake_openai.calls(SPEECH)) == 1
    assert len(results) == 20
    assert len({r.synthesis.audio for r in results}) == 1
    assert sum(not r.cached for r in results) == 1


def test_when_the_producer_fails_the_waiters_produce_it_themselves(fake_openai, settings):
    settings.TTS_MAX_RETRIES = 0
    fake_openai.behave(delay_s=0.3, fail_next=1, status=400)  # the first call fails for good
    service = get_audio_service()
    service.safety.check("warm up")
    request = service.parse({"text": "Tell me a joke"})
    barrier = threading.Barrier(3)
    providers = []

    def ask() -> None:
        barrier.wait()
        providers.append(service.speak(request).synthesis.provider)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(providers) == 3  # nobody was left without an answer
