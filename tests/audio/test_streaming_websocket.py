"""The toy's WebSocket: first sound fast, the child can interrupt, a slow toy holds the server
back instead of filling its memory. A real client against the real ASGI server."""

import json
import time

import pytest
from websockets.exceptions import ConnectionClosed

from audio.streaming import split_sentences
from teddy.models import Device
from tests.helpers import open_socket

SPEECH = "/v1/audio/speech"
STORY = " ".join(
    f"Sentence number {i} tells how the little bear found another shiny pebble by the river."
    for i in range(1, 7)
)


@pytest.fixture(autouse=True)
def _unpaced(settings):
    """Most tests read whole stories: no real-time pacing, so they do not wait for it."""
    settings.TTS_STREAM_LEAD_S = 0


@pytest.fixture
def token(transactional_db) -> str:
    device = Device(name="ws-bear")
    token = device.issue_token()
    device.save()
    return token


def test_first_audio_arrives_before_the_story_is_synthesized(live_server_url, token, fake_openai):
    fake_openai.behave(delay_s=0.3)
    with open_socket(live_server_url, token) as ws:
        ws.send(json.dumps({"type": "speak", "text": STORY}))
        first = ws.recv(timeout=30)
        made_when_first_arrived = len(fake_openai.calls(SPEECH))
        frames, end = 1, None
        while end is None:
            message = ws.recv(timeout=30)
            if isinstance(message, bytes):
                frames += 1
            else:
                end = json.loads(message)

    assert isinstance(first, bytes) and len(first) > 0
    assert made_when_first_arrived < 6  # the rest of the story was still being made
    assert end["type"] == "end" and end["chunks"] == 6 and end["provider"] == "openai"
    assert end["first_byte_ms"] > 0
    assert frames > 6


def test_a_story_asked_again_is_all_cached(live_server_url, token):
    with open_socket(live_server_url, token) as ws:
        for _ in range(2):
            ws.send(json.dumps({"type": "speak", "text": STORY}))
            while isinstance(message := ws.recv(timeout=30), bytes):
                pass
    assert json.loads(message)["cached"] is True


def test_cancel_stops_the_frames(live_server_url, token, fake_openai, settings):
    settings.TTS_STREAM_LEAD_S = 0.5  # paced: at most half a second ahead of real time
    fake_openai.behave(delay_s=0.3)
    with open_socket(live_server_url, token, max_queue=1) as ws:
        ws.send(json.dumps({"type": "speak", "text": STORY}))
        assert isinstance(ws.recv(timeout=30), bytes)
        playing_until = time.monotonic() + 1.0
        while time.monotonic() < playing_until:  # the toy plays for a while, reading as it goes
            assert isinstance(ws.recv(timeout=5), bytes)
        sent_at = time.monotonic()
        ws.send(json.dumps({"type": "cancel"}))
        late_frames = 0
        while isinstance(message := ws.recv(timeout=5), bytes):
            late_frames += 1  # frames already on the wire
        acknowledged = time.monotonic() - sent_at
        calls_at_cancel = len(fake_openai.calls(SPEECH))
        with pytest.raises(TimeoutError):
            ws.recv(timeout=1.0)  # nothing more comes

    assert json.loads(message) == {"type": "cancelled", "was_speaking": True}
    assert acknowledged < 2.0  # generous for a loaded machine; the benchmark measures it
    assert late_frames <= 10  # the lead (5 frames of 100 ms) plus what the socket held
    assert len(fake_openai.calls(SPEECH)) <= calls_at_cancel + 1  # at most the one in flight


@pytest.mark.parametrize("token_value", [None, "tdy_wrong"])
def test_bad_tokens_are_closed_with_the_policy_code(live_server_url, token_value):
    with open_socket(live_server_url, token_value) as ws, pytest.raises(ConnectionClosed) as closed:
        while True:
            ws.recv(timeout=10)
    assert closed.value.rcvd.code == 1008


def test_bad_messages(live_server_url, token):
    with open_socket(live_server_url, token) as ws:
        ws.send(json.dumps({"type": "speak", "text": ""}))
        assert json.loads(ws.recv(timeout=10))["error"]["code"] == "invalid_text"
        ws.send(json.dumps({"type": "dance"}))
        assert json.loads(ws.recv(timeout=10))["error"]["code"] == "invalid_message"
        ws.send(json.dumps({"type": "ping"}))
        assert json.loads(ws.recv(timeout=10)) == {"type": "pong"}
        ws.send("this is not json")
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd.code == 1007


def test_a_slow_toy_holds_the_server_back(live_server_url, token, fake_openai):
    long_story = " ".join(
        f"Chapter {i}. " + "The little bear walked slowly along the river, counting pebbles, "
        "humming a song, and waving at every fish that swam by in the cool clear water. " * 2
        for i in range(1, 11)
    )
    chunks = len(split_sentences(long_story))
    with open_socket(live_server_url, token, max_size=None, ping_interval=None) as ws:
        ws.send(json.dumps({"type": "speak", "text": long_story}))
        time.sleep(4)  # the toy does not read
        made_while_stalled = len(fake_openai.calls(SPEECH))
        print(f"made {made_while_stalled} of {chunks} sentences while the toy did not read")
        end = None
        while end is None:
            message = ws.recv(timeout=60)
            if not isinstance(message, bytes):
                end = json.loads(message)

    assert made_while_stalled < chunks, "the server kept synthesizing for a toy that did not read"
    assert end["chunks"] == chunks


def test_a_childs_toy_is_filtered_for_her_age_and_the_talk_recorded(
    live_server_url, family, settings
):
    from safety.models import InteractionLog, SafetyRule

    # A rule of its own: a transactional test starts without the migrations' rules.
    SafetyRule.objects.create(pattern="purple wombat", match="phrase", category="harassment")
    settings.TTS_CHILD_SAFETY = False  # cannot switch filtering off for a six-year-old
    with open_socket(live_server_url, family.token) as ws:
        ws.send(json.dumps({"type": "speak", "text": "you purple wombat"}))
        while isinstance(message := ws.recv(timeout=30), bytes):
            pass

    assert json.loads(message)["type"] == "end"
    record = InteractionLog.objects.get()
    assert record.kind == "tts_stream" and record.safety_action == "block"
    assert record.age_group == "5_8" and record.child == family.child


def test_speaking_past_the_hourly_limit_is_refused_with_when_to_retry(
    live_server_url, token, settings
):
    settings.RATE_LIMIT_PER_HOUR = 1
    with open_socket(live_server_url, token) as ws:
        ws.send(json.dumps({"type": "speak", "text": "Hello"}))
        while isinstance(ws.recv(timeout=30), bytes):
            pass
        ws.send(json.dumps({"type": "speak", "text": "Hello again"}))
        refused = json.loads(ws.recv(timeout=10))

    assert refused["error"]["code"] == "rate_limited"
    assert refused["retry_after_s"] >= 1


def test_json_nested_too_deep_closes_the_socket_as_invalid(live_server_url, token):
    with open_socket(live_server_url, token) as ws:
        ws.send("[" * 100_000 + "]" * 100_000)
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)

    assert closed.value.rcvd.code == 1007
