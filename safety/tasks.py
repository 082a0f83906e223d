"""Celery tasks of the safety and COPPA side."""

from __future__ import annotations

from celery import shared_task

from . import coppa


@shared_task(acks_late=True)
def purge_expired() -> int:
    """Delete interaction records that retention no longer allows (run by Celery beat)."""
    return coppa.purge_expired()
