"""Streaming benchmark: time to the first audio of a 6-sentence story against the time to the
whole answer, streamed and not, measured in one run (cold: nothing cached, local engine).

    python bench/stream_bench.py [--json] [--runs N]

Goal: the first streamed audio arrives in at most 30 % of the time the whole answer takes.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teddy.settings")
os.environ.setdefault("SECRET_KEY", "benchmark")
# No Redis on purpose: every run synthesizes from scratch (the cache steps are no-ops).
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:1/0")
os.environ.setdefault("TEDDY_VAR_DIR", tempfile.mkdtemp(prefix="teddy-bench-"))

import django

django.setup()
logging.disable(logging.WARNING)

from django.core.management import call_command

from audio.pipeline import get_audio_service
from audio.streaming import speak_stream

STORY = (
    "Once upon a time, a little bear lived by a river. Every morning he said hello to the fish. "
    "One day a bird landed on his nose. The bird wanted to be his friend. "
    "They played together all afternoon. Then they both went home to sleep."
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)

    service = get_audio_service()
    whole_request = service.parse({"text": STORY})
    stream_request = service.parse({"text": STORY, "stream": True})
    service.speak(service.parse({"text": "warm up"}))

    first, streamed, whole = [], [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        chunks = speak_stream(service, stream_request)
        next(chunks)
        first.append((time.perf_counter() - started) * 1000)
        for _chunk in chunks:
            pass
        streamed.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        service.speak(whole_request)
        whole.append((time.perf_counter() - started) * 1000)

    cancel_ms, frames_after = websocket_cancel(args.runs)
    result = {
        "websocket_cancel": {
            "p50_ms": round(statistics.median(cancel_ms), 1),
            "max_ms": round(max(cancel_ms), 1),
            "frames_after_cancel_max": max(frames_after),
        },
        "stream_first_byte": {"p50_ms": round(statistics.median(first), 1)},
        "stream_whole": {"p50_ms": round(statistics.median(streamed), 1)},
        "whole_response": {"p50_ms": round(statistics.median(whole), 1)},
    }
    ratio = result["stream_first_byte"]["p50_ms"] / result["whole_response"]["p50_ms"]
    result["first_byte_ratio"] = round(ratio, 3)
    print(
        f"6-sentence story, cold, local engine, {args.runs} runs (median): first streamed audio "
        f"{result['stream_first_byte']['p50_ms']} ms; whole stream "
        f"{result['stream_whole']['p50_ms']} ms; whole unstreamed answer "
        f"{result['whole_response']['p50_ms']} ms; first byte = {ratio:.0%} of the whole "
        "(goal <= 30 %)"
    )
    print(
        f"WebSocket cancel: acknowledged after {result['websocket_cancel']['p50_ms']} ms median, "
        f"{result['websocket_cancel']['max_ms']} ms worst; at most "
        f"{result['websocket_cancel']['frames_after_cancel_max']} frames already on the wire "
        "(100 ms each; the pacing lead is TTS_STREAM_LEAD_S) arrived after the cancel"
    )
    if args.json:
        print(json.dumps(result))


def websocket_cancel(runs: int) -> tuple[list[float], list[int]]:
    """Time from a toy's cancel to the server's acknowledgement, with the real ASGI server."""
    import socket
    import threading

    import uvicorn
    from websockets.sync.client import connect

    from teddy.models import Device

    device = Device.objects.filter(name="bench-bear").first() or Device(name="bench-bear")
    token = device.issue_token()
    device.save()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config("teddy.asgi:application", port=port, lifespan="off", log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    latencies, late_frames = [], []
    long_story = " ".join([STORY] * 8)
    try:
        with connect(
            f"ws://127.0.0.1:{port}/ws/v1/tts",
            additional_headers={"Authorization": f"Bearer {token}"},
            max_queue=1,
        ) as ws:
            for _ in range(runs):
                ws.send(json.dumps({"type": "speak", "text": long_story}))
                playing_until = time.perf_counter() + 1.0
                while time.perf_counter() < playing_until:  # the toy plays, reading as it goes
                    ws.recv(timeout=30)
                sent = time.perf_counter()
                ws.send(json.dumps({"type": "cancel"}))
                frames = 0
                while isinstance(ws.recv(timeout=10), bytes):
                    frames += 1
                latencies.append((time.perf_counter() - sent) * 1000)
                late_frames.append(frames)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return latencies, late_frames


if __name__ == "__main__":
    main()
