"""The toy API. Views parse, call the service, and shape the answer."""

from __future__ import annotations

from django.http import HttpResponse
from rest_framework.decorators import api_view
from rest_framework.request import Request

from audio.pipeline import get_audio_service

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
