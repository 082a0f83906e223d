"""The logs of the whole test run hold none of its tokens and none of its children's texts.

Every record the run logged, at every level, was written as production writes it
(``tests/conftest.py``, ``log_watch``), and every token issued and every text the safety engine
was asked about was noted. The last test of the run searches the one for the others; the tests
before it show that the search finds what it looks for.
"""

from __future__ import annotations

import logging

from audio.pipeline import get_audio_service
from safety.models import Parent
from safety.redirections import all_pre_approved
from teddy.models import Device
from tests.logcheck import MIN_TEXT, find_leaks, json_log_handler, needles, report

GERMAN_CHILD = 'Ich heiße Jürgen, mein "Bär" wohnt in Köln'  # JSON escapes it: \u00df, \"


def log_to(path, *records: tuple[str, dict]) -> None:
    """Log through a handler like the suite's, to a scratch file, and not to the suite's log."""
    scratch = logging.getLogger("tests.scratch")
    with path.open("a", encoding="utf-8") as stream:
        handler = json_log_handler(stream)
        scratch.addHandler(handler)
        scratch.propagate = False
        try:
            for message, extra in records:
                scratch.warning(message, extra=extra)
        finally:
            scratch.removeHandler(handler)
            scratch.propagate = True


def test_the_scanner_finds_a_token_and_a_text_wherever_they_are_logged(tmp_path):
    token = Device(name="scratch-bear").issue_token()
    path = tmp_path / "scratch.jsonl"
    log_to(
        path,
        (f"request with Authorization: Bearer {token}", {}),
        ("speech made", {"text": GERMAN_CHILD}),
        ("nothing to see", {"count": 3}),
    )

    leaks = find_leaks(path, needles([token], [GERMAN_CHILD, "never logged at all"], []))

    assert set(leaks) == {token, GERMAN_CHILD}
    assert "Authorization" in leaks[token][0] and '"text"' in leaks[GERMAN_CHILD][0]
    assert token in report(leaks)


def test_the_bears_own_phrases_and_mere_numbers_are_not_looked_for():
    phrase = all_pre_approved()[0]
    texts = [phrase, f"  {phrase} ", "1234-5678, 9012!", "too short", "a child's own words"]

    assert needles([], texts, all_pre_approved()) == {"a child's own words"}
    assert len("too short") < MIN_TEXT


def test_the_watch_notes_every_token_and_every_text(log_watch, db):
    device_token = Device(name="noted-bear").issue_token()
    parent_token = Parent(name="Noted Parent", email="noted@example.com").issue_token()

    get_audio_service().check_text("a text the engine was asked about", age_group="unknown")

    assert {device_token, parent_token} <= log_watch.tokens
    assert "a text the engine was asked about" in log_watch.texts


def test_the_suite_logged_no_token_and_no_child_text(log_watch):
    """Runs last (``tests/conftest.py``): everything the run logged is in the file by now."""
    assert log_watch.handler in logging.getLogger().handlers, (
        "the suite's log handler was removed: something applied a logging configuration during "
        "the run (django.setup(), dictConfig), and what was logged after it was not checked"
    )
    log_watch.handler.flush()

    leaks = find_leaks(
        log_watch.path, needles(log_watch.tokens, log_watch.texts, all_pre_approved())
    )

    assert not leaks, report(leaks)
