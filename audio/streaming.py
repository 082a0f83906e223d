"""Step 6, streamed: a long text (a story) spoken sentence by sentence, so the child hears the
first sentence while the rest is still being made.

The text is split at sentence boundaries; the whole text is safety-checked once (a story that
is unsafe as a whole is replaced by its redirection), and each sentence then goes through
``AudioService.speak`` on its own: checked, cached and levelled separately, so a story asked
again streams from the cache chunk by chunk. Every chunk is brought to one stream rate
(24 kHz, 16-bit mono) whichever provider made it, and the transports (HTTP chunked responses,
the toy WebSocket) frame it.
"""

from __future__ import annotations

import re
import struct
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, replace

import av
import numpy as np
from asgiref.sync import sync_to_async

from safety.engine import BLOCK, Decision
from safety.redirections import redirection_for

from . import metrics
from .pipeline import AudioService
from .postprocess import encode
from .validation import TTSRequest
from .wav import Pcm

STREAM_RATE = 24000
FRAME_BYTES = 4800  # 100 ms of 24 kHz 16-bit mono per binary frame
# after . ! ? or an ellipsis, with any closing quotes or brackets, then whitespace; or a newline
_BOUNDARY = re.compile('(?<=[.!?\u2026])["\u201d\u2019)\\]]*\\s+|\\n\\s*')
_MIN_CHUNK = 24  # shorter pieces ride along with the next sentence
_MAX_CHUNK = 400


def split_sentences(text: str) -> list[str]:
    """Sentences, with tiny ones merged forward and very long ones cut at a comma or space."""
    pieces = [p.strip() for p in _BOUNDARY.split(text) if p and p.strip()]
    merged: list[str] = []
    carry = ""
    for piece in pieces:
        carry = f"{carry} {piece}".strip()
        if len(carry) >= _MIN_CHUNK:
            merged.append(carry)
            carry = ""
    if carry:
        if merged and len(carry) < _MIN_CHUNK:
            merged[-1] = f"{merged[-1]} {carry}"
        else:
            merged.append(carry)
    out: list[str] = []
    for chunk in merged:
        while len(chunk) > _MAX_CHUNK:
            cut = max(chunk.rfind(", ", 0, _MAX_CHUNK), chunk.rfind(" ", 0, _MAX_CHUNK))
            cut = cut if cut > 0 else _MAX_CHUNK
            out.append(chunk[: cut + 1].strip())
            chunk = chunk[cut + 1 :].strip()
        if chunk:
            out.append(chunk)
    return out


@dataclass(frozen=True)
class StreamChunk:
    pcm: bytes  # STREAM_RATE, 16-bit mono
    index: int
    cached: bool
    provider: str
    text_kind: str


def to_stream_rate(pcm: Pcm) -> bytes:
    if pcm.sample_rate == STREAM_RATE or not pcm.data:
        return pcm.data
    samples = np.frombuffer(pcm.data, dtype="<i2").reshape(1, -1)
    frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
    frame.sample_rate = pcm.sample_rate
    resampler = av.AudioResampler(format="s16", layout="mono", rate=STREAM_RATE)
    frames = [*resampler.resample(frame), *resampler.resample(None)]
    return b"".join(bytes(f.planes[0])[: f.samples * 2] for f in frames)


def speak_stream(
    service: AudioService,
    request: TTSRequest,
    *,
    age_group: str = "unknown",
    on_decision: Callable[[Decision], None] | None = None,
) -> Iterator[StreamChunk]:
    """Chunks of speech for ``request``, first sentence first. ``on_decision`` hears the safety
    decision for the whole text before the first chunk is made (the interaction record)."""
    whole = service.check_text(
        request.text, age_group=age_group, check_type="tts_stream", language=request.language
    )
    if on_decision is not None:
        on_decision(whole)
    text = redirection_for(whole.category) if whole.action == BLOCK else request.text
    for index, sentence in enumerate(split_sentences(text)):
        part = replace(request, text=sentence, format="pcm", stream=False)
        speech = service.speak(part, age_group=age_group)
        pcm = Pcm(data=speech.synthesis.audio, sample_rate=speech.synthesis.sample_rate)
        yield StreamChunk(
            pcm=to_stream_rate(pcm),
            index=index,
            cached=speech.cached,
            provider=speech.synthesis.provider,
            text_kind=speech.spoken_text_kind,
        )


def wav_stream_header(rate: int = STREAM_RATE) -> bytes:
    """A WAV header for a stream of unknown length (sizes at their maximum, as players expect
    from live streams)."""
    unknown = 0xFFFFFFFF
    return (
        b"RIFF"
        + struct.pack("<I", unknown)
        + b"WAVE"
        + b"fmt "
        + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
        + b"data"
        + struct.pack("<I", unknown)
    )


async def http_body(
    chunks: Iterator[StreamChunk], fmt: str, *, started: float, age_group: str = "unknown"
) -> AsyncIterator[bytes]:
    """Bytes for a chunked HTTP response in ``fmt``: WAV (streaming header, then PCM), raw PCM,
    MP3 frames or chained Ogg/Opus, one encoded piece per sentence.

    An async iterator on purpose: under ASGI, Django reads a sync iterator to its end before
    sending a byte (it warns "must consume synchronous iterators"), which would turn the stream
    into one late answer. Synthesis and encoding run in a worker thread, one sentence at a time,
    so the event loop only moves bytes; a disconnect closes the sentence iterator."""

    def next_piece() -> bytes | None:
        chunk = next(chunks, None)
        if chunk is None:
            return None
        nonlocal seconds
        seconds += len(chunk.pcm) / (2 * STREAM_RATE)
        return chunk.pcm if fmt in ("wav", "pcm") else encode(Pcm(chunk.pcm, STREAM_RATE), fmt)

    seconds = 0.0
    produce = sync_to_async(next_piece, thread_sensitive=False)
    try:
        if fmt == "wav":
            yield wav_stream_header()
        first = True
        while (data := await produce()) is not None:
            if first:
                metrics.STREAM_FIRST_BYTE.labels(transport="http").observe(
                    time.perf_counter() - started
                )
                first = False
            yield data
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            await sync_to_async(close, thread_sensitive=False)()
        record_session("http", age_group, time.perf_counter() - started, seconds)


def record_session(
    transport: str, age_group: str, elapsed_s: float, audio_s: float, cancelled: bool = False
) -> None:
    metrics.STREAM_DURATION.labels(transport=transport).observe(elapsed_s)
    if cancelled:
        metrics.STREAM_CANCELLED.labels(transport=transport).inc()
    bucket = "lt_10s" if audio_s < 10 else "lt_60s" if audio_s < 60 else "ge_60s"
    metrics.CHILD_SESSIONS.labels(
        age_group=age_group, session_type=f"tts_{transport}", duration_bucket=bucket
    ).inc()
    metrics.CHILD_ENGAGEMENT.labels(age_group=age_group, content_type="speech_out").observe(audio_s)
