"""The parent API: a parent reviews what we hold about their child, withdraws consent and asks
for deletion (16 CFR 312.6), with their own token (``Authorization: Bearer ptn_...``).

A parent only ever sees their own children: another family's child id answers 404, exactly
like an id that does not exist. Every read of a report and every change is in the audit trail
under ``parent:<id>``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import authentication, exceptions, permissions
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from audio.api import schema as doc
from teddy.errors import ApiError, InvalidRequest
from teddy.models import hash_token

from .. import audit, coppa
from ..models import Child, ConsentScope, Parent

PARENT_TOKEN_PREFIX = "ptn_"  # noqa: S105 - a public prefix, like the device tokens' tdy_


class NotFound(ApiError):
    status = 404
    code = "not_found"


class ParentTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Any) -> tuple[Parent, str] | None:
        header = authentication.get_authorization_header(request).split()
        if not header:
            return None
        if len(header) != 2 or header[0].lower() != b"bearer":
            raise exceptions.AuthenticationFailed("Use 'Authorization: Bearer <parent token>'.")
        token = header[1].decode("ascii", errors="replace")
        parent = Parent.objects.filter(token_hash=hash_token(token)).first()
        if not token.startswith(PARENT_TOKEN_PREFIX) or parent is None:
            raise exceptions.AuthenticationFailed("The token is not valid.")
        return parent, token

    def authenticate_header(self, request: Any) -> str:
        return 'Bearer realm="parent-api"'


class IsParent(permissions.BasePermission):
    message = "A parent token is required."

    def has_permission(self, request: Any, view: Any) -> bool:
        return isinstance(request.user, Parent)


def parent_api(methods: list[str]):
    def decorate(view):
        view = permission_classes([IsParent])(view)
        view = authentication_classes([ParentTokenAuthentication])(view)
        return api_view(methods)(view)

    return decorate


def _child(request: Request, child_id: str) -> Child:
    child = Child.objects.filter(public_id=child_id, parent=request.user).first()
    if child is None:
        raise NotFound("No child with that id in your family.")
    return child


def _who(request: Request) -> str:
    return f"parent:{request.user.pk}"


@extend_schema(
    operation_id="parent_children",
    summary="Your children",
    tags=["parent"],
    responses={
        200: OpenApiResponse(doc.ParentChildrenSerializer, description="Your children."),
        **doc.errors(401),
    },
)
@parent_api(["GET"])
def children(request: Request) -> Response:
    rows = [
        {
            "id": child.public_id,
            "nickname": child.nickname,
            "age_group": child.age_group(),
            "active_consents": sorted(set(child.consents.active().values_list("scope", flat=True))),
        }
        for child in request.user.children.order_by("nickname")
    ]
    return Response({"children": rows})


@extend_schema(
    operation_id="parent_child_data",
    summary="Everything we hold about a child",
    tags=["parent"],
    parameters=[doc.CHILD_ID_PATH],
    responses={
        200: OpenApiResponse(doc.ChildReportSerializer, description="The report."),
        **doc.errors(401, 404),
    },
)
@parent_api(["GET"])
def child_data(request: Request, child_id: str) -> Response:
    """Everything we hold about the child, in one document."""
    child = _child(request, child_id)
    report = coppa.child_report(child)
    audit.record(
        "data.export",
        actor_name=_who(request),
        target=f"child:{child.hashed_id}",
        params={"format": "json", "what": "child_report", "via": "parent_api"},
        result={"interactions": len(report["interactions"])},
    )
    return Response(report)


@extend_schema(
    operation_id="parent_revoke_consent",
    summary="Withdraw a consent",
    tags=["parent"],
    parameters=[doc.CHILD_ID_PATH],
    request={"application/json": doc.RevokeSerializer},
    responses={
        200: OpenApiResponse(doc.RevokeResponseSerializer, description="What was revoked."),
        **doc.errors(400, 401, 404, 415),
    },
    examples=[OpenApiExample("Stop listening", value={"scope": "stt"}, request_only=True)],
)
@parent_api(["POST"])
def revoke(request: Request, child_id: str) -> Response:
    """``{"scope": "stt" | "interaction_logs" | "product_improvement"}``: withdraw every active
    consent of that scope. Collection stops with the next request; records kept under it are
    deleted now."""
    child = _child(request, child_id)
    scope = request.data.get("scope") if isinstance(request.data, dict) else None
    if scope not in ConsentScope.values:
        raise InvalidRequest(
            f"'scope' must be one of: {', '.join(ConsentScope.values)}.", code="invalid_scope"
        )
    revoked, deleted = [], 0
    for consent in child.consents.active().filter(scope=scope):
        deleted += coppa.revoke_consent(
            consent, actor_name=_who(request), reason="withdrawn by the parent"
        )
        revoked.append(consent.pk)
    return Response({"scope": scope, "revoked": revoked, "interaction_records_deleted": deleted})


@extend_schema(
    operation_id="parent_delete_child",
    summary="Delete everything about a child",
    tags=["parent"],
    parameters=[doc.CHILD_ID_PATH],
    request=None,
    responses={
        200: OpenApiResponse(doc.DeleteResponseSerializer, description="What was deleted."),
        **doc.errors(401, 404),
    },
)
@parent_api(["POST"])
def delete(request: Request, child_id: str) -> Response:
    """Delete everything about the child now. The answer lists what went; the audit trail keeps
    that it happened, with no data about the child."""
    child = _child(request, child_id)
    counts = coppa.delete_child_data(
        child, actor_name=_who(request), reason="parent's deletion request"
    )
    return Response({"deleted": counts})
