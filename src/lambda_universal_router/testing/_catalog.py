"""One default event for every source and variant, by name, with fields overridden on request.

Names are ``"source"`` or ``"source:variant"`` (``"sqs:fifo"``, ``"http:alb"``); each factory
module contributes a ``CATALOG`` dict of them. ``generate`` backs the command line's
``generate-event SOURCE [VARIANT] --set PATH=VALUE``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

#: Modules whose ``CATALOG`` is merged, in order; one that does not exist is skipped.
MODULES = ("_factories", "_factories_api", "_factories_ops", "_factories_misc")


@cache
def catalog() -> dict[str, Callable[[], Any]]:
    """Every known event name mapped to a factory called without arguments, sorted by name."""
    from importlib import import_module

    merged: dict[str, Callable[[], Any]] = {}
    for module in MODULES:
        try:
            found = import_module(f"{__package__}.{module}")
        except ModuleNotFoundError as error:
            if error.name != f"{__package__}.{module}":
                raise
            continue
        merged.update(getattr(found, "CATALOG", {}))
    return dict(sorted(merged.items()))


def names() -> list[str]:
    """Every event name ``generate`` accepts, sorted."""
    return list(catalog())


def generate(name: str, overrides: Mapping[str, Any] | None = None) -> Any:
    """A fresh default event for ``name``, with ``overrides`` applied.

    Each override maps a dotted path (``"Records.0.body"``; a number indexes a list) to a value;
    a string value that is valid JSON is parsed (``"42"`` -> 42, ``'{"a": 1}'`` -> a dict),
    any other string is kept as it is. Raises ``ValueError`` for an unknown name or a path that
    does not lead into the event.
    """
    factory = catalog().get(name)
    if factory is None:
        known = ", ".join(catalog())
        raise ValueError(f"Unknown event {name!r}; known events: {known}")
    event = factory()
    for path, value in (overrides or {}).items():
        assign(event, path, parse_value(value))
    return event


def parse_value(value: Any) -> Any:
    """``value`` parsed as JSON when it is a string holding valid JSON, else unchanged."""
    if not isinstance(value, str):
        return value
    import json

    try:
        return json.loads(value)
    except ValueError:
        return value


def assign(event: Any, path: str, value: Any) -> None:
    """Set the field at dotted ``path`` of ``event`` to ``value``, creating a missing last key.

    Keys that contain dots themselves (``"CodePipeline.job"``) are matched whole when the event
    has them.
    """
    parts = path.split(".")
    target = event
    walked: list[str] = []
    while parts:
        key, used = _next_key(target, parts)
        last = used == len(parts)
        walked.append(key)
        where = ".".join(walked)
        if isinstance(target, list):
            if not key.lstrip("-").isdigit() or not -len(target) <= int(key) < len(target):
                raise ValueError(
                    f"Cannot set {path!r}: {where!r} needs an index below {len(target)}"
                )
            index = int(key)
            if last:
                target[index] = value
                return
            target = target[index]
        elif isinstance(target, dict):
            if last:
                target[key] = value
                return
            if key not in target:
                target[key] = {}
            target = target[key]
        else:
            raise ValueError(f"Cannot set {path!r}: {'.'.join(walked[:-1])!r} is not an object")
        del parts[:used]


def _next_key(target: Any, parts: list[str]) -> tuple[str, int]:
    """The next key of the path and how many dotted parts it takes (the longest existing key)."""
    if isinstance(target, dict):
        for count in range(len(parts), 1, -1):
            joined = ".".join(parts[:count])
            if joined in target:
                return joined, count
    return parts[0], 1
