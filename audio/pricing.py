"""What a synthesis costs, in one place.

USD per one million input characters. Sources:
- tts-1 $15 and tts-1-hd $30 per 1M characters: OpenAI's pricing page.
- gpt-4o-mini-tts is billed by tokens ($0.60 per 1M text input tokens, $12 per 1M audio output
  tokens; OpenAI estimates about $0.015 per minute of audio). Per character that comes to about
  $15.9 per 1M characters, as measured against real billing by S. Anand, "OpenAI TTS cost",
  2 Nov 2025. Checked 2026-11-29; review when OpenAI changes its prices.
- the local engine (espeak-ng) costs nothing per request.
"""

from __future__ import annotations

USD_PER_MILLION_CHARS = {
    "tts-1": 15.0,
    "tts-1-hd": 30.0,
    "gpt-4o-mini-tts": 15.9,
    "espeak-ng": 0.0,
}


def cost_usd(model: str, characters: int) -> float:
    """Unknown models are priced as the dearest known one: better to over-count spend."""
    rate = USD_PER_MILLION_CHARS.get(model, max(USD_PER_MILLION_CHARS.values()))
    return characters * rate / 1_000_000
