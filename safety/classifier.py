"""The local safety classifier: hashed word and character n-grams, two linear heads.

- the **unsafe** head scores how likely a text is unfit for a child (logistic regression);
- the **category** head says which kind (sexual, sexual_minors, violence, self_harm, hate,
  harassment, profanity, weapons, drugs_alcohol, dangerous_activities, crime, pii).

Features are computed here, in plain Python and numpy, the same way at training time
(``safety/training/train_classifier.py``) and at run time, so the model file holds only numbers
(``safety/model/classifier.npz``, with ``DATA_CARD.md`` beside it): no pickles, no scikit-learn
at run time. Loaded once per process.
"""

from __future__ import annotations

import functools
import json
import math
import re
import threading
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np

from .encoder import SentenceEncoder, get_encoder

MODEL_PATH = Path(__file__).with_name("model") / "classifier.npz"
DIMENSIONS = 2**18
CHAR_NGRAMS = (3, 4, 5)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _index(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (DIMENSIONS - 1)


@lru_cache(maxsize=200_000)
def _word_features(word: str) -> tuple[int, ...]:
    """The hashed features one word brings (itself and its character n-grams). Words repeat
    across texts, so this cache does most of the work of long texts."""
    padded = f" {word} "
    grams = [
        "c" + padded[i : i + size] for size in CHAR_NGRAMS for i in range(len(padded) - size + 1)
    ]
    return tuple(_index(feature) for feature in ["w" + word, *grams])


def raw_features(normalized: str) -> dict[int, float]:
    """Sublinear term counts of a normalized text's hashed n-grams (before IDF and scaling)."""
    words = _WORD.findall(normalized)
    hashed: dict[int, float] = {}
    for word, n in Counter(words).items():
        for index in _word_features(word):
            hashed[index] = hashed.get(index, 0.0) + n
    for pair in Counter(pairwise(words)).items():
        index = _index("b" + " ".join(pair[0]))
        hashed[index] = hashed.get(index, 0.0) + pair[1]
    return {i: 1.0 + math.log(n) for i, n in hashed.items()}


def vectorize(normalized: str, idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(indices, L2-normalized TF-IDF values) of one text."""
    raw = raw_features(normalized)
    if not raw:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    indices = np.fromiter(raw.keys(), dtype=np.int64, count=len(raw))
    values = np.fromiter(raw.values(), dtype=np.float32, count=len(raw)) * idf[indices]
    norm = float(np.linalg.norm(values))
    return indices, values / norm if norm else values


@dataclass(frozen=True)
class Prediction:
    unsafe: float  # probability in [0, 1]
    category: str
    category_confidence: float
    #: The sentence reader's score was stacked in (``unsafe`` is then on the n-gram scale).
    stacked: bool = False


class SafetyClassifier:
    def __init__(self, path: Path = MODEL_PATH, encoder: SentenceEncoder | None = None) -> None:
        with np.load(path, allow_pickle=False) as model:
            self.idf = model["idf"].astype(np.float32)
            self.unsafe_w = model["unsafe_w"].astype(np.float32)
            self.unsafe_b = float(model["unsafe_b"])
            self.category_w = model["category_w"].astype(np.float32)  # (K, D)
            self.category_b = model["category_b"].astype(np.float32)
            meta = json.loads(str(model["meta"]))
        self.categories: list[str] = meta["categories"]
        self.thresholds: dict[str, float] = meta["thresholds"]
        self.meta = meta
        self.encoder = encoder
        if encoder is not None:  # read once, not on every prediction
            self._stack = encoder.meta["stack"]
            self._calibration = tuple(
                np.array(encoder.meta["calibration"][scale]) for scale in ("stacked", "ngram")
            )

    def predict(self, normalized: str, *, read_sentences: bool = False) -> Prediction:
        """The model's verdict. Remembered for the last few thousand texts: the bear says the
        same phrases again and again, and the model is fixed for the life of the process.

        ``read_sentences``: the text is in a language the sentence reader was trained on
        (``safety/encoder.py``). When the text fits the reader's window, its logit is stacked
        with the n-gram one, and the stacked probability is mapped back onto the n-gram
        classifier's scale (``_on_ngram_scale``), so that every threshold keeps its meaning."""
        return self._predict(normalized, read_sentences and self.encoder is not None)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one model per process, kept for its life
    def _predict(self, normalized: str, read_sentences: bool) -> Prediction:
        indices, values = vectorize(normalized, self.idf)
        if not len(indices):
            return Prediction(0.0, self.categories[0], 0.0)
        logit = float(values @ self.unsafe_w[indices]) + self.unsafe_b
        scores = self.category_w[:, indices] @ values + self.category_b
        scores = np.exp(scores - scores.max())
        probs = scores / scores.sum()
        best = int(probs.argmax())
        unsafe = _sigmoid(logit)
        # Below the floor the n-grams see nothing to weigh: the reader would spend its
        # milliseconds only to raise the odd everyday sentence (measured, safety/EVAL.md §8).
        sentence = (
            self.encoder.logit(normalized)
            if read_sentences and unsafe >= self._stack.get("read_floor", 0.0)
            else None
        )
        if sentence is not None:
            stack = self._stack
            stacked = _sigmoid(stack["ngram"] * logit + stack["encoder"] * sentence + stack["bias"])
            read = self._on_ngram_scale(stacked)
            # The reader may overrule an unsure n-gram verdict, never lower a confident one.
            unsafe = max(unsafe, read) if unsafe >= stack["confident_ngram"] else read
        return Prediction(
            unsafe=unsafe,
            category=self.categories[best],
            category_confidence=float(probs[best]),
            stacked=sentence is not None,
        )

    def _on_ngram_scale(self, stacked: float) -> float:
        """The n-gram probability that flags as much held-out safe text as this stacked one
        (``encoder.json``'s calibration, from ``train_encoder``): a bar of 0.9 means the same
        false-positive budget whichever model scored the text."""
        return float(np.interp(stacked, *self._calibration))

    def threshold(self, age_group: str) -> float:
        return self.thresholds.get(age_group, self.thresholds["default"])


def _sigmoid(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-logit))


_lock = threading.Lock()
_loaded: SafetyClassifier | None = None


def get_classifier() -> SafetyClassifier | None:
    """The process's classifier, loaded on first use; None when the model file is missing (the
    engine then fails closed for young children, see ``safety/engine.py``)."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None and MODEL_PATH.exists():
                _loaded = SafetyClassifier(encoder=get_encoder())
    return _loaded
