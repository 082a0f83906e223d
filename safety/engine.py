"""The child-safety decision for one text.

Layers, first decisive one wins:
1. emergency mode: everything not pre-approved is blocked;
2. rules from the database (``SafetyRule``), compiled into one regular expression and rebuilt in
   every process when the shared rules version moves.

The text is normalized first (NFKC, case folding, zero-width characters removed) so that
fullwidth letters or a word split by a zero-width space meet the same rule as ``fuck``.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass, field

from teddy.shared_state import SharedVersion

from . import emergency
from .models import SEVERITY_RANK, Action, SafetyRule
from .redirections import is_pre_approved

log = logging.getLogger(__name__)

RULES_VERSION = SharedVersion("teddy:safety:rules_version")

ALLOW = "allow"
BLOCK = "block"
REDACT = "redact"
AGE_GROUPS = ("under_5", "5_8", "9_12", "13_plus", "unknown")
DIRECTIONS = ("to_child", "from_child")
REDACTION = "[redacted]"

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


@dataclass(frozen=True)
class Decision:
    action: str
    category: str | None = None
    severity: str | None = None
    reasons: tuple[str, ...] = ()
    redacted_text: str = ""
    layer: str = "none"
    rule_ids: tuple[int, ...] = field(default=(), compare=False)

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
        }


def normalize(text: str) -> tuple[str, list[int]]:
    """The form rules match against, and for each of its characters the index of the original
    character it came from, so that a span found in the normalized text redacts the original.

    Characters are normalized one at a time (NFKC, then case folding; zero-width characters
    vanish), which differs from whole-string NFKC only for rare combining sequences.
    """
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char).translate(_ZERO_WIDTH).casefold()
        out.append(folded)
        origin.extend([index] * len(folded))
    origin.append(len(text))
    return "".join(out), origin


@dataclass(frozen=True)
class _CompiledRules:
    version: int
    regex: re.Pattern[str] | None
    rules: dict[str, SafetyRule]


class SafetyEngine:
    """Built once per process; ``check`` is thread-safe."""

    def __init__(self) -> None:
        self._compiled: _CompiledRules | None = None
        self._lock = threading.Lock()

    def _rules(self) -> _CompiledRules:
        version = RULES_VERSION.current()
        compiled = self._compiled
        if compiled is None or compiled.version != version:
            with self._lock:
                compiled = self._compiled
                if compiled is None or compiled.version != version:
                    compiled = self._compile(version)
                    self._compiled = compiled
        return compiled

    @staticmethod
    def _compile(version: int) -> _CompiledRules:
        rules: dict[str, SafetyRule] = {}
        parts: list[str] = []
        for rule in SafetyRule.objects.filter(enabled=True):
            source = rule.regex_source()
            try:
                re.compile(source)
            except re.error:
                log.error("safety rule %s has an invalid pattern; skipped", rule.pk)
                continue
            name = f"r{rule.pk}"
            rules[name] = rule
            parts.append(f"(?P<{name}>{source})")
        regex = re.compile("|".join(parts)) if parts else None
        log.info("compiled %d safety rules (version %d)", len(rules), version)
        return _CompiledRules(version=version, regex=regex, rules=rules)

    def reload(self) -> None:
        self._compiled = None

    def check(
        self, text: str, *, direction: str = "to_child", age_group: str = "unknown"
    ) -> Decision:
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {DIRECTIONS}")
        if age_group not in AGE_GROUPS:
            raise ValueError(f"age_group must be one of {AGE_GROUPS}")

        if emergency.is_active() and not is_pre_approved(text.strip()):
            return Decision(
                action=BLOCK,
                category="emergency_mode",
                severity="critical",
                reasons=("emergency safety mode is on: only pre-approved phrases are spoken",),
                layer="emergency",
            )

        normalized, origin = normalize(text)
        compiled = self._rules()
        if compiled.regex is None:
            return Decision(action=ALLOW, redacted_text=text)

        hits: list[tuple[SafetyRule, re.Match[str]]] = []
        for match in compiled.regex.finditer(normalized):
            rule = compiled.rules[match.lastgroup or ""]
            if rule.applies_to(direction, age_group):
                hits.append((rule, match))
        if not hits:
            return Decision(action=ALLOW, redacted_text=text)

        blocking = [(r, m) for r, m in hits if r.action == Action.BLOCK]
        decisive = blocking or hits
        worst, _ = max(decisive, key=lambda rm: SEVERITY_RANK[rm[0].severity])
        reasons = tuple(
            dict.fromkeys(f"rule {r.pk}: {r.category} ({r.match} match)" for r, _ in decisive)
        )
        if blocking:
            return Decision(
                action=BLOCK,
                category=worst.category,
                severity=worst.severity,
                reasons=reasons,
                redacted_text="",
                layer="rules",
                rule_ids=tuple(r.pk for r, _ in blocking),
            )
        redacted = text
        for _, match in sorted(hits, key=lambda rm: rm[1].start(), reverse=True):
            start, end = origin[match.start()], origin[match.end()]
            redacted = redacted[:start] + REDACTION + redacted[end:]
        return Decision(
            action=REDACT,
            category=worst.category,
            severity=worst.severity,
            reasons=reasons,
            redacted_text=redacted,
            layer="rules",
            rule_ids=tuple(r.pk for r, _ in hits),
        )
