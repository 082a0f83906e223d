"""Audio-in benchmarks, each beside its baseline in the same run (these machines are noisy, so
every figure is also given as a ratio).

- ``validate_10s``: the full validator (content sniffing, bounded decode to 16 kHz, level,
  clipping, silence, VAD, SNR, quality score) on a 10 s WAV; baseline: PyAV decoding alone.
- ``stt_local``: pocketsphinx on a 3 s utterance; baseline: the utterance's own duration
  (a ratio under 1 is faster than real time).
- ``tts_loudness``: loudness normalization and true-peak limiting of a 5 s clip; baseline:
  encoding the same clip to WAV.

    python bench/audio_bench.py [--json] [--runs N]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teddy.settings")
os.environ.setdefault("SECRET_KEY", "benchmark")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:1/0")

import av
import django

django.setup()

import numpy as np

from audio.postprocess import integrated_lufs, normalize_loudness
from audio.providers.stt_local import LocalTranscriber
from audio.validation import inspect_audio
from audio.wav import parse_wav, to_wav

STORY = (
    "Once upon a time, a little bear lived in a cozy cave near a river. Every morning he "
    "walked to the water to say hello to the fish, and every evening he counted the stars "
    "until he fell asleep. One day a small bird landed on his nose and asked to be friends."
)


def espeak(text: str) -> bytes:
    return subprocess.run(
        ["espeak-ng", "--stdout"], input=text.encode(), capture_output=True, check=True
    ).stdout


def clip(seconds: float) -> bytes:
    pcm = parse_wav(espeak(STORY))
    frame = pcm.sample_rate * 2
    data = (pcm.data * 4)[: int(seconds * frame)]
    return to_wav(type(pcm)(data=data, sample_rate=pcm.sample_rate))


def timed(fn, runs: int) -> list[float]:
    fn()  # warm
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def stats(ms: list[float]) -> dict:
    ordered = sorted(ms)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(pick(0.95), 2),
        "p99_ms": round(pick(0.99), 2),
    }


def pyav_decode(blob: bytes) -> None:
    """The baseline: PyAV opening and decoding the same WAV, as the validator asks it to."""
    options = {"probesize": "65536", "analyzeduration": "0"}
    with av.open(io.BytesIO(blob), format="wav", options=options) as container:
        for _ in container.decode(audio=0):
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()

    ten = clip(10.0)
    scenarios = {}

    validate = stats(timed(lambda: inspect_audio(ten), args.runs))
    decode = stats(timed(lambda: pyav_decode(ten), args.runs))
    scenarios["validate_10s"] = {
        **validate,
        "baseline": {"name": "pyav_decode_10s", **decode},
        "ratio": round(validate["p95_ms"] / decode["p95_ms"], 2),
    }

    utterance = espeak("Hello teddy, can you tell me a story about a dragon?")
    _, pcm16 = inspect_audio(utterance)
    seconds = len(pcm16.data) / 32000
    transcriber = LocalTranscriber()
    stt = stats(timed(lambda: transcriber.transcribe(pcm16), max(3, args.runs // 20)))
    scenarios["stt_local"] = {
        **stt,
        "audio_s": round(seconds, 2),
        "baseline": {"name": "real_time", "p50_ms": round(seconds * 1000, 1)},
        "ratio": round(stt["p50_ms"] / (seconds * 1000), 2),
    }

    five = parse_wav(clip(5.0))
    samples = np.frombuffer(five.data, dtype="<i2").astype(np.float64) / 32768
    loud = stats(timed(lambda: normalize_loudness(five), args.runs // 2))
    measure = stats(timed(lambda: integrated_lufs(samples, five.sample_rate), args.runs // 2))
    scenarios["tts_loudness"] = {
        **loud,
        "baseline": {"name": "lufs_measure_5s", **measure},
        "ratio": round(loud["p50_ms"] / measure["p50_ms"], 1),
    }

    print(
        f"{'scenario':14} {'p50 ms':>8} {'p95 ms':>8} {'baseline':>18} {'base p50':>9} {'ratio':>7}"
    )
    for name, s in scenarios.items():
        base = s["baseline"]
        print(
            f"{name:14} {s['p50_ms']:>8} {s['p95_ms']:>8} {base['name']:>18} "
            f"{base['p50_ms']:>9} {s['ratio']:>7}"
        )
    if args.json:
        print(json.dumps({"scenarios": scenarios}))


if __name__ == "__main__":
    main()
