"""Local speech-to-text: pocketsphinx, whose US-English model ships inside its wheel.

Weak on free speech, but free, offline and always there: the default, and the fallback when
OpenAI cannot answer. A decoder is not thread-safe and takes ~0.4 s to load, so each thread
loads one once and keeps it.
"""

from __future__ import annotations

import threading
import time

from audio.wav import Pcm

from .base import ProbeResult, ProviderError

_local = threading.local()
_PAD = b"\0" * 16000  # 0.5 s of silence each side helps the decoder settle


class LocalTranscriber:
    name = "local"
    model = "pocketsphinx-en-us"
    region = "local"
    languages = ("en",)

    def _decoder(self):
        decoder = getattr(_local, "decoder", None)
        if decoder is None:
            try:
                from pocketsphinx import Decoder
            except ImportError as exc:  # a broken install
                raise ProviderError(
                    "pocketsphinx is not installed", provider=self.name, permanent=True
                ) from exc
            decoder = _local.decoder = Decoder(loglevel="FATAL")
        return decoder

    def transcribe(self, pcm: Pcm, *, language: str = "en") -> str:
        """Text of 16 kHz mono 16-bit speech."""
        if pcm.sample_rate != 16000:
            raise ProviderError(
                "pocketsphinx needs 16 kHz audio", provider=self.name, permanent=True
            )
        decoder = self._decoder()
        try:
            decoder.start_utt()
            decoder.process_raw(_PAD + pcm.data + _PAD, full_utt=True)
            decoder.end_utt()
        except RuntimeError as exc:
            raise ProviderError(f"pocketsphinx failed: {exc}", provider=self.name) from exc
        hypothesis = decoder.hyp()
        return hypothesis.hypstr.strip() if hypothesis else ""

    def probe(self) -> ProbeResult:
        started = time.perf_counter()
        try:
            self._decoder()
        except ProviderError as exc:
            return ProbeResult(ok=False, latency_ms=None, detail=str(exc))
        return ProbeResult(ok=True, latency_ms=(time.perf_counter() - started) * 1000, detail="ok")
