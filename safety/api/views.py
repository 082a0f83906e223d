"""Safety endpoints: the toy's check and the staff probe the runbook uses."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from audio.api import schema as doc
from audio.pipeline import get_audio_service
from audio.validation import UnsupportedMarkup, clean_text
from safety.engine import AGE_GROUPS, DIRECTIONS
from teddy.errors import InvalidRequest
from teddy.roles import SRE, role_permission


def _parse(data: object, device: object = None) -> tuple[str, str, str]:
    if not isinstance(data, dict):
        raise InvalidRequest('The body must be a JSON object such as {"text": "Hello"}.')
    try:
        text = clean_text(data.get("text"))
    except UnsupportedMarkup as exc:
        get_audio_service().refused_markup(exc, device=device)
        raise
    age_group = data.get("age_group", "unknown")
    if age_group not in AGE_GROUPS:
        raise InvalidRequest(
            f"Unknown age_group. Allowed: {', '.join(AGE_GROUPS)}.", code="invalid_age_group"
        )
    direction = data.get("direction", "to_child")
    if direction not in DIRECTIONS:
        raise InvalidRequest(
            f"Unknown direction. Allowed: {', '.join(DIRECTIONS)}.", code="invalid_direction"
        )
    return text, age_group, direction


@extend_schema(
    operation_id="safety_check",
    summary="Check a text for a child",
    description="The child-safety decision for a text. A toy with a child record is checked "
    "for its child's real age, whatever `age_group` says.",
    tags=["toy"],
    request={"application/json": doc.SafetyCheckSerializer},
    parameters=[doc.RETRY_AFTER],
    responses={
        200: OpenApiResponse(doc.SafetyDecisionSerializer, description="The decision."),
        **doc.errors(400, 401, 415, 422, 429, 503),
    },
    examples=[
        OpenApiExample("A question", value={"text": "Can you tell me a story?"}, request_only=True)
    ],
)
@api_view(["POST"])
def safety_check(request: Request) -> Response:
    text, age_group, direction = _parse(request.data, request.auth)
    child = getattr(request.auth, "child", None)
    if child is not None:  # a toy with a child record: the child's real age decides
        age_group = child.age_group()
    decision = get_audio_service().check_text(
        text,
        age_group=age_group,
        direction=direction,
        check_type="api",
        device=request.auth,  # its child is looked up only if a disclosure is recorded
    )
    return Response(decision.as_dict())


@extend_schema(exclude=True)  # staff only, not part of the public API
@api_view(["POST"])
@authentication_classes([SessionAuthentication])
@permission_classes([role_permission(SRE)])
def safety_test(request: Request) -> Response:
    """What the engine decides for a text, and why: layer, rules, classifier score."""
    text, age_group, direction = _parse(request.data)
    decision = get_audio_service().check_text(
        text, age_group=age_group, direction=direction, check_type="probe"
    )
    return Response(
        {
            **decision.as_dict(),
            "rule_ids": list(decision.rule_ids),
            "unsafe_score": decision.unsafe_score,
        }
    )
