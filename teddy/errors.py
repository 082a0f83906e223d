"""One error shape for the whole API: ``{"error": {"code": "...", "message": "..."}}``.

Each failure kind is its own exception type carrying a stable ``code`` and HTTP status; the
modules that detect a failure raise it, and the handlers here are the only place that turns an
exception into a response. A toy's firmware branches on ``code``; ``message`` is for people.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from django.views import defaults
from rest_framework import exceptions as drf
from rest_framework.response import Response

log = logging.getLogger(__name__)

API_PREFIXES = ("/api/", "/health/", "/metrics")


class ApiError(Exception):
    """Base of every error the API answers on purpose."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            body["details"] = self.details
        return {"error": body}


class InvalidRequest(ApiError):
    status = 400
    code = "invalid_request"


class ServiceUnavailable(ApiError):
    """Nothing could serve the request right now; retrying later can help."""

    status = 503
    code = "service_unavailable"


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


# DRF's own exceptions, given our codes. Anything not listed keeps DRF's default code.
_DRF_CODES = {
    drf.NotAuthenticated: "not_authenticated",
    drf.AuthenticationFailed: "invalid_token",
    drf.PermissionDenied: "permission_denied",
    drf.ParseError: "invalid_json",
    drf.UnsupportedMediaType: "unsupported_media_type",
    drf.MethodNotAllowed: "method_not_allowed",
    drf.NotAcceptable: "not_acceptable",
    drf.NotFound: "not_found",
    drf.Throttled: "rate_limited",
    drf.ValidationError: "invalid_request",
}


def _drf_message(detail: Any) -> str:
    if isinstance(detail, list | tuple):
        return "; ".join(_drf_message(d) for d in detail)
    if isinstance(detail, dict):
        return "; ".join(f"{k}: {_drf_message(v)}" for k, v in detail.items())
    return str(detail)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF ``EXCEPTION_HANDLER``: our errors and DRF's in the one shape."""
    if isinstance(exc, ApiError):
        return Response(exc.as_dict(), status=exc.status)
    if isinstance(exc, Http404):
        return Response(error_body("not_found", "Not found."), status=404)
    if isinstance(exc, drf.APIException):
        code = next((c for t, c in _DRF_CODES.items() if isinstance(exc, t)), None)
        code = code or (exc.default_code if isinstance(exc.default_code, str) else "error")
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        return Response(
            error_body(code, _drf_message(exc.detail)), status=exc.status_code, headers=headers
        )
    return None  # a bug: Django's 500 handler below answers, and it is logged with a traceback


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIXES)


def handler400(request: HttpRequest, exception: Exception | None = None) -> Any:
    if _is_api(request):
        return JsonResponse(error_body("bad_request", "The request could not be read."), status=400)
    return defaults.bad_request(request, exception)


def handler403(request: HttpRequest, exception: Exception | None = None) -> Any:
    if _is_api(request):
        return JsonResponse(error_body("permission_denied", "Not allowed."), status=403)
    return defaults.permission_denied(request, exception)


def handler404(request: HttpRequest, exception: Exception | None = None) -> Any:
    if _is_api(request):
        return JsonResponse(error_body("not_found", f"No endpoint at {request.path}."), status=404)
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> Any:
    if _is_api(request):
        return JsonResponse(
            error_body("internal_error", "Something went wrong on our side; it has been logged."),
            status=500,
        )
    return defaults.server_error(request)
