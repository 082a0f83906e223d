"""The request id: one per HTTP request or WebSocket session, on every log line it causes.

django-guid keeps it (its contextvar, which its log filter reads), takes it from Django's
requests (its middleware, first in ``MIDDLEWARE``) and hands it on to Celery tasks (its Celery
integration). This module does the same for what Django never sees, with one rule for a
client's id, so an id is accepted and made the same way everywhere: the cache-hit fast path
(``audio/api/fast.py``), WebSocket sessions (``SessionRequestId``), and Django's requests
(``teddy.middleware.sane_request_id``, just before django-guid's middleware).

A client may send its own id in ``X-Request-ID`` (a toy's firmware, a proxy) so that its logs and
ours meet; it is taken only if it is sane (``is_sane``), else a new one is made, so nothing a
client sends ends up in our logs or the audit trail unchecked.
"""

from __future__ import annotations

import re
from typing import Any

from django_guid.context import guid
from django_guid.utils import generate_guid, validate_guid

HEADER = b"x-request-id"  # as ASGI spells header names; django-guid's GUID_HEADER_NAME
META_KEY = "HTTP_X_REQUEST_ID"  # as Django's request.META spells it
_PLAIN = re.compile(r"[A-Za-z0-9-]{8,64}")


def current() -> str:
    """The id of the request, session or task under way; "" outside one."""
    return guid.get() or ""


def is_sane(given: str) -> bool:
    """A UUID (django-guid's test) written plainly: 8 to 64 letters, digits and dashes.
    django-guid's test alone takes what Python's ``uuid.UUID`` takes: braces, spaces,
    underscores, and ``urn:uuid:`` prefixes repeated to any length."""
    return _PLAIN.fullmatch(given) is not None and validate_guid(given)


def accept(given: bytes | str | None) -> str:
    """The client's id if it is a sane one, else a new one."""
    if given:
        text = given.decode("latin-1") if isinstance(given, bytes) else given
        if is_sane(text):
            return text
    return generate_guid()


def from_scope(scope: dict[str, Any]) -> str:
    """The id for an ASGI connection, from its ``x-request-id`` header."""
    for name, value in scope.get("headers", ()):
        if name == HEADER:
            return accept(value)
    return accept(None)


class SessionRequestId:
    """First base of a Channels consumer: the whole session runs under one request id (from
    the handshake's ``x-request-id`` if sane). The consumer's handlers, the tasks it starts and
    the threads it hands work to all copy the id from the session's context."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        guid.set(from_scope(scope))
        await super().__call__(scope, receive, send)  # type: ignore[misc]
