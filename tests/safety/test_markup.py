"""What the bear speaks is what the filter judged: engine markup in a toy's text is refused with
400 ``unsupported_markup`` (REST, the cache-hit fast path, the WebSocket, the safety check) and
recorded as a safety event; and espeak-ng speaks ``[[`` as letters even if a text got past."""

from __future__ import annotations

import json
import subprocess
import unicodedata

import httpx
import pytest

from audio.providers.local import LocalProvider
from safety.markup import find_markup
from safety.models import SafetyEvent
from tests.helpers import metric_value, open_socket

MARKUP = [
    ("[[f'Vk]] you", "espeak_phonemes"),
    ("Say [[k'Il jo@s'Elf]] now", "espeak_phonemes"),
    ("\uff3b\uff3bf'Vk]] you", "espeak_phonemes"),  # fullwidth brackets fold to [[
    ("<speak>Hello friend</speak>", "ssml"),
    ('Hi <phoneme alphabet="ipa" ph="fʌk">duck</phoneme>', "ssml"),
    ('<say-as interpret-as="characters">abc</say-as>', "ssml"),
    ('Nice <sub alias="something rude">day</sub>', "ssml"),
    ('Wait <break time="3s"/> there', "ssml"),
    ("<amazon:effect name='whispered'>psst</amazon:effect>", "ssml"),
    ("Hello </voice> there", "ssml"),
    ("<!-- hidden --> hello", "ssml"),
    ("Tom &#38; Jerry &lt;3", "character_reference"),
    ("Ring \x07 the bell", "control_character"),
    ("\x1b[31mred", "control_character"),
    ("\x01 30S fast", "control_character"),
    ("abc \u202edcba", "bidi_control"),
    ("left \u2067right\u2069", "bidi_control"),
    ("hidden \U000e0066\U000e0075 tags", "control_character"),
]

LOOKALIKES = [
    "3 < 5 is true",
    "I love you <3",
    "[the end]",
    "a [big] dog",
    "x<y and y>z",
    "x > y",
    ":-) hi",
    "Tom & Jerry",
    "Line one\nline two\ttabbed",
    "fu\u200bn with zero-width spaces",  # judged without them (safety/normalize.py)
]


@pytest.mark.parametrize(("text", "kind"), MARKUP)
def test_markup_is_found_and_named(text, kind):
    assert find_markup(text) == kind


@pytest.mark.parametrize("text", LOOKALIKES)
def test_brackets_and_signs_in_plain_words_are_not_markup(text):
    assert find_markup(text) is None


@pytest.mark.parametrize(("text", "kind"), MARKUP)
def test_the_rest_api_refuses_markup_and_records_an_event(toy_client, toy, text, kind):
    response = toy_client.post("/api/v1/tts", {"text": text}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unsupported_markup"
    assert response.json()["error"]["details"] == {"markup": kind}
    event = SafetyEvent.objects.get()
    assert (event.kind, event.detail, event.device_id) == (
        "unsupported_markup",
        kind,
        toy.device.pk,
    )
    assert event.text == ""  # what the toy tried is not kept


def test_the_safety_check_refuses_markup_too(toy_client):
    response = toy_client.post("/api/v1/safety/check", {"text": "[[f'Vk]]"}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unsupported_markup"
    assert SafetyEvent.objects.filter(kind="unsupported_markup").count() == 1


def test_refusals_are_counted_as_violations(toy_client):
    before = metric_value(
        toy_client,
        "audio_safety_violations_total",
        violation_type="unsupported_markup",
        action_taken="refused",
    )
    toy_client.post("/api/v1/tts", {"text": "<speak>hi</speak>"}, format="json")

    after = metric_value(
        toy_client,
        "audio_safety_violations_total",
        violation_type="unsupported_markup",
        action_taken="refused",
    )
    assert after == before + 1


def test_lookalikes_are_spoken(toy_client):
    response = toy_client.post("/api/v1/tts", {"text": "I love you <3"}, format="json")

    assert response.status_code == 200
    assert response["X-Safety-Action"] == "allow"


def test_the_fast_path_refuses_markup_once_over_the_real_server(live_server_url, family):
    """The fast path leaves the refusal to Django, which records it once."""

    def tts(text: str) -> httpx.Response:
        return httpx.post(
            f"http://{live_server_url}/api/v1/tts",
            json={"text": text},
            headers={"Authorization": f"Bearer {family.token}"},
            timeout=30,
        )

    assert tts("Good night, little bear.").status_code == 200  # cached: the fast path is warm
    for text, _kind in MARKUP:
        response = tts(text)
        assert response.status_code == 400, text
        assert response.json()["error"]["code"] == "unsupported_markup"
    assert SafetyEvent.objects.filter(kind="unsupported_markup").count() == len(MARKUP)


def test_the_websocket_refuses_markup_and_stays_open(live_server_url, family):
    with open_socket(live_server_url, family.token) as ws:
        for text, kind in MARKUP:
            ws.send(json.dumps({"type": "speak", "text": text}))
            answer = json.loads(ws.recv(timeout=10))
            assert answer["type"] == "error"
            assert answer["error"]["code"] == "unsupported_markup", (text, kind)
        ws.send(json.dumps({"type": "ping"}))
        assert json.loads(ws.recv(timeout=10)) == {"type": "pong"}
    assert SafetyEvent.objects.filter(kind="unsupported_markup").count() == len(MARKUP)


@pytest.mark.parametrize(
    ("markup", "word"),
    [("[[f'Vk]] you", "f'Vk"), ("[[k'Il jo@s'Elf]]", "k'Il"), ("\uff3b\uff3bs'Eks]]", "s'Eks")],
)
def test_the_local_engine_speaks_brackets_as_letters_if_a_text_gets_past(markup, word):
    """espeak-ng's command line always reads [[...]] as phonemes; the engine never lets it."""
    raw = subprocess.run(
        ["espeak-ng", "-q", "-x"],
        input=unicodedata.normalize("NFKC", markup).encode(),
        capture_output=True,
        check=True,
    )
    engine = LocalProvider()

    assert word in raw.stdout.decode().split()  # espeak-ng alone would speak the hidden word
    assert word not in engine.phonemes(markup).split()  # the engine does not
    assert engine.synthesize(markup, voice="nova", language="en").duration_s > 0


def test_the_local_engine_reads_real_words_as_before():
    assert LocalProvider().phonemes("kill") == "k'Il"
