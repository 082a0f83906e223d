"""The sentence reader: a small transformer fine-tuned to tell text unfit for a child from text
that is not, run beside the n-gram classifier (``safety/classifier.py``).

Why a second model: hashed n-grams weigh words, not sentences. "How do I kill a Python
process?" and "how do I kill the neighbour's cat?" share their scariest word; quoting prejudice
in order to reject it shares its words with voicing it. A fine-tuned encoder reads the words in
their order and context (``safety/EVAL.md`` has what it buys on the held-out sets).

- **Model:** the lower 4 of all-MiniLM-L6-v2's 6 layers (384 wide, Apache-2.0), fine-tuned with
  a one-logit head on the classifier's training rows by ``safety/training/train_encoder.py``;
  exported to ONNX and quantized to int8 weights (``safety/model/encoder.onnx``; beside it
  ``encoder.json``, how its score is stacked with the n-gram score and calibrated back onto the
  n-gram scale, with its held-out figures, and ``encoder_tokenizer.json``, the base model's own
  tokenizer). ``safety/model/DATA_CARD.md`` is its data card.
- **Run time:** ONNX Runtime on one thread, WordPiece from ``tokenizers``; no torch. Loaded once
  per process; a missing file means the n-gram classifier decides alone.
- It reads a turn, not a passage: a text longer than ``MAX_TOKENS`` word pieces (with the two
  markers) is not read at all (``logit`` is None) and the n-gram classifier, which reads every
  word, judges it alone. Cutting the text instead would let harm past the cut weigh less.
"""

from __future__ import annotations

import functools
import json
import threading
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).with_name("model")
MODEL_PATH = MODEL_DIR / "encoder.onnx"
META_PATH = MODEL_DIR / "encoder.json"
TOKENIZER_PATH = MODEL_DIR / "encoder_tokenizer.json"
MAX_TOKENS = 48


class SentenceEncoder:
    """Scores one normalized text: the logit of "unfit for a child"."""

    def __init__(
        self,
        model: Path = MODEL_PATH,
        meta: Path | None = META_PATH,
        tokenizer: Path = TOKENIZER_PATH,
    ) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        # No meta: the model alone, as training scores it before the stack is fitted.
        self.meta = json.loads(meta.read_text(encoding="utf-8")) if meta is not None else {}
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        # One thread: the web server runs one request per core already, and a second thread
        # for a 20-token text costs more in hand-over than it saves.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        # ONNX Runtime's defaults otherwise: its arena and pre-packed weights cost 3 MiB and
        # save a fifth of the time (measured on the probes' English turns: P50 2.1 against
        # 2.7 ms).
        self.session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )

    def logit(self, normalized: str) -> float | None:
        """The reader's logit, or None for a text longer than its window."""
        return self._logit(normalized)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - one model per process, kept for its life
    def _logit(self, normalized: str) -> float | None:
        if len(normalized) > MAX_TOKENS * 12:  # no need to tokenize a page to know it is long
            return None
        ids = self.tokenizer.encode(normalized).ids
        if len(ids) > MAX_TOKENS:
            return None
        ids = np.array([ids], dtype=np.int64)
        (logit,) = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        return float(logit[0])


_lock = threading.Lock()
_loaded: SentenceEncoder | None = None
_missing = False


def get_encoder() -> SentenceEncoder | None:
    """The process's encoder, loaded on first use; None when its files are not installed."""
    global _loaded, _missing
    if _loaded is None and not _missing:
        with _lock:
            if _loaded is None and not _missing:
                if all(p.exists() for p in (MODEL_PATH, META_PATH, TOKENIZER_PATH)):
                    _loaded = SentenceEncoder()
                else:
                    _missing = True
    return _loaded
