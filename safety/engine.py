"""The child-safety decision for one text.

Every layer looks at the text; the most severe finding decides:

0. **pre-approved** phrases (the redirections, emergency-mode phrases) are always allowed;
1. **emergency** mode: everything else is blocked;
2. **markup** (``safety/markup.py``): engine markup is blocked here too, behind the API's 400;
3. **language** (``safety/language.py``): a text in a language the filter cannot judge is
   blocked for a child under 13 (``language_not_supported``, answered 422 by the API);
4. **rules** from the database (``SafetyRule``: words, phrases, regular expressions, each for a
   direction and age groups), compiled once into set lookups and one regular expression, and
   rebuilt in every process when the shared rules version moves; with them the shipped
   lexicons of the other languages (``safety/lexicons/``);
5. **personal information** (``safety/pii.py``): the toy asking a child for it is blocked; in a
   child's transcript it is redacted; the toy never speaks it;
6. **intents** (``safety/intents.py``): child-specific harms found by what a sentence does
   (grooming, dangerous challenges, drugs offered, self-harm); a child's disclosure of harm is
   marked ``needs_review``;
7. the local **classifier** (``safety/classifier.py``), with a stricter threshold for younger
   children;
8. optional **OpenAI moderation**, with a timeout: when it cannot answer, strict mode
   (``AUDIO_SAFETY_STRICT_MODE``) blocks, non-strict mode goes on without it.

Texts are normalized first (``safety/normalize.py``) so that homoglyphs, leetspeak, spacing and
zero-width characters do not slip past; ``safety/obfuscation.py`` adds readings for text-speak,
glued words and sound-alike spellings, which every layer judges as well. No decision rests on
the classifier's category label alone: it names the kind of harm, the score decides. For a
child under 13 (or of unknown age) every layer runs whatever ``TTS_CHILD_SAFETY`` says; only
for a 13-plus user may that setting turn the content layers off.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from teddy.shared_state import SharedVersion

from . import emergency, language, pii, vocabulary
from .classifier import get_classifier
from .intents import find_intents, reads_harmlessly, speaks_against_prejudice
from .markup import find_markup
from .models import SEVERITY_RANK, Action, ApprovedPhrase, MatchKind, SafetyRule
from .normalize import normalize_characters, undo_disguises
from .obfuscation import SoundAlikes, readings
from .redirections import is_pre_approved

log = logging.getLogger(__name__)

RULES_VERSION = SharedVersion("teddy:safety:rules_version")

ALLOW = "allow"
BLOCK = "block"
REDACT = "redact"
AGE_GROUPS = ("under_5", "5_8", "9_12", "13_plus", "unknown")
DIRECTIONS = ("to_child", "from_child")
REDACTION = "[redacted]"

CLASSIFIER_SEVERITY = {
    "sexual_minors": "critical",
    "self_harm": "critical",
    "sexual": "high",
    "violence": "high",
    "hate": "high",
    "weapons": "high",
    "drugs_alcohol": "high",
    "dangerous_activities": "high",
    "pii": "high",
    "grooming": "critical",
    "abuse": "critical",
    "harassment": "medium",
    "profanity": "medium",
    "crime": "medium",
}
#: How many decisions the engine remembers (see ``SafetyEngine.check``).
DECISIONS_REMEMBERED = 4096
LAYER_RANK = {
    "classifier": 1,
    "moderation": 2,
    "intents": 3,
    "pii": 4,
    "rules": 5,
    "language": 6,
    "markup": 7,
    "emergency": 8,
}
LEXICON_DIR = Path(__file__).with_name("lexicons")
#: Categories of lexicon words whose sound-alike spellings count as the word ("phuk", "seks").
SOUND_ALIKE_CATEGORIES = ("profanity", "sexual", "hate")
SHORT_TEXT_WORDS = 3
SHORT_TEXT_THRESHOLD = 0.8
#: The classifier's score for "personal information" that no PII pattern backs up.
PII_UNCORROBORATED_THRESHOLD = 0.78
#: The classifier's score a text that reads as a safety lesson, or uses a scary word in its
#: everyday sense, needs (``intents.reads_harmlessly``).
HARMLESS_READING_THRESHOLD = 0.9
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_REPEATS = re.compile(r"(.)\1{2,}")


@dataclass(frozen=True)
class Finding:
    layer: str
    action: str
    category: str
    severity: str
    reason: str
    span: tuple[int, int] | None = None  # in the original text, for redaction
    rule_id: int | None = None
    needs_review: bool = False


@dataclass(frozen=True)
class Decision:
    action: str
    category: str | None = None
    severity: str | None = None
    reasons: tuple[str, ...] = ()
    redacted_text: str = ""
    layer: str = "none"
    rule_ids: tuple[int, ...] = field(default=(), compare=False)
    unsafe_score: float | None = field(default=None, compare=False)
    #: A child's words that a person should read (a disclosure of harm): a safety event.
    needs_review: bool = False
    #: The language the text was judged as (``safety/language.py``).
    language: str = "en"

    @property
    def allowed(self) -> bool:
        return self.action == ALLOW

    def as_dict(self) -> dict:
        return {
            "action": self.action,
            "category": self.category,
            "severity": self.severity,
            "redacted_text": self.redacted_text,
            "reasons": list(self.reasons),
            "layer": self.layer,
            "needs_review": self.needs_review,
            "language": self.language,
        }


@dataclass(frozen=True)
class ModerationVerdict:
    flagged: bool
    category: str | None = None


class ModerationUnavailable(Exception):
    pass


@lru_cache(maxsize=100_000)
def _token_forms(token: str) -> frozenset[str]:
    """A token and its forms with stretched letters squeezed ("fuuuuck" -> "fuck", "fuuck")."""
    if not _REPEATS.search(token):
        return frozenset((token,))
    return frozenset((token, _REPEATS.sub(r"\1", token), _REPEATS.sub(r"\1\1", token)))


@dataclass
class _CompiledRules:
    version: int
    words: dict[str, list[SafetyRule]] = field(default_factory=dict)
    prefixes: dict[str, list[SafetyRule]] = field(default_factory=dict)
    prefix_lengths: tuple[int, ...] = ()
    phrases: dict[tuple[str, ...], list[SafetyRule]] = field(default_factory=dict)
    phrase_prefixes: list[tuple[tuple[str, ...], SafetyRule]] = field(default_factory=list)
    longest_phrase: int = 1
    regex: re.Pattern[str] | None = None
    regex_rules: dict[str, SafetyRule] = field(default_factory=dict)
    #: The operators' approved phrases (``ApprovedPhrase``), loaded with the rules.
    approved: frozenset[str] = frozenset()
    #: The shipped lexicons of the other languages, each compiled the same way.
    lexicons: dict[str, _CompiledRules] = field(default_factory=dict)
    sound_alikes: SoundAlikes | None = None
    #: Decisions made under these rules, by (text, direction, age group, filters, model).
    decided: dict[tuple, Decision] = field(default_factory=dict)

    def remember(self, key: tuple, decision: Decision) -> None:
        if len(self.decided) >= DECISIONS_REMEMBERED:
            with contextlib.suppress(KeyError, StopIteration, RuntimeError):
                del self.decided[next(iter(self.decided))]  # the oldest
        self.decided[key] = decision

    @classmethod
    def build(cls, version: int, rules: list[SafetyRule]) -> _CompiledRules:
        compiled = cls(version)
        sources: list[str] = []
        for rule in rules:
            if rule.match == MatchKind.REGEX:
                try:
                    re.compile(rule.pattern)
                except re.error:
                    log.error("safety rule %s has an invalid pattern; skipped", rule.pk)
                    continue
                name = f"r{rule.pk}"
                compiled.regex_rules[name] = rule
                sources.append(f"(?P<{name}>{rule.pattern})")
                continue
            wildcard = rule.pattern.strip().endswith("*")
            light, origin = normalize_characters(rule.pattern.strip().rstrip("*"))
            tokens = tuple(_TOKEN.findall(undo_disguises(light, origin)[0]))
            if not tokens:
                continue
            if len(tokens) == 1:
                if wildcard:
                    compiled.prefixes.setdefault(tokens[0], []).append(rule)
                else:
                    compiled.words.setdefault(tokens[0], []).append(rule)
            elif wildcard:
                compiled.phrase_prefixes.append((tokens, rule))
            else:
                compiled.phrases.setdefault(tokens, []).append(rule)
            compiled.longest_phrase = max(compiled.longest_phrase, len(tokens))
        compiled.regex = re.compile("|".join(sources)) if sources else None
        compiled.prefix_lengths = tuple(sorted({len(p) for p in compiled.prefixes}))
        return compiled

    def match(self, text: str) -> list[tuple[SafetyRule, int, int]]:
        """(rule, start, end) for every match in the normalized ``text``."""
        hits: list[tuple[SafetyRule, int, int]] = []
        tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        words = [t for t, _, _ in tokens]
        for i, (token, start, end) in enumerate(tokens):
            for form in _token_forms(token):
                for rule in self.words.get(form, ()):
                    hits.append((rule, start, end))
                for length in self.prefix_lengths:
                    if length > len(form):
                        break
                    for rule in self.prefixes.get(form[:length], ()):
                        hits.append((rule, start, end))
            for n in range(2, min(self.longest_phrase, len(tokens) - i) + 1):
                gram = tuple(words[i : i + n])
                for rule in self.phrases.get(gram, ()):
                    hits.append((rule, start, tokens[i + n - 1][2]))
            for phrase, rule in self.phrase_prefixes:
                n = len(phrase)
                gram = words[i : i + n]
                if (
                    len(gram) == n
                    and tuple(gram[:-1]) == phrase[:-1]
                    and gram[-1].startswith(phrase[-1])
                ):
                    hits.append((rule, start, tokens[i + n - 1][2]))
        if self.regex is not None:
            for m in self.regex.finditer(text):
                hits.append((self.regex_rules[m.lastgroup or ""], m.start(), m.end()))
        return hits


@lru_cache(maxsize=1)
def _lexicon_rules() -> dict[str, list[SafetyRule]]:
    """The shipped lexicons as (unsaved) rules: profanity, for both directions, every age."""
    rules: dict[str, list[SafetyRule]] = {}
    for path in sorted(LEXICON_DIR.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            term = line.strip()
            if term and not term.startswith("#"):
                rules.setdefault(path.stem, []).append(
                    SafetyRule(
                        pattern=term,
                        match=MatchKind.PHRASE if " " in term else MatchKind.WORD,
                        category="profanity",
                        severity="medium",
                        action=Action.BLOCK,
                        direction="both",
                        note=f"shipped lexicon ({path.stem})",
                    )
                )
    return rules


def load_models() -> None:
    """Load what the engine reads, once per process, before the first toy asks: the classifier,
    the language-ID model, the vocabularies, the lexicons, and each language's patterns (a web
    process calls this at start; elsewhere they load on first use)."""
    from .intents import INTENTS

    get_classifier()
    _lexicon_rules()
    for lang in language.SUPPORTED:
        vocabulary.words(lang)
        pii.find_pii("", (lang,))
        for intent in INTENTS:
            for concept in (*intent.all_of, *intent.none_of):
                concept.pattern((lang,))
    language.identify("warm up")


@lru_cache(maxsize=1)
def shipped_lexicons() -> dict[str, _CompiledRules]:
    """The shipped lexicons, compiled once per process (the files do not change under it)."""
    return {lang: _CompiledRules.build(0, rules) for lang, rules in _lexicon_rules().items()}


#: Texts longer than this get no extra readings (text-speak, glued words, sound-alikes).
READINGS_MAX_CHARS = 400
#: How common a word must be in a text's own language to be read as that language's word.
EVERYDAY_ZIPF = 3.0


def _is_everyday(token: str, language: str) -> bool:
    return " " not in token and vocabulary.zipf(token, language) >= EVERYDAY_ZIPF


def _redacted(text: str, spans: list[pii.Span]) -> str:
    for span in reversed(spans):
        text = text[: span.start] + REDACTION + text[span.end :]
    return text


class SafetyEngine:
    """Built once per process; ``check`` is thread-safe."""

    def __init__(
        self,
        moderation: Callable[[str], ModerationVerdict] | None = None,
        classifier: object | None = None,
    ) -> None:
        self.moderation = moderation
        self.classifier = classifier  # None: the shipped model, loaded on first use
        self._compiled: _CompiledRules | None = None
        self._lock = threading.Lock()

    # --- rules ----------------------------------------------------------------------------

    def _rules(self) -> _CompiledRules:
        version = RULES_VERSION.current()
        compiled = self._compiled
        if compiled is None or compiled.version != version:
            with self._lock:
                compiled = self._compiled
                if compiled is None or compiled.version != version:
                    rules = list(SafetyRule.objects.filter(enabled=True))
                    compiled = _CompiledRules.build(version, rules)
                    compiled.approved = frozenset(
                        ApprovedPhrase.objects.values_list("text", flat=True)
                    )
                    compiled.lexicons = shipped_lexicons()
                    compiled.sound_alikes = SoundAlikes(
                        word
                        for table in (compiled.words, compiled.prefixes)
                        for word, found in table.items()
                        if any(r.category in SOUND_ALIKE_CATEGORIES for r in found)
                    )
                    log.info("compiled %d safety rules (version %d)", len(rules), version)
                    self._compiled = compiled
        return compiled

    def reload(self) -> None:
        self._compiled = None

    # --- the decision ---------------------------------------------------------------------

    def check(
        self,
        text: str,
        *,
        direction: str = "to_child",
        age_group: str = "unknown",
        language: str | None = None,
    ) -> Decision:
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {DIRECTIONS}")
        if age_group not in AGE_GROUPS:
            raise ValueError(f"age_group must be one of {AGE_GROUPS}")

        compiled = self._rules()
        stripped = text.strip()
        if is_pre_approved(stripped) or stripped in compiled.approved:
            # Our own redirections and approved phrases: written and reviewed by people.
            return Decision(action=ALLOW, redacted_text=text, layer="pre_approved")
        if emergency.is_active():
            return Decision(
                action=BLOCK,
                category="emergency_mode",
                severity="critical",
                reasons=("emergency safety mode is on: only pre-approved phrases are spoken",),
                layer="emergency",
            )

        # Filtering is mandatory for children; only a 13-plus user may have it switched off.
        content_filters = settings.TTS_CHILD_SAFETY or age_group != "13_plus"
        classifier = self.classifier or get_classifier()
        asked = (text, direction, age_group, content_filters, compiled, classifier, language)
        if self.moderation is not None:  # an outside service's verdict is asked every time
            return self._evaluate(*asked)
        # The same text, asked the same way, under the same rules and model, gets the same
        # decision: the bear's repeated phrases (its cache hits) are decided once. The memory
        # belongs to the compiled rules, so a change of rules starts it afresh.
        key = (text, direction, age_group, content_filters, id(classifier), language)
        decision = compiled.decided.get(key)
        if decision is None:
            decision = self._evaluate(*asked)
            compiled.remember(key, decision)
        return decision

    def _evaluate(
        self,
        text: str,
        direction: str,
        age_group: str,
        content_filters: bool,
        compiled: _CompiledRules,
        classifier: Any,
        declared: str | None,
    ) -> Decision:
        kind = find_markup(text)
        if kind is not None:
            return Decision(
                action=BLOCK,
                category="unsupported_markup",
                severity="high",
                reasons=(f"engine markup ({kind}): what would be spoken is not what was judged",),
                layer="markup",
            )
        guess = language.identify(text, declared)
        if not guess.supported and age_group != "13_plus":
            return Decision(
                action=BLOCK,
                category="language_not_supported",
                severity="high",
                reasons=(
                    f"the text looks like {guess.language!r} (p={guess.confidence:.2f}); the "
                    f"filter judges {', '.join(language.SUPPORTED)} only",
                ),
                layer="language",
                language=guess.language,
            )
        languages = language.languages_to_judge(guess, declared)
        light, light_origin = normalize_characters(text)
        full, full_origin = undo_disguises(light, light_origin)
        # Disguised spellings are a chat habit; a long passage is judged as it is written.
        extra = (
            readings(full, guess.language, compiled.sound_alikes)
            if len(full) <= READINGS_MAX_CHARS
            else []
        )
        # Personal-data patterns: the text's language (and the toy's, and English); the other
        # candidates' lexicons run, their context patterns would cost more than they find.
        pii_languages = tuple(g for g in languages if g in (guess.language, declared, "en"))
        findings = self._pii(light, light_origin, direction, pii_languages, extra)
        score = None
        if content_filters:
            primary = guess.language
            findings += self._rule_findings(
                compiled, full, full_origin, direction, age_group, primary, "en"
            )
            for lang in languages:
                lexicon = compiled.lexicons.get(lang)
                if lexicon is not None:
                    findings += self._rule_findings(
                        lexicon, full, full_origin, direction, age_group, primary, lang
                    )
            for reading in extra:  # spans of another reading do not map to the text: no span
                findings += [
                    replace(
                        f, action=BLOCK, span=None, reason=f"{f.reason}, read as '{reading[:60]}'"
                    )
                    for f in self._rule_findings(
                        compiled, reading, None, direction, age_group, primary, "en"
                    )
                ]
            # Intents in the languages the text may be in (English among them only when it may
            # be English): an English concept in a Portuguese text is a false friend ("sex" is
            # Friday there).
            likely = tuple(
                g for g in languages if g in (guess.language, declared, *guess.candidates)
            )
            findings += self._intent_findings((full, *extra), direction, likely or ("en",))
            corroborated = any(f.layer == "pii" for f in findings)
            harmless = reads_harmlessly(full, languages)
            # The sentence reader knows English only: other languages are the n-grams' alone.
            # Nor is it asked where a precise pattern says the frightening words are used
            # against harm or in a harmless sense (a lesson, "kill the lights", rejecting a
            # prejudice): measured, it weighs those words much as the n-grams do, and raised
            # such texts over the bar (safety/EVAL.md).
            read_sentences = (
                guess.language == "en"
                and not harmless
                and not speaks_against_prejudice(full, languages)
            )
            classified, score = self._classify(
                (full, *extra),
                age_group,
                classifier,
                pii_corroborated=corroborated,
                harmless_reading=harmless,
                read_sentences=read_sentences,
            )
            if (
                direction == "from_child"
                and classified
                and any(f.layer == "pii" and f.action == REDACT for f in findings)
            ):
                # A child's personal details are redacted, not a reason to drop the rest of
                # what the child said; but whether the words are unsafe is the score's to say,
                # never the category label's: judged again as it will be kept, the details
                # replaced. A "personal information" verdict on that has no detail left to back
                # it ("my mommy's number is [redacted]"), so it needs the stronger evidence that
                # any uncorroborated one does; a verdict of another kind, the usual threshold.
                without, _ = self._classify(
                    (_redacted(full, pii.find_pii(full, pii_languages)),),
                    age_group,
                    classifier,
                    pii_corroborated=False,
                    read_sentences=read_sentences,
                )
                classified = without
            findings += classified
            if self.moderation is not None and not any(f.action == BLOCK for f in findings):
                findings += self._moderate(text)
        decision = self._decide(text, findings, score)
        if guess.language != decision.language and guess.supported:
            decision = replace(decision, language=guess.language)
        return decision

    @staticmethod
    def _intent_findings(
        texts: tuple[str, ...], direction: str, languages: tuple[str, ...]
    ) -> list[Finding]:
        findings: dict[str, Finding] = {}
        for text in texts:
            for found in find_intents(text, direction, languages):
                if found.category not in findings:
                    findings[found.category] = Finding(
                        "intents",
                        BLOCK,
                        found.category,
                        found.severity,
                        f"{'disclosure: ' if found.disclosure else ''}{found.category} "
                        f"('{found.sentence[:80]}')",
                        needs_review=found.disclosure,
                    )
        return list(findings.values())

    @staticmethod
    def _rule_findings(
        compiled: _CompiledRules,
        full: str,
        origin: list[int] | None,
        direction: str,
        age_group: str,
        primary: str = "en",
        lexicon_language: str = "en",
    ) -> list[Finding]:
        """Rule matches; in a text of another language than the lexicon's, a single word that
        is an everyday word of the text's language is that word ("hoe" is Dutch for "how",
        "hell" German for "bright"), not the lexicon's."""
        findings = []
        for rule, start, end in compiled.match(full):
            if primary != lexicon_language and _is_everyday(full[start:end], primary):
                continue
            if rule.applies_to(direction, age_group):
                name = f"rule {rule.pk}" if rule.pk else rule.note or "lexicon"
                findings.append(
                    Finding(
                        layer="rules",
                        action=rule.action,
                        category=rule.category,
                        severity=rule.severity,
                        reason=f"{name}: {rule.category} ({rule.match} '{rule.pattern}')",
                        span=(origin[start], origin[end]) if origin else None,
                        rule_id=rule.pk,
                    )
                )
        return findings

    @staticmethod
    def _pii(
        light: str,
        origin: list[int],
        direction: str,
        languages: tuple[str, ...],
        extra: list[str],
    ) -> list[Finding]:
        if direction == "to_child":
            asked = {
                s.kind for text in (light, *extra) for s in pii.find_solicitation(text, languages)
            }
            asks = [
                Finding(
                    "pii",
                    BLOCK,
                    "pii_solicitation",
                    "high",
                    f"asks a child for personal information ({kind})",
                )
                for kind in sorted(asked)
            ]
            tells = [
                Finding("pii", BLOCK, "pii", "high", f"would speak personal information ({s.kind})")
                for s in pii.find_pii(light, languages)
            ]
            return asks + tells
        return [
            Finding(
                "pii",
                REDACT,
                "pii",
                "medium",
                f"personal information redacted ({s.kind})",
                span=(origin[s.start], origin[s.end]),
            )
            for s in pii.find_pii(light, languages)
        ]

    @staticmethod
    def _classify(
        texts: tuple[str, ...],
        age_group: str,
        classifier: Any,
        *,
        pii_corroborated: bool = True,
        harmless_reading: bool = False,
        read_sentences: bool = False,
    ) -> tuple[list[Finding], float | None]:
        """The classifier's finding on the most unsafe of a text's readings.

        A "personal information" verdict that the PII layer's precise patterns do not back
        ("my sister goes to school on the yellow bus") needs stronger evidence: the label
        says which kind of harm the score is, it never lowers or raises the bar alone."""
        if classifier is None:
            if settings.AUDIO_SAFETY_STRICT_MODE:
                return [
                    Finding(
                        "classifier",
                        BLOCK,
                        "safety_unavailable",
                        "critical",
                        "the safety classifier is not installed (strict mode)",
                    )
                ], None
            return [], None
        # The sentence reader reads the text as written; the other readings (sound-alikes
        # spelled out, glued words split) are the n-grams' to score: they are word lists more
        # than sentences, and each would cost another pass of the reader.
        text, prediction = max(
            (
                (t, classifier.predict(t, read_sentences=read_sentences and i == 0))
                for i, t in enumerate(texts)
            ),
            key=lambda pair: pair[1].unsafe,
        )
        threshold = classifier.threshold(age_group)
        if len(_TOKEN.findall(text)) <= SHORT_TEXT_WORDS:
            # Three words or fewer carry too little evidence for a statistical verdict; short
            # insults and slurs are the lexicon's job.
            threshold = max(threshold, SHORT_TEXT_THRESHOLD)
        if prediction.category == "pii" and not pii_corroborated:
            threshold = max(threshold, PII_UNCORROBORATED_THRESHOLD)
        if harmless_reading:  # a lesson names the harms it warns of, "kill the lights" harms no one
            threshold = max(threshold, HARMLESS_READING_THRESHOLD)
        if prediction.unsafe < threshold:
            return [], prediction.unsafe
        category = prediction.category
        return [
            Finding(
                "classifier",
                BLOCK,
                category,
                CLASSIFIER_SEVERITY.get(category, "high"),
                f"classifier: {category} (p={prediction.unsafe:.2f})",
            )
        ], prediction.unsafe

    def _moderate(self, text: str) -> list[Finding]:
        try:
            verdict = self.moderation(text)
        except ModerationUnavailable as exc:
            if settings.AUDIO_SAFETY_STRICT_MODE:
                return [
                    Finding(
                        "moderation",
                        BLOCK,
                        "moderation_unavailable",
                        "high",
                        f"moderation unavailable, strict mode fails closed: {exc}",
                    )
                ]
            log.warning("moderation unavailable, going on without it: %s", exc)
            return []
        if verdict.flagged:
            category = verdict.category or "moderation"
            return [
                Finding(
                    "moderation",
                    BLOCK,
                    category,
                    CLASSIFIER_SEVERITY.get(category, "high"),
                    f"OpenAI moderation flagged {category}",
                )
            ]
        return []

    @staticmethod
    def _decide(text: str, findings: list[Finding], score: float | None) -> Decision:
        if not findings:
            return Decision(action=ALLOW, redacted_text=text, unsafe_score=score)
        blocking = [f for f in findings if f.action == Action.BLOCK]
        decisive = blocking or findings
        # Most severe first; on a tie, the layer whose verdict is most specific.
        worst = max(decisive, key=lambda f: (SEVERITY_RANK[f.severity], LAYER_RANK[f.layer]))
        reasons = tuple(dict.fromkeys(f.reason for f in decisive))
        rule_ids = tuple(f.rule_id for f in decisive if f.rule_id is not None)
        review = [f for f in findings if f.needs_review]
        if review:  # a child's disclosure decides: a person reads it, the bear answers gently
            worst = max(review, key=lambda f: SEVERITY_RANK[f.severity])
        if blocking:
            return Decision(
                action=BLOCK,
                category=worst.category,
                severity=worst.severity,
                reasons=reasons,
                layer=worst.layer,
                rule_ids=rule_ids,
                unsafe_score=score,
                needs_review=bool(review),
            )
        merged: list[list[int]] = []
        for start, end in sorted(f.span for f in findings if f.span):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        redacted = text
        for start, end in reversed(merged):
            redacted = redacted[:start] + REDACTION + redacted[end:]
        return Decision(
            action=REDACT,
            category=worst.category,
            severity=worst.severity,
            reasons=reasons,
            redacted_text=redacted,
            layer=worst.layer,
            rule_ids=rule_ids,
            unsafe_score=score,
        )
