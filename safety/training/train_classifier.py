"""Train the local safety classifier and write ``safety/model/classifier.npz``.

Reproducible: fixed seeds, data read from the files named below, features computed by
``safety/classifier.py`` (the very code that runs in production). Needs scikit-learn, a
development dependency only.

    python -m safety.training.train_classifier [--data ../shared/safety/dev.jsonl]
        [--public DIR] [--cv-only]

Data (``safety/DATA.md`` names every source, its licence, commit and counts):
- the labelled public texts in ``../shared/safety/dev.jsonl`` (see its README);
- ``--public DIR``: the multilingual public sets converted by ``safety/training/public_data.py``
  (offensive tweets and safety prompts in de, es, fr, it, pt, en; ordinary sentences of the
  Universal Dependencies treebanks in all seven languages);
- ``safety/training/extra*.jsonl`` and ``more_*.jsonl``, written for this project in all seven
  languages to cover what the public sets miss (grooming, drugs and alcohol aimed at children,
  dangerous stunts, a toy asking for personal information, everyday child talk, idioms with
  scary words);
- ``safety/training/contrast_*.jsonl`` and ``wide_*.jsonl``: child harms in all seven languages
  beside the safe texts closest to them (counter-speech, harmless look-alikes, safety lessons);
  ``talk_*.jsonl``: ordinary family talk with its rough edges, counted as child text;
- ``safety/training/identity.py``: neutral sentences naming identity groups (against the bias
  hate-speech data teaches).

Never trained on: ``safety/eval/probes`` (the held-out probes), which the script measures last,
nor ``safety/eval/probes_b`` (a second held-out set, written later).

It prints 5-fold cross-validated figures first: those estimate how the model does on texts it
never saw, which is what matters. The decision threshold is chosen on the out-of-fold scores so
that at most ``--target-fpr`` of the child stories would be blocked, then the model is trained
on everything.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from safety.classifier import DIMENSIONS, MODEL_PATH, raw_features
from safety.normalize import normalized_text

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = ROOT.parent / "shared" / "safety" / "dev.jsonl"
EXTRA_DATA = sorted(
    [
        *Path(__file__).parent.glob("extra*.jsonl"),
        *Path(__file__).parent.glob("more_*.jsonl"),
        *Path(__file__).parent.glob("contrast_*.jsonl"),
        *Path(__file__).parent.glob("wide_*.jsonl"),
        *Path(__file__).parent.glob("talk_*.jsonl"),
        *Path(__file__).parent.glob("pairs_*.jsonl"),
        *Path(__file__).parent.glob("lessons_*.jsonl"),
        *Path(__file__).parent.glob("stories_*.jsonl"),
    ]
)
#: Written later and measured: trained on together with the tuning set, they lifted
#: disclosures and closed the from_child gap but cost false positives on the held-out probes
#: (safety/EVAL.md), so the shipped model leaves them out. ``--with-hard`` adds them.
#: Rows written for this project (child talk, child-specific harms) weigh more than the public
#: rows, which are mostly adult web text and would otherwise outvote them.
OWN_SOURCES = ("teddy-audio",)
HARD_DATA = sorted(
    [
        *Path(__file__).parent.glob("hard_*.jsonl"),
        *(ROOT / "safety" / "eval" / "tuning").glob("*.jsonl"),
    ]
)
PROBES = sorted((ROOT / "safety" / "eval" / "probes").glob("*.jsonl"))
#: Safe text a child says or hears: the false positives that matter most, and that set the
#: threshold. Not ``child_twin``: the everyday twin of a harm, written beside it on purpose
#: (``pairs_*.jsonl``); trained on, but chosen for sitting next to a harm, not for being common.
#: Nor ``literature``: classic stories (``stories_*.jsonl``, Andersen in ``public_data.py``),
#: trained on so that a tale's wolves and witches pass; counted here, these easy rows lowered
#: the bar to 0.624 and raised the false positives on family talk (measured, safety/DATA.md).
CHILD_CATEGORIES = {
    "child_story",
    "child_story_dialogue",
    "child_everyday",
    "child_talk",
    "story",
    "identity_neutral",
    "contrast_safe",
}

# Dataset categories -> the engine's categories.
CATEGORY_MAP = {
    "hate": "hate",
    "harassment": "harassment",
    "sexual": "sexual",
    "sexual_minors": "sexual_minors",
    "sexual_crimes": "sexual",
    "violence": "violence",
    "self_harm": "self_harm",
    "weapons_cbrne": "weapons",
    "nonviolent_crime": "crime",
    "privacy": "pii",
    "pii_disclosure": "pii",
    "pii": "pii",
    "profanity_offensive": "profanity",
    "drugs_alcohol": "drugs_alcohol",
    "dangerous_activities": "dangerous_activities",
    "grooming": "grooming",
    "disclosure": "abuse",
    "bullying": "harassment",
    "pii_solicitation": "pii",
    "crime": "crime",
    "profanity": "profanity",
    "weapons": "weapons",
    "hate_implicit": "hate",
    "harmful_request": "crime",
    "risky_question": "crime",
    "dangerous_dare": "dangerous_activities",
    "substances": "drugs_alcohol",
    "personal_info": "pii",
    "insult_threat": "harassment",
    "prejudice": "hate",
}
_DRUGS = re.compile(
    r"\b(drug|cocaine|heroin|meth|weed|marijuana|pills?|alcohol|beer|vodka|crack|lsd)\b"
)
_SELF = re.compile(r"\b(suicide|kill myself|end my life|hurt myself|self-harm|cut myself)\b")


def engine_category(row: dict) -> str:
    category = row["category"]
    if category == "xstest_contrast_harm":  # mixed harms: sort by what the prompt is about
        text = row["text"].lower()
        return (
            "drugs_alcohol"
            if _DRUGS.search(text)
            else "self_harm"
            if _SELF.search(text)
            else "violence"
        )
    return CATEGORY_MAP[category]


_SENTENCE = re.compile(r'[^.!?\n"]+[.!?]?')


def story_sentences(rows: list[dict]) -> list[str]:
    """Sentences and quoted lines of the child stories among ``rows``: more short, safe,
    child-register examples, the kind a toy speaks and hears most."""
    out = []
    for row in rows:
        if row["category"] == "child_story":
            for sentence in _SENTENCE.findall(row["text"]):
                words = sentence.split()
                if len(words) >= 3:
                    out.append(sentence.strip())
                    out.append(" ".join(words[:2]))  # short fragments: toys hear many
    return out


def load(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        with path.open(encoding="utf-8") as f:
            rows.extend(json.loads(line) for line in f if line.strip())
    return rows


def training_rows(data: Path, public: Path | None, *, hard: bool = False) -> list[dict]:
    from .identity import identity_rows

    rows = load([data])
    for row in load(EXTRA_DATA + (HARD_DATA if hard else [])):
        row.setdefault("source", "teddy-audio (written for this project)")
        rows.append(row)
    if public is not None:
        rows += load(sorted(public.glob("*.jsonl")))
    rows += identity_rows()
    seen: set[str] = set()
    unique = []
    for row in rows:  # one label per text: the first source's
        key = normalized_text(row["text"])
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique


def _raw_matrix(texts: list[str]) -> sparse.csr_matrix:
    data, indices, indptr = [], [], [0]
    for text in texts:
        raw = raw_features(normalized_text(text))
        indices.extend(raw.keys())
        data.extend(raw.values())
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.asarray(data, np.float32), np.asarray(indices, np.int64), np.asarray(indptr)),
        shape=(len(texts), DIMENSIONS),
    )


def featurize(texts: list[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Raw sublinear counts for every text, then IDF fitted on these texts, then L2 rows."""
    matrix = _raw_matrix(texts)
    df = np.bincount(matrix.indices, minlength=DIMENSIONS)
    idf = (np.log((1 + len(texts)) / (1 + df)) + 1).astype(np.float32)
    return _scale(matrix, idf), idf


def _scale(matrix: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    scaled = matrix.multiply(idf.reshape(1, -1)).tocsr()
    norms = np.sqrt(np.asarray(scaled.multiply(scaled).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sparse.diags(1 / norms) @ scaled


def unsafe_model(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, class_weight="balanced", max_iter=2000, solver="liblinear")


def weights(rows: list[dict], own_weight: float) -> np.ndarray:
    return np.array(
        [own_weight if str(r.get("source", "")).startswith(OWN_SOURCES) else 1.0 for r in rows]
    )


def cross_validate(
    rows: list[dict], texts: list[str], y: np.ndarray, c: float, seed: int, w: np.ndarray
) -> np.ndarray:
    """Out-of-fold unsafe probabilities (IDF refitted inside each fold, as in production)."""
    strata = [f"{r['label']}:{r['category']}" for r in rows]
    oof = np.zeros(len(rows))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    for train, test in folds.split(texts, strata):
        extra = story_sentences([rows[i] for i in train])
        x_train, idf = featurize([texts[i] for i in train] + extra)
        y_train = np.concatenate([y[train], np.zeros(len(extra), dtype=int)])
        w_train = np.concatenate([w[train], np.ones(len(extra))])
        model = unsafe_model(c).fit(x_train, y_train, sample_weight=w_train)
        x_test = _transform([texts[i] for i in test], idf)
        oof[test] = model.predict_proba(x_test)[:, 1]
    return oof


def _transform(texts: list[str], idf: np.ndarray) -> sparse.csr_matrix:
    return _scale(_raw_matrix(texts), idf)


def threshold_for(scores: np.ndarray, fpr: float) -> float:
    """The lowest threshold that blocks at most ``fpr`` of these (safe) scores."""
    return float(np.quantile(scores, 1 - fpr, method="higher")) + 1e-6


def report(rows: list[dict], scores: np.ndarray, threshold: float) -> dict:
    by_cat: dict[str, list[bool]] = defaultdict(list)
    for row, score in zip(rows, scores, strict=True):
        by_cat[row["category"]].append(score >= threshold)
    unsafe = [s >= threshold for r, s in zip(rows, scores, strict=True) if r["label"] == "unsafe"]
    child = [
        s >= threshold
        for r, s in zip(rows, scores, strict=True)
        if r["category"] in CHILD_CATEGORIES
    ]
    return {
        "threshold": round(threshold, 4),
        "unsafe_recall": round(float(np.mean(unsafe)), 4),
        "child_story_fpr": round(float(np.mean(child)), 4),
        "flagged_by_category": {k: round(float(np.mean(v)), 3) for k, v in sorted(by_cat.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--public", type=Path, help="folder of converted public sets (public_data.py)"
    )
    parser.add_argument("--target-fpr", type=float, default=0.04)
    parser.add_argument("--c", type=float, default=8.0)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--own-weight", type=float, default=3.0)
    parser.add_argument("--with-hard", action="store_true", help="train on HARD_DATA too")
    parser.add_argument("--cv-only", action="store_true", help="report, do not write the model")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument(
        "--oof-out",
        type=Path,
        help="write the out-of-fold scores here, for `safety_eval --oof` (the whole engine, "
        "cross-validated)",
    )
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"{args.data} not found: pass --data PATH to the labelled JSONL")

    rows = training_rows(args.data, args.public, hard=args.with_hard)
    texts = [r["text"] for r in rows]
    y = np.array([r["label"] == "unsafe" for r in rows], dtype=int)
    print(f"{len(rows)} rows: {Counter(r['label'] for r in rows)}")

    w = weights(rows, args.own_weight)
    oof = cross_validate(rows, texts, y, args.c, args.seed, w)
    child_scores = np.array(
        [s for r, s in zip(rows, oof, strict=True) if r["category"] in CHILD_CATEGORIES]
    )
    threshold = threshold_for(child_scores, args.target_fpr)
    cv = report(rows, oof, threshold)
    print("5-fold cross-validation (texts the model did not see):")
    print(json.dumps(cv, indent=2))
    if args.oof_out:
        scores = [{"text": r["text"], "unsafe": float(p)} for r, p in zip(rows, oof, strict=True)]
        args.oof_out.write_text(json.dumps(scores))
    if args.cv_only:
        return

    extra = story_sentences(rows)
    x_all, idf = featurize(texts + extra)
    unsafe = unsafe_model(args.c).fit(
        x_all,
        np.concatenate([y, np.zeros(len(extra), dtype=int)]),
        sample_weight=np.concatenate([w, np.ones(len(extra))]),
    )
    x = x_all[: len(texts)]
    unsafe_rows = [i for i, r in enumerate(rows) if r["label"] == "unsafe"]
    categories = sorted({engine_category(rows[i]) for i in unsafe_rows})
    category_y = np.array([categories.index(engine_category(rows[i])) for i in unsafe_rows])
    category = LogisticRegression(C=args.c, max_iter=3000, class_weight="balanced").fit(
        x[unsafe_rows], category_y
    )
    thresholds = {
        "default": threshold,
        # Younger children get a stricter filter (a lower threshold: more is blocked),
        # teenagers a looser one; never the other way round.
        "under_5": threshold_for(child_scores, args.target_fpr * 1.5),
        "13_plus": threshold_for(child_scores, args.target_fpr / 3),
    }
    if not thresholds["under_5"] <= thresholds["default"] <= thresholds["13_plus"]:
        sys.exit(f"age thresholds are not monotone: {thresholds}")
    meta = {
        "categories": categories,
        "thresholds": thresholds,
        "cross_validation": cv,
        "rows": len(rows),
        "c": args.c,
        "seed": args.seed,
        "own_weight": args.own_weight,
        "dimensions": DIMENSIONS,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out,
        idf=idf.astype(np.float16),
        unsafe_w=unsafe.coef_[0].astype(np.float16),
        unsafe_b=np.float32(unsafe.intercept_[0]),
        category_w=category.coef_.astype(np.float16),
        category_b=category.intercept_.astype(np.float32),
        meta=np.array(json.dumps(meta)),
    )
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB); thresholds {thresholds}")
    if PROBES:
        probes = load(PROBES)
        scores = unsafe.predict_proba(_transform([r["text"] for r in probes], idf))[:, 1]
        print("Held-out probes (never trained on), the classifier alone at the default threshold:")
        print(json.dumps(probe_report(probes, scores, threshold), indent=1))


def probe_report(rows: list[dict], scores: np.ndarray, threshold: float) -> dict:
    out: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for row, score in zip(rows, scores, strict=True):
        for name in ("language", "category", "direction"):
            out[name][f"{row.get(name, '-')}:{row['label']}"].append(bool(score >= threshold))
    return {
        name: {k: f"{np.mean(v):.3f} of {len(v)}" for k, v in sorted(values.items())}
        for name, values in out.items()
    }


if __name__ == "__main__":
    main()
