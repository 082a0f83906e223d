"""The console: SRE and compliance pages. Views read the same services the API uses, and every
change goes through ``runbooks/actions.py``, which audits it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from audio import health
from audio.pipeline import get_audio_service
from safety.emergency import is_active as emergency_active
from safety.models import AuditEntry
from teddy.roles import SRE, has_role
from teddy.shared_state import REDIS_ERRORS

from . import actions, catalog, slo


def role_required(*roles: str) -> Callable:
    """Logged in (else the login page) and holding one of ``roles`` (else 403)."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_role(request.user, *roles):
                raise PermissionDenied(f"This page needs one of the roles: {', '.join(roles)}.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = sorted(request.user.groups.values_list("name", flat=True))
    return render(
        request,
        "runbooks/home.html",
        {"health": health.audio_health(), "roles": roles, "is_sre": has_role(request.user, SRE)},
    )


@role_required(SRE)
def board(request: HttpRequest) -> HttpResponse:
    return render(request, "runbooks/board.html", board_context())


@role_required(SRE)
def board_partial(request: HttpRequest) -> HttpResponse:
    """The same partial the page renders first; the page fetches it again every few seconds."""
    return render(request, "runbooks/_board.html", board_context())


def board_context() -> dict:
    service = get_audio_service()
    try:
        counts_of = slo.reader()
        rows, tiles = slo.board(counts_of), slo.tiles(counts_of)
    except REDIS_ERRORS:  # the counts live in Redis; the rest of the board still helps
        rows = tiles = None
    return {
        "rows": rows,
        "tiles": tiles,
        "windows": list(slo.WINDOWS),
        "health": health.audio_health(),
        "breakers": {name: b.snapshot() for name, b in service.providers.breakers.items()},
    }


@role_required(SRE)
def actions_page(request: HttpRequest) -> HttpResponse:
    return _actions_response(request)


def _forms_context() -> dict:
    service = get_audio_service()
    try:
        emergency = emergency_active()
    except REDIS_ERRORS:
        emergency = None
    return {
        "emergency": emergency,
        "warmup_task": None,
        "providers": list(service.providers.breakers),
        "log": AuditEntry.objects.order_by("-id")[:50],
    }


def _actions_response(request: HttpRequest, status: int = 200) -> HttpResponse:
    context = {**_forms_context(), "warmup_task": request.session.get("warmup_task")}
    return render(request, "runbooks/actions.html", context, status=status)


def _reason(request: HttpRequest) -> str:
    reason = request.POST.get("reason", "").strip()
    if not reason:
        raise actions.ActionRefused("Say why: the reason goes into the audit log.")
    return reason


def _confirm(request: HttpRequest, phrase: str) -> None:
    if request.POST.get("confirm", "").strip() != phrase:
        raise actions.ActionRefused(f"Type {phrase} to confirm.")


def _run(request: HttpRequest, action: Callable[[], str]) -> HttpResponse:
    """Run an action; on success back to the page it came from (post/redirect/get), else the
    actions page with the reason and a 4xx/5xx status."""
    try:
        messages.success(request, action())
    except actions.ActionRefused as exc:
        messages.error(request, str(exc))
        return _actions_response(request, status=400)
    except REDIS_ERRORS:
        messages.error(request, "Redis is unreachable: nothing was changed. Check Redis first.")
        return _actions_response(request, status=503)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("console-actions")


@require_POST
@role_required(SRE)
def emergency_action(request: HttpRequest) -> HttpResponse:
    def act() -> str:
        on = request.POST.get("on") == "true"
        reason = _reason(request)
        _confirm(request, "EMERGENCY ON" if on else "EMERGENCY OFF")
        actions.do_set_emergency_mode(actor=request.user, reason=reason, on=on)
        return f"Emergency safety mode is {'ON' if on else 'OFF'}."

    return _run(request, act)


@require_POST
@role_required(SRE)
def flush_action(request: HttpRequest) -> HttpResponse:
    def act() -> str:
        reason = _reason(request)
        _confirm(request, "FLUSH")
        voice = request.POST.get("voice", "").strip() or None
        deleted = actions.do_flush_cache(actor=request.user, reason=reason, voice=voice)
        return f"Flushed {deleted} cached clips{f' of voice {voice}' if voice else ''}."

    return _run(request, act)


@require_POST
@role_required(SRE)
def breaker_reset_action(request: HttpRequest) -> HttpResponse:
    def act() -> str:
        provider = request.POST.get("provider", "")
        before = actions.do_reset_breaker(
            actor=request.user, reason=_reason(request), provider=provider
        )
        return f"Breaker for {provider} reset (it was {before['state']})."

    return _run(request, act)


@role_required(SRE)
def runbook_list(request: HttpRequest) -> HttpResponse:
    return render(request, "runbooks/runbook_list.html", {"runbooks": catalog.RUNBOOKS})


@role_required(SRE)
def runbook_page(request: HttpRequest, slug: str) -> HttpResponse:
    runbook = catalog.BY_SLUG.get(slug)
    if runbook is None:
        raise Http404(f"No runbook {slug!r}.")
    context = {**_forms_context(), "warmup_task": request.session.get("warmup_task")}
    return render(request, "runbooks/runbook.html", {"runbook": runbook, **context})


@require_POST
@role_required(SRE)
def probe_action(request: HttpRequest) -> HttpResponse:
    def act() -> str:
        provider = request.POST.get("provider", "")
        result = actions.do_probe_provider(actor=request.user, provider=provider)
        if result["ok"]:
            return f"{provider} answered in {result['latency_ms']:.0f} ms."
        return f"{provider} did not answer: {result['detail']}"

    return _run(request, act)


@require_POST
@role_required(SRE)
def safety_test_action(request: HttpRequest) -> HttpResponse:
    def act() -> str:
        text = request.POST.get("text", "").strip()
        if not text:
            raise actions.ActionRefused("Type a text to test.")
        v = actions.do_test_safety(actor=request.user, text=text[:4096])
        why = "; ".join(v["reasons"]) or "no layer objected"
        return (
            f"Decision: {v['action']} (category {v['category'] or '-'}, layer {v['layer']}): {why}"
        )

    return _run(request, act)


@role_required(SRE)
def config_page(request: HttpRequest) -> HttpResponse:
    return render(request, "runbooks/config.html", {"settings_rows": public_settings()})


#: Settings an SRE may read in the console; secrets are never listed.
PUBLIC_SETTINGS = (
    "TTS_PROVIDER",
    "OPENAI_TTS_MODEL",
    "OPENAI_BASE_URL",
    "STT_PROVIDER",
    "OPENAI_STT_MODEL",
    "OPENAI_MODERATION",
    "TTS_REQUEST_TIMEOUT",
    "TTS_MAX_RETRIES",
    "TTS_BREAKER_FAILURES",
    "TTS_BREAKER_COOLDOWN",
    "TTS_FALLBACK_CACHE_TTL",
    "TTS_CACHE_ENABLED",
    "TTS_CACHE_TTL",
    "TTS_CACHE_MAX_SIZE_MB",
    "TTS_CACHE_COMPRESSION",
    "TTS_CACHE_STRATEGY",
    "TTS_CHILD_SAFETY",
    "AUDIO_SAFETY_STRICT_MODE",
    "EMERGENCY_SAFETY_MODE",
    "RATE_LIMIT_PER_HOUR",
    "TTS_STREAM_LEAD_S",
    "AUDIO_MAX_UPLOAD_BYTES",
    "AUDIO_MAX_SECONDS",
    "DEBUG",
)


def public_settings() -> list[tuple[str, object]]:
    from django.conf import settings

    return [(name, getattr(settings, name, None)) for name in PUBLIC_SETTINGS]


@require_POST
@role_required(SRE)
def warmup_action(request: HttpRequest) -> HttpResponse:
    def act() -> str:
        task_id = actions.do_start_warmup(actor=request.user, reason=_reason(request))
        request.session["warmup_task"] = task_id
        return "Cache warm-up started."

    return _run(request, act)


FINISHED = frozenset({"SUCCESS", "FAILURE", "REVOKED"})


@role_required(SRE)
def warmup_status(request: HttpRequest, task_id: str) -> HttpResponse:
    """A warm-up's progress: the progress bar's partial for htmx, JSON for anything else."""
    try:
        progress, status = actions.warmup_progress(task_id), 200
    except REDIS_ERRORS:
        progress, status = {"state": "UNKNOWN", "done": 0, "total": 0}, 503
    if not request.htmx:
        return JsonResponse(progress, status=status)
    progress["finished"] = progress["state"] in FINISHED
    context = {"task_id": task_id, "progress": progress}
    return render(request, "runbooks/_warmup_progress.html", context)


@role_required(SRE)
def rule_list(request: HttpRequest) -> HttpResponse:
    from django.db.models import Q

    from safety.models import SafetyRule

    query = request.GET.get("q", "").strip()
    rules = SafetyRule.objects.order_by("category", "pattern")
    if query:
        rules = rules.filter(
            Q(pattern__icontains=query) | Q(category__icontains=query) | Q(note__icontains=query)
        )
    from safety.engine import AGE_GROUPS

    context = {
        **_forms_context(),
        "rules": rules[:500],
        "query": query,
        "total": rules.count(),
        "age_groups": AGE_GROUPS,
    }
    return render(request, "runbooks/rules.html", context)


@role_required(SRE)
def rule_try(request: HttpRequest) -> HttpResponse:
    """The rules editor's live box: the engine's decision and which layer and rules made it.
    Read-only and unrecorded (no metrics, no outcome counts, no audit): it is a preview."""
    from safety.engine import AGE_GROUPS

    text = request.GET.get("text", "")[:4096]
    age_group = request.GET.get("age_group", "unknown")
    direction = request.GET.get("direction", "to_child")
    if age_group not in AGE_GROUPS or direction not in ("to_child", "from_child"):
        hint = {"hint": "Unknown age group or direction."}
        return render(request, "runbooks/_verdict.html", hint, status=400)
    if not text.strip():
        return render(request, "runbooks/_verdict.html", {"hint": "Type a text."})
    decision = get_audio_service().safety.check(text, direction=direction, age_group=age_group)
    verdict = {**decision.as_dict(), "rule_ids": list(decision.rule_ids)}
    return render(request, "runbooks/_verdict.html", {"verdict": verdict})


@role_required(SRE)
def rule_edit(request: HttpRequest, rule_id: int | None = None) -> HttpResponse:
    from safety.models import SafetyRule

    from .forms import SafetyRuleForm

    rule = None
    if rule_id is not None:
        rule = SafetyRule.objects.filter(pk=rule_id).first()
        if rule is None:
            raise Http404("No such rule.")
    form = SafetyRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        saved = actions.do_save_rule(
            actor=request.user,
            reason=form.cleaned_data["reason"],
            rule=form.save(commit=False),
            created=rule is None,
        )
        messages.success(request, f"Rule {saved.pk} saved; every process uses it within a second.")
        return redirect("console-rules")
    status = 400 if request.method == "POST" else 200
    from safety.engine import AGE_GROUPS

    context = {"form": form, "rule": rule, "age_groups": AGE_GROUPS}
    return render(request, "runbooks/rule_form.html", context, status=status)
