"""Emergency safety mode: when on, the bear speaks only pre-approved phrases.

On when the ``EMERGENCY_SAFETY_MODE`` setting says so, or when an SRE turns it on (shared
through Redis, so every process follows within a second).
"""

from teddy.shared_state import SharedFlag

EMERGENCY = SharedFlag("teddy:safety:emergency", setting="EMERGENCY_SAFETY_MODE")


def is_active() -> bool:
    return EMERGENCY.is_set()


def set_active(on: bool) -> None:
    EMERGENCY.set(on)
