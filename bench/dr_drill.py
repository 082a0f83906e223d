"""Disaster-recovery drill: lose Redis and the database, and come back from the last backup.

    python bench/dr_drill.py        (make dr-drill)

Against the real stack (``bench/stack.py``), with its configuration backups in a folder of
their own (as production keeps them away from the cluster):

1. an operator's configuration is in place: a safety rule of their own, an approved phrase;
   a toy is talking; the safety decisions on a sample of texts are noted;
2. the daily backup runs (the Celery beat task, through the worker);
3. disaster: every process stops, Redis is killed (no persistence: its data is gone) and the
   database files are deleted;
4. service restart: Redis and ``scripts/run.sh`` again (migrations, demo data, web, worker)
   until the service answers;
5. configuration restore: ``manage.py import_config --latest``;
6. cache rebuild: ``scripts/cache_warmup.py``;
7. ``scripts/health_check.sh`` passes;

then checks that the toy's token from before the disaster works again, the operator's rule
and approved phrase are back, and the sample's safety decisions are the same. Each step's time
is printed against the seed's recovery objectives (service restart < 2 min, cache rebuild
< 10 min, full recovery < 30 min); the exit status is 0 only when every check passes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from celery import Celery

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import ROOT, Stack

SHARED_DEV = ROOT.parent / "shared" / "safety" / "dev.jsonl"
SHIPPED = ROOT / "safety" / "training" / "extra.jsonl"
SAMPLE = 150
#: The seed's recovery time objectives, in seconds.
RTO = {"service restart": 120, "cache rebuild": 600, "full recovery": 1800}
OPERATOR_RULE = "purple wombat"
APPROVED = "Time to brush your teeth, little one!"


class Drill:
    def __init__(self) -> None:
        self.steps: list[tuple[str, float]] = []
        self.checks: list[tuple[str, bool]] = []

    def step(self, name: str, action: Callable[[], object]) -> object:
        print(f"-- {name} ...", flush=True)
        started = time.monotonic()
        result = action()
        self.steps.append((name, time.monotonic() - started))
        print(f"   {self.steps[-1][1]:.1f} s", flush=True)
        return result

    def check(self, label: str, ok: bool) -> None:
        self.checks.append((label, ok))
        print(f"   [{'ok' if ok else 'FAILED'}] {label}", flush=True)

    @property
    def passed(self) -> bool:
        return all(ok for _, ok in self.checks)


def run(stack: Stack, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """A command beside the stack, with its settings; its output shown when it fails."""
    result = subprocess.run(
        args, cwd=ROOT, env=stack_env(stack), capture_output=True, text=True, timeout=900
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def stack_env(stack: Stack) -> dict[str, str]:
    return {**os.environ, **stack.env, "DJANGO_SETTINGS_MODULE": "teddy.settings"}


def manage(stack: Stack, *args: str) -> str:
    return run(stack, str(ROOT / ".venv" / "bin" / "python"), "manage.py", *args).stdout


def sample_texts() -> list[str]:
    source = SHARED_DEV if SHARED_DEV.exists() else SHIPPED
    rows = [json.loads(line) for line in source.read_text().splitlines() if line.strip()]
    return [row["text"][:500] for row in rows[:: max(1, len(rows) // SAMPLE)]][:SAMPLE]


def decisions(client: httpx.Client, texts: list[str]) -> list[tuple]:
    answers = [client.post("/api/v1/safety/check", json={"text": t}).json() for t in texts]
    return [(a.get("action"), a.get("category")) for a in answers]


def wait_for(condition: Callable[[], bool], seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return condition()


def main() -> None:
    drill = Drill()
    backups = Path(tempfile.mkdtemp(prefix="teddy-backups-"))
    texts = sample_texts()
    with Stack(env={"CONFIG_BACKUP_DIR": str(backups)}) as stack:
        toy_token = stack.token
        toy = httpx.Client(
            base_url=stack.url, headers={"Authorization": f"Bearer {toy_token}"}, timeout=60
        )

        # 1. The service as the operators left it.
        manage(
            stack,
            "shell",
            "-c",
            "from safety.models import ApprovedPhrase, SafetyRule; "
            f"SafetyRule.objects.create(pattern={OPERATOR_RULE!r}, match='phrase', "
            "category='harassment', note='an operator rule'); "
            f"ApprovedPhrase.objects.create(text={APPROVED!r}, note='bedtime')",
        )
        drill.check(
            "the operator's rule is in force before the disaster",
            wait_for(lambda: toy_speaks(toy, f"you {OPERATOR_RULE}") == "blocked"),
        )
        before = decisions(toy, texts)

        # 2. The daily backup, through the worker as Celery beat sends it.
        worker = Celery(broker=stack.redis.url, backend=stack.redis.url)
        path = drill.step(
            "backup (Celery task)",
            lambda: worker.send_task("runbooks.tasks.backup_config").get(timeout=120),
        )
        drill.check(f"a backup was written ({Path(str(path)).name})", Path(str(path)).is_file())

        # 3. Disaster.
        disaster = time.monotonic()
        stack.stop_app()
        stack.redis.kill()
        for database in stack.var.glob("teddy.sqlite3*"):
            database.unlink()
        drill.check("Redis and the database are gone", not list(stack.var.glob("teddy.sqlite3*")))

        # 4-7. Recovery.
        def restart() -> None:
            stack.redis.start()
            stack.start_app()

        drill.step("service restart", restart)
        report = drill.step(
            "configuration restore", lambda: manage(stack, "import_config", "--latest")
        )
        print("   " + "\n   ".join(str(report).strip().splitlines()))
        warmed = drill.step(
            "cache rebuild", lambda: run(stack, str(ROOT / "scripts" / "cache_warmup.py")).stdout
        )
        print("   " + str(warmed).strip().splitlines()[-1])
        health = drill.step(
            "health check",
            lambda: run(stack, str(ROOT / "scripts" / "health_check.sh"), check=False),
        )
        print(f"   {health.stdout.strip()}")
        drill.check("scripts/health_check.sh passes", health.returncode == 0)

        # Verification.
        toy = httpx.Client(
            base_url=stack.url, headers={"Authorization": f"Bearer {toy_token}"}, timeout=60
        )
        drill.check(
            "the toy's token from before the disaster works again",
            toy.post("/api/v1/tts", json={"text": "Hello again, friend!"}).status_code == 200,
        )
        drill.check(
            "the operator's rule is back",
            wait_for(lambda: toy_speaks(toy, f"you {OPERATOR_RULE}") == "blocked"),
        )
        drill.check("the same safety decisions on the sample", decisions(toy, texts) == before)
        drill.check(
            "the approved phrase is warm in the cache",
            toy.post("/api/v1/tts", json={"text": APPROVED}).headers.get("x-cache") == "HIT",
        )
        recovered = time.monotonic() - disaster
        drill.steps.append(("full recovery", recovered))

    for step, limit in RTO.items():
        took = dict(drill.steps)[step]
        drill.check(f"{step} within the objective ({took:.0f} s of {limit} s)", took <= limit)
    print(table(drill))
    sys.exit(0 if drill.passed else 1)


def toy_speaks(toy: httpx.Client, text: str) -> str | None:
    return toy.post("/api/v1/tts", json={"text": text}).headers.get("x-safety-action")


def table(drill: Drill) -> str:
    lines = ["", f"{'step':24} {'seconds':>8} {'objective':>10}", "-" * 44]
    for name, seconds in drill.steps:
        limit = RTO.get(name)
        lines.append(f"{name:24} {seconds:8.1f} {f'< {limit}' if limit else '':>10}")
    failed = [label for label, ok in drill.checks if not ok]
    lines.append("")
    lines.append("DR drill passed" if not failed else "DR drill FAILED: " + "; ".join(failed))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
