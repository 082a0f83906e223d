"""The common words of each supported language, with how common they are (Zipf scale: 7 is
"the", 3 is a word seen about once in a million words). Built by
``safety/training/build_vocabulary.py`` from wordfreq; loaded once per process, per language,
on first use (about 2.5 MiB each).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

VOCAB_DIR = Path(__file__).with_name("model") / "vocab"
#: One- and two-letter pieces must be very common words ("a", "i", "me", "my", "to").
SHORT_PIECE_ZIPF = 5.5
PIECE_COST = 4.0
SINGLE_LETTER_WORDS = frozenset("aiyoeuà")
_lock = threading.Lock()
_loaded: dict[str, dict[str, float]] = {}


def words(language: str) -> dict[str, float]:
    """word (folded: lower case, no accents) -> Zipf frequency; empty for a language without
    a list."""
    table = _loaded.get(language)
    if table is None:
        with _lock:
            table = _loaded.get(language)
            if table is None:
                path = VOCAB_DIR / f"{language}.tsv"
                table = {}
                if path.exists():
                    from .normalize import fold

                    # Keys folded as texts are ("pequeño" -> "pequeno"); the commoner wins.
                    for line in path.read_text(encoding="utf-8").splitlines():
                        word, _, zipf = line.partition("\t")
                        key = fold(word)
                        table[key] = max(table.get(key, 0.0), float(zipf))
                _loaded[language] = table
    return table


def zipf(word: str, language: str = "en") -> float:
    """How common ``word`` is; 0.0 for a word outside the list (rare, a name, or no word)."""
    return words(language).get(word, 0.0)


def is_word(word: str, language: str = "en") -> bool:
    return word in words(language)


@lru_cache(maxsize=20_000)
def segment(token: str, language: str = "en", *, min_zipf: float = 3.5) -> tuple[str, ...]:
    """``token`` split into common words ("killyourself" -> ("kill", "your", "self")), or ()
    when it cannot be split into at most five words that are each at least ``min_zipf``
    common. The split that maximizes the words' summed frequency wins (a Viterbi pass)."""
    table = words(language)
    n = len(token)
    best: list[tuple[float, tuple[str, ...]] | None] = [None] * (n + 1)
    best[0] = (0.0, ())
    for end in range(1, n + 1):
        for start in range(max(0, end - 15), end):
            prefix = best[start]
            piece = token[start:end]
            score = table.get(piece, 0.0)
            if prefix is None or score < (min_zipf if len(piece) > 2 else SHORT_PIECE_ZIPF):
                continue
            if len(piece) == 1 and piece not in SINGLE_LETTER_WORDS:
                continue
            # Each piece costs more than a rare word brings: the fewest common words win.
            candidate = (prefix[0] + score - PIECE_COST, (*prefix[1], piece))
            if best[end] is None or candidate[0] > best[end][0]:
                best[end] = candidate
    found = best[n]
    if found is None or len(found[1]) < 2 or len(found[1]) > 5:
        return ()
    return found[1]
