"""Reading what the app logged: a handler like production's, and the leak scanner.

The suite's log (``tests/conftest.py``, fixture ``log_watch``) holds every record of the run,
formatted as production formats it. ``find_leaks`` looks in it for the secrets and children's
texts the run used; ``tests/test_log_leaks.py`` runs it last.
"""

from __future__ import annotations

import json
import logging
import re
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from teddy.logs import JsonFormatter

#: A text shorter than this may turn up in a log by chance ("good night"): not checked.
MIN_TEXT = 12
_BORING = frozenset(string.punctuation + string.digits + string.whitespace)
_WORD = re.compile(r"\w+")


@dataclass
class LogWatch:
    """The suite's log file and what must never be in it."""

    path: Path
    handler: logging.Handler
    tokens: set[str] = field(default_factory=set)  # device and parent tokens, API keys
    texts: set[str] = field(default_factory=set)  # every text the safety engine was asked about


def json_log_handler(stream: IO[str]) -> logging.Handler:
    """A handler writing as production's console handler does: its JSON formatter and its
    filters (the request id). A stream handler, so that a logging reconfiguration (uvicorn's,
    at each live server) closes nothing: a file reopened mid-test would count as a write."""
    console = next((h for h in logging.getLogger().handlers if h.name == "console"), None)
    assert console is not None, "settings.LOGGING has no 'console' handler on the root logger"
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    return handler


def records(lines: Iterable[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines if line.strip()]


# --- the scanner ------------------------------------------------------------------------------


def needles(tokens: Iterable[str], texts: Iterable[str], approved: Iterable[str]) -> set[str]:
    """What to look for: every token, and every text long enough not to be there by chance,
    except the bear's own phrases (``approved``) and texts of only digits and punctuation."""
    approved = {phrase.strip() for phrase in approved}
    found = {token for token in tokens if token}
    for text in texts:
        text = text.strip()
        if len(text) >= MIN_TEXT and text not in approved and not set(text) <= _BORING:
            found.add(text)
    return found


def find_leaks(path: Path, looked_for: Iterable[str]) -> dict[str, list[str]]:
    """Each of ``looked_for`` found in the log at ``path``, with the lines it is in. The JSON
    values are searched, not the lines' text: JSON escapes a child's accents and quotes."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    values = [list(_strings(_parsed(line))) for line in lines]
    blob = "\0".join(value for line_values in values for value in line_values)
    words = set(_WORD.findall(blob))
    joined_words = "\n".join(words)
    leaks = {}
    for needle in looked_for:
        if _may_be_in(needle, words, joined_words) and needle in blob:
            leaks[needle] = [
                line
                for line, line_values in zip(lines, values, strict=True)
                if any(needle in value for value in line_values)
            ]
    return leaks


def report(leaks: dict[str, list[str]], *, width: int = 300, most: int = 20) -> str:
    shown = [
        f"{needle[:40]!r} in: {line[:width]}" for needle, lines in leaks.items() for line in lines
    ]
    more = f"\n... and {len(shown) - most} more" if len(shown) > most else ""
    return f"{len(leaks)} secrets or texts in the logs:\n" + "\n".join(shown[:most]) + more


def _parsed(line: str) -> Any:
    try:
        return json.loads(line)
    except ValueError:
        return line  # not ours: searched as it stands


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _may_be_in(needle: str, words: set[str], joined_words: str) -> bool:
    """A quick no for most needles: a word inside the needle must be a whole word of the log;
    a word at its ends, part of one. Only the needles that pass are searched for whole."""
    runs = list(_WORD.finditer(needle))
    inner = [m.group() for m in runs if m.start() > 0 and m.end() < len(needle)]
    if not all(word in words for word in inner):
        return False
    edges = [m.group() for m in runs if m.start() == 0 or m.end() == len(needle)]
    return all(word in joined_words for word in edges)
