"""Operations endpoints: health (for probes and people) and Prometheus metrics."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from . import health


def _health_view(build: Callable[[], dict[str, Any]]) -> Callable[[HttpRequest], JsonResponse]:
    @require_GET
    @never_cache
    def view(request: HttpRequest) -> JsonResponse:
        body = build()
        return JsonResponse(body, status=503 if body["status"] == health.UNHEALTHY else 200)

    return view


health_audio = _health_view(health.audio_health)
health_tts = _health_view(health.tts_health)
health_metrics = _health_view(health.metrics_health)


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    return HttpResponse(generate_latest(REGISTRY), content_type=CONTENT_TYPE_LATEST)
