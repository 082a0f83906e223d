"""Spelling tricks do not get words past the filter."""

import pytest

from safety.engine import SafetyEngine

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "f u c k you",  # spaced letters
        "f.u.c.k you",
        "sh1t happens",  # leetspeak
        "you are a b!tch",
        "\u0455\u0435\u0445 video",  # Cyrillic look-alikes: "sex"
        "\uff26\uff35\uff23\uff2b off",  # fullwidth
        "fu\u200bck off",  # zero-width space
        "fuuuuuuck off",  # stretched letters
        "k1ll y0urs3lf",
        "P0RN",
    ],
)
def test_disguised_words_are_caught(text):
    decision = SafetyEngine().check(text)

    assert decision.action == "block", decision


@pytest.mark.parametrize(
    "text",
    [
        "Call me at 3 o'clock!",
        "I have 2 cats and 1 dog.",
        "Wow! That's amazing!",
        "Look, the purple wombat!",
        "A b c d e f g, now I know my ABC.",
        "Caf\u00e9 cr\u00e8me is yummy.",
    ],
)
def test_ordinary_text_survives_normalization(text):
    assert SafetyEngine().check(text).action == "allow"


def test_redaction_keeps_the_childs_original_spelling():
    decision = SafetyEngine().check("Ｍy email is KID99@mail.com, OK?", direction="from_child")

    assert decision.action == "redact"
    assert decision.redacted_text == "Ｍy email is [redacted], OK?"
