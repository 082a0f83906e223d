"""A story streams over HTTP sentence by sentence, and streams from the cache when asked again."""

import pytest

from audio.streaming import STREAM_RATE, split_sentences
from teddy.shared_state import get_redis

pytestmark = pytest.mark.django_db

STORY = (
    "Once upon a time, a little bear lived by a river. Every morning he said hello to the fish. "
    "One day a bird landed on his nose. The bird wanted to be his friend. "
    "They played together all afternoon. Then they both went home to sleep."
)


def stream(client, **extra):
    response = client.post("/api/v1/tts", {"text": STORY, "stream": True, **extra}, format="json")
    return response, b"".join(response)


def test_the_story_is_split_into_its_six_sentences():
    assert len(split_sentences(STORY)) == 6


def test_wav_stream_has_a_streaming_header_then_all_the_audio(toy_client):
    response, body = stream(toy_client)

    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response["X-Stream"] == "sentences"
    assert body[:4] == b"RIFF" and body[8:12] == b"WAVE"
    assert int.from_bytes(body[24:28], "little") == STREAM_RATE
    seconds = (len(body) - 44) / (2 * STREAM_RATE)
    assert 6 < seconds < 30


def test_a_story_asked_again_streams_from_the_cache_chunk_by_chunk(toy_client):
    stream(toy_client)
    hits_before = int(get_redis().hget("{tts}:stats", "hits") or 0)

    _, body = stream(toy_client)

    assert int(get_redis().hget("{tts}:stats", "hits")) - hits_before == 6
    assert len(body) > 44


@pytest.mark.parametrize(("fmt", "magic"), [("pcm", None), ("mp3", None), ("opus", b"OggS")])
def test_other_stream_formats(toy_client, fmt, magic):
    response, body = stream(toy_client, format=fmt)

    assert response.status_code == 200
    assert len(body) > 1000
    if magic:
        assert body.startswith(magic)


def test_an_unsafe_story_streams_only_its_redirection(toy_client):
    response = toy_client.post(
        "/api/v1/tts",
        {"text": "Once upon a time. Then fuck everything.", "stream": True},
        format="json",
    )
    body = b"".join(response)

    assert response.status_code == 200
    assert (len(body) - 44) / (2 * STREAM_RATE) < 8  # one short redirection, not the story


def test_stream_counts_first_byte_and_sessions(client, toy_client):
    from tests.helpers import metric_value

    before = metric_value(client, "tts_stream_first_byte_seconds_count", transport="http")
    stream(toy_client)

    assert (
        metric_value(client, "tts_stream_first_byte_seconds_count", transport="http") == before + 1
    )
    assert metric_value(client, "child_audio_sessions_total", session_type="tts_http") >= 1


def test_over_the_real_asgi_server_the_first_sentence_comes_before_the_rest_is_made(
    live_server_url, fake_openai
):
    """Through uvicorn, not the test client: Django's ASGI handler must not gather the body
    first (it would with a synchronous iterator)."""
    import httpx

    from teddy.models import Device

    device = Device(name="http-stream-bear")
    token = device.issue_token()
    device.save()
    fake_openai.behave(delay_s=0.3)
    with httpx.stream(
        "POST",
        f"http://{live_server_url}/api/v1/tts",
        json={"text": STORY, "stream": True, "format": "pcm"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    ) as response:
        chunks = response.iter_raw()
        first = next(chunks)
        made_when_first_arrived = len(fake_openai.calls("/v1/audio/speech"))
        rest = b"".join(chunks)

    assert response.status_code == 200 and first
    assert made_when_first_arrived < 6  # the later sentences were still being made
    assert len(fake_openai.calls("/v1/audio/speech")) == 6 and rest
