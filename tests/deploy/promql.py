"""Helpers shared by the deploy tests: which metric names an expression uses, and which the app
really exposes on ``/metrics``."""

from __future__ import annotations

import re

# Words of PromQL that look like metric names but are not.
_KEYWORDS = {"and", "or", "unless", "bool", "offset", "inf", "nan", "atan2"}
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
_IDENTIFIER = re.compile(
    # Not preceded by a word character, a dot or $ (numbers, 1e-9, Grafana variables); the whole
    # identifier (no backtracking into a shorter one); not followed by "(" (a function).
    r"(?<![\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![a-zA-Z0-9_:])(?!\s*\()"
)


def metric_names(expr: str) -> set[str]:
    """The metric names an expression selects (label names, functions and keywords left out)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)  # string literals (label values)
    text = re.sub(r"'(?:[^'\\]|\\.)*'", "''", text)
    text = re.sub(r"\{[^}]*\}", " ", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", " ", text)  # range selectors and subqueries
    text = _GROUPING.sub(" ", text)  # by (le), on (...), group_left (...)
    return {name for name in _IDENTIFIER.findall(text) if name.lower() not in _KEYWORDS}


def exposed_metric_names() -> set[str]:
    """Sample names ``/metrics`` can show for the families of ``audio/metrics.py``.

    Built from each family's name and type, because a labelled family has no samples until a
    label set is used. The web pods run prometheus_client in multiprocess mode, whose
    ``/metrics`` shows only the app's own families and no ``_created`` samples: a counter is
    exposed as NAME_total, a histogram as NAME_bucket, NAME_count and NAME_sum, a gauge as NAME.
    """
    from prometheus_client.metrics import MetricWrapperBase

    from audio import metrics

    suffixes = {
        "counter": ("_total",),
        "histogram": ("_bucket", "_count", "_sum"),
        "summary": ("", "_count", "_sum"),
        "gauge": ("",),
    }
    names: set[str] = set()
    for value in vars(metrics).values():
        if isinstance(value, MetricWrapperBase):
            for family in value.collect():
                names.update(family.name + suffix for suffix in suffixes[family.type])
    return names
