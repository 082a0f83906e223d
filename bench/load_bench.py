"""The whole stack under load, each figure beside its baseline from the same run.

    python bench/load_bench.py [--seconds S] [--json]

Starts the real stack (``bench/stack.py``: uvicorn with 2 workers, Redis, Celery, demo data)
and, for the baseline, the smallest Django ASGI app under the same uvicorn command
(``bench/minimal_asgi.py``). Throughput scenarios are driven by ``wrk`` (a separate C process,
so the load generator does not compete with Python for the two cores as a Python client
would); latency scenarios by one sequential client, which is what a toy is. Writes
``bench/results.json``:

    {"scenarios": {NAME: {"rps", "p50_ms", "p95_ms", "p99_ms", "baseline", "ratio"}},
     "web_rss_mib": N, ...}

``ratio`` compares with ``baseline``: requests per second for throughput scenarios, P95
latency for the latency ones (``ratio_of`` says which). The hot path and its baseline run in
``ROUNDS`` alternating pairs; the pair with the median ratio is reported, with every pair's
ratio in ``round_ratios``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import httpx
import numpy as np
import redis

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import ROOT, Stack, free_port, port_open

RESULTS = ROOT / "bench" / "results.json"
SHARED_DEV = ROOT.parent / "shared" / "safety" / "dev.jsonl"
HOT_TEXT = "Hello friend, shall we read a story together?"
#: The seed's peak load: 100 requests a minute. The stack must hold 100 times that.
SEED_PEAK_RPS = 100 / 60
#: Paired rounds of the hot path against its baseline (see ``run``).
ROUNDS = 3
GOALS = {
    "tts_cache_hit_ratio_min": 0.6,
    "safety_p95_ms_max": 10.0,
    "validate_p95_ms_max": 20.0,
    "web_rss_mib_max": 400.0,
}

WRK_SCRIPT = """
-- POST the body set by the benchmark; report percentiles as JSON at the end.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = os.getenv("BENCH_AUTH") or ""
local unique = os.getenv("BENCH_UNIQUE") == "1"
local body = os.getenv("BENCH_BODY") or "{}"
local counter = 0
-- Unique texts spelled in letters: digits would read as personal information, be redacted,
-- and make different requests the same (cached) text.
local function letters(n)
  local s = ""
  repeat
    s = string.char(97 + n % 26) .. s
    n = math.floor(n / 26)
  until n == 0
  return s
end
function setup(thread)
  thread:set("prefix", letters(math.random(1, 1e9)))
end
request = function()
  if unique then
    counter = counter + 1
    local text = "Story " .. prefix .. " " .. letters(counter) .. " about a kind dragon."
    return wrk.format(nil, nil, nil, '{"text": "' .. text .. '"}')
  end
  return wrk.format(nil, nil, nil, body)
end
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "non_2xx": %d, "errors": %d, '
    .. '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f}\\n',
    summary.requests, seconds, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


# --- load generators ----------------------------------------------------------------------------


def wrk(url: str, script: Path, seconds: int, connections: int, **env: str) -> dict:
    """``wrk`` against ``url``; its requests/s and latency percentiles."""
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            url,
        ],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result:\n{out.stdout}\n{out.stderr}")
    result = json.loads(line[len("RESULT ") :])
    if result["non_2xx"] or result["errors"]:
        raise RuntimeError(f"{url}: {result['non_2xx']} non-2xx, {result['errors']} errors")
    return {
        "rps": round(result["requests"] / result["seconds"], 1),
        "p50_ms": round(result["p50_ms"], 2),
        "p95_ms": round(result["p95_ms"], 2),
        "p99_ms": round(result["p99_ms"], 2),
        "requests": result["requests"],
        "connections": connections,
    }


def timed(calls: int, call) -> dict:
    """One caller, ``calls`` times in a row: latency percentiles and the rate that gives."""
    took = []
    for _ in range(calls):
        started = time.perf_counter()
        call()
        took.append((time.perf_counter() - started) * 1000)
    return summary(took)


def summary(took_ms: list[float]) -> dict:
    q = statistics.quantiles(took_ms, n=100, method="inclusive")
    return {
        "rps": round(1000 / statistics.fmean(took_ms), 1),
        "p50_ms": round(statistics.median(took_ms), 2),
        "p95_ms": round(q[94], 2),
        "p99_ms": round(q[98], 2),
        "requests": len(took_ms),
        "connections": 1,
    }


# --- inputs -------------------------------------------------------------------------------------


def _judged(response: httpx.Response) -> None:
    """A decision (200) or a refusal for a language the filter cannot judge (422): both are
    the engine's answer; anything else fails the bench."""
    if response.status_code not in (200, 422):
        response.raise_for_status()


def safety_texts(limit: int = 400) -> list[str]:
    """Texts from the shared dev set when it is here, else a few of our own; texts the API
    refuses for their markup (a few dev rows hold "<Organization>" placeholders) are left out:
    they are answered 400 before the engine runs."""
    from safety.markup import find_markup

    if SHARED_DEV.exists():
        rows = [json.loads(line) for line in SHARED_DEV.read_text().splitlines() if line.strip()]
        texts = [r["text"][:500] for r in rows]
        return [t for t in texts if find_markup(t) is None][:limit]
    return [
        "Can you tell me a story about a dragon?",
        "What is your address?",
        "Let's count to ten together!",
        "I hate you, you stupid bear",
    ]


def clip_10s(rate: int = 16000) -> bytes:
    """Ten seconds of a voice-like signal (tone with a syllable rhythm), as a WAV, in memory."""
    t = np.arange(10 * rate) / rate
    envelope = 0.5 + 0.5 * np.sin(2 * np.pi * 4 * t)
    samples = (np.sin(2 * np.pi * 220 * t) * envelope * 0.3 * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    return buffer.getvalue()


# --- the scenarios --------------------------------------------------------------------------------


def minimal_server(body_bytes: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "uvicorn"),
            "bench.minimal_asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--http",
            "httptools",
            "--loop",
            "uvloop",
            "--lifespan",
            "off",
            "--no-access-log",
        ],
        cwd=ROOT,
        env={**os.environ, "BENCH_BYTES": str(body_bytes), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not port_open(port):
        if time.monotonic() > deadline:
            raise RuntimeError("the minimal server did not start")
        time.sleep(0.1)
    return proc, port


def peak_rss_mib(pids: list[int]) -> float:
    """The largest peak resident set (VmHWM) among the web processes."""
    peaks = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return round(max(peaks), 1) if peaks else 0.0


def run(seconds: int) -> dict:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: `make bench` installs it (apt, as root)")
    scenarios: dict[str, dict] = {}
    workdir = Path(tempfile.mkdtemp(prefix="teddy-load-"))
    script = workdir / "post.lua"
    script.write_text(WRK_SCRIPT)
    # One toy hammering the API: the hourly limit would (rightly) stop it.
    with Stack(env={"RATE_LIMIT_PER_HOUR": "1000000000"}) as stack:
        auth = f"Bearer {stack.token}"
        client = httpx.Client(base_url=stack.url, headers=stack.toy_headers, timeout=60)
        hot = client.post("/api/v1/tts", json={"text": HOT_TEXT})
        hot.raise_for_status()
        for _ in range(20):  # warm both workers: code paths, connections, the cache entry
            client.post("/api/v1/tts", json={"text": HOT_TEXT}).raise_for_status()
        body = json.dumps({"text": HOT_TEXT})

        minimal, minimal_port = minimal_server(len(hot.content))
        try:
            wrk(f"http://127.0.0.1:{minimal_port}/bytes", script, 2, 16)  # warm-up
            # Paired rounds, baseline then hot path, and the round with the median ratio: the
            # machine's speed drifts by tens of percent over a minute, a pair's much less.
            pairs = []
            for _ in range(ROUNDS):
                base = wrk(f"http://127.0.0.1:{minimal_port}/bytes", script, seconds, 16)
                hit = wrk(
                    f"{stack.url}/api/v1/tts", script, seconds, 16, BENCH_AUTH=auth, BENCH_BODY=body
                )
                pairs.append((hit["rps"] / base["rps"], base, hit))
            pairs.sort(key=lambda pair: pair[0])
            _, base, hit = pairs[len(pairs) // 2]
            scenarios["django_minimal_bytes"], scenarios["tts_cache_hit"] = base, hit
            scenarios["tts_cache_hit"]["round_ratios"] = [round(r, 3) for r, _, _ in pairs]
        finally:
            minimal.terminate()
            minimal.wait(timeout=30)

        store = redis.Redis.from_url(stack.redis.url)
        # The hot clip as the cache stores it (a hash: audio and its metadata), read raw.
        entries = [k for k in store.scan_iter(match="{tts}:e:*") if store.type(k) == b"hash"]
        key = max(entries, key=lambda k: store.hget(k, "hits") or b"0")
        scenarios["redis_get"] = timed(2000, lambda: store.hgetall(key))

        scenarios["tts_cache_miss_local"] = wrk(
            f"{stack.url}/api/v1/tts", script, seconds, 4, BENCH_AUTH=auth, BENCH_UNIQUE="1"
        )

        story = (
            "Once upon a time a little bear lived by a river. Every morning he waved to the fish. "
            "One day a bird landed on his nose and asked to be his friend. They played all day."
        )
        first, whole = [], []
        for i in range(12):
            started = time.perf_counter()
            payload = {"text": f"{story} Chapter {i}.", "stream": True, "format": "pcm"}
            with client.stream("POST", "/api/v1/tts", json=payload) as response:
                chunks = response.iter_raw()
                next(chunks)
                first.append((time.perf_counter() - started) * 1000)
                for _ in chunks:
                    pass
            whole.append((time.perf_counter() - started) * 1000)
        scenarios["stream_first_byte"] = summary(first)
        scenarios["stream_whole"] = summary(whole)

        texts = safety_texts()
        index = iter(range(10**9))
        scenarios["safety_check"] = timed(
            len(texts),
            lambda: _judged(
                client.post("/api/v1/safety/check", json={"text": texts[next(index) % len(texts)]})
            ),
        )
        clip = clip_10s()
        scenarios["validate_10s"] = timed(
            60,
            lambda: client.post(
                "/api/v1/audio/validate", content=clip, headers={"Content-Type": "audio/wav"}
            ).raise_for_status(),
        )
        rss = peak_rss_mib(stack.web_worker_pids())
        client.close()
    shutil.rmtree(workdir, ignore_errors=True)

    baselines = {
        "tts_cache_hit": ("django_minimal_bytes", "rps"),
        "redis_get": ("tts_cache_hit", "rps"),
        "tts_cache_miss_local": ("tts_cache_hit", "rps"),
        "stream_first_byte": ("stream_whole", "p95_ms"),
        "safety_check": ("django_minimal_bytes", "p95_ms"),
        "validate_10s": ("django_minimal_bytes", "p95_ms"),
    }
    for name, row in scenarios.items():
        base, measure = baselines.get(name, (None, None))
        row["baseline"] = base
        row["ratio_of"] = measure
        row["ratio"] = round(row[measure] / scenarios[base][measure], 3) if base else None
    hit = scenarios["tts_cache_hit"]
    return {
        "scenarios": scenarios,
        "web_rss_mib": rss,
        "seed_peak_headroom": round(hit["rps"] / SEED_PEAK_RPS, 1),
        "goals": GOALS,
        "verdicts": {
            "tts_cache_hit_ratio": hit["ratio"] >= GOALS["tts_cache_hit_ratio_min"],
            "safety_p95": scenarios["safety_check"]["p95_ms"] <= GOALS["safety_p95_ms_max"],
            "validate_p95": scenarios["validate_10s"]["p95_ms"] <= GOALS["validate_p95_ms_max"],
            "web_rss": rss <= GOALS["web_rss_mib_max"],
            "seed_peak_x100": hit["rps"] >= 100 * SEED_PEAK_RPS,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "safety_texts": "shared dev set" if SHARED_DEV.exists() else "built-in",
        },
    }


def table(results: dict) -> str:
    lines = [
        f"{'scenario':22} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  ratio",
    ]
    for name, r in results["scenarios"].items():
        ratio = f"{r['ratio']:.3f} ({r['ratio_of']} vs {r['baseline']})" if r["baseline"] else ""
        figures = f"{r['rps']:9.1f} {r['p50_ms']:8.2f} {r['p95_ms']:8.2f} {r['p99_ms']:8.2f}"
        lines.append(f"{name:22} {figures}  {ratio}")
    rounds = results["scenarios"]["tts_cache_hit"].get("round_ratios")
    lines.append(f"tts_cache_hit / django_minimal_bytes in each paired round: {rounds}")
    lines.append(f"peak RSS of a web worker: {results['web_rss_mib']} MiB")
    lines.append(
        f"cache-hit throughput / seed peak (100 req/min): {results['seed_peak_headroom']}x"
    )
    lines.append(
        "goals: "
        + ", ".join(f"{k} {'ok' if v else 'MISSED'}" for k, v in results["verdicts"].items())
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8, help="length of each wrk run")
    parser.add_argument("--json", action="store_true", help="print the JSON instead of the table")
    args = parser.parse_args()
    results = run(args.seconds)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2) if args.json else table(results))
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
