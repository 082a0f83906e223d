"""Step 1 of the pipeline: is the request well formed and within what the provider offers?

Each rejection has its own code, so a toy's firmware can tell "text too long" from "unknown
voice" without parsing messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from teddy.errors import InvalidRequest

from . import metrics

# Characters that have no business in speech: C0/C1 controls except tab and newlines.
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13)) | dict.fromkeys(
    range(127, 160)
)


class InvalidText(InvalidRequest):
    code = "invalid_text"


class InvalidVoice(InvalidRequest):
    code = "invalid_voice"


class InvalidFormat(InvalidRequest):
    code = "invalid_format"


class InvalidLanguage(InvalidRequest):
    code = "invalid_language"


@dataclass(frozen=True)
class TTSRequest:
    text: str
    voice: str
    format: str
    language: str
    child_id: str | None
    stream: bool


def clean_text(value: Any) -> str:
    """A text a toy sent: a string, without control characters, 1..TTS_MAX_TEXT_LENGTH long."""
    if not isinstance(value, str):
        raise InvalidText("'text' is required and must be a string.")
    text = value.translate(_CONTROL).strip()
    limit = settings.TTS_MAX_TEXT_LENGTH
    if not text:
        raise InvalidText("'text' is empty.")
    if len(text) > limit:
        raise InvalidText(f"'text' has {len(text)} characters; the limit is {limit}.")
    return text


def _optional_str(data: dict, name: str, error: type[InvalidRequest]) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise error(f"'{name}' must be a string.")
    return value.strip().lower() or None


def _choice(
    data: dict, name: str, allowed: tuple[str, ...], error: type[InvalidRequest], *, default: str
) -> str:
    value = _optional_str(data, name, error) or default
    if value not in allowed:
        raise error(
            f"Unsupported {name} {value!r}. Allowed: {', '.join(allowed)}.",
            details={"allowed": list(allowed)},
        )
    return value


def _reject(error: InvalidRequest, fmt: str = "unknown") -> InvalidRequest:
    metrics.VALIDATION_CHECKS.labels(format=fmt, result="rejected", error_type=error.code).inc()
    return error


def parse_tts_request(
    data: Any,
    *,
    voices: tuple[str, ...],
    formats: tuple[str, ...],
    languages: tuple[str, ...],
    default_voice: str,
) -> TTSRequest:
    """Validate the JSON body of ``POST /api/v1/tts`` against what the service offers."""
    try:
        return _parse_tts_request(data, voices, formats, languages, default_voice)
    except InvalidRequest as exc:
        raise _reject(exc) from None


def _parse_tts_request(
    data: Any,
    voices: tuple[str, ...],
    formats: tuple[str, ...],
    languages: tuple[str, ...],
    default_voice: str,
) -> TTSRequest:
    if not isinstance(data, dict):
        raise InvalidRequest('The body must be a JSON object such as {"text": "Hello"}.')

    text = clean_text(data.get("text"))

    voice = _choice(data, "voice", voices, InvalidVoice, default=default_voice)
    fmt = _choice(data, "format", formats, InvalidFormat, default="wav")
    language = _choice(data, "language", languages, InvalidLanguage, default="en")

    child_id = data.get("child_id")
    if child_id is not None and (not isinstance(child_id, str | int) or isinstance(child_id, bool)):
        raise InvalidRequest("'child_id' must be a string or an integer.", code="invalid_child_id")
    child_id = str(child_id)[:64] if child_id is not None else None

    stream = data.get("stream", False)
    if not isinstance(stream, bool):
        raise InvalidRequest("'stream' must be true or false.", code="invalid_stream")

    return TTSRequest(
        text=text, voice=voice, format=fmt, language=language, child_id=child_id, stream=stream
    )
