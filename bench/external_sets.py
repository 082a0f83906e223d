"""Turn a public set whose licence forbids redistribution into a `safety_eval` file, locally.

    python bench/external_sets.py conan GIT_DIR_OR_CHECKOUT OUT.jsonl
    python manage.py safety_eval OUT.jsonl

``conan``: marcoguerini/CONAN (research use only, no redistribution; never trained on). Hate
speech is `unsafe`/`hate_*`, the counter-narratives written to it `safe`/`counter_*`, all
`to_child`: 400 of each from Multitarget-CONAN (English), and from CONAN the original pairs only
(no paraphrase or translation), up to 150 of each in en, fr and it. Seed 7, so that two builds
are measured on the same rows (``safety/EVAL.md`` §5).
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import subprocess
import sys
from pathlib import Path


def _read(source: Path, path: str) -> str:
    if (source / path).exists():  # a checkout
        return (source / path).read_text(encoding="utf-8")
    return subprocess.run(  # a bare snapshot, as `fetch` brings it
        ["git", f"--git-dir={source}", "show", f"HEAD:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def conan(source: Path) -> list[dict]:
    pick = random.Random(7)
    rows: list[dict] = []

    def add(texts: set[str], k: int, label: str, category: str, language: str) -> None:
        for text in pick.sample(sorted(texts), min(k, len(texts))):
            rows.append(
                {
                    "text": text,
                    "label": label,
                    "category": category,
                    "direction": "to_child",
                    "language": language,
                }
            )

    multi = list(
        csv.DictReader(io.StringIO(_read(source, "Multitarget-CONAN/Multitarget-CONAN.csv")))
    )
    add({r["HATE_SPEECH"] for r in multi}, 400, "unsafe", "hate_mtconan", "en")
    add({r["COUNTER_NARRATIVE"] for r in multi}, 400, "safe", "counter_mtconan", "en")
    pairs = list(csv.DictReader(io.StringIO(_read(source, "CONAN/CONAN.csv"))))
    for language in ("EN", "FR", "IT"):
        original = re.compile(rf"^{language}T\d+ST\d+HS\d+CN\d+$")  # no P1/P2/T1 suffix
        kept = [r for r in pairs if original.match(r["cn_id"])]
        add({r["hateSpeech"] for r in kept}, 150, "unsafe", "hate_conan", language.lower())
        add({r["counterSpeech"] for r in kept}, 150, "safe", "counter_conan", language.lower())
    return rows


SETS = {"conan": conan}

if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in SETS:
        sys.exit(__doc__)
    made = SETS[sys.argv[1]](Path(sys.argv[2]))
    with open(sys.argv[3], "w", encoding="utf-8") as out:
        for number, row in enumerate(made, 1):
            out.write(
                json.dumps({**row, "id": f"{sys.argv[1]}:{number}"}, ensure_ascii=False) + "\n"
            )
    print(f"{len(made)} rows -> {sys.argv[3]}")
