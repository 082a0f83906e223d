"""Engine markup in a toy's text: refused, never interpreted.

What the bear speaks must be exactly what the safety engine judged. A speech engine that reads
markup speaks something else: espeak-ng turns ``[[k'Il]]`` into the phonemes of a word the
filter never saw, an SSML engine reads ``<phoneme ph="...">`` or ``<sub alias="...">`` instead
of the text around it, control characters carry espeak-ng's embedded commands (``\\x01``), and
bidi controls make the text a person reads in a log differ from the order the engine gets.

``find_markup(text)`` names the first kind of markup in a text, or returns None. The API refuses
such a text with 400 ``unsupported_markup`` (``audio/validation.py``) and records a safety
event; the local engine also never runs espeak-ng's phoneme mode (``audio/providers/local.py``),
so markup that got past the API is spoken as plain letters.

Harmless look-alikes stay allowed: ``3 < 5``, ``I love you <3``, ``[the end]``, ``x<y and y>z``.
"""

from __future__ import annotations

import re
import unicodedata

#: espeak-ng switches to phoneme input on two opening brackets; fullwidth ones fold to them.
_PHONEMES = "[["

# Element names of SSML 1.1 and the vendors' extensions, and the HTML a toy has no use for.
_SSML_ELEMENTS = (
    "speak|phoneme|say-as|sub|break|prosody|audio|voice|emphasis|mark|lang|lexicon|lookup|"
    "meta|metadata|desc|token|w|p|s|par|seq|media|emotion|express-as|silence|effect|"
    "b|i|u|em|strong|br|span|div|script|style|img|a|font|iframe|object|embed|svg|math"
)
_TAG = re.compile(
    # A known element, opening or closing, with or without attributes ...
    rf"<\s*/?\s*(?:{_SSML_ELEMENTS})(?=[\s/>])[^<>]*>"
    # ... a vendor's namespaced element (amazon:effect, mstts:express-as) ...
    r"|<\s*/?\s*[a-z][\w.-]*:[\w.-]+[^<>]*>"
    # ... any closing tag, any self-closing tag, any tag with an attribute (name="value").
    r"|<\s*/\s*[a-z][\w:.-]*\s*>"
    r"|<\s*[a-z][\w:.-]*[^<>]*/\s*>"
    r"|<\s*[a-z][\w:.-]*\s+[\w:.-]+\s*=\s*[\"'][^<>]*>"
    # XML processing instructions and comments.
    r"|<\?|<!",
    re.IGNORECASE,
)
#: Character references an SSML engine would decode into other text.
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});", re.IGNORECASE)

# C0 controls (tab and newlines aside), DEL and C1.
_CONTROL = frozenset([*(c for c in range(32) if c not in (9, 10, 13)), *range(127, 160)])
_BIDI = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Characters that hide text from a reader while an engine or a model may still read them:
# the "tag" block (invisible ASCII), interlinear annotations, object replacement.
_HIDDEN = frozenset([*range(0xE0000, 0xE0080), 0xFFF9, 0xFFFA, 0xFFFB, 0xFFFC])

KINDS = ("espeak_phonemes", "ssml", "character_reference", "control_character", "bidi_control")


def find_markup(text: str) -> str | None:
    """The first kind of engine markup in ``text`` (one of ``KINDS``), or None."""
    for char in text:
        point = ord(char)
        if point in _CONTROL or point in _HIDDEN:
            return "control_character"
        if point in _BIDI:
            return "bidi_control"
    folded = text if text.isascii() else unicodedata.normalize("NFKC", text)
    if _PHONEMES in folded:
        return "espeak_phonemes"
    if "<" in folded and _TAG.search(folded):
        return "ssml"
    if "&" in folded and _ENTITY.search(folded):
        return "character_reference"
    return None


def describe(kind: str) -> str:
    """What a toy's developer reads in the 400 answer."""
    return {
        "espeak_phonemes": "phoneme input ('[[...]]')",
        "ssml": "SSML or HTML tags",
        "character_reference": "an XML character reference ('&...;')",
        "control_character": "a control character",
        "bidi_control": "a bidirectional-text control character",
    }[kind]
