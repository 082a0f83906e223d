"""``POST /api/v1/tts`` answered from the cache before Django's request machinery.

A cache hit is the hot path (a child's favourite stories, the bear's greetings), and most of
its cost was not its work but Django's handling of a synchronous view under ASGI: a new thread
per request, thread switches through the middleware, DRF's request wrapping (``make bench``).
This ASGI layer sits in front of Django for that one endpoint. It reads the small JSON body and
hands the whole attempt to a long-lived thread, which does exactly what the view does for a
hit, with the same code: device token, request validation, the child's age group, the safety
decision, the cache, the hourly limit, metrics, shared outcomes, the interaction record.

Anything that is not a plain cache hit goes on to Django unchanged (the body replayed): a
miss, a stream, a bad token or a bad request, so every error keeps its one source. A request
passed on after the hourly limit was spent here is marked, and Django's throttle does not spend
it twice.

The request id (``teddy/requestid.py``) is settled here, before Django's middleware would: it
is set for the attempt in its thread, each answer given here carries it in ``X-Request-ID`` and
leaves the access line Django's would (``teddy/logs.py``), and a request passed on carries it in
its header, so Django's middleware takes up the same id.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django_guid.context import guid

from teddy import hotdb, requestid
from teddy.logs import log_access

PATH = "/api/v1/tts"
MAX_BODY = 16 * 1024  # a TTS request is a short JSON text; anything larger goes to Django
CHARGED = "teddy.rate_limit_charged"  # scope key: the hourly limit already counted this one
ROUTE = "api-tts"  # the URL pattern's name, as Django's access line names it

WORKERS = 4
_pool = ThreadPoolExecutor(
    max_workers=WORKERS, thread_name_prefix="tts-fast", initializer=hotdb.long_lived_thread
)

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]


class CacheHitFastPath:
    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"] == PATH
            and settings.TTS_FAST_PATH
        ):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope["headers"])
        request_id = requestid.accept(headers.get(requestid.HEADER))
        guid.set(request_id)
        body, more = await _read(receive)
        answer = None
        if not more:
            loop = asyncio.get_running_loop()
            answer = await loop.run_in_executor(
                _pool, attempt, headers.get(b"authorization", b""), body, request_id, started
            )
        if isinstance(answer, Answer):
            start = {"type": "http.response.start", "status": answer.status}
            tagged = [*answer.headers, (requestid.HEADER, request_id.encode())]
            await send({**start, "headers": tagged})
            await send({"type": "http.response.body", "body": answer.body})
            return
        scope = _with_request_id(scope, request_id)  # not a hit: not the hot path
        if answer is CHARGED:
            scope[CHARGED] = True
        await self.app(scope, _replay(body, more, receive), send)


def close_connections() -> None:
    """Close the connections the attempts opened (the safety engine reloading its rules)."""
    hotdb.close_connections(_pool, WORKERS)


async def _read(receive: Receive) -> tuple[bytes, bool]:
    """The body, up to ``MAX_BODY``; ``more`` when there is more than that still to come."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), True  # a disconnect: let Django see it
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if not message.get("more_body") or size > MAX_BODY:
            return b"".join(chunks), bool(message.get("more_body"))


def _with_request_id(scope: Scope, request_id: str) -> Scope:
    """A copy of the scope with the id settled here as its only ``x-request-id`` header."""
    headers = [(name, value) for name, value in scope["headers"] if name != requestid.HEADER]
    return {**scope, "headers": [*headers, (requestid.HEADER, request_id.encode())]}


def _replay(body: bytes, more: bool, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> dict:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replayed


class Answer:
    __slots__ = ("body", "headers", "status")

    def __init__(self, body: bytes, headers: list[tuple[bytes, bytes]], status: int = 200) -> None:
        self.body = body
        self.headers = headers + SECURITY_HEADERS
        self.status = status


#: What Django's security and clickjacking middleware add to every answer.
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def _too_many(retry_after_s: int) -> Answer:
    """The 429 Django would give (``teddy/errors.py``), said here so it is not counted twice."""
    body = json.dumps(
        {
            "error": {
                "code": "rate_limited",
                "message": f"Request was throttled. Expected available in {retry_after_s} seconds.",
            }
        }
    ).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(retry_after_s).encode()),
    ]
    return Answer(body, headers, status=429)


def attempt(
    authorization: bytes, body: bytes, request_id: str = "", received: float | None = None
) -> Answer | str | None:
    """In a long-lived thread, under the request's id: the answer to a cache hit, or None to
    let Django answer (``CHARGED`` when the hourly limit has already counted the request).
    ``received`` is when the request came in (``time.perf_counter()``)."""
    token = guid.set(request_id or None)
    try:
        return _attempt(authorization, body, time.perf_counter() if received is None else received)
    finally:
        guid.reset(token)  # the thread is long-lived: the next request starts without it


def _attempt(authorization: bytes, body: bytes, received: float) -> Answer | str | None:
    from safety import coppa
    from teddy import ratelimit
    from teddy.auth import active_device
    from teddy.errors import ApiError

    from ..pipeline import get_audio_service
    from .views import record_spoken, speech_headers

    scheme, _, token = authorization.decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not token or " " in token:
        return None
    device = active_device(token)
    if device is None:
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("stream"):
        return None
    service = get_audio_service()
    try:
        request = service.parse(data, record_refusals=False)
        child = coppa.child_context(device, request.child_id)
    except ApiError:
        return None
    started = time.perf_counter()
    verdict = ratelimit.check(device)
    if not verdict.allowed:
        log_access("POST", ROUTE, 429, received, device.pk)
        return _too_many(verdict.retry_after_s)
    speech = service.cached_speech(request, age_group=child.age_group)
    if speech is None:
        return CHARGED
    record_spoken(child, device, request, speech, started)
    synthesis = speech.synthesis
    headers = [
        (b"content-type", synthesis.content_type.encode()),
        (b"content-length", str(len(synthesis.audio)).encode()),
    ] + [(name.lower().encode(), value.encode()) for name, value in speech_headers(speech).items()]
    log_access("POST", ROUTE, 200, received, device.pk)
    return Answer(synthesis.audio, headers)
