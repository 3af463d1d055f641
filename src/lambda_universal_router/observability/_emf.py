"""CloudWatch Embedded Metric Format: metrics as JSON log lines, turned into metrics by CloudWatch.

The specification's rules this writer keeps: ``_aws.Timestamp`` in epoch milliseconds; every
dimension key and every metric name present at the top level (dimension values strings, metric
values numbers or arrays of numbers); at most 100 metrics per directive and 100 values per metric,
so larger sets go into several documents; at most 30 dimensions in a dimension set; units from
CloudWatch's list.
"""

from __future__ import annotations

import json
import math

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any

    Dimensions = tuple[tuple[str, str], ...]
    #: metric name -> (unit, values) for one set of dimension values
    Metrics = dict[str, tuple[str, list[float]]]

#: The units CloudWatch accepts.
UNITS = frozenset(
    {
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
)
MAX_METRICS = 100
MAX_VALUES = 100
MAX_DIMENSIONS = 30

_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def documents(namespace: str, timestamp_ms: int, groups: dict[Dimensions, Metrics]) -> list[str]:
    """The EMF documents (JSON text, one per line) holding every metric of ``groups``."""
    lines = []
    for dimensions, metrics in groups.items():
        # A metric with more than MAX_VALUES values continues in the next round of documents.
        pieces = {
            name: [values[i : i + MAX_VALUES] for i in range(0, len(values), MAX_VALUES)]
            for name, (_, values) in metrics.items()
            if values
        }
        rounds = max((len(chunks) for chunks in pieces.values()), default=0)
        for index in range(rounds):
            present = [name for name, chunks in pieces.items() if index < len(chunks)]
            for start in range(0, len(present), MAX_METRICS):
                names = present[start : start + MAX_METRICS]
                lines.append(
                    _document(
                        namespace,
                        timestamp_ms,
                        dimensions,
                        [(name, metrics[name][0], pieces[name][index]) for name in names],
                    )
                )
    return lines


def _document(
    namespace: str,
    timestamp_ms: int,
    dimensions: Dimensions,
    metrics: list[tuple[str, str, list[float]]],
) -> str:
    document: dict[str, Any] = {
        "_aws": {
            "Timestamp": timestamp_ms,
            "CloudWatchMetrics": [
                {
                    "Namespace": namespace,
                    "Dimensions": [[key for key, _ in dimensions]],
                    "Metrics": [{"Name": name, "Unit": unit} for name, unit, _ in metrics],
                }
            ],
        }
    }
    document.update(dimensions)
    for name, _, values in metrics:
        document[name] = values[0] if len(values) == 1 else values
    return _encode(document)


def check_value(name: str, value: object) -> float:
    """``value`` as a float, or ValueError when CloudWatch could not store it."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"metric {name!r} takes a finite number, not {value!r}")
    return float(value)


class Template:
    """A document whose namespace, dimensions and metric names are fixed: only values change.

    PERF: the automatic metrics of a route or handler always have the same shape, so their
    document is encoded once and each flush joins the numbers (as text) into it.
    """

    __slots__ = ("render",)

    def __init__(
        self, namespace: str, dimensions: Dimensions, metrics: tuple[tuple[str, str], ...]
    ) -> None:
        directive = {
            "Namespace": namespace,
            "Dimensions": [[key for key, _ in dimensions]],
            "Metrics": [{"Name": name, "Unit": unit} for name, unit in metrics],
        }
        pairs = "".join(f",{_encode(key)}:{_encode(value)}" for key, value in dimensions)
        head = '{"_aws":{"Timestamp":'
        first = ',"CloudWatchMetrics":[' + _encode(directive) + "]}" + pairs
        names = [f",{_encode(name)}:" for name, _ in metrics]
        #: ``render(timestamp_ms, *values)``: the document, values given as JSON text.
        self.render: Callable[..., str] = _renderer(head, first, names)


def _renderer(head: str, first: str, names: list[str]) -> Callable[..., str]:
    # PERF: an f-string per shape is several times faster than %-formatting the document.
    if len(names) == 3:
        a, b, c = (first + names[0], names[1], names[2])
        return lambda t, x, y, z: f"{head}{t}{a}{x}{b}{y}{c}{z}}}"
    if len(names) == 4:
        a, b, c, d = (first + names[0], names[1], names[2], names[3])
        return lambda t, w, x, y, z: f"{head}{t}{a}{w}{b}{x}{c}{y}{d}{z}}}"
    if len(names) == 5:
        a, b, c, d, e = (first + names[0], names[1], names[2], names[3], names[4])
        return lambda t, v, w, x, y, z: f"{head}{t}{a}{v}{b}{w}{c}{x}{d}{y}{e}{z}}}"
    raise ValueError(f"no document shape of {len(names)} metrics")


def milliseconds(values: Sequence[float]) -> str:
    """Durations in milliseconds as JSON text (a number, or an array of at most MAX_VALUES),
    for ``Template.render``."""
    if len(values) == 1:
        return _thousandths(values[0])
    return "[" + ",".join(map(_thousandths, values)) + "]"


#: PERF: "%.3f" formatting, the cheapest way to write a float, mapped in C.
_thousandths = "%.3f".__mod__
