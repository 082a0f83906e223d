"""The real stack, started the way ``make run`` starts it, for benchmarks and fault drills.

``Stack`` runs its own ``redis-server`` (so that a drill can kill and restart it), then
``scripts/run.sh`` with that Redis, a private var directory and free ports: uvicorn with two
workers, the Celery worker, demo data. It waits until the banner says the stack is ready and
stops every process it started on exit.

    with Stack(env={"RATE_LIMIT_PER_HOUR": "100000000"}) as stack:
        httpx.post(f"{stack.url}/api/v1/tts", headers=stack.toy_headers, json={...})
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT_S = 180


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


#: Settings the stack must not inherit from the caller's environment (a test run's, say).
INHERITED_NOT = (
    "DJANGO_",
    "SECRET_KEY",
    "REDIS_",
    "TTS_",
    "EMERGENCY_",
    "DATABASE_",
    "PROMETHEUS_",
)


def start_run_script(**env: str) -> tuple[subprocess.Popen, list[str]]:
    """``scripts/run.sh`` (what ``make run`` runs) in a session of its own, with ``env`` over a
    clean environment; its output lines are collected into the returned list as they come."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(INHERITED_NOT)}
    proc = subprocess.Popen(
        [str(ROOT / "scripts" / "run.sh")],
        cwd=ROOT,
        env={**clean, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    threading.Thread(
        target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True
    ).start()
    return proc, lines


class Redis:
    """A private redis-server on a free port, without persistence."""

    def __init__(self, directory: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.directory = directory
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (make setup installs it as root)")
        args = ("--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no")
        self.proc = subprocess.Popen(
            [binary, *args, "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not port_open(self.port):
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: the crash an outage looks like."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


class Stack:
    def __init__(self, env: dict[str, str] | None = None, web_workers: int = 2) -> None:
        self.extra_env = env or {}
        self.web_workers = web_workers
        self.tmp = Path(tempfile.mkdtemp(prefix="teddy-stack-"))
        self.port = free_port()
        self.redis = Redis(self.tmp)
        self.lines: list[str] = []  # what the stack prints, as it prints it
        self.proc: subprocess.Popen | None = None
        self.token = ""
        self.parent_token = ""

    # --- what callers use ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def toy_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def var(self) -> Path:
        return self.tmp / "var"

    def web_worker_pids(self) -> list[int]:
        """The uvicorn worker processes (children of the uvicorn supervisor)."""
        return [pid for pid, cmd in self._processes() if "spawn_main" in cmd]

    def web_pids(self) -> list[int]:
        return [
            pid for pid, cmd in self._processes() if "uvicorn" in cmd or "multiprocessing" in cmd
        ]

    # --- lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> Stack:
        self.redis.start()
        try:
            self.start_app()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_app()
        self.redis.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    @property
    def env(self) -> dict[str, str]:
        """The settings the stack runs with (for ``manage.py`` and scripts run beside it)."""
        return {
            "PORT": str(self.port),
            "REDIS_URL": self.redis.url,
            "TEDDY_VAR_DIR": str(self.var),
            "SECRET_KEY_FILE": str(self.var / "secret_key"),
            "WEB_CONCURRENCY": str(self.web_workers),
            **self.extra_env,
        }

    def start_app(self) -> None:
        """``scripts/run.sh`` (migrate, demo data, web, worker), until its banner says ready."""
        env = {k: v for k, v in self.env.items() if k != "SECRET_KEY_FILE"}  # run.sh makes it
        self.proc, self.lines = start_run_script(**env)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline and self.proc.poll() is None:
            text = "".join(self.lines)
            token = re.search(r"Toy token:\s+(\S+)", text)
            if token and "ready." in text:
                self.token = token.group(1)
                parent = re.search(r"Parent token \(parent API[^)]*\):\s+(\S+)", text)
                self.parent_token = parent.group(1) if parent else ""
                return
            time.sleep(0.25)
        self.stop_app()
        raise RuntimeError("the stack did not start:\n" + "".join(self.lines[-60:]))

    def stop_app(self) -> None:
        """SIGTERM to everything ``run.sh`` started (Redis, started separately, stays)."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=45)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)

    def _processes(self) -> list[tuple[int, str]]:
        """(pid, command line) of every descendant of the start script."""
        if self.proc is None:
            return []
        children: dict[int, list[int]] = {}
        commands: dict[int, str] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                commands[int(entry.name)] = (
                    (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                )
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
        found, todo = [], [self.proc.pid]
        while todo:
            for child in children.get(todo.pop(), []):
                found.append((child, commands.get(child, "")))
                todo.append(child)
        return found
