"""Other readings of a normalized text, for the spellings that normalization cannot undo.

``safety/normalize.py`` already undoes look-alike letters, zero-width characters, leetspeak and
spaced or dotted letters: those have one right answer. What is left needs a guess, so it makes
*extra* readings that every layer also judges (the original is always judged too):

- **text-speak**: "wanna b my secret bf? dont tell ur mom" -> "want to be my secret boyfriend?
  don't tell your mom" (a short table: the spellings are conventions, not errors);
- **glued words**: "killyourself" -> "kill your self", found by splitting tokens that are no
  word of the language into common words (``vocabulary.segment``);
- **sound-alike spellings**: "phuk", "fuk", "kunt", "seks" -> the lexicon word that sounds the
  same (the same Metaphone key, ``jellyfish``) and is one edit away once the usual evasions
  (ph for f, k for c, z for s, doubled letters) are undone (Damerau-Levenshtein distance), for
  tokens that are no word of the language: "fake" and "sax" are words and stay what they are,
  "whir" is two edits from "whore".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import jellyfish

from . import vocabulary

TEXT_SPEAK = {
    "u": "you",
    "ur": "your",
    "urs": "yours",
    "ure": "you're",
    "youre": "you're",
    "r": "are",
    "b": "be",
    "bf": "boyfriend",
    "gf": "girlfriend",
    "bff": "best friend",
    "pls": "please",
    "plz": "please",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "cant": "can't",
    "wont": "won't",
    "isnt": "isn't",
    "im": "i'm",
    "ive": "i've",
    "ill": "i'll",
    "id": "i'd",
    "luv": "love",
    "n": "and",
    "y": "why",
    "k": "ok",
    "kk": "ok",
    "thx": "thanks",
    "cuz": "because",
    "coz": "because",
    "bc": "because",
    "sum1": "someone",
    "some1": "someone",
    "ne1": "anyone",
    "any1": "anyone",
    "no1": "no one",
    "every1": "everyone",
    "l8r": "later",
    "h8": "hate",
    "gr8": "great",
    "ppl": "people",
    "pic": "picture",
    "pics": "pictures",
    "pix": "pictures",
    "addy": "address",
    "fone": "phone",
    "skool": "school",
    "wat": "what",
    "wut": "what",
    "wen": "when",
    "wher": "where",
    "wer": "where",
    "dat": "that",
    "da": "the",
    "dis": "this",
    "tho": "though",
    "rn": "right now",
    "bout": "about",
    "abt": "about",
    "ya": "you",
    "yr": "your",
    "shud": "should",
    "wud": "would",
    "cud": "could",
    "knif": "knife",
    "2nite": "tonight",
    "2day": "today",
    "2moro": "tomorrow",
    "4ever": "forever",
    "b4": "before",
    "ur self": "yourself",
    "urself": "yourself",
    "kys": "kill yourself",
    "kms": "kill myself",
    "unalive": "kill",
    "nudez": "nudes",
    "noods": "nudes",
    "seggs": "sex",
    "secks": "sex",
    "pr0n": "porn",
    "ded": "dead",
    "rly": "really",
    "srsly": "seriously",
    "nvm": "never mind",
    "idk": "i don't know",
    "omg": "oh my god",
    "wtf": "what the fuck",
    "stfu": "shut the fuck up",
    "gtfo": "get the fuck out",
    "fml": "fuck my life",
}
_WORD = re.compile(r"[a-z0-9']+")
#: Tokens this short sound alike too often by chance ("fk" is in TEXT_SPEAK's spirit, not here).
MIN_SOUND_ALIKE = 3


def _expand(text: str) -> str:
    return _WORD.sub(lambda m: TEXT_SPEAK.get(m.group(0), m.group(0)), text)


def _segmented(text: str, language: str) -> str:
    def split(match: re.Match[str]) -> str:
        token = match.group(0)
        if len(token) < 6 or vocabulary.is_word(token, language):
            return token
        pieces = vocabulary.segment(token, language)
        return " ".join(pieces) if pieces else token

    return _WORD.sub(split, text)


class SoundAlikes:
    """The lexicon's single words by Metaphone key, for tokens that are no word at all."""

    def __init__(self, words: Iterable[str]) -> None:
        self.by_key: dict[str, list[str]] = {}
        for word in words:
            if len(word) >= MIN_SOUND_ALIKE and word.isalpha() and word.isascii():
                self.by_key.setdefault(_key(word), []).append(word)

    def replace(self, text: str, language: str = "en") -> str:
        def sound(match: re.Match[str]) -> str:
            token = match.group(0)
            if len(token) < MIN_SOUND_ALIKE or not token.isalpha() or not token.isascii():
                return token
            if vocabulary.is_word(token, language):
                return token
            skeleton = _skeleton(token)
            for word in self.by_key.get(_key(token), ()):
                if jellyfish.damerau_levenshtein_distance(skeleton, _skeleton(word)) <= 1:
                    return word
            return token

        return _WORD.sub(sound, text)


_EVASIONS = (("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("x", "ks"), ("z", "s"))


@lru_cache(maxsize=50_000)
def _skeleton(word: str) -> str:
    """The spelling with the usual evasions undone ("phuk", "fuck" -> "fuk"; "seks", "sex" ->
    "seks"; "puzzy" -> "pusy"): a disguised spelling is one step from its word at most, an
    unrelated word that happens to sound alike ("whir", "whore") is further."""
    for grapheme, plain in _EVASIONS:
        word = word.replace(grapheme, plain)
    return re.sub(r"(.)\1+", r"\1", word)


@lru_cache(maxsize=50_000)
def _key(word: str) -> str:
    squeezed = re.sub(r"(.)\1+", r"\1", word)  # "fuuuk" sounds like "fuk"
    return jellyfish.metaphone(squeezed)


def readings(text: str, language: str, sound_alikes: SoundAlikes | None) -> list[str]:
    """The extra readings of a normalized ``text`` in ``language`` that differ from it (often
    none). Text-speak and sound-alikes are English conventions: read so only in English text
    ("cuento" is a Spanish word, not a way to spell an English one)."""
    if language != "en":
        glued = _segmented(text, language)
        return [glued] if glued != text else []
    found: list[str] = []
    expanded = _expand(text)
    glued = _segmented(expanded, language)
    if sound_alikes is not None:
        glued = sound_alikes.replace(glued, language)
    for reading in (glued, expanded):
        if reading != text and reading not in found:
            found.append(reading)
    return found
