"""``WS /ws/v1/tts``: the toy's speech stream.

The toy authenticates with its device token (``Authorization: Bearer`` on the handshake, or a
``token`` query parameter for clients that cannot set headers), then sends JSON messages:

- ``{"type": "speak", "text": ..., "voice"?, "language"?}``: the bear answers with binary
  frames of 24 kHz 16-bit mono PCM (100 ms each), sentence by sentence, then
  ``{"type": "end", "cached": bool, "provider": ..., "chunks": n, "first_byte_ms": ...}``;
  a new ``speak`` replaces the one in progress;
- ``{"type": "cancel"}``: the child interrupted: synthesis and sending stop at once, and the
  server answers ``{"type": "cancelled"}``;
- ``{"type": "ping"}``: answered with ``{"type": "pong"}``.

Close codes: 1008 (policy) for a missing, bad or revoked token; 1003 for binary messages from
the toy; 1007 for a message that is not JSON. A bad ``speak`` (empty text, unknown voice) is
answered with ``{"type": "error", "error": {"code", "message"}}`` and the socket stays open.

Logs: the whole session runs under one request id (the handshake's ``X-Request-ID`` if sane,
else a new one: ``teddy/requestid.py``); it opens, ends each stream and closes with a line
naming the device by its primary key, never its token or the child's words.

Backpressure: frames are sent one by one and each send waits for the transport; the next
sentence is synthesized only when the previous one has been handed over, so a toy that reads
slowly never makes the server hold more than one sentence of audio. Sending is paced to stay at
most ``TTS_STREAM_LEAD_S`` seconds (2 by default) ahead of real time, which bounds how much
audio is already on its way when the child interrupts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from safety import coppa
from teddy import ratelimit
from teddy.auth import device_by_token
from teddy.errors import ApiError
from teddy.models import Device
from teddy.requestid import SessionRequestId

from . import metrics
from .pipeline import get_audio_service
from .streaming import FRAME_BYTES, STREAM_RATE, record_session, speak_stream

log = logging.getLogger(__name__)

POLICY_VIOLATION = 1008
UNSUPPORTED_DATA = 1003
INVALID_PAYLOAD = 1007


@database_sync_to_async
def _device_for(token: str) -> Device | None:
    device = device_by_token(token)
    return device if device is not None and device.is_active else None


def _token(scope: dict) -> str:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer":
                return token.strip()
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return (query.get("token") or [""])[0]


class _Pacer:
    """Keeps a stream at most ``TTS_STREAM_LEAD_S`` seconds of audio ahead of what the toy has
    played: enough for bad Wi-Fi, little enough that a cancel leaves little audio on its way
    (what was sent cannot be called back). The toy's playback clock starts with the first frame
    and waits whenever the toy ran out of audio."""

    def __init__(self) -> None:
        self.lead = settings.TTS_STREAM_LEAD_S
        self.play_start: float | None = None
        self.sent_s = 0.0

    async def wait(self) -> None:
        now = time.perf_counter()
        if self.play_start is None or now - self.play_start > self.sent_s:
            self.play_start = now - self.sent_s  # first frame, or the toy ran dry: catch up
        if self.lead > 0:
            ahead = self.sent_s - (now - self.play_start)
            if ahead > self.lead:
                await asyncio.sleep(ahead - self.lead)

    def sent(self, frame: bytes) -> None:
        self.sent_s += len(frame) / (2 * STREAM_RATE)


class TTSConsumer(SessionRequestId, AsyncWebsocketConsumer):
    # A toy's stream talks to nobody else: no channel layer, so no Redis round trips, and the
    # socket keeps working when Redis is down.
    channel_layer_alias = "no-channel-layer"

    async def connect(self) -> None:
        await self.accept()  # accept first, so that a refusal can carry its close code
        token = _token(self.scope)
        self.device = await _device_for(token) if token else None
        if self.device is None:
            log.info("tts session refused: no valid device token")
            await self.send(text_data=_error("invalid_token", "A valid device token is required."))
            await self.close(code=POLICY_VIOLATION)
            return
        self.task: asyncio.Task | None = None
        log.info("tts session opened", extra={"device_id": self.device.pk})

    async def disconnect(self, code: int) -> None:
        await self._cancel()
        if getattr(self, "device", None) is not None:
            log.info("tts session closed", extra={"device_id": self.device.pk, "code": code})

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if getattr(self, "device", None) is None:
            return
        if bytes_data is not None:
            log.info("tts session closing: the toy sent binary data")
            await self.close(code=UNSUPPORTED_DATA)
            return
        try:
            message = json.loads(text_data or "")
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python reads
            log.info("tts session closing: the toy sent a message that is not JSON")
            await self.close(code=INVALID_PAYLOAD)
            return
        kind = message.get("type") if isinstance(message, dict) else None
        if kind == "speak":
            await self._cancel()
            verdict = await sync_to_async(ratelimit.check)(self.device)
            if not verdict.allowed:
                await self.send(
                    text_data=json.dumps(
                        {
                            "type": "error",
                            "error": {
                                "code": "rate_limited",
                                "message": "Too many requests this hour; try again later.",
                            },
                            "retry_after_s": verdict.retry_after_s,
                        }
                    )
                )
                return
            service = get_audio_service()
            try:
                request = await sync_to_async(service.parse)(
                    {**message, "stream": True}, device=self.device
                )
                child = coppa.child_context(self.device, request.child_id)
            except ApiError as exc:
                await self.send(text_data=_error(exc.code, exc.message))
                return
            self.task = asyncio.create_task(self._speak(service, request, child))
        elif kind == "cancel":
            cancelled = await self._cancel()
            await self.send(text_data=json.dumps({"type": "cancelled", "was_speaking": cancelled}))
        elif kind == "ping":
            await self.send(text_data=json.dumps({"type": "pong"}))
        else:
            await self.send(
                text_data=_error("invalid_message", "type must be speak, cancel or ping.")
            )

    async def _cancel(self) -> bool:
        task = getattr(self, "task", None)
        self.task = None
        if task is None or task.done():
            return False
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return True

    async def _speak(self, service, request, child: coppa.ChildContext) -> None:
        started = time.perf_counter()
        first_byte_ms = None
        audio_s = 0.0
        pacer = _Pacer()
        decisions: list = []
        chunks = speak_stream(
            service, request, age_group=child.age_group, on_decision=decisions.append
        )
        all_cached, provider, count = True, None, 0
        cancelled = False
        try:
            while True:
                chunk = await sync_to_async(next, thread_sensitive=False)(chunks, None)
                if chunk is None:
                    break
                count += 1
                all_cached &= chunk.cached
                provider = chunk.provider
                audio_s += len(chunk.pcm) / (2 * STREAM_RATE)
                for start in range(0, len(chunk.pcm), FRAME_BYTES):
                    await pacer.wait()
                    frame = chunk.pcm[start : start + FRAME_BYTES]
                    await self.send(bytes_data=frame)
                    pacer.sent(frame)
                    if first_byte_ms is None:
                        first_byte_ms = (time.perf_counter() - started) * 1000
                        metrics.STREAM_FIRST_BYTE.labels(transport="websocket").observe(
                            first_byte_ms / 1000
                        )
            if decisions:
                await database_sync_to_async(coppa.log_interaction)(
                    child,
                    device=self.device,
                    kind="tts_stream",
                    text=request.text,
                    decision=decisions[0],
                    provider=provider or "",
                    cached=all_cached,
                    latency_s=time.perf_counter() - started,
                )
            await self.send(
                text_data=json.dumps(
                    {
                        "type": "end",
                        "cached": all_cached,
                        "provider": provider,
                        "chunks": count,
                        "audio_s": round(audio_s, 3),
                        "first_byte_ms": round(first_byte_ms or 0.0, 1),
                    }
                )
            )
        except ApiError as exc:
            await self.send(text_data=_error(exc.code, exc.message))
        except asyncio.CancelledError:
            cancelled = True
            raise
        finally:
            elapsed = time.perf_counter() - started
            record_session("websocket", "unknown", elapsed, audio_s, cancelled=cancelled)
            log.info(
                "tts stream %s",
                "cancelled" if cancelled else "ended",
                extra={
                    "device_id": self.device.pk,
                    "chunks": count,
                    "cached": all_cached,
                    "audio_s": round(audio_s, 3),
                    "first_byte_ms": round(first_byte_ms or 0.0, 1),
                },
            )


def _error(code: str, message: str) -> str:
    return json.dumps({"type": "error", "error": {"code": code, "message": message}})
