"""Safety rules that staff edit; the engine compiles them (``safety/engine.py``)."""

from __future__ import annotations

import re
from functools import lru_cache

from django.conf import settings
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


class ApprovedPhrase(models.Model):
    """A phrase people reviewed and approved for the bear to say: spoken even in emergency
    mode, never re-checked, and warmed into the cache after a cold start. The built-in ones
    (the redirections and a few greetings) are in ``safety/redirections.py``; these are the
    operators' additions, kept in the configuration backup."""

    text = models.CharField(max_length=500, unique=True)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["text"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        self.text = self.text.strip()
        if not self.text:
            raise ValidationError({"text": "an approved phrase cannot be empty"})


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


# --- COPPA: parents, children, consent, interaction records ---------------------------------
#
# What we keep about a child is the least that lets a parent consent and review: a nickname the
# parent chose, the birth year and month (never the day: the age group is all we need), and,
# only under a matching active consent, what was said in each interaction after PII redaction.
# Audio is never stored anywhere. Logs and metrics name a child only by ``Child.hashed_id``.


class Parent(models.Model):
    """A parent or guardian. The parent API authenticates with a token shown once, stored hashed
    (like device tokens)."""

    name = models.CharField(max_length=150)
    email = models.EmailField(unique=True)
    # NULL, not "", until a token is issued: the column is unique.
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)  # noqa: DJ001
    token_hint = models.CharField(max_length=12, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def issue_token(self) -> str:
        import secrets

        from teddy.models import hash_token

        token = "ptn_" + secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.token_hint = token[:8]
        return token


class Child(models.Model):
    """A child, known to us by a random public id (the toy API's ``child_id``)."""

    public_id = models.CharField(max_length=32, unique=True, editable=False)
    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="children")
    nickname = models.CharField(max_length=60, help_text="what the parent calls the child here")
    birth_year = models.PositiveSmallIntegerField()
    birth_month = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["parent__name", "nickname"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return f"{self.nickname} ({self.public_id})"

    def save(self, *args, **kwargs) -> None:
        if not self.public_id:
            import secrets

            self.public_id = "ch_" + secrets.token_hex(8)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from django.utils import timezone

        today = timezone.now().date()
        if not 1 <= (self.birth_month or 0) <= 12:
            raise ValidationError({"birth_month": "A month is 1 to 12."})
        if (self.birth_year or 0) * 12 + self.birth_month > today.year * 12 + today.month:
            raise ValidationError({"birth_year": "That is in the future."})
        if (self.birth_year or 0) < today.year - 25:
            raise ValidationError({"birth_year": "Too long ago for a child."})

    def age_in_months(self, today=None) -> int:
        from django.utils import timezone

        today = today or timezone.now().date()
        return (today.year * 12 + today.month) - (self.birth_year * 12 + self.birth_month)

    def age_group(self, today=None) -> str:
        """The engine's age group, from the birth month: an under-13 child never gets
        ``13_plus``, whatever else is configured."""
        years = self.age_in_months(today) // 12
        if years < 5:
            return AgeGroup.UNDER_5
        if years <= 8:
            return AgeGroup.AGE_5_8
        if years <= 12:
            return AgeGroup.AGE_9_12
        return AgeGroup.AGE_13_PLUS

    @property
    def hashed_id(self) -> str:
        return hashed_child_id(self.public_id)


def hashed_child_id(public_id: str) -> str:
    """The only form of a child's id that reaches logs, metrics and the audit trail: an HMAC
    keyed by the secret key, so the id cannot be found again by trying candidates."""
    return _child_hmac(settings.SECRET_KEY, public_id)


@lru_cache(maxsize=4096)
def _child_hmac(secret: str, public_id: str) -> str:
    from django.utils.crypto import salted_hmac

    digest = salted_hmac("teddy.safety.child", public_id, secret=secret, algorithm="sha256")
    return digest.hexdigest()[:32]


class ConsentScope(models.TextChoices):
    SPEECH_TO_TEXT = "stt", "speech-to-text (the toy listens)"
    INTERACTION_LOGS = "interaction_logs", "interaction records (what was said, redacted)"
    PRODUCT_IMPROVEMENT = "product_improvement", "product improvement"


class ConsentMethod(models.TextChoices):
    """Verification methods the FTC accepts (16 CFR 312.5(b))."""

    SIGNED_FORM = "signed_form", "signed consent form"
    CARD_CHECK = "card_check", "payment card transaction"
    TOLL_FREE_CALL = "toll_free_call", "call with trained staff"
    VIDEO_CALL = "video_call", "video conference"
    GOVERNMENT_ID = "government_id", "government ID checked and deleted"
    KNOWLEDGE_BASED = "knowledge_based", "knowledge-based authentication"
    FACIAL_MATCH = "facial_match", "face match to a photo ID"


class ConsentQuerySet(models.QuerySet["ParentalConsent"]):
    def active(self, now=None) -> ConsentQuerySet:
        from django.utils import timezone

        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, granted_at__lte=now).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ParentalConsent(models.Model):
    """One verified consent for one scope. Never edited after the fact: a change is a
    revocation and, if need be, a new grant (both audited)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(max_length=32, choices=ConsentScope.choices)
    method = models.CharField(max_length=32, choices=ConsentMethod.choices)
    verified_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_by_name = models.CharField(max_length=150)
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.CharField(max_length=150, blank=True)
    retention_days = models.PositiveSmallIntegerField(
        default=30, help_text="how long interaction records under this consent are kept"
    )
    note = models.CharField(max_length=300, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["child", "scope"])]

    def __str__(self) -> str:
        return f"{self.scope} for {self.child.public_id} ({self.status})"

    @property
    def status(self) -> str:
        from django.utils import timezone

        if self.revoked_at:
            return "revoked"
        if self.expires_at and self.expires_at <= timezone.now():
            return "expired"
        return "active"


class InteractionLog(models.Model):
    """One toy request, kept only under an active ``interaction_logs`` consent: the words after
    PII redaction, the safety decision, how it was served. Never audio."""

    class Kind(models.TextChoices):
        TTS = "tts", "bear spoke (HTTP)"
        TTS_STREAM = "tts_stream", "bear spoke (stream)"
        STT = "stt", "child spoke"

    created_at = models.DateTimeField(db_index=True)
    device = models.ForeignKey(
        "teddy.Device", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="interactions")
    child_hash = models.CharField(max_length=32, db_index=True)
    age_group = models.CharField(max_length=10)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.TextField(help_text="after PII redaction")
    safety_action = models.CharField(max_length=10)
    safety_category = models.CharField(max_length=32, blank=True)
    provider = models.CharField(max_length=32, blank=True)
    cached = models.BooleanField(default=False)
    latency_ms = models.PositiveIntegerField(default=0)
    consent = models.ForeignKey(ParentalConsent, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} {self.child_hash[:8]}"


class AuditHead(models.Model):
    """The chain's last hash and length, in a row of its own: removing entries from the end of
    the trail (which leaves the remaining chain intact) shows as a mismatch here."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    entry_hash = models.CharField(max_length=64)
    entries = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"audit head after {self.entries} entries: {self.entry_hash[:12]}"


class SafetyEvent(models.Model):
    """Something about a child's safety that a person should know of, beyond one decision:

    - ``disclosure``: a child's words say someone may be hurting them, or that they want to
      hurt themselves. Status ``needs_review`` until compliance staff mark it reviewed.
    - ``unsupported_markup``: a toy sent text with speech-engine markup (refused with 400).
    - ``language_not_supported``: a text in a language the filter cannot judge, refused for a
      child under 13.

    The child's words are kept only as an interaction record would keep them (after PII
    redaction) and only under an active ``interaction_logs`` consent; otherwise ``text`` is
    empty and the event says what happened, not what was said. Deleted with the child.
    """

    class Kind(models.TextChoices):
        DISCLOSURE = "disclosure", "a child's disclosure"
        UNSUPPORTED_MARKUP = "unsupported_markup", "engine markup refused"
        LANGUAGE_NOT_SUPPORTED = "language_not_supported", "language not judged, refused"

    class Status(models.TextChoices):
        RECORDED = "recorded", "recorded"
        NEEDS_REVIEW = "needs_review", "needs review"
        REVIEWED = "reviewed", "reviewed"

    created_at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, db_index=True)
    category = models.CharField(max_length=32, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    direction = models.CharField(max_length=10, blank=True)
    age_group = models.CharField(max_length=10, blank=True)
    language = models.CharField(max_length=8, blank=True)
    device = models.ForeignKey(
        "teddy.Device", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.CASCADE, related_name="safety_events"
    )
    child_hash = models.CharField(max_length=32, blank=True, db_index=True)
    text = models.TextField(blank=True, help_text="after PII redaction, only under consent")
    request_id = models.CharField(max_length=64, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by_name = models.CharField(max_length=150, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind} ({self.status})"
