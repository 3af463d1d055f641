"""One default event for every source and variant, by name, with fields overridden on request.

Names are ``"source"`` or ``"source:variant"`` (``"sqs:fifo"``, ``"http:alb"``); each factory
module contributes a ``CATALOG`` dict of them. ``generate`` backs the command line's
``generate-event SOURCE [VARIANT] --set PATH=VALUE``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

#: Names ``generate`` still accepts for events whose source is now named as its decorator is.
ALIASES = {"eventbridge:scheduled": "schedule"}
#: Modules whose ``CATALOG`` is merged, in order; one that does not exist is skipped.
MODULES = ("_factories", "_factories_api", "_factories_ops", "_factories_misc", "_factories_extra")


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
    """Every event name ``generate`` accepts, sorted (the old spellings in ``ALIASES`` aside)."""
    return list(catalog())


def generate(name: str, overrides: Mapping[str, Any] | None = None) -> Any:
    """A fresh default event for ``name``, with ``overrides`` applied.

    Each override maps a dotted path (``"Records.0.body"``; a number indexes a list) to a value.
    A string replacing a field the event holds as text stays text, as AWS sends it (an SQS body
    of JSON is a string); anywhere else a string that is valid JSON is parsed (``"42"`` -> 42,
    ``'{"a": 1}'`` -> a dict). Raises ``ValueError`` for an unknown name or a path that does not
    lead into the event.
    """
    factory = catalog().get(ALIASES.get(name, name))
    if factory is None:
        known = ", ".join(catalog())
        raise ValueError(f"Unknown event {name!r}; known events: {known}")
    event = factory()
    for path, value in (overrides or {}).items():
        assign(event, path, value if isinstance(lookup(event, path), str) else parse_value(value))
    return event


def lookup(event: Any, path: str) -> Any:
    """The value at dotted ``path`` of ``event``, or None when there is none."""
    parts = path.split(".")
    target = event
    while parts:
        key, used = _next_key(target, parts)
        if isinstance(target, dict) and key in target:
            target = target[key]
        elif isinstance(target, list) and (index := _index(key, target)) is not None:
            target = target[index]
        else:
            return None
        del parts[:used]
    return target


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
            index = _index(key, target)
            if index is None:
                raise ValueError(
                    f"Cannot set {path!r}: {where!r} needs an index below {len(target)}"
                )
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


def _index(key: str, target: list[Any]) -> int | None:
    """``key`` as an index into ``target``, or None when it is not one."""
    if key.lstrip("-").isdigit() and -len(target) <= int(key) < len(target):
        return int(key)
    return None


def _next_key(target: Any, parts: list[str]) -> tuple[str, int]:
    """The next key of the path and how many dotted parts it takes (the longest existing key)."""
    if isinstance(target, dict):
        for count in range(len(parts), 1, -1):
            joined = ".".join(parts[:count])
            if joined in target:
                return joined, count
    return parts[0], 1
