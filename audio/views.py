"""Operations endpoints: health (for probes and people) and Prometheus metrics."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)

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
def health_live(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches no dependency, so an outage of Redis or a
    provider never makes Kubernetes restart healthy web pods (readiness covers those)."""
    return JsonResponse({"status": "alive"})


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text. With ``PROMETHEUS_MULTIPROC_DIR`` set (several worker processes, as
    under ``make run`` and in Kubernetes) every worker writes its samples there and this
    answer adds them all up, whichever worker serves the scrape."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=directory)
    else:
        registry = REGISTRY
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
