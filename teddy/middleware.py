"""Middleware of our own."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from . import requestid
from .logs import log_access, route_of


def sane_request_id(get_response: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Just before django-guid's middleware: a client's ``X-Request-ID`` that is not sane
    (``teddy/requestid.py``) is dropped, and django-guid makes a new id, as the fast path and
    the WebSocket sessions do. django-guid's own test alone takes ids of any length."""

    def middleware(request: Any) -> Any:
        given = request.META.get(requestid.META_KEY)
        if given is not None and not requestid.is_sane(given):
            del request.META[requestid.META_KEY]
        return get_response(request)

    return middleware


def access_log(get_response: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """One line per request (``teddy/logs.py``), under the request's id: django-guid's
    middleware, just above, set it. Inside it, so that every answer is counted, an error too.
    For a toy, the device's primary key (from DRF's authentication, which puts it on the
    request); never its token. A streamed answer is timed to its first byte."""
    from .models import Device

    def middleware(request: Any) -> Any:
        started = time.perf_counter()
        response = get_response(request)
        device = getattr(request, "auth", None)
        device_id = device.pk if isinstance(device, Device) else None
        log_access(request.method, route_of(request), response.status_code, started, device_id)
        return response

    return middleware


# Synchronous, like the rest of the chain (see ``sync_request_chain``): no thread switch.
sane_request_id.sync_capable = access_log.sync_capable = True
sane_request_id.async_capable = access_log.async_capable = False


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
