"""Request parsers: a raw audio body (``Content-Type: audio/*`` or ``application/octet-stream``),
read in memory and no further than the upload limit allows; and JSON that is a 400 however it is
malformed."""

from __future__ import annotations

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError
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


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser (the API's default), for which a body nested too deeply is a 400 like
    any other malformed JSON: the standard library raises ``RecursionError`` for it (about
    1000 levels), which DRF does not catch, so ``[[[[...]]]]`` was a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
