"""Younger children get a stricter filter; nobody under 13 can have it switched off."""

import pytest

from safety.classifier import Prediction
from safety.engine import SafetyEngine

pytestmark = pytest.mark.django_db


class FixedScore:
    """A classifier that scores every text the same: isolates the engine's thresholds."""

    def __init__(self, score: float) -> None:
        self.score = score
        self.thresholds = {"default": 0.5, "under_5": 0.4, "13_plus": 0.7}

    def predict(self, normalized: str, *, read_sentences: bool = False) -> Prediction:
        return Prediction(self.score, "violence", 0.9)

    def threshold(self, age_group: str) -> float:
        return self.thresholds.get(age_group, self.thresholds["default"])


TEXT = "the knights had a long and noisy battle in the valley"


@pytest.mark.parametrize(
    ("age_group", "action"),
    [("under_5", "block"), ("5_8", "allow"), ("9_12", "allow"), ("13_plus", "allow")],
)
def test_classifier_threshold_depends_on_age(age_group, action):
    engine = SafetyEngine(classifier=FixedScore(0.45))

    assert engine.check(TEXT, age_group=age_group).action == action


def test_short_texts_need_strong_evidence():
    engine = SafetyEngine(classifier=FixedScore(0.6))

    assert engine.check("failing test zero").action == "allow"
    assert engine.check(TEXT).action == "block"


@pytest.mark.parametrize(
    ("age_group", "action"), [("under_5", "block"), ("5_8", "block"), ("9_12", "allow")]
)
def test_mild_words_are_blocked_for_the_youngest_only(age_group, action):
    assert SafetyEngine().check("oh damn, the tower fell", age_group=age_group).action == action


@pytest.mark.parametrize("age_group", ["under_5", "5_8", "9_12", "unknown"])
def test_filtering_stays_on_under_13_even_when_switched_off(settings, age_group):
    settings.TTS_CHILD_SAFETY = False

    assert SafetyEngine().check("what the fuck", age_group=age_group).action == "block"


def test_only_a_13_plus_user_can_have_content_filtering_off(settings):
    settings.TTS_CHILD_SAFETY = False

    assert SafetyEngine().check("what the fuck", age_group="13_plus").action == "allow"
    # ... but personal information is still never spoken
    assert SafetyEngine().check("What's your home address?", age_group="13_plus").action == "block"


def test_a_younger_group_is_never_less_strict_on_the_held_out_probes():
    """Over every probe, what an older child may not hear, a younger one may not either."""
    import itertools
    import json
    from pathlib import Path

    probes = Path(__file__).resolve().parents[2] / "safety" / "eval" / "probes"
    rows = [json.loads(line) for path in sorted(probes.glob("*.jsonl")) for line in path.open()]
    engine = SafetyEngine()
    order = ("under_5", "5_8", "9_12", "13_plus")
    checked = 0
    for row in rows:
        direction = row.get("direction", "to_child")
        blocked = [
            engine.check(row["text"], direction=direction, age_group=g).action != "allow"
            for g in order
        ]
        for younger, older in itertools.pairwise(blocked):
            assert younger or not older, (row["text"], dict(zip(order, blocked, strict=True)))
        checked += 1
    assert checked > 1000
