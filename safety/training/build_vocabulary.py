"""Write ``safety/model/vocab/<lang>.tsv``: the most frequent words of each supported language
with their Zipf frequency, from ``wordfreq`` (a development dependency only).

    python -m safety.training.build_vocabulary [--words 30000]

The engine asks "is this a word of the language, and how common?" to tell a disguised swear
word ("phuk", not a word) from a real one ("fake"), to find the words glued in "killyourself",
and to tell a place or surname ("Springfield", "Rodriguez") from an everyday word ("a yellow
house"). The whole of wordfreq would cost ~35 MiB of memory per language; the top 30,000 words
cost under 3 MiB. Data: wordfreq 3.1 (Robyn Speer; code Apache-2.0, data CC-BY-SA 4.0, built
from Wikipedia, subtitles, news, books, web text, Twitter and Reddit).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from wordfreq import top_n_list, zipf_frequency

from safety.language import SUPPORTED

OUT = Path(__file__).resolve().parents[1] / "model" / "vocab"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=30000)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for language in SUPPORTED:
        lines = []
        for word in top_n_list(language, args.words, wordlist="best"):
            if word.isalpha() or "'" in word:
                lines.append(f"{word}\t{zipf_frequency(word, language):.2f}")
        (OUT / f"{language}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(language, len(lines))


if __name__ == "__main__":
    main()
