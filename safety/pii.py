"""Personal information, as COPPA (16 CFR 312.2) defines it, in what a child says and in what the
toy would say.

- ``find_pii(text)``: spans of personal information in a (normalized) text: phone numbers
  (digits or spoken digit words), e-mail addresses (also "name at gmail dot com"), street
  addresses, school names, full names after "my name is", places after "I live in", card and
  social security numbers. A child's transcript has them redacted; the toy never speaks them.
- ``find_solicitation(text)``: the toy asking a child for such information ("what's your
  address?", "which school do you go to?"), or grooming moves ("don't tell your parents",
  "are you home alone?"). Always blocked.

Patterns run on lower-cased, normalized text, which is what the engine hands over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGIT_WORDS = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_STREET = (
    r"(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|"
    r"terrace|circle|cir|parkway|pkwy|highway|hwy|trail|square|sq)"
)
_NOT_A_SURNAME = (
    r"(?!(?:and|but|or|so|because|i|im|i'm|my|the|a|an|is|was|to|too|also|yes|no|not|ok|okay|"
    r"and|what|who|how|years|year|old|from|in|at|with|like|love|want|have|am|are|please|"
    r"thanks|thank|hi|hello|bye|teddy|bear)\b)"
)

PII_PATTERNS: dict[str, re.Pattern[str]] = {
    "email": re.compile(
        r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b|\b[a-z0-9._-]+ at [a-z0-9-]+ dot (?:com|org|net|edu|co)\b"
    ),
    "card_number": re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)"),
    "ssn": re.compile(r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)"),
    "labelled": re.compile(
        r"\b(?:zip|zip code|postcode|postal code|phone|tel|mobile|cell|address|email|e-mail|"
        r"date of birth|dob|ssn|social security|passport|iban|account|license|licence)"
        r"(?: number| no\.?)?\s*[:#]\s*\S+"
    ),
    "phone": re.compile(
        r"(?<![\d-])(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)|\d{2,4})[\s.-]?\d{3}[\s.-]?\d{3,4}(?![\d-])"
        r"|(?<![\d-])\+?\d{2,4}(?:[\s.-]\d{2,4}){3,4}(?![\d-])"
        rf"|\b(?:{_DIGIT_WORDS}[\s,-]+){{6,}}{_DIGIT_WORDS}\b"
    ),
    "street_address": re.compile(
        rf"\b\d{{1,6}}[a-z]?\s+(?:[a-z]+\.?\s+){{1,3}}{_STREET}\b\.?"
        rf"|\b(?:live|living|house is|home is)\s+(?:on|at)\s+(?:[a-z]+\s+){{1,3}}{_STREET}\b"
        r"|\b(?:lives?|living|address is|address was|resides?)\s+(?:at|on|in)\s+"
        r"(?:\d{1,6}\s+(?:\w+\s+){0,3}\w+|(?:[\w-]+\s+){1,4}\d{1,6}\b)"
        r"|\b(?:apartment|apt|unit|suite|p\.?o\.? box)\s*#?\s*\d+\b"
        r"|\b\d{5}(?:-\d{4})?\b(?=\s*$|[\s,.]+(?:usa|us)\b)"
    ),
    "school": re.compile(
        r"\b(?:[a-z]+\s+){1,3}(?:elementary|primary|middle|high|junior|montessori|charter)"
        r"\s+school\b|\b[a-z]+\s+(?:elementary|montessori)\b"
        r"|\b(?:go to|goes to|attend|attends|at)\s+(?:[a-z]+\s+){1,3}(?:school|academy|preschool|kindergarten)\b"
    ),
    "full_name": re.compile(
        rf"\b(?:my name is|my name's|i am called|call me|my full name is|my (?:mom|mum|dad|mother|father|sister|brother)'?s? name is)"
        rf"\s+[a-z]+(?:\s+{_NOT_A_SURNAME}[a-z]{{2,}})"
    ),
    "location": re.compile(
        rf"\b(?:(?:i|we) live in|i(?:'m| am) from)\s+(?:the\s+)?[a-z]+(?:\s+{_NOT_A_SURNAME}[a-z]+)?"
    ),
}

SOLICITATION_PATTERNS: dict[str, re.Pattern[str]] = {
    "asks_contact": re.compile(
        r"\b(?:what(?:'?s| is| are)|tell me|give me|send me|say|share|type|spell)\s+(?:me\s+)?"
        r"(?:your|ur|you're|your mom'?s|your dad'?s|your parents'?|your family'?s)\s+"
        r"(?:home\s+|street\s+|house\s+|full\s+|last\s+|real\s+|email\s+|e-mail\s+|phone\s+|"
        r"telephone\s+|cell\s+|mobile\s+)*"
        r"(?:address|addresses|phone|number|numbers|email|e-mail|last name|surname|full name|"
        r"real name|names|password|birthday|date of birth|school|zip code|postcode)\b"
    ),
    "asks_where": re.compile(
        r"\bwhere (?:do|does) (?:you|your family|your mom|your dad|your parents) (?:live|stay)\b"
        r"|\bwhere(?:'s| is) your (?:house|home|school|apartment)\b"
        r"|\bwhat (?:town|city|street|neighbou?rhood) do you live\b"
        r"|\b(?:which|what) (?:school|class|town|city|street) (?:do|are|is) (?:you|your)\b"
        r"|\bwhat(?:'s| is) the name of your (?:school|street|town|teacher)\b"
        r"|\bwhere do you go to school\b"
    ),
    "grooming": re.compile(
        r"\b(?:don'?t|do not|never) tell (?:your )?(?:mom|mum|dad|parents|mommy|daddy|anyone|anybody|grown-?ups?)\b"
        r"|\bour (?:little )?secret\b"
        r"|\bkeep (?:it|this|that) (?:a )?secret from\b"
        r"|\bare you (?:home )?(?:alone|by yourself)\b"
        r"|\b(?:send|show) me (?:a )?(?:photo|picture|pic|video) of (?:you|yourself)\b"
        r"|\bcome (?:and )?meet me\b|\bmeet me (?:at|in|outside)\b"
        r"|\bturn on (?:your )?(?:camera|webcam)\b"
    ),
}


@dataclass(frozen=True)
class Span:
    kind: str
    start: int
    end: int


def _find(patterns: dict[str, re.Pattern[str]], text: str) -> list[Span]:
    spans = [
        Span(kind, m.start(), m.end()) for kind, p in patterns.items() for m in p.finditer(text)
    ]
    spans.sort(key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for span in spans:  # keep the first of overlapping spans, widened to cover both
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.kind, last.start, max(last.end, span.end))
        else:
            merged.append(span)
    return merged


def find_pii(text: str) -> list[Span]:
    return _find(PII_PATTERNS, text)


def find_solicitation(text: str) -> list[Span]:
    return _find(SOLICITATION_PATTERNS, text)
