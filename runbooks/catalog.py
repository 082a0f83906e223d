"""The runbooks: what an SRE does, step by step, when an alert fires. A step the app can do
itself is a button (one of ``runbooks/actions.py``); a step outside it is a command to copy.
Alert rules link here by slug (``/console/runbooks/<slug>/``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    title: str
    text: str = ""
    action: str | None = None  # emergency | flush | breaker | probe | safety_test | warmup | config
    command: str | None = None


@dataclass(frozen=True)
class Runbook:
    slug: str
    title: str
    symptoms: str
    steps: tuple[Step, ...]


RUNBOOKS = (
    Runbook(
        "tts-degradation",
        "TTS service degradation",
        "TTS P95 above 5 s, provider errors or timeouts, a circuit breaker open, toys answered "
        "by the local voice.",
        (
            Step("Read the board", "Which SLO burns, since when, which provider and breaker."),
            Step("Probe the provider", "Is it answering now, and how fast?", action="probe"),
            Step(
                "Reset its breaker once it answers",
                "Only after a good probe: the breaker closes itself after a good half-open call "
                "anyway.",
                action="breaker",
            ),
            Step(
                "Look at the pods",
                command="kubectl -n teddy-audio get pods -l app=teddy-audio -o wide",
            ),
            Step(
                "Roll back a bad release",
                "If the degradation started with a deploy. Without the Argo canary: "
                "kubectl -n teddy-audio rollout undo deploy/web",
                command="kubectl argo rollouts undo web -n teddy-audio",
            ),
        ),
    ),
    Runbook(
        "safety-system-failure",
        "Safety system failure",
        "Safety checks continue but blocks stopped, safety latency above 200 ms, moderation "
        "unavailable, or a report of something a child should never have heard.",
        (
            Step(
                "Test the filter with a known-bad text",
                "It must answer block; the answer names the layer and rule.",
                action="safety_test",
            ),
            Step(
                "Turn emergency safety mode on",
                "When in doubt: the bear then says only pre-approved phrases.",
                action="emergency",
            ),
            Step("Check the configuration the service runs with", action="config"),
            Step(
                "Read the safety logs",
                command="kubectl -n teddy-audio logs deploy/web --since=30m | grep safety",
            ),
            Step("Turn emergency mode off once the filter passes its tests", action="emergency"),
        ),
    ),
    Runbook(
        "cache-issues",
        "Cache issues",
        "Cache hit rate under 80 %, Redis memory alarms, stale or wrong audio served.",
        (
            Step("Read the cache numbers on the board"),
            Step(
                "Flush what is wrong",
                "One voice after retuning it, or everything.",
                action="flush",
            ),
            Step(
                "Check Redis",
                command="kubectl -n teddy-audio exec sts/redis -- redis-cli info memory",
            ),
            Step(
                "Warm the cache again",
                "The common phrases and every safety redirection, on a worker, with progress.",
                action="warmup",
            ),
        ),
    ),
)

BY_SLUG = {runbook.slug: runbook for runbook in RUNBOOKS}
