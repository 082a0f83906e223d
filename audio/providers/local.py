"""The local engine: espeak-ng, free and always there, the default and the fallback.

espeak-ng runs as a child process without a shell; the text goes in on stdin (so nothing in it
can be read as an option) and the WAV comes back on stdout: nothing touches the disk.

espeak-ng reads no markup from us: SSML stays off (no ``-m``), and its phoneme input, which its
command line always has on (``[[k'Il]]`` is spoken as the phonemes of "kill"), is defused by
``plain_text``, which parts every pair of opening brackets and drops control characters (its
embedded commands start with one). The API refuses such texts before they get here
(``safety/markup.py``); this is the second wall, for a caller that got past it.
"""

from __future__ import annotations

import re
import subprocess
import time
import unicodedata
from collections.abc import Iterator

from audio.wav import Pcm, WavError, parse_wav

from .base import ProbeResult, ProviderError

# OpenAI's voice names map to espeak-ng variants, so a toy asking for "nova" gets a sensible
# local voice whichever provider answers.
VOICE_VARIANTS = {
    "alloy": "f2",
    "ash": "m3",
    "ballad": "m2",
    "coral": "f4",
    "echo": "m1",
    "fable": "m5",
    "nova": "f3",
    "onyx": "m7",
    "sage": "f1",
    "shimmer": "f5",
    "verse": "m4",
}

LANGUAGE_VOICES = {
    "en": "en-us",
    "en-us": "en-us",
    "en-gb": "en-gb",
    "es": "es",
    "fr": "fr-fr",
    "de": "de",
    "it": "it",
    "pt": "pt-br",
    "nl": "nl",
}

#: Words per minute: a little slower than espeak-ng's 175, for young listeners.
SPEED_WPM = 150

_OPENING_PAIR = re.compile(r"\[(?=\[)")
_CONTROLS = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def plain_text(text: str) -> str:
    """The text as espeak-ng must read it: letters, never its phoneme input or commands.
    ``[[`` (also as fullwidth brackets, which fold to it) becomes ``[ [``, read as text."""
    folded = text if text.isascii() else unicodedata.normalize("NFKC", text)
    return _OPENING_PAIR.sub("[ ", folded.translate(_CONTROLS))


class LocalProvider:
    name = "local"
    model = "espeak-ng"
    region = "local"
    voices = tuple(VOICE_VARIANTS)
    default_voice = "nova"
    languages = tuple(LANGUAGE_VOICES)

    def __init__(self, binary: str = "espeak-ng", timeout_s: float = 30.0) -> None:
        self.binary = binary
        self.timeout_s = timeout_s

    def synthesize(
        self, text: str, *, voice: str, language: str, timeout_s: float | None = None
    ) -> Pcm:
        proc = self._run(["--stdout"], text, voice, language, timeout_s)
        try:
            pcm = parse_wav(proc.stdout)
        except WavError as exc:
            raise ProviderError(
                f"espeak-ng wrote no usable audio: {exc}", provider=self.name
            ) from exc
        if not pcm.data:
            raise ProviderError("espeak-ng produced no audio", provider=self.name)
        return pcm

    def phonemes(self, text: str, *, voice: str = "nova", language: str = "en") -> str:
        """The phoneme mnemonics espeak-ng speaks for ``text``, prepared exactly as
        ``synthesize`` prepares it: what a test reads to see what the bear would say."""
        proc = self._run(["-q", "-x"], text, voice, language, None)
        return proc.stdout.decode("utf-8", "replace").strip()

    def _run(
        self, mode: list[str], text: str, voice: str, language: str, timeout_s: float | None
    ) -> subprocess.CompletedProcess:
        espeak_voice = f"{LANGUAGE_VOICES[language]}+{VOICE_VARIANTS[voice]}"
        command = [self.binary, *mode, "-b", "1", "-v", espeak_voice, "-s", str(SPEED_WPM)]
        try:
            proc = subprocess.run(
                command,
                input=plain_text(text).encode("utf-8"),
                capture_output=True,
                timeout=timeout_s or self.timeout_s,
                check=False,
            )
        except FileNotFoundError:
            raise ProviderError(
                f"{self.binary} is not installed", provider=self.name, permanent=True
            ) from None
        except subprocess.TimeoutExpired:
            raise ProviderError(
                f"espeak-ng took over {self.timeout_s}s", provider=self.name
            ) from None
        if proc.returncode != 0:
            stderr = proc.stderr.decode("utf-8", "replace").strip()[:200]
            raise ProviderError(f"espeak-ng exited {proc.returncode}: {stderr}", provider=self.name)
        return proc

    def synthesize_stream(
        self, text: str, *, voice: str, language: str, timeout_s: float | None = None
    ) -> Iterator[bytes]:
        """espeak-ng is fast enough to synthesize a sentence whole; streaming splits text."""
        yield self.synthesize(text, voice=voice, language=language, timeout_s=timeout_s).data

    def probe(self) -> ProbeResult:
        started = time.perf_counter()
        try:
            self.synthesize("ok", voice=self.default_voice, language="en")
        except ProviderError as exc:
            return ProbeResult(ok=False, latency_ms=None, detail=str(exc))
        return ProbeResult(ok=True, latency_ms=(time.perf_counter() - started) * 1000, detail="ok")
