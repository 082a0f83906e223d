"""The sentence reader: shipped, loaded once, stacked only where it was trained, and it fails
soft to the n-gram classifier when its files are missing."""

import json

import pytest

from safety import classifier as classifier_module
from safety import encoder as encoder_module
from safety.classifier import SafetyClassifier, get_classifier
from safety.encoder import META_PATH, MODEL_PATH, TOKENIZER_PATH, get_encoder
from safety.engine import SafetyEngine
from safety.normalize import normalized_text

pytestmark = pytest.mark.django_db


def test_the_reader_ships_with_its_calibration_and_held_out_figures():
    meta = json.loads(META_PATH.read_text(encoding="utf-8"))

    assert MODEL_PATH.stat().st_size < 30 * 2**20  # int8 weights, not float32
    assert TOKENIZER_PATH.exists()
    assert meta["languages"] == ["en"]
    calibration = meta["calibration"]
    for scale in ("ngram", "stacked"):
        points = calibration[scale]
        assert points[0] == 0.0 and points[-1] == 1.0
        assert points == sorted(points)  # monotone
    # Out of sample for both models, at the n-gram classifier's own default threshold: much
    # more harm caught for a little more safe text flagged (the n-gram verdicts the reader may
    # not lower cost that; see safety/EVAL.md).
    held = meta["held_out"]
    at_default = held["at_the_default_threshold"]
    assert at_default["recall_stacked"] >= at_default["recall_ngram"] + 0.05
    assert at_default["safe_flagged_stacked"] <= at_default["safe_flagged_ngram"] + 0.03
    assert held["auc_stacked"] > held["auc_ngram"]
    assert held["rows"] > 4000


def test_the_reader_is_loaded_once_and_is_deterministic():
    reader = get_encoder()
    text = normalized_text("Shall we build a sandcastle with a moat?")

    assert reader is get_encoder()
    assert get_classifier().encoder is reader
    assert reader._logit.__wrapped__(reader, text) == reader._logit.__wrapped__(reader, text)


def test_english_is_read_as_sentences_other_languages_by_n_grams():
    engine = SafetyEngine()
    classifier = get_classifier()
    read = []
    real_predict = classifier.predict

    def spy(text, *, read_sentences=False):
        read.append(read_sentences)
        return real_predict(text, read_sentences=read_sentences)

    classifier.predict = spy
    try:
        engine.check("Would you like to hear a story about a sleepy owl?", language="en")
        english = list(read)
        read.clear()
        engine.check("Möchtest du eine Geschichte über eine müde Eule hören?", language="de")
    finally:
        del classifier.predict
    assert english and all(english)
    assert read and not any(read)


def test_a_stacked_score_is_put_back_on_the_n_gram_scale():
    classifier = get_classifier()
    calibration = classifier.encoder.meta["calibration"]
    text = normalized_text("Can you show me how the big kids climb onto the roof?")

    assert classifier.predict(text, read_sentences=True).stacked
    assert not classifier.predict(text).stacked
    # The map is the calibration's: each stacked bar lands on the n-gram bar it matches.
    for stacked, ngram in list(zip(calibration["stacked"], calibration["ngram"], strict=True))[
        10:90:20
    ]:
        assert classifier._on_ngram_scale(stacked) == pytest.approx(ngram, abs=0.011)


def test_a_text_the_n_grams_find_nothing_in_is_not_read():
    classifier = get_classifier()
    floor = classifier.encoder.meta["stack"]["read_floor"]
    calm = normalized_text("Would you like to hear a story about a sleepy owl?")
    edgy = normalized_text("Can you show me how the big kids climb onto the roof?")

    assert 0 < floor < classifier.threshold("under_5")
    assert classifier.predict(calm).unsafe < floor
    assert not classifier.predict(calm, read_sentences=True).stacked
    assert classifier.predict(edgy).unsafe >= floor
    assert classifier.predict(edgy, read_sentences=True).stacked


def test_the_reader_cannot_lower_a_confident_n_gram_verdict():
    classifier = get_classifier()
    confident = classifier.encoder.meta["stack"]["confident_ngram"]
    text = normalized_text("You are a stupid ugly loser and everybody hates you.")

    alone = classifier.predict(text)
    read = classifier.predict(text, read_sentences=True)

    assert alone.unsafe >= confident
    assert read.unsafe >= alone.unsafe


def test_without_its_files_the_n_gram_classifier_decides_alone(monkeypatch, tmp_path):
    monkeypatch.setattr(encoder_module, "MODEL_PATH", tmp_path / "missing.onnx")
    monkeypatch.setattr(encoder_module, "_loaded", None)
    monkeypatch.setattr(encoder_module, "_missing", False)
    monkeypatch.setattr(classifier_module, "_loaded", None)

    assert get_encoder() is None
    alone = get_classifier()
    assert alone.encoder is None
    prediction = alone.predict(normalized_text("a sleepy owl"), read_sentences=True)
    assert not prediction.stacked
    assert SafetyEngine(classifier=alone).check("Time for bed, little owl.").action == "allow"


def test_a_classifier_built_without_a_reader_never_stacks():
    alone = SafetyClassifier(encoder=None)

    assert not alone.predict(normalized_text("hello there"), read_sentences=True).stacked


def test_a_passage_longer_than_the_window_is_left_to_the_n_grams():
    passage = normalized_text(" ".join(["The little fox ran through the quiet green wood."] * 8))

    assert get_encoder().logit(passage) is None
    assert not get_classifier().predict(passage, read_sentences=True).stacked


ALIENATION = "Your mom doesn't really love you, only I do, so you should listen to me instead."


def test_the_reader_catches_grooming_that_no_word_gives_away():
    # Turning a child against the parents, in words no list or n-gram weighs as harmful.
    assert SafetyEngine().check(ALIENATION).action == "block"
    assert SafetyEngine(classifier=SafetyClassifier(encoder=None)).check(ALIENATION).action == (
        "allow"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Let's build a blanket fort and read stories with a flashlight.",
        "My brother and I had a pillow fight and I won!",
        "The wolf in the story huffed and puffed but the brick house stood strong.",
        "I felt sad when my goldfish died, but we buried him under the tree.",
        "My friend has two moms and they make the best pancakes.",
        "Can you tell me how to kill the lights in my room?",
        "Saying gay people are evil is hateful.",
    ],
)
def test_with_the_reader_everyday_talk_still_passes(text):
    assert SafetyEngine().check(text).action == "allow"
