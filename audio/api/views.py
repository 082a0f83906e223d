"""The toy API. Views parse, call the service, and shape the answer."""

from __future__ import annotations

from django.http import HttpResponse
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from audio.pipeline import get_audio_service
from audio.validation import clean_text
from safety.engine import AGE_GROUPS
from teddy.errors import InvalidRequest

SAFETY_HEADER = {"allow": "allow", "block": "blocked", "redact": "redacted"}


@api_view(["POST"])
def tts(request: Request) -> HttpResponse:
    service = get_audio_service()
    speech = service.speak(service.parse(request.data))
    synthesis = speech.synthesis
    response = HttpResponse(synthesis.audio, content_type=synthesis.content_type)
    response["X-Cache"] = "HIT" if speech.cached else "MISS"
    response["X-TTS-Provider"] = synthesis.provider
    response["X-Safety-Action"] = SAFETY_HEADER[speech.decision.action]
    response["X-Audio-Duration"] = f"{synthesis.duration_s:.3f}"
    response["Cache-Control"] = "no-store"
    if speech.decision.category:
        response["X-Safety-Category"] = speech.decision.category
    return response


@api_view(["POST"])
def safety_check(request: Request) -> Response:
    data = request.data
    if not isinstance(data, dict):
        raise InvalidRequest('The body must be a JSON object such as {"text": "Hello"}.')
    text = clean_text(data.get("text"))
    age_group = data.get("age_group", "unknown")
    if age_group not in AGE_GROUPS:
        raise InvalidRequest(
            f"Unknown age_group. Allowed: {', '.join(AGE_GROUPS)}.", code="invalid_age_group"
        )
    decision = get_audio_service().check_text(text, age_group=age_group, check_type="api")
    return Response(decision.as_dict())
