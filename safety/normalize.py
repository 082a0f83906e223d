"""Undo the tricks people use to slip words past a filter, before any layer looks at a text.

``normalize(text)`` returns the text in one canonical form: NFKC (fullwidth and styled letters
become plain), zero-width and soft-hyphen characters removed, look-alike letters from other
scripts (Cyrillic ``а``, Greek ``ο``...) mapped to the Latin letters they imitate, accents
dropped, lower case, leetspeak undone inside words that mix letters with digits or symbols
(``sh1t``, ``@ss``; a phone number stays a number), and letters spelled out with separators
(``f u c k``, ``f.u.c.k``) joined. It also returns, for each output character, the index of
the input character it came from, so a span found in the normalized text redacts the original.

Runs of one repeated letter (``fuuuuck``) are left alone here; the rule matcher tolerates them.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_INVISIBLE = set("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u2061\u2062\u2063\u2064")

# Letters from other scripts that look like Latin ones (the common part of Unicode's
# confusables list for Cyrillic and Greek).
_HOMOGLYPHS = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "с": "c",
        "ԁ": "d",
        "е": "e",
        "ё": "e",
        "һ": "h",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "к": "k",
        "ӏ": "l",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "ԛ": "q",
        "ѕ": "s",
        "т": "t",
        "у": "y",
        "ѡ": "w",
        "х": "x",
        "ү": "y",
        "ɡ": "g",
        "α": "a",
        "β": "b",
        "ε": "e",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ω": "w",
        "ϲ": "c",
        "ɑ": "a",
        "ı": "i",
        "ℓ": "l",
        "ⅼ": "l",
    }
)

_LEET = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "9": "g",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "l",
    "+": "t",
    "€": "e",
}
_LEET_CHARS = "".join(re.escape(c) for c in _LEET)
# A "word" for leetspeak: letters mixed with leet characters, with at least one letter.
_LEET_WORD = re.compile(
    rf"(?<![\w{_LEET_CHARS}])(?=[\w{_LEET_CHARS}]*[a-z])(?=[\w{_LEET_CHARS}]*[{_LEET_CHARS}0-9])[\w{_LEET_CHARS}]{{2,}}"
)
# Single letters separated by one space, dot, dash, underscore or asterisk: "f u c k", "s.e.x".
_SPELLED = re.compile(r"\b(?:[a-z][ .\-_*]){2,}[a-z]\b")


def _char_forms(char: str) -> str:
    if char in _INVISIBLE:
        return ""
    folded = unicodedata.normalize("NFKC", char).translate(_HOMOGLYPHS).casefold()
    if folded.isascii():
        return folded
    return "".join(c if c.isascii() else _ascii_letter(c) for c in folded)


def _ascii_letter(char: str) -> str:
    plain = anyascii(char)
    # Keep scripts anyascii would turn into long transliterations (CJK, emoji) as they are.
    return plain if len(plain) <= 1 else char


def is_homoglyph(char: str) -> bool:
    """A letter of another script that imitates a Latin one."""
    return ord(char) in _HOMOGLYPHS


def fold_homoglyphs(text: str) -> str:
    return text.translate(_HOMOGLYPHS)


def normalize(text: str, *, disguises: bool = True) -> tuple[str, list[int]]:
    """``disguises=False`` stops after the per-character steps (no leetspeak, no joining of
    spelled-out letters): what personal-information patterns need, since ``kid99@mail.com``
    must stay an address."""
    light, origin = normalize_characters(text)
    return undo_disguises(light, origin) if disguises else (light, origin)


def normalize_characters(text: str) -> tuple[str, list[int]]:
    """The per-character steps; ``origin`` has one more item than the result (its end)."""
    if text.isascii():  # the common case: nothing to fold but case
        return text.lower(), list(range(len(text) + 1))
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        form = _char_forms(char)
        out.append(form)
        origin.extend([index] * len(form))
    origin.append(len(text))
    return "".join(out), origin


def _undo_leet(match: re.Match[str]) -> str:
    word = match.group(0)
    if sum(c.isdigit() for c in word) > len(word) / 2:
        return word  # mostly digits: a number, not a word in disguise
    body = word.rstrip("!+|")  # "wow!" ends a sentence; "b!tch" hides a letter
    return "".join(_LEET.get(c, c) for c in body) + word[len(body) :]


def undo_disguises(light: str, origin: list[int]) -> tuple[str, list[int]]:
    """Leetspeak and spelled-out letters, on the output of ``normalize_characters``."""
    text = _LEET_WORD.sub(_undo_leet, light)  # same length: origin still holds
    pieces: list[str] = []
    new_origin: list[int] = []
    last = 0
    for match in _SPELLED.finditer(text):
        pieces.append(text[last : match.start()])
        new_origin.extend(origin[last : match.start()])
        for offset, char in enumerate(match.group(0)):
            if char.isalpha():
                pieces.append(char)
                new_origin.append(origin[match.start() + offset])
        last = match.end()
    pieces.append(text[last:])
    new_origin.extend(origin[last:])  # includes the end marker
    return "".join(pieces), new_origin


def fold(text: str) -> str:
    """What ``normalize_characters`` makes of a word or a pattern written with accents
    ("dónde" -> "donde", "straße" -> "strasse"): lexicons and patterns are folded the same way
    as the texts they are matched against."""
    return normalize_characters(text)[0]


def normalized_text(text: str) -> str:
    return normalize(text)[0]
