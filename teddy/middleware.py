"""Middleware of our own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def sync_request_chain(get_response: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Last in ``MIDDLEWARE``: makes Django run the whole middleware chain in one thread.

    Under ASGI, Django runs middleware that can do both in async mode, and each of Django's own
    (``MiddlewareMixin``) then hops to a thread and back for every ``process_request`` and
    ``process_response``: a dozen thread switches per request. A sync-only middleware innermost
    turns the chain synchronous: one switch into a thread at the top, one around the view.
    It does nothing else (``make bench`` measures the difference)."""
    return get_response


sync_request_chain.sync_capable = True
sync_request_chain.async_capable = False
