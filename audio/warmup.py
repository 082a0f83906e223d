"""Pre-synthesize common phrases so that a cold cache does not make the first children wait.

The phrase list ships with the project (``warmup_phrases.txt``); the safety redirections, the
emergency-mode phrases and the operators' approved phrases are always included, since those
must be ready when things go wrong.
Used by ``python manage.py cache_warmup`` and the ``audio.tasks.cache_warmup`` Celery task.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from safety.redirections import all_pre_approved

from .pipeline import ProviderUnavailable, get_audio_service

log = logging.getLogger(__name__)

DEFAULT_PHRASES = Path(__file__).with_name("warmup_phrases.txt")


def load_phrases(path: str | Path | None = None) -> list[str]:
    """Phrases from a file (one a line, ``#`` comments), plus the ones that must always be
    ready. Duplicates are dropped, order kept."""
    lines = Path(path or DEFAULT_PHRASES).read_text(encoding="utf-8").splitlines()
    phrases = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return list(dict.fromkeys([*phrases, *all_pre_approved(), *approved_phrases()]))


def approved_phrases() -> list[str]:
    """The operators' approved phrases (``safety.ApprovedPhrase``): emergency mode says them."""
    from safety.models import ApprovedPhrase

    return list(ApprovedPhrase.objects.values_list("text", flat=True))


@dataclass
class WarmupReport:
    total: int = 0
    synthesized: int = 0
    already_cached: int = 0
    skipped_unsafe: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.synthesized + self.already_cached + self.skipped_unsafe + self.failed


def warm_up(
    phrases: Iterable[str],
    *,
    voices: Iterable[str] = ("nova",),
    formats: Iterable[str] = ("wav",),
    language: str = "en",
    progress: Callable[[WarmupReport], None] | None = None,
) -> WarmupReport:
    service = get_audio_service()
    jobs = [(p, v, f) for p in phrases for v in voices for f in formats]
    report = WarmupReport(total=len(jobs))
    for phrase, voice, fmt in jobs:
        try:
            request = service.parse(
                {"text": phrase, "voice": voice, "format": fmt, "language": language}
            )
            outcome = service.warm(request)
        except ProviderUnavailable as exc:
            report.failed += 1
            report.errors.append(str(exc))
        except Exception as exc:  # one bad phrase must not stop a warm-up at 3 a.m.
            log.exception("warm-up of one phrase failed")
            report.failed += 1
            report.errors.append(f"{type(exc).__name__}: {exc}")
        else:
            if outcome == "synthesized":
                report.synthesized += 1
            elif outcome == "cached":
                report.already_cached += 1
            else:
                report.skipped_unsafe += 1
        if progress:
            progress(report)
    return report
