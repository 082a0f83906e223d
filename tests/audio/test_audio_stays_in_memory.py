"""A child's voice is processed in memory only: no upload or audio reaches the disk or the
database. Watched two ways during real requests: every file Python opens for writing (an audit
hook sees tempfile, open() and os.open), and the temporary and data folders' contents before and
after (which also catches native code such as FFmpeg). The temporary folder is a private one
(``TMPDIR`` and ``tempfile.tempdir`` point at it during the requests), so that other programs
writing to the machine's /tmp at the same time cannot fail the test."""

import io
import os
import sys
import tempfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from tests.audio_files import speech_wav

pytestmark = pytest.mark.django_db

_watching = {"on": False, "writes": []}


def _audit(event: str, args: tuple) -> None:
    if not _watching["on"] or event != "open":
        return
    path, mode, flags = (*args, None, None, None)[:3]
    writing = (isinstance(mode, str) and any(m in mode for m in "wax+")) or (
        isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
    )
    if writing and isinstance(path, str | bytes):  # an int is an already-open pipe or socket
        _watching["writes"].append(os.fsdecode(path))


sys.addaudithook(_audit)


def snapshot(*folders: Path) -> dict[str, tuple[int, int]]:
    files = {}
    for folder in folders:
        for root, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(root, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                files[path] = (stat.st_size, stat.st_mtime_ns)
    return files


@pytest.fixture
def private_tmp(tmp_path_factory, monkeypatch) -> Path:
    folder = tmp_path_factory.mktemp("private-tmp")
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_uploads_and_audio_never_touch_disk_or_database(family_toy_client, private_tmp):
    toy_client = family_toy_client  # a consented child: interaction records are written
    voice = speech_wav("my name is Emma Johnson and I live at 42 Maple Street")
    folders = [private_tmp, Path(settings.VAR_DIR)]
    # the test database itself changes with every query; it is checked row by row below
    database = str(settings.DATABASES["default"].get("TEST", {}).get("NAME") or "")
    ignore = {database + suffix for suffix in ("", "-wal", "-shm", "-journal")}
    before = snapshot(*folders)
    _watching.update(on=True, writes=[])
    try:
        stt = toy_client.post("/api/v1/stt", {"audio": _named(voice)})
        validate = toy_client.post("/api/v1/audio/validate", {"audio": _named(voice)})
        raw = toy_client.post("/api/v1/stt", voice, content_type="audio/wav")
        tts = toy_client.post("/api/v1/tts", {"text": "Hello friend"}, format="json")
    finally:
        _watching["on"] = False
    after = snapshot(*folders)

    assert [r.status_code for r in (stt, validate, raw, tts)] == [200, 200, 200, 200]
    writes = [p for p in _watching["writes"] if p not in ignore and not p.startswith("/dev/")]
    assert writes == [], f"files opened for writing: {writes}"
    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)} - ignore
    # Other test runs on this checkout have their own databases here (checked by their runs).
    others = {p for p in changed if Path(p).name.startswith("test-suite-")}
    assert not changed - others, changed - others
    for model in apps.get_models():
        for row in model.objects.all():
            for field in model._meta.concrete_fields:
                value = getattr(row, field.attname)
                if isinstance(value, bytes | memoryview):
                    assert voice[44:200] not in bytes(value)
                elif isinstance(value, str):
                    assert "Maple" not in value and "Emma Johnson" not in value


def _named(blob: bytes) -> io.BytesIO:
    file = io.BytesIO(blob)
    file.name = "voice.wav"
    return file
