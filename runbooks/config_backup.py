"""Configuration backup and restore: what an operator needs to rebuild the service's behaviour
after losing its database and Redis.

One versioned JSON document holds the configuration:

- ``safety_rules``: every rule of the safety engine (the shipped lexicon and the operators'
  own), enabled or not;
- ``approved_phrases``: the operators' approved phrases (``safety.ApprovedPhrase``);
- ``runbook_settings``: the state the runbooks switch, today emergency safety mode;
- ``slo_targets``: the SLO targets this build enforces (they live in ``runbooks/slo.py``, not
  in the database: an import reports a difference, it does not change code);
- ``devices``: the device registry, with each token's SHA-256 (so toys in the field keep
  working after a restore) and never a token. A token is 256 random bits: its hash cannot be
  turned back into it.

It holds no personal data: children, parents, consents and interaction records stay in the
database and its own backups, where a parent's deletion request can reach them. A restored
device therefore comes back without its child link.

``checksum`` is the SHA-256 of the configuration's canonical JSON (sorted keys, no spaces), so
a document edited or cut short is refused. An import validates the whole document first and
then applies it in one transaction, all or nothing, with an audit entry; safety rules and
approved phrases are replaced, devices are added or updated by name.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as ModelValidationError
from django.db import transaction
from rest_framework import serializers

from safety import audit, emergency
from safety.models import ApprovedPhrase, SafetyRule
from safety.signals import rules_changed
from teddy.models import Device

from . import slo
from .actions import RULE_FIELDS

log = logging.getLogger(__name__)

FORMAT = "teddy-audio-config"
VERSION = 1
FILE_PREFIX = "teddy-config-"


class InvalidBackup(Exception):
    """The document cannot be imported; ``problems`` says every reason found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


# --- export --------------------------------------------------------------------------------


def export() -> dict:
    """The configuration as it stands, as a document ready for ``dumps``."""
    config = {
        "safety_rules": [
            {name: getattr(rule, name) for name in RULE_FIELDS}
            for rule in SafetyRule.objects.order_by("pk")
        ],
        "approved_phrases": [
            {"text": phrase.text, "note": phrase.note} for phrase in ApprovedPhrase.objects.all()
        ],
        "runbook_settings": {"emergency_mode": emergency.is_active()},
        "slo_targets": _slo_targets(),
        "devices": [
            {
                "name": device.name,
                "token_hash": device.token_hash,
                "token_hint": device.token_hint,
                "created_at": _timestamp(device.created_at),
                "revoked_at": _timestamp(device.revoked_at),
            }
            for device in Device.objects.order_by("name")
        ],
    }
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _timestamp(datetime.now(UTC)),
        "checksum": checksum(config),
        "config": config,
    }


def dumps(document: dict) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def checksum(config: dict) -> str:
    canonical = json.dumps(config, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _slo_targets() -> dict:
    return {s.key: {"target": s.target, "threshold_s": s.threshold_s} for s in slo.SLOS}


def _timestamp(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


# --- validation ----------------------------------------------------------------------------


class _RuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = SafetyRule
        fields = RULE_FIELDS

    def validate(self, attrs: dict) -> dict:
        try:
            SafetyRule(**attrs).clean()
        except ModelValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
        return attrs


class _PhraseSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500, trim_whitespace=True)
    note = serializers.CharField(max_length=200, allow_blank=True, default="")


class _SettingsSerializer(serializers.Serializer):
    emergency_mode = serializers.BooleanField()


class _DeviceSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    token_hash = serializers.RegexField(r"^[0-9a-f]{64}$")
    token_hint = serializers.CharField(max_length=12, allow_blank=True)
    created_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)


class _ConfigSerializer(serializers.Serializer):
    safety_rules = _RuleSerializer(many=True)
    approved_phrases = _PhraseSerializer(many=True)
    runbook_settings = _SettingsSerializer()
    slo_targets = serializers.DictField(child=serializers.DictField())
    devices = _DeviceSerializer(many=True)


def validate(document: Any) -> dict:
    """The document's configuration, checked; ``InvalidBackup`` names every problem found."""
    if not isinstance(document, dict):
        raise InvalidBackup(["not a Teddy Audio configuration backup (not a JSON object)"])
    if document.get("format") != FORMAT:
        raise InvalidBackup([f"not a Teddy Audio configuration backup (format is not {FORMAT!r})"])
    version = document.get("version")
    if not isinstance(version, int) or version < 1 or version > VERSION:
        raise InvalidBackup(
            [f"format version {version!r} is not one this build reads (1 to {VERSION})"]
        )
    config = document.get("config")
    if not isinstance(config, dict) or document.get("checksum") != checksum(config):
        raise InvalidBackup(["the checksum does not match: the file was changed or cut short"])
    checked = _ConfigSerializer(data=config)
    valid = checked.is_valid()
    problems = [] if valid else _problems(checked.errors)
    problems += _duplicates(config)
    if valid:
        problems += _token_conflicts(checked.validated_data["devices"])
    if problems:
        raise InvalidBackup(problems)
    return checked.validated_data


def _problems(errors: Any, where: str = "config") -> list[str]:
    """DRF's nested error structure as flat, readable lines ("config.safety_rules[3].pattern:
    not a valid regular expression ...")."""
    if isinstance(errors, dict):  # by field name, or by index for a list's items
        return [
            line
            for key, value in errors.items()
            for line in _problems(
                value, f"{where}[{key}]" if isinstance(key, int) else f"{where}.{key}"
            )
        ]
    if isinstance(errors, list) and errors and all(isinstance(e, dict | list) for e in errors):
        return [
            line
            for index, value in enumerate(errors)
            if value
            for line in _problems(value, f"{where}[{index}]")
        ]
    return [f"{where}: {' '.join(str(e) for e in errors)}"]


def _duplicates(config: dict) -> list[str]:
    """Values that must be unique, found twice (checked on the raw document, so that they are
    reported together with any other problem)."""
    problems = []
    unique = (("approved_phrases", "text"), ("devices", "name"), ("devices", "token_hash"))
    for section, key in unique:
        items = config.get(section)
        values = (
            [i.get(key) for i in items if isinstance(i, dict)] if isinstance(items, list) else []
        )
        seen: set[str] = set()
        for value in values:
            if isinstance(value, str) and value.strip() in seen:
                problems.append(f"config.{section}: {key} {value!r} appears twice")
            seen.add(value.strip() if isinstance(value, str) else value)
    return problems


def _token_conflicts(devices: list[dict]) -> list[str]:
    """A token hash already held by a differently named device here would make two devices
    one; the operator must decide which."""
    held = dict(
        Device.objects.filter(token_hash__in=[d["token_hash"] for d in devices]).values_list(
            "token_hash", "name"
        )
    )
    return [
        f"config.devices: {d['name']!r} has the token of device {held[d['token_hash']]!r} here"
        for d in devices
        if held.get(d["token_hash"], d["name"]) != d["name"]
    ]


# --- import --------------------------------------------------------------------------------


@dataclass
class ImportReport:
    checksum: str
    safety_rules: int
    approved_phrases: int
    devices_added: int
    devices_updated: int
    emergency_mode: bool
    slo_differences: list[str] = field(default_factory=list)
    applied: bool = False

    def lines(self) -> list[str]:
        verb = "Restored" if self.applied else "Would restore (dry run)"
        lines = [
            f"{verb} configuration {self.checksum}:",
            f"  safety rules: {self.safety_rules} (replacing the current ones)",
            f"  approved phrases: {self.approved_phrases}",
            f"  devices: {self.devices_added} added, {self.devices_updated} updated",
            f"  emergency safety mode: {'ON' if self.emergency_mode else 'off'}",
        ]
        lines += [f"  note: {difference}" for difference in self.slo_differences]
        return lines


def restore(
    document: Any,
    *,
    actor: Any = None,
    actor_name: str | None = None,
    source: str = "",
    dry_run: bool = False,
) -> ImportReport:
    """Validate ``document`` whole, then apply it in one transaction (see the module's doc)."""
    data = validate(document)
    existing = set(Device.objects.values_list("name", flat=True))
    report = ImportReport(
        checksum=document["checksum"],
        safety_rules=len(data["safety_rules"]),
        approved_phrases=len(data["approved_phrases"]),
        devices_added=sum(d["name"] not in existing for d in data["devices"]),
        devices_updated=sum(d["name"] in existing for d in data["devices"]),
        emergency_mode=data["runbook_settings"]["emergency_mode"],
        slo_differences=_slo_differences(data["slo_targets"]),
    )
    if dry_run:
        return report
    with transaction.atomic():
        SafetyRule.objects.all().delete()
        SafetyRule.objects.bulk_create(SafetyRule(**rule) for rule in data["safety_rules"])
        ApprovedPhrase.objects.all().delete()
        ApprovedPhrase.objects.bulk_create(ApprovedPhrase(**p) for p in data["approved_phrases"])
        for device in data["devices"]:
            Device.objects.update_or_create(
                name=device["name"], defaults={k: v for k, v in device.items() if k != "name"}
            )
        audit.record(
            "config.import",
            actor=actor,
            actor_name=actor_name,
            target=source[:200],
            params={"checksum": report.checksum, "exported_at": document.get("exported_at")},
            result={
                "safety_rules": report.safety_rules,
                "approved_phrases": report.approved_phrases,
                "devices_added": report.devices_added,
                "devices_updated": report.devices_updated,
                "emergency_mode": report.emergency_mode,
            },
        )
        rules_changed()  # bulk_create sends no signals
        transaction.on_commit(lambda: emergency.set_active(report.emergency_mode))
    report.applied = True
    log.info("configuration %s restored from %s", report.checksum, source or "a document")
    return report


def _slo_differences(backed_up: dict) -> list[str]:
    current = _slo_targets()
    return [
        f"SLO {key!r} was {backed_up.get(key)} in the backup, {current.get(key)} in this build "
        "(SLO targets are code: runbooks/slo.py)"
        for key in sorted(set(current) | set(backed_up))
        if backed_up.get(key) != current.get(key)
    ]


# --- backups on disk -----------------------------------------------------------------------


def backup_dir() -> Path:
    return Path(settings.CONFIG_BACKUP_DIR)


def write_backup(directory: Path | None = None, keep: int | None = None) -> Path:
    """Write today's document into the backup folder (readable by its owner only; written
    whole or not at all) and keep the newest ``keep`` (``CONFIG_BACKUP_KEEP``)."""
    directory = Path(directory or backup_dir())
    keep = keep or settings.CONFIG_BACKUP_KEEP
    directory.mkdir(parents=True, exist_ok=True)
    document = export()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = directory / f"{FILE_PREFIX}{stamp}.json"
    handle, partial = tempfile.mkstemp(dir=directory, prefix=".partial-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(dumps(document))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(partial, 0o600)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    present = backups(directory)
    for old in present[:-keep]:
        old.unlink(missing_ok=True)
    audit.record(
        "config.backup",
        target=path.name,
        params={"checksum": document["checksum"]},
        result={"kept": min(keep, len(present))},
    )
    log.info("configuration backup written: %s", path.name)
    return path


def backups(directory: Path | None = None) -> list[Path]:
    """The backups in the folder, oldest first (their names sort by time)."""
    directory = Path(directory or backup_dir())
    return sorted(directory.glob(f"{FILE_PREFIX}*.json")) if directory.is_dir() else []


def latest_backup(directory: Path | None = None) -> Path | None:
    found = backups(directory)
    return found[-1] if found else None


def read(path: Path) -> Any:
    """A backup file's document; ``InvalidBackup`` when it is not JSON at all."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidBackup([f"cannot read {path}: {exc}"]) from exc
