"""Step 5 of the pipeline: turn a provider's PCM into what the toy asked for.

Every provider hands back 16-bit mono PCM; this module encodes it to ``wav``, ``pcm``, ``mp3``
or ``opus`` (in Ogg) in memory with PyAV's bundled FFmpeg. One encoder for every provider means
a toy gets the same formats whether OpenAI or the local engine answered.
"""

from __future__ import annotations

import io

import av
import numpy as np

from .wav import Pcm, to_wav

FORMATS = ("wav", "pcm", "mp3", "opus")

# (container, codec, output sample rate or None to keep the input's)
_CODECS = {
    "mp3": ("mp3", "libmp3lame", None),
    "opus": ("ogg", "libopus", 24000),  # libopus takes 8/12/16/24/48 kHz only
}
_MP3_RATES = (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)


def encode(pcm: Pcm, fmt: str) -> bytes:
    if fmt == "wav":
        return to_wav(pcm)
    if fmt == "pcm":
        return pcm.data
    if fmt not in _CODECS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    container, codec, rate = _CODECS[fmt]
    rate = rate or (pcm.sample_rate if pcm.sample_rate in _MP3_RATES else 24000)
    samples = np.frombuffer(pcm.data, dtype="<i2").reshape(1, -1)
    frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
    frame.sample_rate = pcm.sample_rate
    out = io.BytesIO()
    # No ID3 tag: nothing about the request (let alone its text) goes into the file.
    options = {"id3v2_version": "0", "write_xing": "0"} if fmt == "mp3" else {}
    with av.open(out, "w", format=container, options=options) as muxer:
        stream = muxer.add_stream(codec, rate=rate, layout="mono")
        resampler = av.AudioResampler(format=stream.codec_context.format, layout="mono", rate=rate)
        for resampled in (*resampler.resample(frame), *resampler.resample(None)):
            for packet in stream.encode(resampled):
                muxer.mux(packet)
        for packet in stream.encode(None):
            muxer.mux(packet)
    return out.getvalue()
