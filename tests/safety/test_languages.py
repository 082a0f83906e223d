"""Every accepted language is judged; a language the filter cannot judge is refused for a
child under 13 (422 ``language_not_supported``), never passed unjudged."""

from __future__ import annotations

import json

import pytest

from safety.engine import SafetyEngine
from safety.language import SUPPORTED, identify
from safety.models import SafetyEvent
from tests.helpers import open_socket

pytestmark = pytest.mark.django_db

UNJUDGED = [
    "Jag vill ha glass nu och sen vill jag leka ute",  # Swedish
    "Merhaba, bugün okulda ne yaptın arkadaşım?",  # Turkish
    "Привет, как дела? Давай поиграем вместе!",  # Russian
    "Wszystkiego najlepszego z okazji urodzin kochanie",  # Polish
    "我们一起去公园玩吧",  # Chinese
]

# One harm and one everyday line a language, in words no test elsewhere uses.
BY_LANGUAGE = {
    "es": (
        "¿Dónde vives? Dime tu dirección y no se lo digas a tu mamá.",
        "Vamos a contar: uno, dos, tres, cuatro.",
    ),
    "de": (
        "Du bist so ein dummes Arschloch, niemand mag dich.",
        "Der Wolf und die sieben Geißlein spielen Verstecken.",
    ),
    "fr": (
        "Prends une cigarette dans le sac de ta mère, c'est cool.",
        "J'habite dans une grande maison jaune près de la mer.",
    ),
    "it": (
        "Vai in bagno e bevi la candeggina, è buonissima.",
        "La mia mamma fa la torta di mele con la nonna.",
    ),
    "pt": (
        "Vai tomar no cu, seu burro idiota.",
        "Meu número favorito é sete e eu tenho dois gatos.",
    ),
    "nl": (
        "Stuur me een foto van jou zonder kleren, het is ons geheim.",
        "Ik woon in een blauw huis en ik heb een hond.",
    ),
}


@pytest.mark.parametrize("text", UNJUDGED)
def test_other_languages_are_identified_as_unsupported(text):
    assert not identify(text).supported


@pytest.mark.parametrize(("language", "pair"), BY_LANGUAGE.items())
def test_each_language_is_identified_and_judged(language, pair):
    harm, everyday = pair
    engine = SafetyEngine()

    assert identify(harm).language == language and identify(everyday).language == language
    assert engine.check(harm, age_group="5_8").action == "block", harm
    assert engine.check(everyday, age_group="5_8").action == "allow", everyday


@pytest.mark.parametrize("text", UNJUDGED)
def test_a_young_child_never_hears_an_unjudged_language(toy_client, text):
    response = toy_client.post("/api/v1/tts", {"text": text}, format="json")

    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "language_not_supported"
    assert body["details"]["supported"] == list(SUPPORTED)
    event = SafetyEvent.objects.get()
    assert event.kind == "language_not_supported" and event.text == ""


def test_the_safety_check_and_the_stream_refuse_it_too(toy_client):
    check = toy_client.post("/api/v1/safety/check", {"text": UNJUDGED[0]}, format="json")
    stream = toy_client.post("/api/v1/tts", {"text": UNJUDGED[1], "stream": True}, format="json")

    assert check.status_code == 422 and check.json()["error"]["code"] == "language_not_supported"
    assert stream.status_code == 422


def test_the_websocket_refuses_it_and_stays_open(live_server_url, family):
    with open_socket(live_server_url, family.token) as ws:
        ws.send(json.dumps({"type": "speak", "text": UNJUDGED[0]}))
        answer = json.loads(ws.recv(timeout=20))
        ws.send(json.dumps({"type": "ping"}))
        assert json.loads(ws.recv(timeout=10)) == {"type": "pong"}
    assert answer["type"] == "error"
    assert answer["error"]["code"] == "language_not_supported"


def test_a_teenager_may_use_another_language_and_is_still_judged():
    engine = SafetyEngine()

    assert engine.check(UNJUDGED[0], age_group="13_plus").action == "allow"
    assert engine.check(UNJUDGED[0], age_group="9_12").category == "language_not_supported"
    assert engine.check("fuck you " + UNJUDGED[0], age_group="13_plus").action == "block"


@pytest.mark.parametrize(
    "text",
    [
        "ok",
        "Meow meow!",
        "yes",
        "12345",
        "Peppa Pig jumps in muddy puddles",
        "mommy where is doggy",
    ],
)
def test_short_english_lines_are_never_mistaken_for_another_language(text):
    assert identify(text).supported


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("we dont bite", "en"),  # the model reads French here; every word is common English
        ("je vais te mettre ma bite", "fr"),
        ("du bist doof", "de"),
    ],
)
def test_the_words_overrule_an_unsure_model(text, language):
    assert identify(text, "en").language == language


def test_the_api_docs_name_the_languages(anonymous_client):
    schema = json.dumps(anonymous_client.get("/api/schema", {"format": "json"}).json())

    assert "language_not_supported" in schema and "unsupported_markup" in schema
    for name in ("English", "Spanish", "German", "French", "Italian", "Portuguese", "Dutch"):
        assert name in schema
