"""A raw audio body (``Content-Type: audio/*`` or ``application/octet-stream``), read in memory
and no further than the upload limit allows."""

from __future__ import annotations

from django.conf import settings
from rest_framework.parsers import BaseParser

from audio.validation import AudioTooLarge


class RawAudioParser(BaseParser):
    media_type = "audio/*"

    def parse(self, stream, media_type=None, parser_context=None) -> bytes:
        if stream is None:
            return b""
        limit = settings.AUDIO_MAX_UPLOAD_BYTES
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise AudioTooLarge(f"The upload is larger than {limit} bytes.", code="too_large")
        return body


class OctetStreamAudioParser(RawAudioParser):
    media_type = "application/octet-stream"
