"""Celery tasks of the audio pipeline."""

from __future__ import annotations

import logging

from celery import shared_task

from .warmup import WarmupReport, load_phrases, warm_up

log = logging.getLogger(__name__)


@shared_task(bind=True, soft_time_limit=600, time_limit=660, acks_late=True)
def cache_warmup(
    self,
    phrases: list[str] | None = None,
    voices: list[str] | None = None,
    formats: list[str] | None = None,
) -> dict:
    """Pre-synthesize phrases; progress is readable as the task's ``PROGRESS`` state."""

    def progress(report: WarmupReport) -> None:
        self.update_state(state="PROGRESS", meta={"done": report.done, "total": report.total})

    report = warm_up(
        phrases or load_phrases(),
        voices=voices or ("nova",),
        formats=formats or ("wav",),
        progress=progress,
    )
    counts = {
        "done": report.done,
        "total": report.total,
        "synthesized": report.synthesized,
        "already_cached": report.already_cached,
        "skipped_unsafe": report.skipped_unsafe,
        "failed": report.failed,
    }
    # Counts only, never the phrases; under the id of the request that started it.
    log.info("cache warm-up finished", extra=counts)
    return counts
