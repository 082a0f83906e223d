"""TTS providers. ``build_provider`` is the one place that maps a setting to an engine."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import ProbeResult, ProviderError, Synthesis
from .local import LocalProvider

__all__ = ["LocalProvider", "ProbeResult", "ProviderError", "Synthesis", "build_provider"]


def build_provider(name: str | None = None) -> LocalProvider:
    name = name or settings.TTS_PROVIDER
    if name == "local":
        return LocalProvider(
            binary=settings.ESPEAK_NG_BINARY, timeout_s=settings.TTS_REQUEST_TIMEOUT
        )
    raise ImproperlyConfigured(f"TTS_PROVIDER={name!r} is not available in this build")
