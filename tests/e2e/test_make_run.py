"""`make run`'s start script brings up the real stack, serves a toy, and stops cleanly.

This runs ``scripts/run.sh`` (what ``make run`` calls once the venv exists) with its own var
directory and ports, talks HTTP to the real ASGI server, then sends SIGTERM as an operator's
Ctrl-C would, and checks that nothing it started is left running.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import pytest
from celery import Celery
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from bench.stack import INHERITED_NOT, free_port, port_open, start_run_script

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 120


def processes_in_session(sid: int) -> list[int]:
    """Live (non-zombie) processes whose session id is ``sid``, read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            found.append(int(stat.parent.name))
    return found


@pytest.fixture
def running_stack(tmp_path):
    web_port, redis_port = free_port(), free_port()
    proc, lines = start_run_script(
        PORT=str(web_port),
        REDIS_PORT=str(redis_port),
        TEDDY_VAR_DIR=str(tmp_path / "var"),
        WEB_CONCURRENCY="2",
    )
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    token = None
    while time.monotonic() < deadline and proc.poll() is None:
        match = next(
            (re.search(r"Toy token:\s+(\S+)", line) for line in lines if "Toy token:" in line), None
        )
        if match and any("ready." in line for line in lines):
            token = match.group(1)
            break
        time.sleep(0.25)
    try:
        assert token, "the stack did not start:\n" + "".join(lines[-60:])
        yield {
            "web_port": web_port,
            "redis_port": redis_port,
            "token": token,
            "proc": proc,
            "lines": lines,
            "var": tmp_path / "var",
        }
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=45)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


SAFETY_API = ("audio_safety_checks_total", {"check_type": "api"})


def metric_sum(text: str) -> float:
    name, labels = SAFETY_API
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items())
    )


def safety_checks_by_process(directory: Path) -> dict[str, float]:
    """The toy safety checks each process recorded, read file by file from the multiprocess
    directory (``counter_<pid>.db``) with prometheus_client's own reader."""
    found = {}
    for db in directory.glob("counter_*.db"):
        with tempfile.TemporaryDirectory() as alone:
            shutil.copy(db, alone)
            registry = CollectorRegistry()
            MultiProcessCollector(registry, path=alone)
            count = metric_sum(generate_latest(registry).decode())
        if count:
            found[db.stem.split("_", 1)[1]] = count
    return found


def counted_health(base: str, requests: int) -> httpx.Response:
    """/health/audio once it counts ``requests``: each worker writes its counts to Redis once
    a second (``OUTCOMES_FLUSH_S``), so the other worker's may be up to that late."""
    deadline = time.monotonic() + 15
    while True:
        health = httpx.get(f"{base}/health/audio", timeout=30)
        counted = health.json()["audio_processing"]["requests"]
        if counted >= requests or time.monotonic() > deadline:
            return health
        time.sleep(0.2)


def test_make_run_serves_a_toy_and_stops_everything_on_sigterm(running_stack):
    stack = running_stack
    base = f"http://127.0.0.1:{stack['web_port']}"
    headers = {"Authorization": f"Bearer {stack['token']}"}

    first = httpx.post(
        f"{base}/api/v1/tts", json={"text": "Hello friend"}, headers=headers, timeout=30
    )
    second = httpx.post(
        f"{base}/api/v1/tts", json={"text": "Hello friend"}, headers=headers, timeout=30
    )
    health = counted_health(base, requests=2)
    console = httpx.get(f"{base}/console/", timeout=30, follow_redirects=True)

    assert first.status_code == 200, first.text
    assert first.content[:4] == b"RIFF"
    assert first.headers["X-Cache"] == "MISS"
    assert second.headers["X-Cache"] == "HIT"
    assert second.content == first.content
    assert health.json()["status"] == "healthy"
    assert health.json()["audio_processing"]["requests"] == 2  # counted across both workers
    assert "Log in" in console.text
    # The Celery worker is up and shares the stack's Redis: a warm-up it runs is a hit here.
    worker = Celery(
        broker=f"redis://127.0.0.1:{stack['redis_port']}/0",
        backend=f"redis://127.0.0.1:{stack['redis_port']}/0",
    )
    job = worker.send_task("audio.tasks.cache_warmup", kwargs={"phrases": ["Ready, steady, go!"]})
    summary = job.get(timeout=60)
    warmed = httpx.post(
        f"{base}/api/v1/tts", json={"text": "Ready, steady, go!"}, headers=headers, timeout=30
    )
    assert summary["failed"] == 0 and summary["synthesized"] >= 1
    assert warmed.headers["X-Cache"] == "HIT"

    # /metrics adds up every worker: keep asking (new connections) until both web workers
    # have answered some, then every scrape, whichever worker serves it, shows the sum.
    checks_by_pid: dict[str, float] = {}
    sent = 0
    while len(checks_by_pid) < 2 and sent < 400:
        for _ in range(10):
            with httpx.Client() as fresh:
                fresh.post(
                    f"{base}/api/v1/safety/check", json={"text": "hi"}, headers=headers, timeout=30
                )
            sent += 1
        checks_by_pid = safety_checks_by_process(stack["var"] / "prometheus")
    scrapes = [metric_sum(httpx.get(f"{base}/metrics", timeout=30).text) for _ in range(6)]
    assert len(checks_by_pid) >= 2, checks_by_pid
    assert sum(checks_by_pid.values()) == sent
    assert scrapes == [sent] * 6

    output = "".join(stack["lines"])
    assert f"http://127.0.0.1:{stack['web_port']}/console/" in output
    assert "sre / " in output

    stack["proc"].send_signal(signal.SIGTERM)
    stack["proc"].wait(timeout=45)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and (
        port_open(stack["web_port"]) or port_open(stack["redis_port"])
    ):
        time.sleep(0.25)
    assert not port_open(stack["web_port"])
    assert not port_open(stack["redis_port"])
    assert processes_in_session(stack["proc"].pid) == [], "processes left running after SIGTERM"


def recovery_script(stack: dict, script: str, *args: str, **env: str):
    """A script of the seed's recovery steps, run beside the stack with its settings."""
    settings = {
        "PORT": str(stack["web_port"]),
        "REDIS_URL": f"redis://127.0.0.1:{stack['redis_port']}/0",
        "TEDDY_VAR_DIR": str(stack["var"]),
    }
    clean = {k: v for k, v in os.environ.items() if not k.startswith(INHERITED_NOT)}
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env={**clean, **settings, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_recovery_scripts_check_the_service_and_warm_its_cache(running_stack, tmp_path):
    stack = running_stack
    phrases = tmp_path / "phrases.txt"
    phrases.write_text("# after a cold start\nGood morning, sunshine!\n")

    healthy = recovery_script(stack, "health_check.sh")
    nobody = recovery_script(stack, "health_check.sh", BASE_URL=f"http://127.0.0.1:{free_port()}")
    warmed = recovery_script(stack, "cache_warmup.py", "--phrases", str(phrases))
    hit = httpx.post(
        f"http://127.0.0.1:{stack['web_port']}/api/v1/tts",
        json={"text": "Good morning, sunshine!"},
        headers={"Authorization": f"Bearer {stack['token']}"},
        timeout=30,
    )

    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    assert healthy.stdout.startswith("OK: 4 health endpoints, Redis and 1 Celery worker(s)")
    assert nobody.returncode == 1
    assert (
        nobody.stdout.startswith("FAIL: http://127.0.0.1:") and "does not answer" in nobody.stdout
    )
    assert len(nobody.stdout.strip().splitlines()) == 1  # one line, for people and scripts
    assert warmed.returncode == 0, warmed.stdout + warmed.stderr
    assert "Warm-up done:" in warmed.stdout and "0 failed" in warmed.stdout
    assert hit.headers["X-Cache"] == "HIT"
