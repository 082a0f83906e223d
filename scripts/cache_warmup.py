#!/usr/bin/env python3
"""Fill the TTS cache after a cold start: the recovery step the runbooks name.

    scripts/cache_warmup.py [--phrases FILE] [--voice V ...] [--format F ...]

Runs ``python manage.py cache_warmup`` (the shipped phrase list, the safety redirections, the
emergency-mode and approved phrases) with the project's virtualenv and the same settings as
``scripts/run.sh``: REDIS_URL (default redis://127.0.0.1:6399/0), TEDDY_VAR_DIR (its secret
key, its database). Prints progress and a summary; exits non-zero when a phrase failed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_PYTHON = ROOT / os.environ.get("VENV", ".venv") / "bin" / "python"


def main() -> None:
    if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != VENV_PYTHON.parents[1].resolve():
        # Run again with the project's Python: the script's own arguments, nothing from a shell.
        os.execv(VENV_PYTHON, [str(VENV_PYTHON), __file__, *sys.argv[1:]])  # noqa: S606
    var = Path(os.environ.setdefault("TEDDY_VAR_DIR", str(ROOT / "var")))
    keyless = not (os.environ.get("SECRET_KEY") or os.environ.get("SECRET_KEY_FILE"))
    if keyless and (var / "secret_key").is_file():
        os.environ["SECRET_KEY_FILE"] = str(var / "secret_key")
    port = os.environ.get("REDIS_PORT", "6399")
    os.environ.setdefault("REDIS_URL", f"redis://127.0.0.1:{port}/0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teddy.settings")
    sys.path.insert(0, str(ROOT))

    from django.core.management import execute_from_command_line

    execute_from_command_line(["manage.py", "cache_warmup", *sys.argv[1:]])


if __name__ == "__main__":
    main()
