"""Console roles are Django groups: ``sre``, ``compliance``, ``admin``. A superuser has them all."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

SRE, COMPLIANCE, ADMIN = "sre", "compliance", "admin"


def has_role(user: Any, *roles: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    names = getattr(user, "_role_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._role_names = names
    return bool(names & ({ADMIN, *roles}))


def role_permission(*roles: str) -> type[BasePermission]:
    """A DRF permission class for staff holding any of ``roles`` (admins always do)."""

    class HasRole(BasePermission):
        message = f"This needs one of the roles: {', '.join(roles)}."

        def has_permission(self, request: Any, view: Any) -> bool:
            return has_role(request.user, *roles)

    return HasRole


def console_roles(request: Any) -> dict:
    """Template context: which parts of the console the signed-in person may open (the views
    check again; this only keeps the navigation honest)."""
    user = getattr(request, "user", None)
    return {
        "is_sre": has_role(user, SRE),
        "is_compliance": has_role(user, COMPLIANCE),
    }
