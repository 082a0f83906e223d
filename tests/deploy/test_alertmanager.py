"""Alertmanager (``deploy/alertmanager/``): amtool accepts the configuration, every generated
alert reaches the receiver its severity calls for, a critical alert mutes the warnings of its
component, the notification templates render, and no secret is written in the file."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from runbooks import alerts

ROOT = Path(__file__).resolve().parents[2]
ALERTMANAGER = ROOT / "deploy" / "alertmanager"
CONFIG = ALERTMANAGER / "alertmanager.yml"
README = ALERTMANAGER / "README.md"
RULES = ROOT / "deploy" / "prometheus" / "rules" / "teddy-audio.rules.yml"
AMTOOL = shutil.which("amtool")
SECRETS = {
    "pagerduty": "/etc/alertmanager/secrets/pagerduty-routing-key",
    "slack": "/etc/alertmanager/secrets/slack-webhook-url",
}
RECEIVER_OF = {"critical": "pagerduty-critical", "warning": "slack-warning"}

needs_amtool = pytest.mark.skipif(
    AMTOOL is None,
    reason="amtool is not installed (make test installs `prometheus-alertmanager` as root)",
)


def amtool(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [AMTOOL, *args], cwd=ALERTMANAGER, capture_output=True, text=True, timeout=60
    )


def config() -> dict:
    return yaml.safe_load(CONFIG.read_text())


def generated_alerts() -> list[dict]:
    return [
        rule
        for group in yaml.safe_load(RULES.read_text())["groups"]
        for rule in group["rules"]
        if "alert" in rule
    ]


def fired_labels(rule: dict) -> dict[str, str]:
    """The labels an alert of ``rule`` reaches Alertmanager with (a label copied from the
    series is given a sample value)."""
    labels = {"alertname": rule["alert"], **rule["labels"]}
    if labels["component"] == alerts.FROM_SERIES:
        labels["component"] = "cache"
    return labels


def route(labels: dict[str, str]) -> str:
    result = amtool(
        "config",
        "routes",
        "test",
        f"--config.file={CONFIG}",
        *(f"{k}={v}" for k, v in labels.items()),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


# --- amtool -----------------------------------------------------------------------------------


@needs_amtool
def test_amtool_accepts_the_config():
    # The secret files need not exist: Alertmanager reads them when it notifies.
    result = amtool("check-config", str(CONFIG))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout
    assert " - 1 inhibit rules" in result.stdout
    assert " - 3 receivers" in result.stdout
    assert " - 1 templates" in result.stdout  # the templates/ glob found the file


@needs_amtool
@pytest.mark.parametrize(
    ("labels", "receiver"),
    [
        ({"severity": "critical", "component": "tts", "alertname": "X"}, "pagerduty-critical"),
        ({"severity": "warning", "component": "tts", "alertname": "X"}, "slack-warning"),
        ({"component": "tts", "alertname": "X"}, "slack-default"),
        ({"severity": "info", "component": "tts", "alertname": "X"}, "slack-default"),
    ],
)
def test_severity_picks_the_receiver(labels, receiver):
    assert route(labels) == receiver


@needs_amtool
@pytest.mark.parametrize("rule", generated_alerts(), ids=lambda r: r["alert"])
def test_every_generated_alert_reaches_its_receiver(rule):
    labels = fired_labels(rule)

    assert route(labels) == RECEIVER_OF[labels["severity"]]


def _templated_fields(node: object) -> list[str]:
    if isinstance(node, dict):
        return [text for value in node.values() for text in _templated_fields(value)]
    if isinstance(node, list):
        return [text for value in node for text in _templated_fields(value)]
    return [node] if isinstance(node, str) and "{{" in node else []


@needs_amtool
def test_the_notification_templates_render_the_annotations(tmp_path):
    """Each templated field of each receiver renders (a template name that is not defined
    fails here; check-config does not see it) and the texts carry the annotations."""
    degraded = next(r for r in generated_alerts() if r["alert"] == "TTSProviderDegraded")
    alert_labels = [{**fired_labels(degraded), "provider": p} for p in ("openai", "local")]
    annotations = [
        {
            "summary": f"TTS provider {p} is unhealthy",
            "description": "Health score 0.3; requests fail over to the next provider.",
            "runbook_url": degraded["annotations"]["runbook_url"],
        }
        for p in ("openai", "local")
    ]
    data = tmp_path / "data.json"
    data.write_text(
        json.dumps(
            {
                "receiver": "slack-warning",
                "status": "firing",
                "externalURL": "http://alertmanager:9093",
                "groupLabels": {"alertname": "TTSProviderDegraded", "component": "providers"},
                "commonLabels": {
                    k: v for k, v in alert_labels[0].items() if alert_labels[1][k] == v
                },
                "commonAnnotations": {"runbook_url": degraded["annotations"]["runbook_url"]},
                "alerts": [
                    {
                        "status": status,
                        "labels": labels,
                        "annotations": notes,
                        "startsAt": "2024-05-01T10:00:00Z",
                        "endsAt": ends,
                        "generatorURL": "",
                        "fingerprint": f"{i}",
                    }
                    for i, (status, ends, labels, notes) in enumerate(
                        [
                            ("firing", "0001-01-01T00:00:00Z", alert_labels[0], annotations[0]),
                            ("resolved", "2024-05-01T11:00:00Z", alert_labels[1], annotations[1]),
                        ]
                    )
                ],
            }
        )
    )

    def render(text: str) -> str:
        result = amtool(
            "template",
            "render",
            "--template.glob=templates/*.tmpl",
            f"--template.data={data}",
            f"--template.text={text}",
        )
        assert result.returncode == 0, f"{text!r}: {result.stderr}"
        return result.stdout

    fields = _templated_fields(config()["receivers"])
    assert len(fields) >= 10
    for text in fields:
        assert render(text).strip(), text

    assert render('{{ template "teddy.title" . }}') == (
        "[FIRING:1] TTSProviderDegraded (providers, warning)"
    )
    slack = render('{{ template "teddy.slack.text" . }}')
    assert "*Firing:* TTS provider openai is unhealthy" in slack
    assert "*Resolved:* TTS provider local is unhealthy" in slack
    assert "Health score 0.3; requests fail over to the next provider." in slack
    assert f"<{degraded['annotations']['runbook_url']}|Runbook>" in slack
    assert render('{{ template "teddy.runbook" . }}') == degraded["annotations"]["runbook_url"]


# --- the configuration, read as YAML -------------------------------------------------------------


def _duration_s(text: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    parts = re.findall(r"(\d+)([smhd])", text)
    assert "".join(n + u for n, u in parts) == text, text
    return sum(int(n) * units[u] for n, u in parts)


def test_grouping_and_repeats():
    root = config()["route"]
    # A child route inherits the settings it does not set.
    child = {r["receiver"]: {**root, **r} for r in root["routes"]}
    critical, warning = child["pagerduty-critical"], child["slack-warning"]

    assert root["group_by"] == ["alertname", "component"]
    assert all("group_by" not in r for r in root["routes"])
    assert _duration_s(critical["repeat_interval"]) < _duration_s(warning["repeat_interval"])
    assert _duration_s(critical["group_wait"]) <= _duration_s(warning["group_wait"])
    for r in (root, critical, warning):
        assert _duration_s(r["group_wait"]) <= _duration_s(r["group_interval"])
        assert _duration_s(r["group_interval"]) <= _duration_s(r["repeat_interval"])


def test_every_notifier_sends_resolutions():
    notifiers = [
        n
        for receiver in config()["receivers"]
        for key, configs in receiver.items()
        if key.endswith("_configs")
        for n in configs
    ]

    assert len(notifiers) == 3
    assert all(n.get("send_resolved") is True for n in notifiers)


def test_secrets_are_read_from_files_only():
    cfg = config()
    pagerduty = [n for r in cfg["receivers"] for n in r.get("pagerduty_configs", [])]
    slack = [n for r in cfg["receivers"] for n in r.get("slack_configs", [])]

    assert pagerduty and slack
    assert all(n["routing_key_file"] == SECRETS["pagerduty"] for n in pagerduty)
    assert all(n["api_url_file"] == SECRETS["slack"] for n in slack)
    assert all("routing_key" not in n and "service_key" not in n for n in pagerduty)
    assert all("api_url" not in n for n in slack)
    assert "slack_api_url" not in cfg.get("global", {})
    assert "hooks.slack.com" not in CONFIG.read_text()
    # The paths operators must mount are written down where they will look.
    for path in SECRETS.values():
        assert path in README.read_text()
        assert path in CONFIG.read_text().split("global:")[0]  # the header comment


# --- inhibition, simulated on the generated alerts -----------------------------------------------

MATCHER = re.compile(r'(?P<name>\w+)="(?P<value>[^"]*)"')


def _matches(matchers: list[str], labels: dict[str, str]) -> bool:
    pairs = []
    for m in matchers:
        found = MATCHER.fullmatch(m)
        assert found, f'matcher {m!r}: only name="value" is simulated here'
        pairs.append((found["name"], found["value"]))
    return all(labels.get(name, "") == value for name, value in pairs)


def inhibited(target: dict[str, str], firing: list[dict[str, str]]) -> bool:
    """Alertmanager's rule: ``target`` is muted when an alert matching a rule's source
    matchers fires with the same values of the ``equal`` labels."""
    return any(
        _matches(rule["target_matchers"], target)
        and any(
            source is not target
            and _matches(rule["source_matchers"], source)
            and all(source.get(k, "") == target.get(k, "") for k in rule["equal"])
            for source in firing
        )
        for rule in config()["inhibit_rules"]
    )


def test_the_inhibit_rule_is_critical_over_warning_by_component():
    (rule,) = config()["inhibit_rules"]

    assert rule["source_matchers"] == ['severity="critical"']
    assert rule["target_matchers"] == ['severity="warning"']
    assert rule["equal"] == ["component"]


def test_a_critical_alert_mutes_the_warnings_of_its_component_only():
    fired = {r["alert"]: fired_labels(r) for r in generated_alerts()}

    # All providers down: the per-provider warning, the cost and the key age are muted; the
    # cache and the latency warnings are other components' and still sent.
    providers_down = [fired["TTSAllProvidersDown"]]
    assert inhibited(fired["TTSProviderDegraded"], providers_down)
    assert inhibited(fired["ProviderAPIKeyOld"], providers_down)
    assert not inhibited(fired["TTSCacheHitRateLow"], providers_down)
    assert not inhibited(fired["TTSHighLatency"], providers_down)

    # A TTS burn-rate page mutes the TTS latency warning.
    assert inhibited(fired["TTSHighLatency"], [fired["SLOErrorBudgetBurnFast"]])

    # A warning never mutes a warning, and nothing mutes a critical alert.
    assert not inhibited(fired["TTSHighLatency"], [fired["TTSCacheHitRateLow"]])
    everything = list(fired.values())
    for labels in everything:
        if labels["severity"] == "critical":
            assert not inhibited(labels, everything), labels["alertname"]


def test_every_generated_alert_has_a_severity_and_a_component():
    rules = generated_alerts()

    assert rules
    for rule in rules:
        labels = rule["labels"]
        assert labels["severity"] in ("critical", "warning"), rule["alert"]
        assert labels.get("component") in alerts.COMPONENTS | {alerts.FROM_SERIES}, rule["alert"]
        if labels["component"] == alerts.FROM_SERIES:  # else the label would come out empty
            assert "by (component)" in rule["expr"], rule["alert"]


def test_an_alert_about_an_unknown_component_is_refused():
    with pytest.raises(ValueError, match="unknown component 'tss'"):
        alerts._alert(
            "Typo",
            "vector(1)",
            severity="warning",
            team="audio-platform",
            component="tss",
            summary="s",
            description="d",
            runbook="tts-degradation",
            console_url="http://127.0.0.1:8000",
        )
