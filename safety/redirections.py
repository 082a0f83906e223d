"""What the bear says instead of a blocked text: gentle, never scolding, never repeating it.

These phrases are pre-approved: they are spoken even in emergency mode, and never re-checked.
"""

_DEFAULT = (
    "Hmm, let's talk about something else. Would you like to hear a story about a friendly dragon?"
)

_BY_CATEGORY = {
    "emergency_mode": "I'm taking a little rest right now. Let's play again soon!",
    "self_harm": (
        "You matter a lot. If you feel sad or hurt, please tell a grown-up you trust right away."
    ),
    "abuse": (
        "Thank you for telling me. That sounds really hard, and it is not your fault. Please "
        "tell a grown-up you trust, like a teacher, right away."
    ),
    "pii_solicitation": "Let's keep our secrets safe. Shall we sing a song instead?",
    "pii": "Let's keep our secrets safe. Shall we sing a song instead?",
}

#: The phrases emergency mode lets through besides the redirections themselves.
PRE_APPROVED = (
    "Hello! I'm so happy to see you.",
    "Good night, sleep tight.",
    "Let's take a deep breath together.",
    "Time for a story!",
)


def redirection_for(category: str | None) -> str:
    return _BY_CATEGORY.get(category or "", _DEFAULT)


def is_pre_approved(text: str) -> bool:
    return text in PRE_APPROVED or text in _BY_CATEGORY.values() or text == _DEFAULT


def all_pre_approved() -> list[str]:
    """Every phrase emergency mode lets through: what a cold cache must hold first."""
    return list(dict.fromkeys([*PRE_APPROVED, _DEFAULT, *_BY_CATEGORY.values()]))
