"""``deploy/Procfile`` and ``deploy/Dockerfile``: the same processes as the Kubernetes
manifests, started the same way."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _procfile() -> dict[str, str]:
    lines = [line for line in (DEPLOY / "Procfile").read_text().splitlines() if line.strip()]
    return dict(line.split(": ", 1) for line in lines)


def _web_command() -> list[str]:
    web = next(
        d
        for d in yaml.safe_load_all((DEPLOY / "k8s" / "50-web.yaml").read_text())
        if d["kind"] == "Deployment"
    )
    return web["spec"]["template"]["spec"]["containers"][0]["command"]


def _flags(words: list[str]) -> set[str]:
    return {w for w in words if w.startswith("--")}


def test_procfile_has_every_process():
    processes = _procfile()
    assert set(processes) == {"web", "worker", "beat", "release"}
    assert processes["release"] == "python manage.py migrate --noinput"
    assert processes["worker"].startswith("celery -A teddy worker ")
    assert " -B" not in processes["worker"]
    assert processes["beat"].startswith("celery -A teddy beat ")


def test_procfile_web_is_the_kubernetes_web_command_with_port_and_concurrency():
    web = _procfile()["web"]
    assert "$PORT" in web or "${PORT" in web
    assert "$WEB_CONCURRENCY" in web or "${WEB_CONCURRENCY" in web
    words = shlex.split(web)
    assert words[:2] == ["uvicorn", "teddy.asgi:application"]
    assert _flags(_web_command()) <= _flags(words)


def test_dockerfile():
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.M)
    assert "espeak-ng" in text
    assert re.search(r"^RUN pip install \.", text, re.M)
    assert "collectstatic --noinput" in text
    assert re.search(r"^USER 10001", text, re.M)
    cmd = re.search(r"^CMD (.+)$", text, re.M).group(1)
    assert "uvicorn teddy.asgi:application" in cmd
    for flag in _flags(_web_command()) - {"--port", "--workers"}:
        assert flag in cmd
