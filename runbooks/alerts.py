"""Prometheus recording and alert rules, generated from ``runbooks/slo.py`` and
``runbooks/catalog.py`` so that the SLOs on the board, the burn-rate alerts and the runbook links
never drift apart. ``python manage.py generate_alert_rules`` writes
``deploy/prometheus/rules/teddy-audio.rules.yml``; a test fails when the file is stale, and
``promtool check rules`` / ``promtool test rules`` run in ``make test``.

Every expression uses the names ``/metrics`` really shows (counters with ``_total``,
histograms as ``_bucket``/``_count``). Conventions follow Sloth and the Google SRE workbook:
SLI error ratios are recorded as ``slo:sli_error:ratio_rate<window>``, and each SLO pages on a
fast burn (14.4 times its budget over 1 h and 5 m) and a slow burn (6 times, 6 h and 30 m).
"""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client.utils import floatToGoString

from audio.metrics import LATENCY_BUCKETS

from .catalog import BY_SLUG
from .slo import SLO, SLOS

SLI_WINDOWS = ("5m", "30m", "1h", "2h", "6h", "1d", "3d")
#: (name, long window, short window, burn factor): the workbook's multiwindow, multi-burn-rate.
BURN_ALERTS = (("fast", "1h", "5m", 14.4), ("slow", "6h", "30m", 6.0))
JOB = "teddy-audio"
COST_PER_HOUR_WARN_USD = 10
#: The safety alert needs enough checks to expect a block: at the ~0.5 % block rate of real
#: traffic, 1,000 checks with none blocked happens by chance less than 1 % of the time.
SAFETY_MIN_CHECKS = 1000
#: What an alert is about: its ``component`` label, which Alertmanager groups by and matches for
#: inhibition (a critical alert mutes the warnings of the same component;
#: ``deploy/alertmanager/alertmanager.yml``).
COMPONENTS = frozenset(
    {"tts", "providers", "cache", "safety", "validation", "web", "worker", "redis", "database"}
)
#: For an expression aggregated ``by (component)``: the label keeps the series' own value.
FROM_SERIES = "{{ $labels.component }}"
#: The component of an SLO's burn-rate alerts, by the outcome kind the SLO counts.
SLO_COMPONENT = {"tts": "tts", "validate": "validation", "safety": "safety"}


@dataclass(frozen=True)
class PromSLI:
    """An SLO's bad and total events as PromQL over a ``{w}`` window."""

    errors: str
    total: str


def prometheus_sli(slo: SLO) -> PromSLI | None:
    """The Prometheus form of an SLO, where the metrics can express it. Availability and TTS
    latency can; the others are read by the console from the app's own counts."""
    if slo.source != "tts":
        return None
    if slo.measure == "availability":
        return PromSLI(
            errors='sum(rate(tts_requests_total{{status="error"}}[{w}]))',
            total="sum(rate(tts_requests_total[{w}]))",
        )
    if slo.measure == "latency":
        if slo.threshold_s not in LATENCY_BUCKETS:
            raise ValueError(f"SLO {slo.key}: {slo.threshold_s} s is not a histogram bucket bound")
        le = floatToGoString(slo.threshold_s)
        return PromSLI(
            errors=(
                "sum(rate(tts_processing_duration_seconds_count[{w}]))"
                f' - sum(rate(tts_processing_duration_seconds_bucket{{{{le="{le}"}}}}[{{w}}]))'
            ),
            total="sum(rate(tts_processing_duration_seconds_count[{w}]))",
        )
    return None


def _runbook_url(console_url: str, slug: str) -> str:
    if slug not in BY_SLUG:
        raise ValueError(f"no runbook {slug!r} in runbooks/catalog.py")
    return f"{console_url.rstrip('/')}/console/runbooks/{slug}/"


def _alert(
    name: str,
    expr: str,
    *,
    severity: str,
    team: str,
    component: str,
    summary: str,
    description: str,
    runbook: str,
    console_url: str,
    for_: str = "",
    labels: dict | None = None,
) -> dict:
    rule: dict = {"alert": name, "expr": expr}
    if for_:
        rule["for"] = for_
    if component not in COMPONENTS and component != FROM_SERIES:
        raise ValueError(f"alert {name}: unknown component {component!r}")
    rule["labels"] = {"severity": severity, "team": team, "component": component, **(labels or {})}
    rule["annotations"] = {
        "summary": summary,
        "description": description,
        "runbook_url": _runbook_url(console_url, runbook),
    }
    return rule


def slo_groups(console_url: str) -> list[dict]:
    recording, alerts = [], []
    for slo in SLOS:
        sli = prometheus_sli(slo)
        if sli is None:
            continue
        budget = round(1 - slo.target, 6)
        labels = {"slo": slo.key}
        for w in SLI_WINDOWS:
            recording.append(
                {
                    "record": f"slo:sli_error:ratio_rate{w}",
                    "expr": f"({sli.errors.format(w=w)})\n/\n({sli.total.format(w=w)})",
                    "labels": dict(labels),
                }
            )
        recording += [
            {"record": "slo:objective:ratio", "expr": f"vector({slo.target})", "labels": labels},
            {"record": "slo:error_budget:ratio", "expr": f"vector({budget})", "labels": labels},
            {
                "record": "slo:current_burn_rate:ratio",
                "expr": f'slo:sli_error:ratio_rate5m{{slo="{slo.key}"}} / {budget}',
                "labels": labels,
            },
            {
                "record": "slo:period_error_budget_remaining:ratio",
                "expr": f'1 - (avg_over_time(slo:sli_error:ratio_rate5m{{slo="{slo.key}"}}[30d])'
                f" / {budget})",
                "labels": labels,
            },
        ]
        runbook = "tts-degradation"
        for speed, long, short, factor in BURN_ALERTS:
            threshold = round(factor * budget, 6)
            alerts.append(
                _alert(
                    f"SLOErrorBudgetBurn{speed.title()}",
                    f'slo:sli_error:ratio_rate{long}{{slo="{slo.key}"}} > {threshold}\n'
                    f'and slo:sli_error:ratio_rate{short}{{slo="{slo.key}"}} > {threshold}',
                    severity="critical",
                    team="audio-platform",
                    component=SLO_COMPONENT[slo.source],
                    labels={"slo": slo.key, "window": speed},
                    summary=f"{slo.name}: error budget burning {factor:g} times too fast",
                    description=(
                        f"Over the last {long} and {short} the bad-event ratio of {slo.name} "
                        f"(objective {slo.objective}) is above {factor:g} times the budget "
                        f"({threshold:g}); at this pace a 30-day budget lasts "
                        f"{30 / factor:.1f} days. Now: {{{{ $value | humanizePercentage }}}}."
                    ),
                    runbook=runbook,
                    console_url=console_url,
                )
            )
    return [
        {"name": "teddy-audio-slo-recording", "interval": "1m", "rules": recording},
        {"name": "teddy-audio-slo-burn", "rules": alerts},
    ]


def service_alerts(console_url: str) -> list[dict]:
    common = {"console_url": console_url}
    error_ratio = (
        'sum(rate(tts_requests_total{status="error"}[5m]))\n/\nsum(rate(tts_requests_total[5m]))'
    )
    p95 = "histogram_quantile(0.95, sum by (le) (rate(tts_processing_duration_seconds_bucket[5m])))"
    hit_ratio = (
        'sum(rate(tts_requests_total{cached="true"}[1h]))\n/\nsum(rate(tts_requests_total[1h]))'
    )
    critical = [
        _alert(
            "TTSHighErrorRate",
            f"{error_ratio}\n> 0.05",
            for_="5m",
            severity="critical",
            team="audio-platform",
            component="tts",
            summary="More than 5 % of TTS requests fail",
            description="{{ $value | humanizePercentage }} of TTS requests failed over 5 m: "
            "toys are left silent. Check the providers and their breakers.",
            runbook="tts-degradation",
            **common,
        ),
        _alert(
            "TTSAllProvidersDown",
            "max(tts_provider_health_score) < 0.2",
            for_="2m",
            severity="critical",
            team="audio-platform",
            component="providers",
            summary="No TTS provider is healthy",
            description="The best provider health score is {{ $value }}: neither OpenAI nor "
            "the local engine answers well.",
            runbook="tts-degradation",
            **common,
        ),
        _alert(
            "SafetySystemFailure",
            f"sum(increase(audio_safety_checks_total[1h])) > {SAFETY_MIN_CHECKS}\n"
            'and on() (sum(increase(audio_safety_checks_total{result="block"}[1h])) '
            "or on() vector(0)) == 0",
            for_="10m",
            severity="critical",
            team="trust-safety",
            component="safety",
            summary="The safety filter stopped blocking while checks continue",
            description="More than {SAFETY_MIN_CHECKS} safety checks in the last hour and not "
            "one block: rules may have failed to load or a layer is bypassed. Test the filter "
            "now; turn on emergency safety mode if it lets harm through.".replace(
                "{SAFETY_MIN_CHECKS}", f"{SAFETY_MIN_CHECKS:,}"
            ),
            runbook="safety-system-failure",
            **common,
        ),
        _alert(
            "SafetyChecksMissing",
            "sum(rate(tts_requests_total[10m])) > 0\n"
            "unless on() sum(rate(audio_safety_checks_total[10m])) > 0",
            for_="5m",
            severity="critical",
            team="trust-safety",
            component="safety",
            summary="Toys are answered but no safety checks are counted",
            description="TTS requests are served while the safety engine records no check: "
            "text may reach children unfiltered.",
            runbook="safety-system-failure",
            **common,
        ),
        _alert(
            "TeddyAudioTargetDown",
            f'up{{job="{JOB}"}} == 0',
            for_="5m",
            severity="critical",
            team="audio-platform",
            component="web",
            summary="A Teddy Audio pod cannot be scraped",
            description="{{ $labels.instance }} has not answered /metrics for 5 minutes.",
            runbook="tts-degradation",
            **common,
        ),
        _alert(
            "TeddyAudioMetricsAbsent",
            f'absent(up{{job="{JOB}"}})',
            for_="10m",
            severity="critical",
            team="audio-platform",
            component="web",
            summary="Prometheus sees no Teddy Audio target at all",
            description="No scrape target for the job: every alert above is blind.",
            runbook="tts-degradation",
            **common,
        ),
    ]
    warning = [
        _alert(
            "TTSHighLatency",
            f"{p95}\n> 5",
            for_="10m",
            severity="warning",
            team="audio-platform",
            component="tts",
            summary="TTS P95 latency above 5 s",
            description="P95 of TTS answers is {{ $value | humanizeDuration }} over 5 m.",
            runbook="tts-degradation",
            **common,
        ),
        _alert(
            "TTSProviderDegraded",
            "min by (provider) (tts_provider_health_score) < 0.5",
            for_="5m",
            severity="warning",
            team="audio-platform",
            component="providers",
            summary="TTS provider {{ $labels.provider }} is unhealthy",
            description="Health score {{ $value }}; requests fail over to the next provider.",
            runbook="tts-degradation",
            **common,
        ),
        _alert(
            "TTSCacheHitRateLow",
            f"{hit_ratio}\n< 0.5",
            for_="30m",
            severity="warning",
            team="audio-platform",
            component="cache",
            summary="TTS cache hit rate below 50 %",
            description="Only {{ $value | humanizePercentage }} of requests were cache hits "
            "over the last hour: costs and latency rise. Was the cache flushed? Warm it up.",
            runbook="cache-issues",
            **common,
        ),
        _alert(
            "TTSCostHigh",
            f"sum(rate(tts_cost_total_usd_total[1h])) * 3600 > {COST_PER_HOUR_WARN_USD}",
            for_="15m",
            severity="warning",
            team="audio-platform",
            component="providers",
            summary=f"Provider spend above ${COST_PER_HOUR_WARN_USD} per hour",
            description='Spending ${{ $value | printf "%.2f" }} per hour on TTS.',
            runbook="cache-issues",
            **common,
        ),
        _alert(
            "AudioErrorsHigh",
            "sum by (component) (rate(audio_errors_total[5m])) > 1",
            for_="10m",
            severity="warning",
            team="audio-platform",
            component=FROM_SERIES,
            summary="Errors in {{ $labels.component }}",
            description='{{ $value | printf "%.2f" }} errors per second in '
            "{{ $labels.component }} over 5 m.",
            runbook="tts-degradation",
            **common,
        ),
        _alert(
            "TTSRateLimitingHigh",
            "sum(rate(tts_rate_limited_total[15m])) > 0.5",
            for_="15m",
            severity="warning",
            team="audio-platform",
            component="web",
            summary="Many toy requests refused for the hourly limit",
            description='{{ $value | printf "%.2f" }} requests per second answered 429: a '
            "misbehaving toy, or a limit too low.",
            runbook="tts-degradation",
            **common,
        ),
        _alert(
            "ProviderAPIKeyOld",
            "max by (provider) (tts_provider_api_key_age_days) > 30",
            for_="1h",
            severity="warning",
            team="audio-platform",
            component="providers",
            summary="The {{ $labels.provider }} API key is older than 30 days",
            description="The key is {{ $value }} days old; keys are rotated monthly.",
            runbook="tts-degradation",
            **common,
        ),
    ]
    return [
        {"name": "teddy-audio-critical", "rules": critical},
        {"name": "teddy-audio-warning", "rules": warning},
    ]


def rule_file(console_url: str) -> dict:
    return {"groups": slo_groups(console_url) + service_alerts(console_url)}


def render(console_url: str) -> str:
    import yaml

    header = (
        "# Generated by `python manage.py generate_alert_rules` from runbooks/slo.py,\n"
        "# runbooks/alerts.py and runbooks/catalog.py. Do not edit: change those and\n"
        "# regenerate (a test fails while this file is stale).\n"
    )

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: object) -> bool:  # no &id001 anchors: plain YAML
            return True

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value else None  # multi-line PromQL as a literal block
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    body = yaml.dump(
        rule_file(console_url), Dumper=Dumper, sort_keys=False, width=100, allow_unicode=True
    )
    return header + body
