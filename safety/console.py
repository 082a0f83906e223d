"""The compliance console: COPPA records for the ``compliance`` role (admins too; never SREs,
who have no reason to read children's records).

Pages only read. Every change goes through ``safety/coppa.py`` and every export through
``audit.record``, so the audit trail holds who did what and why. The trail names a child only
by ``Child.hashed_id``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from runbooks.views import role_required
from teddy.roles import COMPLIANCE

from . import audit, coppa
from . import events as safety_events
from .engine import ALLOW, BLOCK, REDACT
from .models import (
    AuditEntry,
    Child,
    ConsentMethod,
    ConsentScope,
    InteractionLog,
    ParentalConsent,
    SafetyEvent,
    hashed_child_id,
)

PAGE_SIZE = 100
#: Interactions shown on a child's page (the total is shown, and the download holds them all).
ON_SCREEN = 1000
CONSENT_STATUSES = ("all", "active", "revoked", "expired")
SAFETY_ACTIONS = (ALLOW, BLOCK, REDACT)
DELETE_PHRASE = "DELETE"


class Refused(Exception):
    """A request we answer 400 to, with a message the person can act on."""


def _refuse(
    request: HttpRequest, template: str, context: dict[str, Any], message: str
) -> HttpResponse:
    messages.error(request, message)
    return render(request, template, context, status=400)


def _reason(request: HttpRequest) -> str:
    reason = request.POST.get("reason", "").strip()
    if not reason:
        raise Refused("Say why: the reason goes into the audit trail.")
    return reason


@role_required(COMPLIANCE)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "compliance/index.html")


# --- consents ---------------------------------------------------------------------------------


def consent_queryset(query: str, status: str, scope: str) -> QuerySet[ParentalConsent]:
    """Consents matching a search (child id or nickname, parent name or email), a status and a
    scope. ``status`` and ``scope`` must be valid already."""
    consents = ParentalConsent.objects.select_related("child__parent").order_by(
        "-granted_at", "-id"
    )
    if query:
        consents = consents.filter(
            Q(child__public_id__icontains=query)
            | Q(child__nickname__icontains=query)
            | Q(child__parent__name__icontains=query)
            | Q(child__parent__email__icontains=query)
        )
    if scope:
        consents = consents.filter(scope=scope)
    now = timezone.now()
    if status == "active":
        consents = consents.active(now)
    elif status == "revoked":
        consents = consents.filter(revoked_at__isnull=False)
    elif status == "expired":
        consents = consents.filter(revoked_at__isnull=True, expires_at__lte=now)
    return consents


@role_required(COMPLIANCE)
def consent_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "") or "all"
    scope = request.GET.get("scope", "")
    context: dict[str, Any] = {
        "query": query,
        "status": status,
        "scope": scope,
        "statuses": CONSENT_STATUSES,
        "scopes": ConsentScope.choices,
        "page": None,
    }
    if status not in CONSENT_STATUSES:
        message = f"Unknown status {status!r}: use one of {', '.join(CONSENT_STATUSES)}."
        return _refuse(request, "compliance/consents.html", context, message)
    if scope and scope not in ConsentScope.values:
        message = f"Unknown scope {scope!r}: use one of {', '.join(ConsentScope.values)}."
        return _refuse(request, "compliance/consents.html", context, message)
    consents = consent_queryset(query, status, scope)
    context["page"] = Paginator(consents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "compliance/consents.html", context)


class ConsentForm(forms.Form):
    """A consent staff verified: what for, how it was verified, and how long records last."""

    scope = forms.ChoiceField(choices=ConsentScope.choices)
    method = forms.ChoiceField(choices=ConsentMethod.choices, label="Verified by")
    retention_days = forms.IntegerField(
        min_value=1,
        max_value=coppa.MAX_RETENTION_DAYS,
        initial=30,
        help_text=f"how long interaction records are kept (1 to {coppa.MAX_RETENTION_DAYS})",
    )
    expires_at = forms.DateField(
        required=False,
        label="Expires on",
        help_text="optional, YYYY-MM-DD: the consent ends at 00:00 UTC that day",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(max_length=300, required=False)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why: the reason goes into the audit trail."},
        help_text="goes into the audit trail",
    )

    def clean_expires_at(self) -> datetime | None:
        day = self.cleaned_data.get("expires_at")
        if day is None:
            return None
        expires = datetime.combine(day, time.min, tzinfo=UTC)
        if expires <= timezone.now():
            raise forms.ValidationError("An expiry date must be in the future.")
        return expires


@role_required(COMPLIANCE)
def consent_new(request: HttpRequest, public_id: str) -> HttpResponse:
    child = get_object_or_404(Child.objects.select_related("parent"), public_id=public_id)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent = coppa.grant_consent(child=child, actor=request.user, **form.cleaned_data)
        messages.success(
            request, f"Consent {consent.pk} for {consent.get_scope_display()} recorded."
        )
        return redirect("compliance-child", public_id=child.public_id)
    context = {"child": child, "form": form}
    if request.method == "POST":
        message = "Nothing was recorded: correct the fields marked below."
        return _refuse(request, "compliance/consent_form.html", context, message)
    return render(request, "compliance/consent_form.html", context)


@require_POST
@role_required(COMPLIANCE)
def consent_revoke(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = get_object_or_404(ParentalConsent.objects.select_related("child"), pk=consent_id)
    try:
        reason = _reason(request)
        if consent.revoked_at is not None:
            raise Refused(f"Consent {consent.pk} was already revoked by {consent.revoked_by}.")
    except Refused as exc:
        return _child_response(request, consent.child, error=str(exc))
    deleted = coppa.revoke_consent(consent, actor=request.user, reason=reason)
    messages.success(
        request,
        f"Consent {consent.pk} ({consent.get_scope_display()}) revoked; "
        f"{deleted} interaction record{'s' if deleted != 1 else ''} deleted with it.",
    )
    return redirect("compliance-child", public_id=consent.child.public_id)


# --- one child ------------------------------------------------------------------------------


def _child_response(request: HttpRequest, child: Child, error: str = "") -> HttpResponse:
    """The child's page; with ``error``, the 400 answer to a refused change on it."""
    context = {
        "child": child,
        "report": coppa.child_report(child, interactions=ON_SCREEN),
        "delete_phrase": DELETE_PHRASE,
    }
    if error:
        return _refuse(request, "compliance/child.html", context, error)
    return render(request, "compliance/child.html", context)


@role_required(COMPLIANCE)
def child_page(request: HttpRequest, public_id: str) -> HttpResponse:
    child = get_object_or_404(Child.objects.select_related("parent"), public_id=public_id)
    return _child_response(request, child)


@role_required(COMPLIANCE)
def child_report_json(request: HttpRequest, public_id: str) -> HttpResponse:
    """The report as a file: data leaving the console, so audited."""
    child = get_object_or_404(Child.objects.select_related("parent"), public_id=public_id)
    report = coppa.child_report(child)
    audit.record(
        "data.export",
        actor=request.user,
        target=f"child:{child.hashed_id}",
        params={"format": "json", "what": "child_report"},
    )
    response = JsonResponse(report, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="child-{child.public_id}.json"'
    return response


@require_POST
@role_required(COMPLIANCE)
def child_delete(request: HttpRequest, public_id: str) -> HttpResponse:
    child = get_object_or_404(Child.objects.select_related("parent"), public_id=public_id)
    try:
        reason = _reason(request)
        if request.POST.get("confirm", "").strip() != DELETE_PHRASE:
            raise Refused(f"Type {DELETE_PHRASE} to confirm: nothing was deleted.")
    except Refused as exc:
        return _child_response(request, child, error=str(exc))
    counts = coppa.delete_child_data(child, actor=request.user, reason=reason)
    messages.success(
        request,
        f"Deleted all data of child {public_id}: child records {counts['children']}, "
        f"consents {counts['consents']}, interaction records {counts['interaction_records']}, "
        f"toys unlinked {counts['devices_unlinked']}.",
    )
    return redirect("compliance-consents")


# --- interaction records ------------------------------------------------------------------


@dataclass(frozen=True)
class InteractionFilters:
    """The filters of the interactions page and its CSV export: one definition, so the two
    cannot disagree about which records match."""

    child: str = ""
    date_from: date | None = None
    date_to: date | None = None
    safety: str = ""
    kind: str = ""

    @classmethod
    def from_query(cls, query: QueryDict) -> InteractionFilters:
        """Read the filters from a query string; ``Refused`` names the first bad one."""
        filters = cls(
            child=query.get("child", "").strip(),
            date_from=_parse_day(query.get("date_from", ""), "date_from"),
            date_to=_parse_day(query.get("date_to", ""), "date_to"),
            safety=query.get("safety", "").strip(),
            kind=query.get("kind", "").strip(),
        )
        if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
            raise Refused("date_from is after date_to: no record can match.")
        if filters.safety and filters.safety not in SAFETY_ACTIONS:
            raise Refused(f"Unknown safety action {filters.safety!r}: use allow, block or redact.")
        if filters.kind and filters.kind not in InteractionLog.Kind.values:
            kinds = ", ".join(InteractionLog.Kind.values)
            raise Refused(f"Unknown kind {filters.kind!r}: use one of {kinds}.")
        return filters

    def queryset(self) -> QuerySet[InteractionLog]:
        """Matching records, newest first (ties broken by id, so pages and CSV agree)."""
        logs = InteractionLog.objects.select_related("child").order_by("-created_at", "-id")
        if self.child:
            logs = logs.filter(child__public_id=self.child)
        if self.date_from:
            logs = logs.filter(created_at__gte=_utc_midnight(self.date_from))
        if self.date_to:
            logs = logs.filter(created_at__lt=_utc_midnight(self.date_to + timedelta(days=1)))
        if self.safety:
            logs = logs.filter(safety_action=self.safety)
        if self.kind:
            logs = logs.filter(kind=self.kind)
        return logs

    def for_audit(self) -> dict[str, str]:
        """The filters in use, as the audit trail may keep them (the child only hashed)."""
        used = {name: str(value) for name, value in asdict(self).items() if value}
        if self.child:
            used["child"] = f"child:{hashed_child_id(self.child)}"
        return used


def _parse_day(value: str, name: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Refused(f"{name} must be a date as YYYY-MM-DD, not {value!r}.") from None


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _interactions_context(request: HttpRequest) -> dict[str, Any]:
    return {
        "values": request.GET,
        "safety_actions": SAFETY_ACTIONS,
        "kinds": InteractionLog.Kind.choices,
        "page": None,
    }


def _bad_filters(request: HttpRequest, exc: Refused) -> HttpResponse:
    """The 400 answer to bad filters: the page, its form still filled in to correct them."""
    context = _interactions_context(request)
    return _refuse(request, "compliance/interactions.html", context, str(exc))


@role_required(COMPLIANCE)
def interaction_list(request: HttpRequest) -> HttpResponse:
    try:
        filters = InteractionFilters.from_query(request.GET)
    except Refused as exc:
        return _bad_filters(request, exc)
    context = _interactions_context(request)
    context["page"] = Paginator(filters.queryset(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "compliance/interactions.html", context)


CSV_HEADER = (
    "id",
    "time",
    "child",
    "age_group",
    "kind",
    "text",
    "safety_action",
    "safety_category",
    "provider",
    "cached",
    "latency_ms",
)
#: A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file that hands back what is written, for csv.writer to feed a streamed response."""

    def write(self, value: str) -> str:
        return value


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def _csv_lines(logs: QuerySet[InteractionLog]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    for log in logs.iterator(chunk_size=2000):
        yield writer.writerow(
            (
                log.pk,
                log.created_at.isoformat(),
                log.child.public_id,
                log.age_group,
                log.kind,
                _cell(log.text),
                log.safety_action,
                log.safety_category,
                log.provider,
                "yes" if log.cached else "no",
                log.latency_ms,
            )
        )


@role_required(COMPLIANCE)
def interaction_csv(request: HttpRequest) -> HttpResponse:
    """Every matching record (not one page), streamed; the export is audited with its row
    count, counted before streaming."""
    try:
        filters = InteractionFilters.from_query(request.GET)
    except Refused as exc:
        return _bad_filters(request, exc)
    logs = filters.queryset()
    audit.record(
        "data.export",
        actor=request.user,
        params={"format": "csv", "what": "interactions", "filters": filters.for_audit()},
        result={"rows": logs.count()},
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return StreamingHttpResponse(
        _csv_lines(logs),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="interactions-{stamp}.csv"'},
    )


# --- audit trail -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    params: str
    result: str


def _audit_rows(entries: Iterable[AuditEntry]) -> list[AuditRow]:
    def as_json(value: dict) -> str:
        return json.dumps(value, sort_keys=True) if value else ""

    return [AuditRow(e, as_json(e.params), as_json(e.result)) for e in entries]


@role_required(COMPLIANCE)
def audit_trail(request: HttpRequest) -> HttpResponse:
    """The trail, newest first, under the result of checking its whole hash chain."""
    action = request.GET.get("action", "").strip()
    entries = AuditEntry.objects.order_by("-id")
    if action:
        entries = entries.filter(action__startswith=action)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "verification": audit.verify(),
        "action": action,
        "page": page,
        "rows": _audit_rows(page),
    }
    return render(request, "compliance/audit.html", context)


# --- safety events -----------------------------------------------------------------------------

EVENT_STATUSES = ("needs_review", "all", "reviewed", "recorded")


@role_required(COMPLIANCE)
def event_list(request: HttpRequest) -> HttpResponse:
    """Safety events, the disclosures that need a person first."""
    status = request.GET.get("status", "needs_review")
    if status not in EVENT_STATUSES:
        status = "needs_review"
    events = SafetyEvent.objects.select_related("child", "device")
    if status != "all":
        events = events.filter(status=status)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    waiting = SafetyEvent.objects.filter(status=SafetyEvent.Status.NEEDS_REVIEW).count()
    return render(
        request,
        "compliance/events.html",
        {"page": page, "status": status, "statuses": EVENT_STATUSES, "waiting": waiting},
    )


@role_required(COMPLIANCE)
@require_POST
def event_review(request: HttpRequest, event_id: int) -> HttpResponse:
    get_object_or_404(SafetyEvent, pk=event_id)
    note = request.POST.get("reason", "").strip()
    if not note:
        messages.error(request, "Say what was done: the note goes into the audit trail.")
        return redirect("compliance-events")
    try:
        safety_events.review(event_id, actor=request.user, note=note)
    except safety_events.AlreadyReviewed as exc:
        messages.error(request, f"Not changed: {exc}.")
        return redirect("compliance-events")
    messages.success(request, f"Safety event {event_id} marked reviewed.")
    return redirect("compliance-events")
