"""Fault drills against the running stack (``make chaos``): break one thing at a time under a
bounded toy load on 127.0.0.1 and judge, with numbers, whether the bear kept talking.

    python bench/chaos.py [--only NAME ...] [--db-lock-s SECONDS]

One ``Stack`` (``bench/stack.py``: its own Redis, uvicorn with 2 workers, Celery, demo data) for
every drill, pointed at the fake OpenAI server (``tests/fakes/openai_server.py``) running in this
process for the whole run, so a drill can make the provider fail or crawl on demand:

1. ``redis``: Redis SIGKILLed mid-load and restarted 3 s later. No toy request may fail (the
   cache, the limiter and the breakers degrade to no-ops or per-process state) and the cache hit
   rate must come back once Redis does.
2. ``provider_outage``: OpenAI answers 500 to everything. The local engine must serve every
   request, the breaker must open, and after the outage it must close and OpenAI speak again.
3. ``provider_slow``: OpenAI answers after longer than ``TTS_REQUEST_TIMEOUT``. Same verdict,
   plus a bound on every answer's latency: the time budget must hand over to the fallback.
4. ``web_worker``: one uvicorn worker SIGKILLed mid-load. Only requests in flight on it may
   fail; uvicorn's supervisor must start a replacement, and service continue.
5. ``db_lock``: an exclusive SQLite transaction held for 2 s from outside the app. No 500 and
   no dropped connection (a 503 JSON answer would be allowed while locked), full service soon
   after the release.

Each drill prints what it sent, what failed and its recovery time; a final table follows, the
same numbers go to ``bench/chaos-results.json``, and the exit status is 0 only when every drill
passed. The whole run takes about a minute and a half.

Thresholds are deliberately generous where they concern time (two cores, shared with the load
generator, the fake provider and other people's jobs) and strict where they concern failures:
a toy request that fails during a Redis or provider fault is a bug, not noise.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import ROOT, Stack

sys.path.insert(0, str(ROOT))
from tests.fakes.openai_server import FakeOpenAI

RESULTS = ROOT / "bench" / "chaos-results.json"

# --- the stack's configuration ---------------------------------------------------------------

#: A short provider budget and breaker cooldown keep each drill to seconds; one retry shows the
#: retry path without doubling the time a failing call takes.
TTS_TIMEOUT_S = 1.0
BREAKER_FAILURES = 3
BREAKER_COOLDOWN_S = 3.0


def stack_env(fake_url: str) -> dict[str, str]:
    """The stack's settings: OpenAI first (the fake), the local engine as fallback, and a rate
    limit no drill can reach (the drills send hundreds of requests from one toy)."""
    return {
        "RATE_LIMIT_PER_HOUR": "100000000",
        "TTS_PROVIDER": "openai",
        "OPENAI_API_KEY": "sk-fake",
        "OPENAI_BASE_URL": fake_url,  # already ends in /v1, as the fake_openai fixture uses it
        "TTS_REQUEST_TIMEOUT": str(TTS_TIMEOUT_S),
        "TTS_MAX_RETRIES": "1",
        "TTS_BREAKER_FAILURES": str(BREAKER_FAILURES),
        "TTS_BREAKER_COOLDOWN": str(BREAKER_COOLDOWN_S),
    }


# --- the load --------------------------------------------------------------------------------

#: Two client threads: one request in flight per web worker on average, which is what two
#: cores can serve without the load generator starving the stack it measures.
LOAD_THREADS = 2
#: A breath between a thread's requests, so the load generator leaves CPU to the stack.
LOAD_PAUSE_S = 0.02
#: A hard cap per drill, whatever happens to the clock: the loop is bounded.
MAX_REQUESTS = 4000
#: A request with no answer after this long counts as failed (and "no answer" in the report).
REQUEST_TIMEOUT_S = 30.0

#: Short, safe phrases that repeat, so most requests are cache hits once Redis has them.
HOT_TEXTS = (
    "Hello friend, shall we read a story?",
    "Time to brush your teeth!",
    "What a lovely drawing.",
    "Let us count the stars together.",
    "Good night, sleep tight.",
    "Do you want to sing a song?",
)
#: Words for texts that never repeat (a cache miss every time, so the provider is called).
WORDS = ("bunny", "river", "apple", "cloud", "kite", "garden", "turtle", "meadow", "lantern")


@dataclass(frozen=True)
class Answer:
    started: float  # time.monotonic() when sent
    finished: float
    status: int  # HTTP status; 0 when no answer came (connection error or timeout)
    cache: str  # X-Cache: HIT | MISS
    provider: str  # X-TTS-Provider: openai | local
    error: str  # the JSON error code, or the exception's name

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def latency_s(self) -> float:
        return self.finished - self.started


def hot_text(n: int) -> str:
    return HOT_TEXTS[n % len(HOT_TEXTS)]


def unique_texts(tag: str) -> Callable[[int], str]:
    """Texts no other request of the run asks for (the tag differs per drill; each run's Redis
    starts empty), so every one is a cache miss and reaches the provider."""

    def text(n: int) -> str:
        a, b = WORDS[n % len(WORDS)], WORDS[(n // len(WORDS)) % len(WORDS)]
        return f"The {tag} story {n} about a {a} and a {b}."

    return text


class Load:
    """Toy TTS requests from ``threads`` threads until stopped (or ``MAX_REQUESTS``), every
    answer kept with its timing: the verdicts look at which requests overlapped a fault."""

    def __init__(self, stack: Stack, text: Callable[[int], str], threads: int = LOAD_THREADS):
        self.stack = stack
        self.text = text
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]
        self.stop_event = threading.Event()
        self._answers: list[Answer] = []
        self._lock = threading.Lock()
        self._counter = itertools.count()

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=REQUEST_TIMEOUT_S + 5)

    def answers(self) -> list[Answer]:
        with self._lock:
            return sorted(self._answers, key=lambda a: a.started)

    def _next(self) -> int | None:
        with self._lock:
            n = next(self._counter)
        return None if n >= MAX_REQUESTS else n

    def _run(self) -> None:
        url = f"{self.stack.url}/api/v1/tts"
        with httpx.Client(headers=self.stack.toy_headers, timeout=REQUEST_TIMEOUT_S) as client:
            while not self.stop_event.is_set() and (n := self._next()) is not None:
                answer = send(client, url, self.text(n))
                with self._lock:
                    self._answers.append(answer)
                time.sleep(LOAD_PAUSE_S)


def send(client: httpx.Client, url: str, text: str) -> Answer:
    """One toy request; any exception is an answer with status 0 (the toy heard nothing)."""
    started = time.monotonic()
    try:
        r = client.post(url, json={"text": text})
    except httpx.HTTPError as exc:
        return Answer(started, time.monotonic(), 0, "", "", type(exc).__name__)
    error = ""
    if r.status_code != 200:
        try:
            error = r.json()["error"]["code"]
        except (ValueError, KeyError, TypeError):
            error = "not_json"
    return Answer(
        started,
        time.monotonic(),
        r.status_code,
        r.headers.get("X-Cache", ""),
        r.headers.get("X-TTS-Provider", ""),
        error,
    )


# --- observing the stack ---------------------------------------------------------------------


def breaker_state(stack: Stack) -> str | None:
    """The OpenAI breaker's state as ``/health/audio/tts`` reports it (it is shared through
    Redis, so any worker gives the same answer). None when health does not answer."""
    try:
        r = httpx.get(f"{stack.url}/health/audio/tts", timeout=10)
        return r.json()["tts_service"]["circuit_breaker"]["openai"]["state"]
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        return None


def wait_until(
    predicate: Callable[[], bool], timeout_s: float, every_s: float = 0.2
) -> float | None:
    """Seconds until ``predicate()`` held, or None if it did not within ``timeout_s``."""
    started = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - started
        if time.monotonic() - started > timeout_s:
            return None
        time.sleep(every_s)


def first_after(
    answers: list[Answer], since: float, match: Callable[[Answer], bool]
) -> float | None:
    """Seconds from ``since`` to the first matching answer among the requests sent after it."""
    times = [a.finished for a in answers if a.started >= since and match(a)]
    return min(times) - since if times else None


def p95(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# --- results ---------------------------------------------------------------------------------


@dataclass
class DrillResult:
    name: str
    sent: int = 0
    failed: int = 0
    recovery_s: float | None = None
    checks: list[tuple[str, bool]] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(ok for _, ok in self.checks)

    def check(self, label: str, ok: bool) -> None:
        self.checks.append((label, bool(ok)))

    def count(self, answers: list[Answer]) -> None:
        self.sent = len(answers)
        self.failed = sum(not a.ok for a in answers)
        statuses: dict[str, int] = {}
        for a in answers:
            if not a.ok:
                key = f"{a.status} {a.error}".strip()
                statuses[key] = statuses.get(key, 0) + 1
        if statuses:
            self.figures["failures"] = statuses


def secs(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def report(result: DrillResult) -> None:
    """What a drill did, as it finishes: counts, recovery, each check, the figures behind them."""
    verdict = "PASS" if result.passed else "FAIL"
    print(
        f"  sent {result.sent}, failed {result.failed}, recovery {secs(result.recovery_s)} s"
        f"  -> {verdict}"
    )
    for label, ok in result.checks:
        print(f"    [{'ok' if ok else 'FAIL'}] {label}")
    for key, value in result.figures.items():
        print(f"    {key}: {value}")


#: What "recovery" measures in each drill (printed under the table, and in the JSON).
RECOVERY_MEANS = {
    "redis": "restart -> first cache HIT",
    "provider_outage": "provider healed -> first answer spoken by OpenAI",
    "provider_slow": "provider healed -> first answer spoken by OpenAI",
    "web_worker": "kill -> replacement worker serving",
    "db_lock": "release -> last held request answered",
}


def table(results: list[DrillResult]) -> str:
    rows = [("drill", "sent", "failed", "recovery s", "verdict")]
    rows += [
        (r.name, str(r.sent), str(r.failed), secs(r.recovery_s), "PASS" if r.passed else "FAIL")
        for r in results
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    lines += [f"recovery, {r.name}: {RECOVERY_MEANS.get(r.name, '-')}" for r in results]
    return "\n".join(lines)


def write_results(results: list[DrillResult], started: datetime, duration_s: float) -> None:
    body = {
        "started_at": started.isoformat().replace("+00:00", "Z"),
        "duration_s": round(duration_s, 1),
        "passed": bool(results) and all(r.passed for r in results),
        "drills": [
            {
                "name": r.name,
                "sent": r.sent,
                "failed": r.failed,
                "recovery_s": None if r.recovery_s is None else round(r.recovery_s, 2),
                "recovery_means": RECOVERY_MEANS.get(r.name),
                "passed": r.passed,
                "checks": [{"check": label, "ok": ok} for label, ok in r.checks],
                "figures": r.figures,
            }
            for r in results
        ],
    }
    RESULTS.write_text(json.dumps(body, indent=2) + "\n")


# --- the drills ------------------------------------------------------------------------------


def is_hit(a: Answer) -> bool:
    return a.ok and a.cache == "HIT"


def spoke_openai(a: Answer) -> bool:
    return a.ok and a.provider == "openai"


def between(answers: list[Answer], start: float, end: float) -> list[Answer]:
    """The requests that were entirely inside [start, end]: sent after it began, answered
    before it ended."""
    return [a for a in answers if a.started >= start and a.finished <= end]


#: Load before the kill, so the hot texts are cached and hits are the norm.
REDIS_WARM_S = 4.0
#: Long enough for every process to notice (its next Redis command is refused) and for the
#: load to send dozens of requests with no Redis at all.
REDIS_DOWN_S = 3.0
#: Load after the restart: long enough for HIT_TAIL requests after the cache has refilled.
REDIS_AFTER_S = 8.0
#: The hit rate is judged on the last HIT_TAIL requests. The six hot texts each miss once after
#: the restart (Redis came back empty) and hit from then on, so a healthy cache gives ~100 %
#: there; 50 % still fails a cache that never reconnects (0 %) or reconnects only now and then.
HIT_TAIL = 30
HIT_RATE_MIN = 0.5
#: The Redis clients reconnect on their next command, and each text's first miss refills its
#: entry, so the first HIT follows the restart by well under a second; 5 s is for a busy box.
REDIS_RECOVERY_MAX_S = 5.0


def drill_redis(stack: Stack, fake: FakeOpenAI) -> DrillResult:
    """Redis SIGKILLed under load, restarted 3 s later on the same port, empty."""
    result = DrillResult("redis")
    fake.behave(reset=True)
    with Load(stack, hot_text) as load:
        time.sleep(REDIS_WARM_S)
        killed = time.monotonic()
        stack.redis.kill()
        try:
            time.sleep(REDIS_DOWN_S)
        finally:
            stack.redis.start()
        restarted = time.monotonic()
        wait_until(
            lambda: first_after(load.answers(), restarted, is_hit) is not None, REDIS_AFTER_S
        )
        time.sleep(max(0.0, restarted + REDIS_AFTER_S - time.monotonic()))
    answers = load.answers()
    result.count(answers)
    down = between(answers, killed, restarted)
    tail = [a for a in answers if a.started >= restarted][-HIT_TAIL:]
    tail_rate = sum(map(is_hit, tail)) / len(tail) if tail else 0.0
    before = [a for a in answers if a.finished <= killed]
    result.recovery_s = first_after(answers, restarted, is_hit)

    result.check("no toy request failed", result.failed == 0)
    result.check(
        f"answered with Redis down ({len(down)} requests, at least 5)",
        len(down) >= 5 and all(a.ok for a in down),
    )
    result.check("the fault bit: no cache HIT while Redis was down", not any(map(is_hit, down)))
    result.check(
        f"hit rate recovered: last {len(tail)} requests {tail_rate:.0%} HIT"
        f" (at least {HIT_RATE_MIN:.0%} of {HIT_TAIL})",
        len(tail) >= HIT_TAIL and tail_rate >= HIT_RATE_MIN,
    )
    result.check(
        f"first HIT after the restart within {REDIS_RECOVERY_MAX_S:.0f} s",
        result.recovery_s is not None and result.recovery_s <= REDIS_RECOVERY_MAX_S,
    )
    result.figures.update(
        hit_rate_before_kill=round(sum(map(is_hit, before)) / max(len(before), 1), 2),
        p95_ms_redis_down=round(p95([a.latency_s for a in down]) * 1000),
        max_ms_redis_down=round(max((a.latency_s for a in down), default=0) * 1000),
    )
    return result


#: Three failures open the breaker; failing calls take at most the 1 s budget each, from two
#: threads, so it opens within ~2 s. 15 s leaves room for a slow box, and then says "never".
OPEN_TIMEOUT_S = 15.0
#: The fault stays this long after the breaker is seen open, so that requests are served on the
#: fast path (breaker open) for a while and the half-open probe due 3 s after opening, if any,
#: fails and re-opens the breaker instead of letting traffic through.
OPEN_HOLD_S = 4.0
#: Any failure recorded while the breaker is open doubles its cooldown to 6 s: the failed probe,
#: or (as seen here) the one other request of the two load threads that was in flight when it
#: opened. Either way one doubling at most, so the next probe is due at most ~6 s after the heal
#: and the first request after that closes the breaker. 12 s allows for a busy box.
PROVIDER_RECOVERY_MAX_S = 12.0
#: How late the fake answers in the slowness drill: three times the 1 s budget, so every call
#: times out (rather than sometimes squeezing in).
SLOW_DELAY_S = 3.0
#: Every answer while OpenAI is slow must come within this: the 1 s budget, ~0.2 s of local
#: synthesis and encoding, and possibly one request queued ahead in the same worker (Django
#: runs sync views one at a time per worker) is ~2.5 s; 5 s is the bound with room for noise.
SLOW_LATENCY_MAX_S = 5.0


def drill_provider_outage(stack: Stack, fake: FakeOpenAI) -> DrillResult:
    """OpenAI answers 500 to every speech request (and to the health probe)."""
    return provider_drill(stack, fake, "provider_outage", {"mode": "error", "status": 500})


def drill_provider_slow(stack: Stack, fake: FakeOpenAI) -> DrillResult:
    """OpenAI answers, but only after three times the request budget."""
    result = provider_drill(stack, fake, "provider_slow", {"delay_s": SLOW_DELAY_S})
    worst = result.figures.get("max_ms_all", 0) / 1000
    result.check(
        f"every answer within {SLOW_LATENCY_MAX_S:.0f} s (slowest {worst:.2f} s)",
        worst < SLOW_LATENCY_MAX_S,
    )
    return result


def provider_drill(stack: Stack, fake: FakeOpenAI, name: str, fault: dict[str, Any]) -> DrillResult:
    """Fault the fake provider under a load of new texts (each a cache miss, so the provider is
    really called), then heal it; the same verdict for an outage and for slowness."""
    result = DrillResult(name)
    fake.behave(reset=True)
    closed_before = wait_until(lambda: breaker_state(stack) == "closed", 20, every_s=0.5)
    result.check("breaker closed before the fault", closed_before is not None)
    fake.behave(**fault)
    faulted = time.monotonic()
    try:
        with Load(stack, unique_texts(name.replace("_", " "))) as load:
            opened = wait_until(
                lambda: breaker_state(stack) == "open", OPEN_TIMEOUT_S, every_s=0.25
            )
            time.sleep(OPEN_HOLD_S)
            fake.behave(reset=True)
            healed = time.monotonic()
            wait_until(
                lambda: first_after(load.answers(), healed, spoke_openai) is not None,
                PROVIDER_RECOVERY_MAX_S + 5,
            )
    finally:
        fake.behave(reset=True)
    closed_after = wait_until(lambda: breaker_state(stack) == "closed", 5, every_s=0.25)
    answers = load.answers()
    result.count(answers)
    during = between(answers, faulted, healed)
    result.recovery_s = first_after(answers, healed, spoke_openai)

    result.check("no toy request failed", result.failed == 0)
    result.check(
        f"the local engine answered every request during the fault ({len(during)})",
        bool(during) and all(a.ok and a.provider == "local" for a in during),
    )
    result.check(
        f"breaker opened (after {secs(opened)} s, at most {OPEN_TIMEOUT_S:.0f} s)",
        opened is not None,
    )
    result.check(
        f"OpenAI spoke again within {PROVIDER_RECOVERY_MAX_S:.0f} s of the heal",
        result.recovery_s is not None and result.recovery_s <= PROVIDER_RECOVERY_MAX_S,
    )
    result.check("breaker closed after the recovery", closed_after is not None)
    result.figures.update(
        breaker_open_after_s=None if opened is None else round(opened, 2),
        p95_ms_during_fault=round(p95([a.latency_s for a in during]) * 1000),
        max_ms_all=round(max((a.latency_s for a in answers), default=0) * 1000),
    )
    return result


#: Load before the kill.
WORKER_WARM_S = 3.0
#: uvicorn's supervisor checks its workers every 0.5 s and starts a replacement; the new process
#: imports Django and the app (~2-4 s here) before it logs "Started server process".
WORKER_RESTART_MAX_S = 15.0
#: Load after the replacement is up: the service must carry on normally.
WORKER_AFTER_S = 4.0
#: A request sent in the instant the signal is being delivered can still be accepted by the
#: dying worker: it was in flight on it, as far as the toy can tell.
KILL_GRACE_S = 0.5


def drill_web_worker(stack: Stack, fake: FakeOpenAI) -> DrillResult:
    """One uvicorn worker SIGKILLed under load (an OOM kill looks like this)."""
    result = DrillResult("web_worker")
    fake.behave(reset=True)
    before = stack.web_worker_pids()
    result.check(
        f"{stack.web_workers} web workers before the kill ({len(before)} found)",
        len(before) == stack.web_workers,
    )
    if not before:
        return result
    victim = before[0]
    seen_lines = len(stack.lines)
    with Load(stack, hot_text) as load:
        time.sleep(WORKER_WARM_S)
        os.kill(victim, signal.SIGKILL)
        killed = time.monotonic()
        replaced = wait_until(
            lambda: replacement_serving(stack, victim, seen_lines), WORKER_RESTART_MAX_S
        )
        back = time.monotonic()
        time.sleep(WORKER_AFTER_S)
    answers = load.answers()
    result.count(answers)
    result.recovery_s = replaced
    failures = [a for a in answers if not a.ok]
    after_kill = [a for a in answers if a.started >= killed + KILL_GRACE_S]
    meanwhile = between(answers, killed, back)

    result.check(
        f"failures only for requests in flight on the killed worker ({len(failures)},"
        f" at most {LOAD_THREADS})",
        len(failures) <= LOAD_THREADS and all(a.started < killed + KILL_GRACE_S for a in failures),
    )
    result.check(
        f"every request sent after the kill answered ({len(after_kill)})",
        bool(after_kill) and all(a.ok for a in after_kill),
    )
    result.check(
        f"a replacement worker serving within {WORKER_RESTART_MAX_S:.0f} s",
        replaced is not None,
    )
    result.figures.update(
        killed_pid=victim,
        workers_after=stack.web_worker_pids(),
        answered_before_replacement=len(meanwhile),
        max_ms_after_kill=round(max((a.latency_s for a in after_kill), default=0) * 1000),
    )
    return result


def replacement_serving(stack: Stack, victim: int, seen_lines: int) -> bool:
    """True when the worker count is back and the new worker has logged that it serves."""
    pids = stack.web_worker_pids()
    if victim in pids or len(pids) != stack.web_workers:
        return False
    log = "".join(stack.lines[seen_lines:])
    return any(f"Started server process [{pid}]" in log for pid in pids)


#: Load before the lock.
DB_WARM_S = 3.0
#: "Briefly": well under the app's SQLite busy timeout (10 s), as a migration, a VACUUM or a
#: backup's lock would be.
DB_LOCK_S = 2.0
#: Load after the release.
DB_AFTER_S = 5.0
#: Requests waiting on the lock proceed as soon as SQLite's busy handler retries (it sleeps in
#: steps of at most 100 ms), so the backlog drains within a fraction of a second; 3 s for noise.
DB_RECOVERY_MAX_S = 3.0
#: Evidence that the drill bit: some request must have waited at least this long on the lock
#: (every toy request writes an interaction record: the demo child's parent consented to them).
DB_HELD_MIN_S = 1.0


@contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Hold SQLite's write lock on ``path`` from this process, as another tool would."""
    conn = sqlite3.connect(path, timeout=10, isolation_level=None)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        yield
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def drill_db_lock(stack: Stack, fake: FakeOpenAI) -> DrillResult:
    """An exclusive transaction on the app's SQLite database, held under load (2 s)."""
    result = DrillResult("db_lock")
    fake.behave(reset=True)
    with Load(stack, hot_text) as load:
        time.sleep(DB_WARM_S)
        with exclusive_lock(stack.var / "teddy.sqlite3"):
            locked = time.monotonic()
            time.sleep(DB_LOCK_S)
        released = time.monotonic()
        time.sleep(DB_AFTER_S)
    answers = load.answers()
    result.count(answers)
    held = [a for a in answers if a.started < released and a.finished > locked]
    broken = [a for a in answers if a.status == 0 or (a.status >= 500 and a.status != 503)]
    refused = [a for a in answers if not a.ok and a not in broken]
    backlog = [a.finished for a in answers if a.started < released and a.finished > released]
    result.recovery_s = max(backlog) - released if backlog else 0.0
    late = [a for a in answers if a.started >= released + DB_RECOVERY_MAX_S]
    longest_wait = max((a.latency_s for a in held), default=0.0)

    result.check(f"no 500 and no dropped connection ({len(broken)})", not broken)
    result.check(
        f"refusals (503) only while locked ({len(refused)})",
        all(a.started < released for a in refused),
    )
    result.check(
        f"the lock held requests back (longest wait {longest_wait:.2f} s,"
        f" at least {DB_HELD_MIN_S:.0f} s)",
        longest_wait >= DB_HELD_MIN_S,
    )
    result.check(
        f"backlog answered within {DB_RECOVERY_MAX_S:.0f} s of the release",
        result.recovery_s <= DB_RECOVERY_MAX_S,
    )
    result.check(
        f"full service afterwards ({len(late)} requests, all answered)",
        bool(late) and all(a.ok for a in late),
    )
    result.figures.update(requests_during_lock=len(held))
    return result


DRILLS: dict[str, Callable[[Stack, FakeOpenAI], DrillResult]] = {
    "redis": drill_redis,
    "provider_outage": drill_provider_outage,
    "provider_slow": drill_provider_slow,
    "web_worker": drill_web_worker,
    "db_lock": drill_db_lock,
}


# --- the run ---------------------------------------------------------------------------------


def quiet_fake() -> FakeOpenAI:
    """The fake provider, started, minus the traceback it prints each time the app hangs up on
    a late answer: in the slowness drill that is the app doing its job, not an error."""
    fake = FakeOpenAI()
    default = fake.httpd.handle_error

    def handle_error(request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # broken pipe, reset
            default(request, client_address)

    fake.httpd.handle_error = handle_error
    return fake.start()


def warm_up(stack: Stack) -> None:
    """Every hot text once per worker-ish, so the first drill does not measure cold starts."""
    with Load(stack, hot_text) as load:
        wait_until(lambda: len(load.answers()) >= 4 * len(HOT_TEXTS), 60)
    bad = [a for a in load.answers() if not a.ok]
    print(f"warm-up: {len(load.answers())} requests, {len(bad)} not answered 200")


def run_drill(name: str, stack: Stack, fake: FakeOpenAI) -> DrillResult:
    """One drill; a drill that crashes is a failed drill, and the next one still runs."""
    print(f"\n== {name}: {(DRILLS[name].__doc__ or '').strip()}", flush=True)
    started = time.monotonic()
    try:
        result = DRILLS[name](stack, fake)
    except Exception as exc:  # a crashed drill is a failed drill, reported
        result = DrillResult(name)
        result.check(f"drill ran to the end ({type(exc).__name__}: {exc})", False)
    result.figures["drill_s"] = round(time.monotonic() - started, 1)
    report(result)
    return result


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main() -> int:
    global DB_LOCK_S  # --db-lock-s: one knob for exploring; the verdicts stay the same
    parser = argparse.ArgumentParser(description="Fault drills against the running stack.")
    parser.add_argument("--only", nargs="+", choices=list(DRILLS), help="run only these drills")
    parser.add_argument(
        "--db-lock-s",
        type=float,
        default=DB_LOCK_S,
        metavar="S",
        help="how long db_lock holds the lock (past the app's 10 s busy timeout to explore)",
    )
    args = parser.parse_args()
    DB_LOCK_S = args.db_lock_s
    names = args.only or list(DRILLS)
    # Ctrl-C and a plain kill both unwind through the cleanup below (explicitly: a shell that
    # starts this in the background would otherwise have it ignore SIGINT).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)

    started_at, started = datetime.now(UTC), time.monotonic()
    results: list[DrillResult] = []
    fake = quiet_fake()
    stack = Stack(env=stack_env(fake.url), web_workers=2)
    try:
        print(f"starting the stack (fake OpenAI at {fake.url}) ...", flush=True)
        stack.__enter__()
        print(f"stack up in {time.monotonic() - started:.1f} s at {stack.url}")
        warm_up(stack)
        for name in names:
            results.append(run_drill(name, stack, fake))
    except KeyboardInterrupt:
        print("\ninterrupted: stopping the stack and the fake provider", file=sys.stderr)
        return 130
    finally:
        # A second Ctrl-C must not leave processes behind half-way through the cleanup.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stack.__exit__(None, None, None)
        fake.stop()

    duration = time.monotonic() - started
    write_results(results, started_at, duration)
    print(f"\n{table(results)}\n")
    passed = all(r.passed for r in results)
    print(
        f"{'every drill passed' if passed else 'SOME DRILLS FAILED'} in {duration:.0f} s;"
        f" wrote {RESULTS.relative_to(ROOT)}"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
