"""Safety rules that staff edit; the engine compiles them (``safety/engine.py``)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models


class Category(models.TextChoices):
    SEXUAL = "sexual"
    SEXUAL_MINORS = "sexual_minors"
    VIOLENCE = "violence"
    SELF_HARM = "self_harm"
    HATE = "hate"
    HARASSMENT = "harassment"
    PROFANITY = "profanity"
    WEAPONS = "weapons"
    DRUGS_ALCOHOL = "drugs_alcohol"
    DANGEROUS_ACTIVITIES = "dangerous_activities"
    CRIME = "crime"
    PII = "pii"
    PII_SOLICITATION = "pii_solicitation"


class Severity(models.TextChoices):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


SEVERITY_RANK = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}


class Action(models.TextChoices):
    BLOCK = "block"
    REDACT = "redact"


class Direction(models.TextChoices):
    TO_CHILD = "to_child", "spoken to the child"
    FROM_CHILD = "from_child", "said by the child"
    BOTH = "both", "both directions"


class AgeGroup(models.TextChoices):
    UNDER_5 = "under_5"
    AGE_5_8 = "5_8"
    AGE_9_12 = "9_12"
    AGE_13_PLUS = "13_plus"


class MatchKind(models.TextChoices):
    WORD = "word", "whole word"
    PHRASE = "phrase", "phrase (word boundaries at both ends)"
    REGEX = "regex", "regular expression"


class SafetyRule(models.Model):
    pattern = models.CharField(max_length=500)
    match = models.CharField(max_length=10, choices=MatchKind.choices, default=MatchKind.WORD)
    category = models.CharField(max_length=32, choices=Category.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.HIGH)
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.BLOCK)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.BOTH)
    age_groups = models.CharField(
        max_length=60,
        blank=True,
        help_text="comma-separated age groups the rule applies to; empty means every child",
    )
    enabled = models.BooleanField(default=True)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "pattern"]

    def __str__(self) -> str:
        return f"{self.category}: {self.pattern}"

    def regex_source(self) -> str:
        """The rule as a regular expression over normalized (case-folded) text."""
        if self.match == MatchKind.REGEX:
            return self.pattern
        words = [re.escape(w) for w in self.pattern.casefold().split()]
        return r"\b" + r"\s+".join(words) + r"\b"

    def applies_to(self, direction: str, age_group: str) -> bool:
        if self.direction not in (Direction.BOTH, direction):
            return False
        groups = [g.strip() for g in self.age_groups.split(",") if g.strip()]
        return not groups or age_group in groups or age_group == "unknown"

    def clean(self) -> None:
        try:
            re.compile(self.regex_source())
        except re.error as exc:
            raise ValidationError({"pattern": f"not a valid regular expression: {exc}"}) from exc
        unknown = {g.strip() for g in self.age_groups.split(",") if g.strip()} - set(
            AgeGroup.values
        )
        if unknown:
            raise ValidationError(
                {"age_groups": f"unknown age groups: {', '.join(sorted(unknown))}"}
            )


class AuditEntry(models.Model):
    """One row of the append-only audit trail: consent changes, rule changes, runbook actions,
    cache flushes, exports and deletions.

    Each row carries the SHA-256 of the previous row's hash and its own content, so altering or
    removing any row breaks the chain from there on (``safety/audit.py`` verifies it). The actor
    is kept by name too: the trail outlives the accounts it mentions.
    """

    created_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=64, db_index=True)
    target = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_name}: {self.action}"
