"""The base of every typed event: a lazy view over the dict AWS sent.

Events and records keep the raw dict and read fields on access, so a 10,000-record batch pays only
for the fields a handler actually reads. Subclasses use ``__slots__`` and list in ``_repr_fields``
the attributes safe to show in ``repr`` (never bodies, tokens or credentials).
"""

from __future__ import annotations

from typing import Any, ClassVar

JSON = dict[str, Any]

#: Marks a lazily computed slot that has not been computed yet.
UNSET: Any = object()


def mapping(raw: JSON, key: str) -> dict[str, Any]:
    """``raw[key]`` as a dict: AWS sends ``null`` for empty maps, handlers want ``{}``."""
    value = raw.get(key)
    return value if isinstance(value, dict) else {}


def listing(raw: JSON, key: str) -> list[Any]:
    """``raw[key]`` as a list, ``[]`` when AWS omits it or sends ``null``."""
    value = raw.get(key)
    return value if isinstance(value, list) else []


def _describe(obj: object, fields: tuple[str, ...]) -> str:
    shown = []
    for name in fields:
        try:
            shown.append(f"{name}={getattr(obj, name)!r}")
        except Exception:  # repr must never raise on a partial event
            shown.append(f"{name}=?")
    return f"{type(obj).__name__}({', '.join(shown)})"


class Event:
    """A typed Lambda event. ``raw_event`` is the dict exactly as AWS delivered it."""

    __slots__ = ("raw_event",)
    _repr_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, raw_event: JSON) -> None:
        self.raw_event = raw_event

    def __repr__(self) -> str:
        return _describe(self, self._repr_fields)


class Record:
    """One record of a batch event. ``raw_record`` is the record's dict as AWS delivered it."""

    __slots__ = ("raw_record",)
    _repr_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, raw_record: JSON) -> None:
        self.raw_record = raw_record

    def __repr__(self) -> str:
        return _describe(self, self._repr_fields)
