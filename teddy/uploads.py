"""Uploads stay in memory, and no bigger than the limit: a child's voice never touches disk."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload


class CappedMemoryFileUploadHandler(MemoryFileUploadHandler):
    """Django's in-memory handler, which also stops a body sent without a length (chunked)
    once it passes ``AUDIO_MAX_UPLOAD_BYTES``."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0
        super().handle_raw_input(input_data, META, content_length, boundary, encoding)
        self.activated = True  # never fall through to a handler that writes temporary files

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.AUDIO_MAX_UPLOAD_BYTES:
            raise StopUpload(connection_reset=True)
        return super().receive_data_chunk(raw_data, start)
