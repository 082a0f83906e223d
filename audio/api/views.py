"""The toy API. Views parse, call the service, and shape the answer."""

from __future__ import annotations

import itertools
import time

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework.decorators import api_view, parser_classes
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from audio.pipeline import get_audio_service
from audio.streaming import STREAM_RATE, http_body, speak_stream
from audio.validation import AudioTooLarge
from safety import coppa
from safety.engine import BLOCK
from safety.models import ConsentScope
from safety.redirections import redirection_for
from teddy.errors import InvalidRequest
from teddy.models import Device

from . import schema as doc
from .parsers import OctetStreamAudioParser, RawAudioParser

SAFETY_HEADER = {"allow": "allow", "block": "blocked", "redact": "redacted"}


def _device(request: Request) -> Device | None:
    return request.auth if isinstance(request.auth, Device) else None


@extend_schema(
    operation_id="tts",
    summary="Text to speech",
    tags=["toy"],
    request={"application/json": doc.TTSSerializer},
    responses={
        **{(200, media_type): doc.TTS_AUDIO for media_type in doc.TTS_MEDIA_TYPES},
        **doc.errors(400, 401, 403, 415, 422, 429, 503),
    },
    parameters=[*doc.TTS_HEADERS, doc.RETRY_AFTER],
    examples=[
        OpenApiExample(
            "A sentence", value={"text": "Hello! Shall we read a story?"}, request_only=True
        ),
        OpenApiExample(
            "Streamed PCM",
            value={"text": "Once upon a time. There was a bear.", "format": "pcm", "stream": True},
            request_only=True,
        ),
    ],
)
@api_view(["POST"])
def tts(request: Request) -> HttpResponse:
    started = time.perf_counter()
    service = get_audio_service()
    device = _device(request)
    tts_request = service.parse(request.data, device=device)
    child = coppa.child_context(device, tts_request.child_id)
    if tts_request.stream:
        return _tts_stream(service, tts_request, child, device)
    speech = service.speak(tts_request, age_group=child.age_group)
    record_spoken(child, device, tts_request, speech, started)
    response = HttpResponse(speech.synthesis.audio, content_type=speech.synthesis.content_type)
    for name, value in speech_headers(speech).items():
        response[name] = value
    return response


def speech_headers(speech) -> dict[str, str]:
    """What a TTS answer says about itself (the cache-hit fast path sends the same)."""
    headers = {
        "X-Cache": "HIT" if speech.cached else "MISS",
        "X-TTS-Provider": speech.synthesis.provider,
        "X-Safety-Action": SAFETY_HEADER[speech.decision.action],
        "X-Audio-Duration": f"{speech.synthesis.duration_s:.3f}",
        "Cache-Control": "no-store",
    }
    if speech.decision.category:
        headers["X-Safety-Category"] = speech.decision.category
    return headers


def record_spoken(child, device, tts_request, speech, started: float) -> None:
    """The interaction record of an answered TTS request (kept only under consent)."""
    coppa.log_interaction(
        child,
        device=device,
        kind="tts",
        text=tts_request.text,
        decision=speech.decision,
        provider=speech.synthesis.provider,
        cached=speech.cached,
        latency_s=time.perf_counter() - started,
    )


STREAM_CONTENT_TYPES = {
    "wav": "audio/wav",
    "pcm": f"audio/L16; rate={STREAM_RATE}; channels=1",
    "mp3": "audio/mpeg",
    "opus": "audio/ogg; codecs=opus",
}


def _tts_stream(service, tts_request, child, device) -> StreamingHttpResponse:
    """Chunked speech. The first sentence is made before answering, so that a failure is
    still a JSON error; the rest is made while the toy already plays the first."""
    started = time.perf_counter()
    decisions: list = []
    chunks = speak_stream(
        service, tts_request, age_group=child.age_group, on_decision=decisions.append
    )
    first = next(chunks)
    coppa.log_interaction(
        child,
        device=device,
        kind="tts_stream",
        text=tts_request.text,
        decision=decisions[0],
        provider=first.provider,
        cached=first.cached,
        latency_s=time.perf_counter() - started,
    )
    body = http_body(itertools.chain([first], chunks), tts_request.format, started=started)
    response = StreamingHttpResponse(body, content_type=STREAM_CONTENT_TYPES[tts_request.format])
    response["X-Stream"] = "sentences"
    response["X-TTS-Provider"] = first.provider
    response["Cache-Control"] = "no-store"
    return response


def _upload(request: Request) -> tuple[bytes, int | None]:
    """The audio bytes (multipart field ``audio`` or a raw body) and a declared PCM rate."""
    limit = settings.AUDIO_MAX_UPLOAD_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit + 64 * 1024:  # refuse before reading a byte of it
        raise AudioTooLarge(
            f"The upload is {declared} bytes; the limit is {limit}.", code="too_large"
        )
    rate = _declared_rate(request)
    data = request.data
    if isinstance(data, bytes):
        return data, rate
    upload = request.FILES.get("audio")
    if upload is None:
        raise InvalidRequest(
            "Send the audio as a multipart field named 'audio' or as a raw audio/* body.",
            code="missing_audio",
        )
    if upload.size > limit:
        raise AudioTooLarge(
            f"The upload is {upload.size} bytes; the limit is {limit}.", code="too_large"
        )
    return upload.read(), rate


def _declared_rate(request: Request) -> int | None:
    raw = request.query_params.get("sample_rate")
    if raw is None and hasattr(request.data, "get"):
        raw = request.data.get("sample_rate")
    if raw is None:
        for part in request.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "rate":
                raw = value
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise InvalidRequest(
            "'sample_rate' must be an integer (Hz).", code="invalid_sample_rate"
        ) from None


def _language(request: Request) -> str:
    language = request.query_params.get("language") or (
        request.data.get("language") if hasattr(request.data, "get") else None
    )
    if language is not None and not isinstance(language, str):  # e.g. a file in the form
        raise InvalidRequest("'language' must be a string.", code="invalid_language")
    language = (language or "en").strip().lower()
    if language not in STT_LANGUAGES:
        raise InvalidRequest(
            f"Unsupported language {language!r}. Allowed: {', '.join(STT_LANGUAGES)}.",
            code="invalid_language",
        )
    return language


UPLOAD_PARSERS = [MultiPartParser, RawAudioParser, OctetStreamAudioParser]
STT_LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "nl")


@extend_schema(
    operation_id="audio_validate",
    summary="Inspect an audio upload",
    description="What the audio really is (from its bytes), whether it is accepted, and its "
    "quality. Nothing is kept.",
    tags=["toy"],
    request=doc.upload_body(doc.AudioUploadSerializer),
    parameters=[doc.SAMPLE_RATE, doc.RETRY_AFTER],
    responses={
        200: OpenApiResponse(doc.AudioReportSerializer, description="The audio is accepted."),
        **doc.errors(400, 401, 413, 415, 429),
    },
)
@api_view(["POST"])
@parser_classes(UPLOAD_PARSERS)
def audio_validate(request: Request) -> Response:
    blob, rate = _upload(request)
    report, _ = get_audio_service().inspect_upload(blob, raw_rate=rate)
    return Response(report.as_dict())


@extend_schema(
    operation_id="stt",
    summary="Speech to text",
    description="A child's words, with the safety decision and the audio's quality. Needs the "
    "parent's active speech-to-text consent for the toy's child (403 `consent_required`).",
    tags=["toy"],
    request=doc.upload_body(doc.SpeechUploadSerializer),
    parameters=[
        doc.SAMPLE_RATE,
        OpenApiParameter("language", enum=STT_LANGUAGES, description="Default `en`."),
        OpenApiParameter("child_id", description="The toy's own child (optional)."),
        doc.RETRY_AFTER,
    ],
    responses={
        200: OpenApiResponse(doc.TranscriptSerializer, description="What the child said."),
        **doc.errors(400, 401, 403, 413, 415, 422, 429, 503),
    },
)
@api_view(["POST"])
@parser_classes(UPLOAD_PARSERS)
def stt(request: Request) -> Response:
    """A child's words. Nothing is read from the upload before the consent check: without a
    parent's active speech-to-text consent the answer is 403 ``consent_required``."""
    started = time.perf_counter()
    device = _device(request)
    child = coppa.child_context(device, request.query_params.get("child_id"))
    coppa.require_consent(child, ConsentScope.SPEECH_TO_TEXT)
    blob, rate = _upload(request)
    transcript = get_audio_service().transcribe(
        blob,
        raw_rate=rate,
        language=_language(request),
        age_group=child.age_group,
        context=child,
        device=device,
    )
    coppa.log_interaction(
        child,
        device=device,
        kind="stt",
        text=transcript.text,
        decision=transcript.decision,
        provider=transcript.provider,
        latency_s=time.perf_counter() - started,
    )
    return Response(
        {
            "text": transcript.text,
            "language": transcript.language,
            "duration_s": round(transcript.duration_s, 3),
            "provider": transcript.provider,
            "safety": transcript.decision.as_dict(),
            # What the bear may say back when the words were not fit to pass on: a gentle,
            # pre-approved answer (for a disclosure, to tell a trusted grown-up).
            "reply": redirection_for(transcript.decision.category)
            if transcript.decision.action == BLOCK
            else None,
            "quality": transcript.report.as_dict(),
        }
    )
