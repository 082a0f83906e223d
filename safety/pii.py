"""Personal information, as COPPA (16 CFR 312.2) defines it, in what a child says and in what the
toy would say, in every supported language.

- ``find_pii(text, languages)``: spans of personal information in a (normalized) text: e-mail
  addresses (also "name at gmail dot com"), phone numbers (digits or spoken digit words), card
  numbers (Luhn-checked), social security numbers, labelled numbers ("phone: ..."), street
  addresses with a number, in digits or in words as a transcript has it ("calle mayor
  dieciséis", read by text2num in all seven languages), or a street the child lives on; school
  names, full names after "my name is" and surnames after "my last name is", the town after
  "I live in", passwords and door codes ("my password is ...", "our door code is 4471"), a
  labelled value with a digit ("my zip code is 90210"). A child's transcript has them
  redacted; the toy never speaks them.
- ``find_solicitation(text, languages)``: the toy asking a child for such information ("what's
  your address?", "which school do you go to?", "when does your mom leave for work?"). Always
  blocked: COPPA's rule for voice is that it is never used to ask for personal information.

Judged in context, not by shape: a number in a story ("my favourite number is 42", "count to
ten: one, two, three...") is not a phone number, "a yellow house by the sea" is not an address,
"call me when you get home" holds no name. Names and places are told from everyday words by how
common the word is (``safety/vocabulary.py``): "I live in Springfield" discloses a town, "I live
in a big city" does not.

Patterns run on lower-cased, normalized text, which is what the engine hands over.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise

from text_to_num import alpha2digit

from . import vocabulary
from .normalize import fold


def _compile(source: str) -> re.Pattern[str]:
    """Patterns are written with accents and matched on folded text: fold their letters the
    same way (only the non-ASCII ones: folding would lower-case ``\\S`` into ``\\s``)."""
    return re.compile("".join(c if c.isascii() else fold(c) for c in source))


# --- the words each language needs ------------------------------------------------------------

#: Spoken digits, with their values (so that counting is told from a phone number).
DIGIT_VALUES: dict[str, dict[str, int]] = {
    "en": {
        "zero": 0,
        "oh": 0,
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
    },
    "es": {
        "cero": 0,
        "uno": 1,
        "una": 1,
        "dos": 2,
        "tres": 3,
        "cuatro": 4,
        "cinco": 5,
        "seis": 6,
        "siete": 7,
        "ocho": 8,
        "nueve": 9,
    },
    "de": {
        "null": 0,
        "eins": 1,
        "zwei": 2,
        "zwo": 2,
        "drei": 3,
        "vier": 4,
        "fünf": 5,
        "funf": 5,
        "sechs": 6,
        "sieben": 7,
        "acht": 8,
        "neun": 9,
    },
    "fr": {
        "zéro": 0,
        "zero": 0,
        "un": 1,
        "une": 1,
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
    },
    "it": {
        "zero": 0,
        "uno": 1,
        "due": 2,
        "tre": 3,
        "quattro": 4,
        "cinque": 5,
        "sei": 6,
        "sette": 7,
        "otto": 8,
        "nove": 9,
    },
    "pt": {
        "zero": 0,
        "um": 1,
        "uma": 1,
        "dois": 2,
        "duas": 2,
        "três": 3,
        "tres": 3,
        "quatro": 4,
        "cinco": 5,
        "seis": 6,
        "sete": 7,
        "oito": 8,
        "nove": 9,
    },
    "nl": {
        "nul": 0,
        "een": 1,
        "één": 1,
        "twee": 2,
        "drie": 3,
        "vier": 4,
        "vijf": 5,
        "zes": 6,
        "zeven": 7,
        "acht": 8,
        "negen": 9,
    },
}

#: Function words, which never name a street, a school, a town or a family.
STOPWORDS = {
    "en": "a an the my your our his her their its this that these those some any every big "
    "small little old new nice pretty lovely yellow red blue green white black brown pink "
    "house home place city town village country world street road school farm castle forest "
    "tree park sea beach lake river mountain flat apartment cottage tent boat cave hole "
    "and but or so because i im i'm me you he she we they it is was are to too also yes no "
    "not ok okay what who how years year old from in at on with like love want have am please "
    "thanks thank hi hello bye teddy bear very really just when where there here then now",
    "es": "el la los las un una unos unas mi mis tu tus su sus nuestro nuestra este esta ese "
    "esa casa ciudad pueblo y o pero que con en de del al muy grande pequeño pequeña bonita "
    "secundaria primaria superior pública publica privada infantil nacional municipal nueva",
    "de": "der die das den dem des ein eine einer einem einen mein meine dein deine unser "
    "unsere sein seine ihr ihre haus stadt dorf und oder aber mit in im am an auf von zu sehr "
    "groß grosse große kleinen kleine schönen",
    "fr": "le la les l un une des mon ma mes ton ta tes son sa ses notre votre leur ce cette "
    "maison ville village et ou mais avec dans à a au aux de du en très grand grande petit "
    "petite belle",
    "it": "il lo la i gli le un uno una mio mia miei mie tuo tua suo sua nostro nostra questo "
    "questa casa città paese e o ma con in a al alla di del della da molto grande piccolo "
    "piccola bella",
    "pt": "o a os as um uma meu minha meus minhas teu tua seu sua nosso nossa este esta esse "
    "essa casa cidade vila e ou mas com em no na de do da muito grande pequeno pequena bonita",
    "nl": "de het een mijn jouw je zijn haar ons onze dit dat deze die huis stad dorp en of "
    "maar met in op aan van bij te heel groot grote klein kleine mooie",
}
_STOP = {lang: frozenset(fold(words).split()) for lang, words in STOPWORDS.items()}
#: A function word of any of the languages: the patterns of one run on text of another ("op
#: school" is Dutch for "at school", not a school called "Op").
_ANY_STOP = frozenset().union(*_STOP.values())
#: The first word of many a school's name, and no name by itself.
_SAINTS = frozenset(
    fold("san santa santo são saint sainte st sankt sint don doña dom padre nossa nuestra").split()
)

_STREET_AFTER = {  # the street type comes after the name: "42 maple street"
    "en": r"street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|"
    r"pl|terrace|circle|cir|parkway|pkwy|highway|hwy|trail|close|crescent",
}
_STREET_BEFORE = {  # the street type comes first, the number last: "calle mayor 12"
    "es": r"calle|c/|avenida|av|avda|plaza|paseo|camino|carrera",
    "fr": r"rue|avenue|av|boulevard|bd|place|allée|allee|chemin|impasse|quai",
    "it": r"via|viale|piazza|corso|vicolo|largo",
    "pt": r"rua|avenida|av|travessa|praça|praca|largo|estrada|alameda",
    "de": r"straße|strasse|str|weg|platz|allee|gasse",
    "nl": r"straat|laan|weg|plein|gracht|kade|singel",
}
#: "number" before a house number: "calle mayor número 12", "tulpstraat nummer 18".
_NUMBER_WORD = r"n[º°o.]|numero|nummer|hausnummer|nr\.?|no\."
_STREET_SUFFIX = r"straße|strasse|str\.|weg|gasse|allee|platz|ring|straat|laan|gracht|plein|kade"
_SCHOOL_TYPE = {
    "en": r"elementary|primary|middle|high|junior|senior|montessori|charter|grammar|prep",
    "es": r"escuela|colegio|instituto",
    "de": r"grundschule|gesamtschule|gymnasium|realschule|hauptschule|schule",
    "fr": r"école|ecole|collège|college|lycée|lycee",
    "it": r"scuola|istituto|liceo",
    "pt": r"escola|colégio|colegio",
    "nl": r"basisschool|school",
}
_MY_NAME = {
    "en": r"my (?:full |whole |real |entire )?name is|my name's|i am called|i'm called|"
    r"my (?:mom|mum|mommy|mummy|dad|daddy|mother|father|sister|brother)'?s? "
    r"(?:full |whole |real )?name is",
    "es": r"me llamo|mi nombre es|mi nombre completo es",
    "de": r"ich heiße|ich heisse|mein name ist|mein voller name ist",
    "fr": r"je m'appelle|je m appelle|mon nom est|mon nom complet est",
    "it": r"mi chiamo|il mio nome è|il mio nome e",
    "pt": r"me chamo|meu nome é|meu nome e|meu nome completo é",
    "nl": r"ik heet|mijn naam is|mijn volledige naam is",
}
_MY_SURNAME = {  # the family name alone, which with a first name identifies the child
    "en": r"my (?:last|family|sur) ?name is|my (?:last|family|sur) ?name's|my surname is",
    "es": r"mi apellido es|mis apellidos son",
    "de": r"mein nachname ist|mein familienname ist|mit nachnamen heiße ich|mit nachnamen heisse ich",
    "fr": r"mon nom de famille est|mon nom de famille c'est",
    "it": r"il mio cognome è|il mio cognome e|di cognome faccio",
    "pt": r"meu sobrenome é|meu sobrenome e|o meu apelido é|o meu apelido e",
    "nl": r"mijn achternaam is",
}
_MY_SCHOOL_IS_CALLED = {  # "my school is called St. Mary's"
    "en": r"my school(?:'s name)? is (?:called|named)|my school's name is|the name of my school is|"
    r"i go to (?:a )?school (?:called|named)",
    "es": r"mi (?:colegio|escuela) se llama|el nombre de mi (?:colegio|escuela) es",
    "de": r"meine schule heißt|meine schule heisst",
    "fr": r"mon école s'appelle|mon école c'est|mon ecole s'appelle",
    "it": r"la mia scuola si chiama",
    "pt": r"minha escola se chama|minha escola chama",
    "nl": r"mijn school heet",
}
#: Secrets that open a door or an account. A password is redacted whatever it is; a code or a
#: PIN only when it holds a digit ("the code is a wink" is a game).
_SECRET_WORDS = {
    "en": (
        r"(?:my|our|the|his|her|mom'?s|mum'?s|dad'?s|mommy'?s|daddy'?s)\s+"
        r"(?:(?:wifi|wi-fi|door|alarm|gate|garage|phone|ipad|tablet|computer|email|locker|bank|"
        r"house|front door|safe)\s+)?",
        r"password|passcode|pass code",
        r"pin|pin code|pin number|code|combination",
        r"is|was|=|:",
    ),
    "es": (r"(?:mi|nuestra|nuestro|la|el)\s+", r"contraseña|clave", r"pin|código|codigo", r"es|:"),
    "de": (
        r"(?:mein|meine|unser|unsere|das|die|der)\s+",
        r"passwort|kennwort",
        r"pin|code",
        r"ist|:",
    ),
    "fr": (r"(?:mon|ma|notre|le|la)\s+", r"mot de passe", r"code|code pin", r"est|c'est|:"),
    "it": (r"(?:il mio|la mia|il nostro|la nostra|la|il)\s+", r"password", r"pin|codice", r"è|e|:"),
    "pt": (
        r"(?:meu|minha|nosso|nossa|a|o)\s+",
        r"senha|palavra-passe",
        r"pin|código|codigo",
        r"é|e|:",
    ),
    "nl": (r"(?:mijn|ons|onze|het|de)\s+", r"wachtwoord", r"pincode|pin|code", r"is|:"),
}
_I_LIVE_IN = {
    "en": r"(?:i|we) (?:live|lives|living) in",
    "es": r"vivo en|vivimos en",
    "de": r"ich wohne in|wir wohnen in",
    "fr": r"j'habite à|j'habite a|j habite à|nous habitons à|je vis à",
    "it": r"abito a|vivo a|abitiamo a",
    "pt": r"moro em|moro no|moro na|vivo em",
    "nl": r"ik woon in|wij wonen in|we wonen in",
}

# --- patterns that need no context ------------------------------------------------------------

_LABEL = (
    r"zip|zip code|postcode|postal code|phone|tel|mobile|cell|address|email|e-mail|date of birth|"
    r"dob|ssn|social security|passport|iban|account|license|licence|teléfono|telefono|telefon|"
    r"téléphone|telefone|telefoon|dirección|direccion|adresse|indirizzo|endereço|endereco|adres|"
    r"handy|portable|cellulare|celular|mobiel"
)
_SHAPES: dict[str, re.Pattern[str]] = {
    "email": _compile(
        r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b|\b[a-z0-9._-]+ at [a-z0-9-]+ dot (?:com|org|net|edu|co)\b"
    ),
    "ssn": _compile(r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)"),
    "labelled": _compile(
        rf"\b(?:{_LABEL})(?: number| no\.?| nummer| número| numéro)?\s*[:#]\s*\S+"
    ),
    "phone": _compile(
        r"(?<![\d-])(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)|\d{2,4})[\s.-]?\d{3}[\s.-]?\d{3,4}(?![\d-])"
        r"|(?<![\d-])\+?\d{2,4}(?:[\s.-]\d{2,4}){3,4}(?![\d-])"
    ),
    "apartment": _compile(r"\b(?:apartment|apt|suite|p\.?o\.? box)\s*#?\s*\d+\b"),
    "street_address": _compile(
        rf"\b[a-zäöüß]+(?:{_STREET_SUFFIX})\s+(?:(?:{_NUMBER_WORD})\s*)?\d{{1,4}}[a-z]?\b"
    ),
}
#: "my zip code is 90210": a label, "is", and a value with a digit in it (the value is redacted).
_LABELLED_IS = _compile(
    rf"\b(?:{_LABEL})(?: number| no\.?| nummer| número| numéro)?\s+(?:is|was|es|ist|est|è|é|e)"
    r"\s+((?=[^\s,!?]*\d)[^\s,!?]*[^\s,.!?])"
)
_CARD = _compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")


def _luhn(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


@dataclass(frozen=True)
class Span:
    kind: str
    start: int
    end: int


def _merge(spans: list[Span]) -> list[Span]:
    spans.sort(key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for span in spans:  # keep the first of overlapping spans, widened to cover both
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.kind, last.start, max(last.end, span.end))
        else:
            merged.append(span)
    return merged


def _is_name_word(word: str, language: str, *, rarer_than: float) -> bool:
    """A word that can be a name (of a street, school, town or family): no function word, and
    rarer than everyday words."""
    return word.isalpha() and word not in _ANY_STOP and vocabulary.zipf(word, language) < rarer_than


class _Language:
    """One language's compiled context patterns."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.digit_value = {fold(w): v for w, v in DIGIT_VALUES[language].items()}
        digits = "|".join(self.digit_value)
        self.digit_run = _compile(rf"\b(?:(?:{digits})[\s,.-]+){{6,}}(?:{digits})\b")
        after = _STREET_AFTER.get(language)
        self.street_after = (
            _compile(rf"\b(\d{{1,5}})[a-z]?\s+((?:[a-z'-]+\.?\s+){{1,3}})(?:{after})\b\.?")
            if after
            else None
        )
        self.live_on = (
            _compile(
                rf"\b(?:live|lives|living|lived|moved|move|moving|stay|stays|staying|"
                rf"(?:house|home|flat|apartment) is(?: number \d{{1,5}})?)\s+(?:on|at|to)\s+"
                rf"((?:[a-z'-]+\s+){{1,3}})(?:{after})\b"
            )
            if after
            else None
        )
        before = _STREET_BEFORE.get(language)
        self.street_before = (
            _compile(
                rf"\b(?:{before})\.?\s+((?:[\w'-]+\s+){{1,4}}?)(?:(?:{_NUMBER_WORD})\s*)?\d{{1,5}}\b"
            )
            if before
            else None
        )
        # French and Italian also put the number first: "au 23 rue des lilas", "23, via roma".
        self.number_first = (
            _compile(
                rf"\b\d{{1,4}}(?:\s*(?:bis|ter))?,?\s+(?:{before})\.?\s+((?:[\w'-]+\s*){{1,4}})"
            )
            if language in ("fr", "it")
            else None
        )
        school = _SCHOOL_TYPE[language]
        if language == "en":
            self.school = _compile(
                # "lincoln elementary", "oak park high school" (not "flew high in the sky")
                rf"\b((?:[a-z.'-]+\s+){{1,3}})(?:(?:elementary|primary|montessori|charter)"
                rf"(?:\s+school)?|(?:{school})\s+school)\b"
                rf"|\b((?:[a-z.'-]+\s+){{1,3}})(?:school|academy|preschool|kindergarten)\b"
            )
        else:
            self.school = _compile(rf"\b(?:{school})\s+((?:[\w.'-]+\s*){{1,3}})")
        # First and last name, with a middle name when there is one ("emma rose thompson").
        self.full_name = _compile(
            rf"\b(?:{_MY_NAME[language]})\s+([\w'-]+)\s+([\w'-]+)(?:\s+([\w'-]+))?"
        )
        self.surname = _compile(rf"\b(?:{_MY_SURNAME[language]})\s+([\w'-]+)")
        self.school_called = _compile(
            rf"\b(?:{_MY_SCHOOL_IS_CALLED[language]})\s+((?:[\w.'-]+)(?:\s+[\w.'-]+){{0,2}})"
        )
        owner, password, code, verb = _SECRET_WORDS[language]
        self.secret = _compile(
            rf"\b{owner}(?:({password})|(?:{code}))\s*(?:{verb})\s*(\d+(?:\s+\d+)*\b|[^\s,.!?]+)"
        )
        self.live_in = _compile(rf"\b(?:{_I_LIVE_IN[language]})\s+([\w'-]+)")

    def spans(self, text: str) -> list[Span]:
        found = self._spans(text)
        # "calle mayor dieciseis" is "calle mayor 16": judged as such too
        for digits, place in _spoken_numbers(text, self.language):
            street = _SHAPES["street_address"].finditer(digits)
            found += [
                place(s)
                for s in (
                    *self._spans(digits),
                    *(Span("street_address", m.start(), m.end()) for m in street),
                )
            ]
        return found

    def _spans(self, text: str) -> list[Span]:
        found: list[Span] = []
        lang = self.language
        for m in self.digit_run.finditer(text):
            values = [self.digit_value.get(w) for w in re.findall(r"[^\W\d_]+", m.group(0))]
            steps = {b - a for a, b in pairwise(values) if None not in (a, b)}
            if steps in ({1}, {-1}) or len(set(values)) == 1:
                continue  # counting up or down ("one, two, three ..."), or one digit repeated
            found.append(Span("phone", m.start(), m.end()))
        for pattern in (self.street_after, self.live_on):
            for m in pattern.finditer(text) if pattern else ():
                names = m.group(m.lastindex or 1).split()
                if names and all(_is_name_word(w.strip(".'"), lang, rarer_than=6.0) for w in names):
                    found.append(Span("street_address", m.start(), m.end()))
        if self.street_before:
            for m in self.street_before.finditer(text):
                names = m.group(1).split()
                if names and _is_name_word(names[-1], lang, rarer_than=6.0):
                    found.append(Span("street_address", m.start(), m.end()))
        for m in self.number_first.finditer(text) if self.number_first else ():
            words = m.group(1).split()
            if any(_is_name_word(w, lang, rarer_than=6.0) for w in words):
                found.append(Span("street_address", m.start(), m.end()))
        for m in self.school.finditer(text):
            saint = False
            if lang == "en":  # the name comes first: its last word is the one to judge
                names = (m.group(1) or m.group(2) or "").split()
                name = names[-1] if names else ""
            else:  # the name follows the type ("escola [a] monteiro lobato"): its first word
                names = m.group(1).split()
                if len(names) > 1 and names[0] in _ANY_STOP:
                    names = names[1:]
                name = names[0]
                # "colegio san josé": after a saint's title, the next word is a name however common
                saint = len(names) > 1 and name in _SAINTS and names[1] not in _ANY_STOP
            if saint or _is_name_word(name.replace("'s", "").strip(".'?!,"), lang, rarer_than=5.0):
                found.append(Span("school", m.start(), m.end()))
        for m in self.full_name.finditer(text):
            first, last, third = m.group(1), m.group(2), m.group(3)
            if first.isalpha() and _is_name_word(last, lang, rarer_than=5.3):
                name_ends = (
                    m.end(3) if third and _is_name_word(third, lang, rarer_than=5.3) else m.end(2)
                )
                found.append(Span("full_name", m.start(), name_ends))
        for m in self.surname.finditer(text):
            if _is_name_word(m.group(1), lang, rarer_than=5.3):
                found.append(Span("full_name", m.start(), m.end()))
        for m in self.school_called.finditer(text):
            end, named = m.start(1), False
            for word in re.finditer(r"[\w.'-]+", m.group(1)):  # the name ends at "and", "in"...
                bare = word.group(0).replace("'s", "").strip(".'")
                if bare in _ANY_STOP:
                    break
                end = m.start(1) + word.end()
                named = named or _is_name_word(bare, lang, rarer_than=5.0)
            if named:
                found.append(Span("school", m.start(), end))
        for m in self.secret.finditer(text):
            is_password, value = m.group(1), m.group(2)
            if any(c.isdigit() for c in value) or (is_password and value not in _ANY_STOP):
                found.append(Span("password", m.start(), m.end()))
        for m in self.live_in.finditer(text):
            if _is_name_word(m.group(1), lang, rarer_than=4.5):
                found.append(Span("location", m.start(), m.end()))
        return found


#: Number words that folding took the umlaut from, and text2num knows only with it (each
#: replacement keeps the length, so every offset stays where it was; "dreissig" it knows).
_REFOLD = {"de": (("zwolf", "zwölf"), ("funf", "fünf"))}
#: Words read at a time, and by how many windows overlap: an address is a few words long, and a
#: bounded window keeps the alignment cheap however long the text.
_WINDOW, _OVERLAP = 48, 16
_TOKEN = re.compile(r"\S+")


def _spoken_numbers(text: str, language: str) -> Iterator[tuple[str, Callable[[Span], Span]]]:
    """The text with its number words as digits (text2num), as a child's transcript says an
    address ("i live at forty two elm street"): for each window of words that has some, the
    window as digits and how to place a span of it back on ``text``."""
    for folded, accented in _REFOLD.get(language, ()):
        text = text.replace(folded, accented)
    words = list(_TOKEN.finditer(text))
    for first in range(0, max(len(words) - _OVERLAP, 1) if words else 0, _WINDOW - _OVERLAP):
        window = words[first : first + _WINDOW]
        piece = text[window[0].start() : window[-1].end()]
        digits = alpha2digit(piece, language)
        if digits != piece:
            yield digits, _placing(piece, digits, window[0].start())


def _placing(piece: str, digits: str, offset: int) -> Callable[[Span], Span]:
    """Where a span of ``digits`` lies in the text ``piece`` came from: the words text2num left
    alone line up one to one, and a number it wrote stands for the whole run of words it
    replaced."""
    before = list(_TOKEN.finditer(piece))
    after = list(_TOKEN.finditer(digits))
    starts: list[int | None] = [None] * (len(digits) + 1)
    ends: list[int | None] = [None] * (len(digits) + 1)
    matcher = SequenceMatcher(None, [w.group() for w in before], [w.group() for w in after])
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                shift = before[i].start() - after[j].start()
                for k in range(after[j].start(), after[j].end() + 1):
                    starts[k] = ends[k] = k + shift
        elif i1 < i2 and j1 < j2:
            for k in range(after[j1].start(), after[j2 - 1].end() + 1):
                starts[k], ends[k] = before[i1].start(), before[i2 - 1].end()
    for k in range(len(digits) + 1):  # a space between words: one past the place before it
        if starts[k] is None:
            starts[k] = ends[k] = min(ends[k - 1] + 1, len(piece)) if k else 0

    def place(span: Span) -> Span:
        return Span(span.kind, offset + starts[span.start], offset + ends[span.end])

    return place


_LANGUAGES: dict[str, _Language] = {}


def _language(language: str) -> _Language:
    compiled = _LANGUAGES.get(language)
    if compiled is None:
        compiled = _LANGUAGES[language] = _Language(language)
    return compiled


def find_pii(text: str, languages: tuple[str, ...] = ("en",)) -> list[Span]:
    spans = [
        Span(kind, m.start(), m.end()) for kind, p in _SHAPES.items() for m in p.finditer(text)
    ]
    spans += [Span("labelled", m.start(1), m.end(1)) for m in _LABELLED_IS.finditer(text)]
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if _luhn(digits):
            spans.append(Span("card_number", m.start(), m.end()))
    for language in languages:
        if language in DIGIT_VALUES:
            spans += _language(language).spans(text)
    return _merge(spans)


# --- the toy asking for it ---------------------------------------------------------------------

_YOUR = (
    r"(?:your|ur|yr|you're|youre|your mom'?s|your dad'?s|your mum'?s|your parents'?|your family'?s)"
)
_DETAIL = (
    r"(?:home\s+|street\s+|house\s+|full\s+|last\s+|family\s+|real\s+|email\s+|e-mail\s+|"
    r"phone\s+|telephone\s+|cell\s+|mobile\s+|door\s+|wifi\s+|secret\s+)*"
    r"(?:address|addresses|addy|phone|fone|number|numbers|email|e-mail|last name|surname|"
    r"family name|full name|real name|names|password|passcode|pin|door code|birthday|"
    r"date of birth|school|school's name|teacher'?s name|zip code|zip|postcode|postal code|"
    r"house number|street name|street|town|neighbou?rhood|location)"
)
SOLICITATION_PATTERNS: dict[str, dict[str, re.Pattern[str]]] = {
    "en": {
        "asks_contact": _compile(
            r"\b(?:what(?:'?s| is| are| was)|whats|tell me|give me|send me|say|share|type|spell|"
            r"write|text me|can you tell me|could you tell me|can i (?:have|get)|do you know|"
            r"i need|i want|i wanna know|let me know|remind me)\s+(?:me\s+)?(?:of\s+)?"
            rf"{_YOUR}\s+{_DETAIL}\b"
        ),
        "asks_where": _compile(
            r"\bwhere (?:do|does|did) (?:you|u|ya|your family|your mom|your dad|your parents|your "
            r"grandma|your grandpa) (?:live|stay|sleep|go to school)\b"
            r"|\bwhere(?:'s| is) (?:your|ur) (?:house|home|school|apartment|flat|room|bedroom)\b"
            r"|\bwhere (?:you|u) (?:live|at)\b"
            r"|\b(?:what|which) (?:town|city|street|road|neighbou?rhood|building|floor) do (?:you|u) live\b"
            r"|\b(?:which|what) (?:school|class|grade|town|city|street) (?:do|are|is|did) (?:you|u|your)\b"
            r"|\bwhat(?:'s| is) the name of (?:your|ur) (?:school|street|town|teacher|road|village|city)\b"
            r"|\bwhere do (?:you|u) go to school\b|\bwhat school do you go to\b"
            r"|\bhow do i get to (?:your|ur) (?:house|home|school)\b"
        ),
        "asks_schedule": _compile(
            r"\bwhen (?:do|does|will|are) (?:your|ur) (?:mom|mum|mommy|dad|daddy|parents|mother|"
            r"father|grown-?ups?|family|babysitter|nanny) (?:leave|go|get back|come home|get home|"
            r"go out|work|away|out)\b"
            r"|\bis (?:anyone|anybody|someone|your mom|your dad|a grown-?up|an adult) (?:at )?home\b"
            r"|\b(?:are|is) (?:your|ur) (?:parents|mom|mum|dad) (?:home|away|out|at work|asleep)\b"
            r"|\bwhat time (?:do|does) (?:your|ur) (?:mom|mum|dad|parents) (?:leave|go to work|get home)\b"
        ),
        "asks_photo": _compile(
            r"\b(?:send|show|take|snap) (?:me )?(?:a )?(?:photo|picture|pic|pics|video|selfie)s? "
            r"of (?:your|ur) (?:house|home|street|room|bedroom|school|front door|address|window)\b"
            r"|\b(?:share|turn on|send me) (?:your|ur) (?:location|gps)\b"
        ),
    },
    "es": {
        "asks": _compile(
            r"\b(?:cuál|cual|dime|dame|me das|me dices) (?:es )?(?:tu|su) (?:dirección|direccion|"
            r"número|numero|teléfono|telefono|apellido|nombre completo|colegio|escuela|contraseña|"
            r"calle|código postal)\b"
            r"|\b(?:dónde|donde) (?:vives|vive tu familia|queda tu casa|está tu casa|esta tu casa|"
            r"vas al colegio|vas a la escuela|estudias)\b"
            r"|\b(?:a qué|a que|en qué|en que) (?:colegio|escuela) vas\b"
            r"|\b(?:estás|estas) (?:solo|sola) en casa\b"
            r"|\bcuándo (?:sale|salen|se va|se van) (?:tu|tus) (?:mamá|mama|papá|papa|padres)\b"
        ),
    },
    "de": {
        "asks": _compile(
            r"\b(?:wie|was) (?:ist|lautet) (?:deine|dein|eure) (?:adresse|telefonnummer|handynummer|"
            r"nummer|nachname|familienname|schule|straße|strasse|passwort|postleitzahl)\b"
            r"|\bwo (?:wohnst|lebst) (?:du|ihr)\b|\bwo (?:ist|liegt) (?:dein|euer) (?:haus|zuhause)\b"
            r"|\b(?:auf|in) welche schule (?:gehst|gehen)\b|\bwelche schule besuchst du\b"
            r"|\bbist du (?:allein|alleine) (?:zu hause|zuhause|daheim)\b"
            r"|\bwann (?:geht|gehen|kommt|kommen) (?:deine|dein) (?:mama|mutter|papa|vater|eltern)\b"
            r"|\b(?:sag|gib) mir (?:deine|dein) (?:adresse|nummer|telefonnummer|nachnamen)\b"
        ),
    },
    "fr": {
        "asks": _compile(
            r"\bquel(?:le)? est (?:ton|ta|votre) (?:adresse|numéro|numero|nom de famille|nom complet|"
            r"école|ecole|rue|mot de passe|code postal)\b"
            r"|\b(?:où|ou) (?:habites|vis|vit ta famille)[- ]?(?:tu)?\b|\btu habites (?:où|ou)\b"
            r"|\b(?:dans|à|a) quelle école (?:vas|es)[- ]?tu\b|\btu vas à quelle école\b"
            r"|\b(?:es-tu|tu es) (?:tout |toute )?seule? à la maison\b"
            r"|\bquand (?:ta|ton|tes) (?:maman|mère|papa|père|parents) (?:part|partent|rentre|rentrent)\b"
            r"|\b(?:donne|dis)[- ]moi (?:ton|ta) (?:adresse|numéro|numero|nom de famille)\b"
        ),
    },
    "it": {
        "asks": _compile(
            r"\b(?:qual è|qual e|qual'è|dimmi|dammi) (?:il tuo|la tua) (?:indirizzo|numero|cognome|"
            r"nome completo|scuola|via|password|cap)\b"
            r"|\bdove (?:abiti|vivi|sta casa tua|è casa tua|vai a scuola)\b"
            r"|\b(?:in|a) quale scuola vai\b|\bche scuola fai\b"
            r"|\bsei (?:solo|sola) a casa\b"
            r"|\bquando (?:esce|escono|va via|vanno via) (?:la tua|il tuo|i tuoi) (?:mamma|papà|papa|genitori)\b"
        ),
    },
    "pt": {
        "asks": _compile(
            r"\b(?:qual (?:é|e)|me diz|me dá|me da|diga) (?:o seu|a sua|o teu|a tua|seu|sua|teu|tua) "
            r"(?:endereço|endereco|número|numero|telefone|celular|sobrenome|nome completo|escola|"
            r"rua|senha|cep)\b"
            r"|\bonde (?:você mora|voce mora|vc mora|tu moras|moras|mora a sua família|fica sua casa|"
            r"você estuda|voce estuda)\b"
            r"|\b(?:em|a) qual escola (?:você|voce|vc|tu) (?:estuda|vai)\b"
            r"|\b(?:você|voce|vc|tu) (?:está|esta|estás|tá|ta) (?:sozinho|sozinha) em casa\b"
            r"|\bquando (?:sua|seu|teus|seus) (?:mãe|mae|pai|pais) (?:sai|saem)\b"
        ),
    },
    "nl": {
        "asks": _compile(
            r"\bwat is (?:je|jouw|jullie) (?:adres|telefoonnummer|nummer|achternaam|volledige naam|"
            r"school|straat|wachtwoord|postcode)\b"
            r"|\bwaar (?:woon|woont) (?:je|jij|jullie)\b|\bwaar is (?:je|jouw) huis\b"
            r"|\bop welke school (?:zit|ga) (?:je|jij)\b|\bnaar welke school ga je\b"
            r"|\bben je alleen thuis\b"
            r"|\bwanneer (?:gaat|gaan|komt|komen) (?:je|jouw) (?:mama|moeder|papa|vader|ouders)\b"
            r"|\b(?:geef|zeg) me (?:je|jouw) (?:adres|nummer|telefoonnummer|achternaam)\b"
        ),
    },
}


#: "Never share your address" is the lesson, not the question.
_WARNED = _compile(
    r"(?:\b(?:don'?t|do not|never|not|no|nunca|nie|niemals|nicht|jamais|pas|mai|non|não|nao|"
    r"nooit|niet)\W+(?:\w+\W+){0,2})$"
)


def find_solicitation(text: str, languages: tuple[str, ...] = ("en",)) -> list[Span]:
    spans = []
    for language in languages:
        for kind, pattern in SOLICITATION_PATTERNS.get(language, {}).items():
            spans += [
                Span(kind, m.start(), m.end())
                for m in pattern.finditer(text)
                if not _WARNED.search(text[max(0, m.start() - 30) : m.start()])
            ]
    return _merge(spans)
