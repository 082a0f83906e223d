"""A stand-in for OpenAI's API: a real HTTP server on 127.0.0.1 that the real ``openai`` SDK
talks to, and that a test can make slow, failing, rude or silent.

Endpoints, answered as OpenAI answers them:
- ``POST /v1/audio/speech``: real speech (espeak-ng, resampled to 24 kHz) in the requested
  ``response_format`` (pcm, wav, mp3, opus, flac, aac);
- ``POST /v1/audio/transcriptions`` (multipart): ``{"text": ...}`` from ``transcript``;
- ``POST /v1/moderations``: flags inputs containing any of ``flagged_words``;
- ``GET /v1/models/{id}``: the model's description.

Behaviour, set from the test (``fake.behave(...)``) or over HTTP (``POST /_fake/behave`` with the
same JSON) when the server runs in another process (``python -m tests.fakes.openai_server``):
- ``mode``: ``ok`` | ``error`` (answer ``status``) | ``drop`` (close the connection without an
  answer) | ``hang`` (never answer until ``release()`` or shutdown);
- ``delay_s``: wait before answering; ``fail_next``: the next N calls fail with ``status``
  (and ``retry_after``), then ``mode`` applies again.
Every request is recorded in ``requests`` (method, path, JSON body or form fields, headers).
"""

from __future__ import annotations

import argparse
import io
import json
import socket
import subprocess
import threading
import time
import wave
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import av
import numpy as np

SAMPLE_RATE = 24000


@dataclass
class Behaviour:
    mode: str = "ok"
    status: int = 500
    retry_after: float | None = None
    delay_s: float = 0.0
    fail_next: int = 0
    transcript: str = "hello teddy"
    flagged_words: list[str] = field(default_factory=lambda: ["kill", "hate"])


@dataclass
class Recorded:
    method: str
    path: str
    body: Any
    headers: dict[str, str]


def speech_pcm(text: str) -> bytes:
    """Real speech for ``text`` as 24 kHz mono s16le, as OpenAI's ``pcm`` format is."""
    out = subprocess.run(
        ["espeak-ng", "--stdout", "-b", "1"], input=text.encode(), capture_output=True, check=True
    ).stdout
    # espeak-ng writes a 44-byte streaming header (sizes unknown); the samples follow it.
    samples = np.frombuffer(out[44 : len(out) - (len(out) - 44) % 2], dtype="<i2")
    frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
    frame.sample_rate = 22050
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    frames = [*resampler.resample(frame), *resampler.resample(None)]
    return b"".join(bytes(f.planes[0])[: f.samples * 2] for f in frames)


def encode(pcm: bytes, fmt: str) -> tuple[bytes, str]:
    if fmt == "pcm":
        return pcm, "audio/pcm"
    if fmt == "wav":
        buf = io.BytesIO()
        with wave.open(buf, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(SAMPLE_RATE)
            w.writeframes(pcm)
        return buf.getvalue(), "audio/wav"
    container, codec, mime = {
        "mp3": ("mp3", "libmp3lame", "audio/mpeg"),
        "opus": ("ogg", "libopus", "audio/opus"),
        "flac": ("flac", "flac", "audio/flac"),
        "aac": ("adts", "aac", "audio/aac"),
    }[fmt]
    samples = np.frombuffer(pcm, dtype="<i2").reshape(1, -1)
    frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
    frame.sample_rate = SAMPLE_RATE
    buf = io.BytesIO()
    with av.open(buf, "w", format=container) as muxer:
        stream = muxer.add_stream(codec, rate=SAMPLE_RATE, layout="mono")
        resampler = av.AudioResampler(
            format=stream.codec_context.format, layout="mono", rate=SAMPLE_RATE
        )
        for f in (*resampler.resample(frame), *resampler.resample(None)):
            for packet in stream.encode(f):
                muxer.mux(packet)
        for packet in stream.encode(None):
            muxer.mux(packet)
    return buf.getvalue(), mime


VOICES = {
    "alloy",
    "ash",
    "ballad",
    "coral",
    "echo",
    "fable",
    "nova",
    "onyx",
    "sage",
    "shimmer",
    "verse",
    "marin",
    "cedar",
}
FORMATS = {"mp3", "opus", "aac", "flac", "wav", "pcm"}


class FakeOpenAI:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.behaviour = Behaviour()
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        fake = self

        class Handler(_Handler):
            server_fake = fake

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def behave(self, **changes: Any) -> None:
        with self._lock:
            if changes.pop("reset", False):
                self.behaviour = Behaviour()
                self.requests.clear()
            for key, value in changes.items():
                if not hasattr(self.behaviour, key):
                    raise ValueError(f"unknown behaviour {key!r}")
                setattr(self.behaviour, key, value)
            if self.behaviour.mode != "hang":
                self._release.set()
            else:
                self._release.clear()

    def release(self) -> None:
        self._release.set()

    def calls(self, path: str) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _next_action(self) -> tuple[str, Behaviour]:
        with self._lock:
            b = self.behaviour
            if b.fail_next > 0:
                b.fail_next -= 1
                return "error", b
            return b.mode, b


class _Handler(BaseHTTPRequestHandler):
    server_fake: FakeOpenAI
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # --- plumbing -----------------------------------------------------------------------------

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(body).encode(), "application/json", headers)

    def _send(
        self, status: int, data: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        kind = (
            "rate_limit_exceeded"
            if status == 429
            else "server_error"
            if status >= 500
            else "invalid_request_error"
        )
        self._json(status, {"error": {"message": message, "type": kind, "code": None}}, headers)

    def _misbehave(self) -> bool:
        """Apply the configured behaviour; True when the request was already dealt with."""
        fake = self.server_fake
        action, b = fake._next_action()
        if b.delay_s:
            time.sleep(b.delay_s)
        if action == "hang":
            fake._release.wait(timeout=120)
            self.close_connection = True
            return True
        if action == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return True
        if action == "error":
            headers = {"Retry-After": str(b.retry_after)} if b.retry_after is not None else {}
            headers["x-should-retry"] = (
                "true" if b.status in (408, 409, 429) or b.status >= 500 else "false"
            )
            self._error(b.status, f"fake failure {b.status}", headers)
            return True
        return False

    def _record(self, body: Any) -> None:
        fake = self.server_fake
        with fake._lock:
            headers = {k.lower(): v for k, v in self.headers.items()}
            fake.requests.append(Recorded(self.command, self.path, body, headers))

    # --- endpoints ----------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._record(None)
        if self.path.startswith("/v1/models/"):
            if self._misbehave():
                return
            model = self.path.rsplit("/", 1)[1]
            self._json(200, {"id": model, "object": "model", "created": 0, "owned_by": "openai"})
            return
        if self.path == "/_fake/requests":
            with self.server_fake._lock:
                rows = [{"method": r.method, "path": r.path} for r in self.server_fake.requests]
            self._json(200, rows)
            return
        self._error(404, "not found")

    def do_POST(self) -> None:
        raw = self._body()
        if self.path == "/_fake/behave":
            self.server_fake.behave(**json.loads(raw or b"{}"))
            self._json(200, {"ok": True})
            return
        if self.path == "/v1/audio/transcriptions":
            fields = _multipart(self.headers.get("Content-Type", ""), raw)
            self._record({k: v for k, v in fields.items() if k != "file"})
            if not self._misbehave():
                self._transcribe(fields)
            return
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            self._record(None)
            self._error(400, "invalid JSON")
            return
        self._record(body)
        if self._misbehave():
            return
        if self.path == "/v1/audio/speech":
            self._speech(body)
        elif self.path == "/v1/moderations":
            self._moderate(body)
        else:
            self._error(404, f"no route {self.path}")

    def _speech(self, body: dict) -> None:
        text, voice = body.get("input"), body.get("voice")
        fmt = body.get("response_format", "mp3")
        if not isinstance(text, str) or not text or len(text) > 4096:
            self._error(400, "input must be 1-4096 characters")
        elif voice not in VOICES:
            self._error(400, f"unknown voice {voice!r}")
        elif fmt not in FORMATS:
            self._error(400, f"unknown response_format {fmt!r}")
        elif body.get("model") not in {"tts-1", "tts-1-hd", "gpt-4o-mini-tts"}:
            self._error(404, f"model {body.get('model')!r} not found")
        else:
            data, mime = encode(speech_pcm(text), fmt)
            self._send(200, data, mime)

    def _transcribe(self, fields: dict[str, Any]) -> None:
        if "file" not in fields or not fields["file"]:
            self._error(400, "file is required")
            return
        text = self.server_fake.behaviour.transcript
        if fields.get("response_format") == "text":
            self._send(200, text.encode(), "text/plain")
        else:
            self._json(200, {"text": text})

    def _moderate(self, body: dict) -> None:
        inputs = body.get("input")
        inputs = [inputs] if isinstance(inputs, str) else inputs or []
        words = self.server_fake.behaviour.flagged_words
        results = []
        for text in inputs:
            flagged = any(w in str(text).lower() for w in words)
            results.append(
                {
                    "flagged": flagged,
                    "categories": {"violence": flagged, "hate": False, "sexual": False},
                    "category_scores": {
                        "violence": 0.9 if flagged else 0.01,
                        "hate": 0.0,
                        "sexual": 0.0,
                    },
                }
            )
        self._json(
            200,
            {
                "id": "modr-fake",
                "model": body.get("model", "omni-moderation-latest"),
                "results": results,
            },
        )


def _multipart(content_type: str, raw: bytes) -> dict[str, Any]:
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + raw
    )
    fields: dict[str, Any] = {}
    if not message.is_multipart():
        return fields
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        fields[name] = payload if part.get_filename() else payload.decode()
    return fields


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    fake = FakeOpenAI(port=args.port).start()
    print(fake.url, flush=True)
    try:
        fake.thread.join()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
