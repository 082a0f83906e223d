"""COPPA: the bear never asks a child for personal information, never says it, and a child's
own words have it removed."""

import pytest

from safety.engine import SafetyEngine

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("call my mom at 555-123-4567 please", "call my mom at [redacted] please"),
        ("my email is kid99@gmail.com", "my email is [redacted]"),
        ("I live at 42 Maple Street", "I live at [redacted]"),
        ("I go to Lincoln Elementary School", "I [redacted]"),
        ("My name is Emma Johnson and I like cats", "[redacted] and I like cats"),
        ("I live in Springfield and I am seven", "[redacted] and I am seven"),
        ("my number is five five five one two three four", "my number is [redacted]"),
        ("My last name is Kowalski.", "[redacted]."),
        ("My full name is Emma Rose Thompson.", "[redacted]."),
        ("my whole name is emma grace rodriguez and im seven", "[redacted] and im seven"),
        ("My school is called Saint Mary's and I like it", "[redacted] and I like it"),
        ("our house is number 9 on Baker Lane", "our [redacted]"),
        ("we moved to Willow Crescent last year", "we [redacted] last year"),
        ("My password is sunshine123.", "[redacted]."),
        ("our door code is 4471 so I can get in", "[redacted] so I can get in"),
        ("the wifi password is bluecat", "[redacted]"),
        ("mein Nachname ist Kowalczyk", "[redacted]"),
        ("a minha senha é gato77", "a [redacted]"),
    ],
)
def test_a_childs_personal_information_is_redacted(said, kept):
    decision = SafetyEngine().check(said, direction="from_child")

    assert decision.action == "redact"
    assert decision.category == "pii"
    assert decision.redacted_text == kept


@pytest.mark.parametrize(
    ("said", "language", "kept"),
    [
        # A transcript spells numbers out: the address is the same one.
        ("i live at forty two elm street", "en", "i live at [redacted]"),
        ("our door code is four four seven one", "en", "[redacted]"),
        ("vivo en la calle de los olmos número catorce", "es", "vivo en la [redacted]"),
        ("j'habite au vingt-trois rue des Lilas", "fr", "j'habite au [redacted]"),
        ("abito in via Garibaldi quarantadue", "it", "abito in [redacted]"),
        ("eu moro na rua das Flores número cento e dois", "pt", "eu moro na [redacted]"),
        ("ich wohne in der Gartenstraße zwölf", "de", "ich wohne in der [redacted]"),
        ("ik woon op de Tulpstraat nummer achttien", "nl", "ik woon op de [redacted]"),
    ],
)
def test_an_address_with_its_number_in_words_is_redacted(said, language, kept):
    decision = SafetyEngine().check(said, direction="from_child", language=language)

    assert decision.action == "redact"
    assert decision.redacted_text == kept


@pytest.mark.parametrize("words_before", [0, 30, 43, 100])
def test_an_address_in_words_is_found_anywhere_in_a_long_transcript(words_before):
    # Number words are read a window of words at a time; the windows overlap, so an address
    # that straddles the edge of one is whole in the next.
    chatter = " ".join(["we played with the blocks"] * (words_before // 5 + 1)).split()
    said = " ".join([*chatter[:words_before], "and i live at forty two elm street ok"])

    decision = SafetyEngine().check(said, direction="from_child")

    assert decision.action == "redact"
    assert "forty" not in decision.redacted_text
    assert "elm" not in decision.redacted_text
    assert decision.redacted_text.endswith("i live at [redacted] ok")


@pytest.mark.parametrize(
    ("said", "language"),
    [
        ("there were three little pigs and one big wolf", "en"),
        ("we saw two ducks on our street", "en"),
        ("on a vu trois chats dans la rue", "fr"),
        ("ho visto due cani in via di casa", "it"),
        ("das Haus in unserer Straße hat drei Fenster", "de"),
        ("we zagen vier eenden in de straat", "nl"),
        ("vimos cinco gatos en la calle", "es"),
        ("tem dois cachorros na rua", "pt"),
    ],
)
def test_numbers_in_words_near_a_street_are_not_an_address(said, language):
    decision = SafetyEngine().check(said, direction="from_child", language=language)

    assert decision.action == "allow"


def test_a_zip_code_never_goes_on():
    decision = SafetyEngine().check("my zip code is 90210", direction="from_child")

    assert decision.action in ("redact", "block")
    assert "90210" not in decision.redacted_text


@pytest.mark.parametrize(
    "said",
    [
        "my name is Emma and I like cats",
        "I have 3 cats",
        "I am 7 years old",
        "I like school",
        "my last name is hard to spell",
        "the secret code is a wink and a smile",
        "my school is called the best school by my mom",
        "the password is the magic word: please",
        "we moved to a bigger house",
    ],
)
def test_harmless_details_are_kept(said):
    assert SafetyEngine().check(said, direction="from_child").action == "allow"


@pytest.mark.parametrize(
    "asked",
    [
        "What's your home address?",
        "Which school do you go to?",
        "whats ur phone number",
        "Where do you live?",
        "Can you tell me your full name?",
        "What is your mom's phone number?",
    ],
)
def test_the_toy_asking_for_personal_information_is_blocked(asked):
    decision = SafetyEngine().check(asked, direction="to_child")

    assert decision.action == "block"
    assert decision.category == "pii_solicitation"
    assert decision.layer == "pii"


@pytest.mark.parametrize(
    "said",
    [
        "Don't tell your parents about our game.",
        "Are you home alone right now?",
        "Send me a photo of yourself.",
        "This is our little secret, okay?",
    ],
)
def test_grooming_moves_are_blocked_as_the_gravest_category(said):
    decision = SafetyEngine().check(said, direction="to_child")

    assert decision.action == "block"
    assert decision.category == "grooming"
    assert decision.severity == "critical"


@pytest.mark.parametrize(
    "asked",
    [
        "What is your favourite colour?",
        "Where do you like to play?",
        "What is your name?",
        "Would you like to hear a secret about the moon?",
    ],
)
def test_friendly_questions_are_allowed(asked):
    assert SafetyEngine().check(asked, direction="to_child").action == "allow"


def test_the_toy_never_speaks_someone_s_phone_number():
    decision = SafetyEngine().check("Ben's number is 555-987-6543.", direction="to_child")

    assert decision.action == "block"
    assert decision.category == "pii"


def test_a_transcript_with_a_phone_number_comes_back_redacted_from_the_api(toy_client):
    response = toy_client.post(
        "/api/v1/safety/check",
        {"text": "my dad's phone is 555 234 5678", "direction": "from_child"},
        format="json",
    )

    assert response.json()["action"] == "redact"
    assert "555" not in response.json()["redacted_text"]
