"""Configuration backup and restore (``runbooks/config_backup.py``): one checked document,
restored all or nothing, audited, giving back the same safety decisions."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from runbooks import config_backup
from runbooks.tasks import backup_config
from safety import emergency
from safety.engine import SafetyEngine
from safety.models import ApprovedPhrase, AuditEntry, SafetyRule
from teddy.models import Device

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SHARED_DEV = ROOT.parent / "shared" / "safety" / "dev.jsonl"
SHIPPED = ROOT / "safety" / "training" / "extra.jsonl"


@pytest.fixture
def configured(toy) -> Device:
    """A service with the operators' own configuration on top of the shipped lexicon."""
    SafetyRule.objects.create(pattern="purple wombat", match="phrase", category="harassment")
    SafetyRule.objects.create(pattern="glitter", category="profanity", enabled=False)
    ApprovedPhrase.objects.create(text="Time to brush your teeth!", note="bedtime routine")
    return toy.device


def wipe() -> None:
    """What a lost database leaves after ``migrate``: no operator configuration at all."""
    SafetyRule.objects.all().delete()
    ApprovedPhrase.objects.all().delete()
    Device.objects.all().delete()


def decisions(texts: list[str]) -> list[tuple]:
    engine = SafetyEngine()
    return [
        (d.action, d.category)
        for text in texts
        for age in ("under_5", "13_plus")
        for d in [engine.check(text, age_group=age)]
    ]


def safety_eval(path: Path) -> dict:
    out = io.StringIO()
    call_command("safety_eval", str(path), "--json", stdout=out)
    report = json.loads(out.getvalue().strip().splitlines()[-1])
    # Latency is the machine's; everything else is the engine's behaviour.
    return {
        "unsafe_recall": report["unsafe_recall"],
        "by_category": {
            name: (row["rows"], row["flagged_rate"]) for name, row in report["by_category"].items()
        },
    }


def test_the_document_is_checked_and_holds_no_token(configured, toy):
    document = config_backup.export()
    text = config_backup.dumps(document)

    assert document["format"] == "teddy-audio-config" and document["version"] == 1
    assert document["checksum"] == config_backup.checksum(json.loads(text)["config"])
    assert toy.token not in text  # the hash only
    assert configured.token_hash in text
    config = document["config"]
    assert {"pattern": "purple wombat", "match": "phrase"}.items() <= config["safety_rules"][
        -2
    ].items()
    assert config["approved_phrases"] == [
        {"text": "Time to brush your teeth!", "note": "bedtime routine"}
    ]
    assert config["runbook_settings"] == {"emergency_mode": False}
    assert config["slo_targets"]["availability"] == {"target": 0.999, "threshold_s": None}


def test_export_wipe_import_gives_back_the_same_configuration_and_decisions(configured, toy):
    texts = [
        "the purple wombat again",
        "Time to brush your teeth!",
        "glitter everywhere",
        "you are so stupid",
        "What's your address, little one?",
        "Once upon a time a dragon baked bread.",
    ]
    before = decisions(texts)
    document = json.loads(config_backup.dumps(config_backup.export()))

    wipe()
    assert decisions(texts) != before  # the wipe matters: the test can fail
    report = config_backup.restore(document, actor_name="test")

    assert report.applied and (report.devices_added, report.devices_updated) == (1, 0)
    assert decisions(texts) == before
    assert config_backup.export()["checksum"] == document["checksum"]
    restored = Device.objects.get(name=toy.device.name)
    assert restored.token_hash == toy.device.token_hash  # the toy's token works again
    entry = AuditEntry.objects.get(action="config.import")
    assert entry.params["checksum"] == document["checksum"]
    assert entry.result["safety_rules"] == len(document["config"]["safety_rules"])


def test_export_wipe_import_gives_identical_safety_eval_results():
    """On the shared dev set when it is beside the project, else on the shipped labelled set."""
    data = SHARED_DEV if SHARED_DEV.exists() else SHIPPED
    if data is SHIPPED:
        print(f"{SHARED_DEV} is not here; evaluating on {SHIPPED.name}")
    before = safety_eval(data)
    document = json.loads(config_backup.dumps(config_backup.export()))

    wipe()
    config_backup.restore(document)

    assert safety_eval(data) == before


def test_a_changed_document_is_refused_and_nothing_changes(configured):
    document = config_backup.export()
    document["config"]["safety_rules"] = []  # someone "simplified" the file
    rules = SafetyRule.objects.count()

    with pytest.raises(config_backup.InvalidBackup, match="checksum"):
        config_backup.restore(document)
    assert SafetyRule.objects.count() == rules


def test_one_bad_rule_stops_the_whole_import(configured):
    document = config_backup.export()
    config = document["config"]
    config["safety_rules"].append({**config["safety_rules"][0], "pattern": "(", "match": "regex"})
    config["approved_phrases"].append({"text": "   ", "note": ""})
    config["devices"].append({**config["devices"][0], "name": "bear-twin"})
    document["checksum"] = config_backup.checksum(config)  # well-formed, but wrong inside
    wipe()

    with pytest.raises(config_backup.InvalidBackup) as refused:
        config_backup.restore(document)

    problems = "\n".join(refused.value.problems)
    bad_rule = len(config["safety_rules"]) - 1
    assert f"config.safety_rules[{bad_rule}].pattern" in problems
    assert "regular expression" in problems
    assert "config.approved_phrases[1].text" in problems
    assert "token_hash" in problems and "appears twice" in problems
    assert SafetyRule.objects.count() == ApprovedPhrase.objects.count() == 0  # nothing applied
    assert not AuditEntry.objects.filter(action="config.import").exists()


def test_a_newer_format_or_another_file_is_refused():
    newer = {**config_backup.export(), "version": config_backup.VERSION + 1}

    with pytest.raises(config_backup.InvalidBackup, match="format version 2"):
        config_backup.restore(newer)
    with pytest.raises(config_backup.InvalidBackup, match="not a Teddy Audio"):
        config_backup.restore({"rules": []})


def test_emergency_mode_comes_back_as_it_was(django_capture_on_commit_callbacks):
    emergency.set_active(True)
    document = config_backup.export()
    emergency.set_active(False)

    with django_capture_on_commit_callbacks(execute=True):
        report = config_backup.restore(document)

    assert report.emergency_mode and emergency.is_active()
    assert "  emergency safety mode: ON" in report.lines()


def test_a_different_slo_target_is_reported_not_applied():
    document = config_backup.export()
    document["config"]["slo_targets"]["availability"]["target"] = 0.99
    document["checksum"] = config_backup.checksum(document["config"])

    report = config_backup.restore(document)

    assert report.slo_differences == [
        "SLO 'availability' was {'target': 0.99, 'threshold_s': None} in the backup, "
        "{'target': 0.999, 'threshold_s': None} in this build (SLO targets are code: "
        "runbooks/slo.py)"
    ]


def test_the_daily_task_writes_private_files_and_keeps_the_newest(settings, tmp_path):
    settings.CONFIG_BACKUP_DIR = tmp_path / "backups"
    settings.CONFIG_BACKUP_KEEP = 2

    written = [Path(backup_config()) for _ in range(3)]

    assert config_backup.backups() == written[1:]  # the oldest is gone
    assert stat.S_IMODE(written[-1].stat().st_mode) == 0o600
    assert not list((tmp_path / "backups").glob(".partial-*"))
    assert config_backup.validate(config_backup.read(written[-1]))
    assert AuditEntry.objects.filter(action="config.backup").count() == 3


def test_the_commands_export_check_and_import_the_latest(configured, settings, tmp_path):
    settings.CONFIG_BACKUP_DIR = tmp_path
    call_command("export_config", "--backup", stdout=io.StringIO())
    SafetyRule.objects.filter(pattern="purple wombat").delete()

    dry = io.StringIO()
    call_command("import_config", "--latest", "--dry-run", stdout=dry)
    assert "Would restore (dry run)" in dry.getvalue()
    assert not SafetyRule.objects.filter(pattern="purple wombat").exists()

    out = io.StringIO()
    call_command("import_config", "--latest", stdout=out)
    assert "Restored configuration sha256:" in out.getvalue()
    assert SafetyRule.objects.filter(pattern="purple wombat").exists()


def test_the_import_command_says_why_it_refused(settings, tmp_path):
    settings.CONFIG_BACKUP_DIR = tmp_path / "empty"
    broken = tmp_path / "cut.json"
    broken.write_text('{"format": "teddy-audio-config", "version": 1, "config": {')

    with pytest.raises(CommandError, match="nothing changed"):
        call_command("import_config", str(broken))
    with pytest.raises(CommandError, match="no backup in"):
        call_command("import_config", "--latest")
