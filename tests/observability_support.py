"""Helpers for the observability tests: reading stdout, and the EMF specification's rules."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

#: Units the EMF specification (CloudWatch's MetricDatum) allows.
EMF_UNITS = {
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
    "None",
}


def output(capsys: pytest.CaptureFixture[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(log lines, EMF documents)`` written to stdout since the last call; every line is JSON."""
    logs, metrics = [], []
    for line in capsys.readouterr().out.splitlines():
        document = json.loads(line)
        (metrics if "_aws" in document else logs).append(document)
    for document in metrics:
        check_emf(document)
    return logs, metrics


def check_emf(document: dict[str, Any]) -> None:
    """Assert ``document`` keeps the rules of the Embedded Metric Format specification."""
    meta = document["_aws"]
    assert isinstance(meta["Timestamp"], int)
    assert 1_500_000_000_000 < meta["Timestamp"] < 4_000_000_000_000  # epoch milliseconds
    directives = meta["CloudWatchMetrics"]
    assert isinstance(directives, list) and directives
    for directive in directives:
        assert isinstance(directive["Namespace"], str) and 1 <= len(directive["Namespace"]) <= 255
        for dimension_set in directive["Dimensions"]:
            assert 1 <= len(dimension_set) <= 30
            for key in dimension_set:
                assert isinstance(document[key], str) and document[key]  # top-level string
        assert 1 <= len(directive["Metrics"]) <= 100
        for metric in directive["Metrics"]:
            assert set(metric) <= {"Name", "Unit", "StorageResolution"}
            assert metric.get("Unit", "None") in EMF_UNITS
            value = document[metric["Name"]]  # every metric name present at the top level
            values = value if isinstance(value, list) else [value]
            assert 1 <= len(values) <= 100
            for number in values:
                assert isinstance(number, (int, float)) and not isinstance(number, bool)
                assert math.isfinite(number)


def metric(metrics: list[dict[str, Any]], name: str, **dimensions: str) -> Any:
    """The value(s) of metric ``name`` in the document with exactly ``dimensions``."""
    found = [
        document[name]
        for document in metrics
        if name in document
        and sorted(document["_aws"]["CloudWatchMetrics"][0]["Dimensions"][0]) == sorted(dimensions)
        and all(document[key] == value for key, value in dimensions.items())
    ]
    assert len(found) == 1, (name, dimensions, metrics)
    return found[0]
