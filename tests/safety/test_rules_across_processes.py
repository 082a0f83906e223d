"""A rule a staff member adds takes effect in every running process, without a restart."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from safety.models import SafetyRule

ROOT = Path(__file__).resolve().parents[2]

WORKER = """
import sys, django
django.setup()
from safety.engine import SafetyEngine
engine = SafetyEngine()
for line in sys.stdin:
    print(engine.check(line.strip()).action, flush=True)
"""


def database_url() -> str:
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    host = f"{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}"
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{host}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_new_rule_reaches_a_running_process(_suite_redis):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "teddy.settings",
        "SECRET_KEY": "x" * 50,
        "REDIS_URL": _suite_redis,
        "DATABASE_URL": database_url(),
    }
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER],
        cwd=ROOT,
        env=env,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:

        def ask(text: str) -> str:
            worker.stdin.write(text + "\n")
            worker.stdin.flush()
            return worker.stdout.readline().strip()

        assert ask("the purple wombat is here") == "allow"

        SafetyRule.objects.create(pattern="purple wombat", match="phrase", category="harassment")
        deadline = time.monotonic() + 10
        answer = ask("the purple wombat is here")
        while answer != "block" and time.monotonic() < deadline:
            time.sleep(0.2)
            answer = ask("the purple wombat is here")

        assert answer == "block"
    finally:
        worker.kill()
        worker.wait()
