"""A starter rule set, so that a fresh install never speaks the worst texts.

Deliberately small and precise (whole words, clear phrases): the layered engine and its
classifier come on top. Staff edit these in the console.
"""

from django.db import migrations

# (pattern, match, category, severity, action, direction)
RULES = [
    ("fuck", "word", "profanity", "medium", "block", "both"),
    ("fucking", "word", "profanity", "medium", "block", "both"),
    ("shit", "word", "profanity", "medium", "block", "both"),
    ("bitch", "word", "profanity", "medium", "block", "both"),
    ("cunt", "word", "profanity", "high", "block", "both"),
    ("asshole", "word", "profanity", "medium", "block", "both"),
    ("porn", "word", "sexual", "high", "block", "both"),
    ("have sex", "phrase", "sexual", "high", "block", "both"),
    ("take off your clothes", "phrase", "sexual_minors", "critical", "block", "to_child"),
    ("kill yourself", "phrase", "self_harm", "critical", "block", "both"),
    ("cut yourself", "phrase", "self_harm", "critical", "block", "both"),
    ("commit suicide", "phrase", "self_harm", "critical", "block", "both"),
    ("make a bomb", "phrase", "weapons", "critical", "block", "both"),
    ("load the gun", "phrase", "weapons", "high", "block", "to_child"),
    ("drink alcohol", "phrase", "drugs_alcohol", "high", "block", "to_child"),
    ("smoke a cigarette", "phrase", "drugs_alcohol", "high", "block", "to_child"),
    (
        r"\bwhat(?:'s| is) your (?:home |full |last )?(?:address|phone number|last name|full name|surname)\b",
        "regex",
        "pii_solicitation",
        "high",
        "block",
        "to_child",
    ),
    (
        r"\b(?:which|what) school do you go to\b",
        "regex",
        "pii_solicitation",
        "high",
        "block",
        "to_child",
    ),
    (r"\bwhere do you live\b", "regex", "pii_solicitation", "high", "block", "to_child"),
    (
        r"(?<!\d)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)",
        "regex",
        "pii",
        "medium",
        "redact",
        "from_child",
    ),
    (r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b", "regex", "pii", "medium", "redact", "from_child"),
]


def add_rules(apps, schema_editor):
    SafetyRule = apps.get_model("safety", "SafetyRule")
    for pattern, match, category, severity, action, direction in RULES:
        SafetyRule.objects.get_or_create(
            pattern=pattern,
            match=match,
            defaults={
                "category": category,
                "severity": severity,
                "action": action,
                "direction": direction,
                "note": "starter rule",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]
    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
