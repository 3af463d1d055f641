"""The base of every typed event: a lazy view over the dict AWS sent.

Events and records keep the raw dict and read fields on access, so a 10,000-record batch pays only
for the fields a handler actually reads. Subclasses use ``__slots__`` and list in ``_repr_fields``
the attributes safe to show in ``repr`` (never bodies, tokens or credentials).
"""

from __future__ import annotations

from itertools import chain
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


# PERF: the text helpers vet a container with ``issuperset`` over ``map(type, ...)``, at C speed,
# and hand back the one AWS sent when every element is text (the usual case); only a container
# holding something else is copied, leaving those elements out.
_TEXT = frozenset((str,))
_LIST = frozenset((list,))


def text_mapping(raw: JSON, key: str) -> dict[str, str]:
    """``raw[key]`` as a map of text: an entry whose value is not text is left out, as if absent
    (as a text field that is not text reads as None), so ``.get(name)`` is a str or None."""
    value = raw.get(key)
    if not isinstance(value, dict):
        return {}
    if _TEXT.issuperset(map(type, value.values())):
        return value
    return {name: item for name, item in value.items() if type(item) is str}


def text_listing(raw: JSON, key: str) -> list[str]:
    """``raw[key]`` as a list of text: items that are not text are left out."""
    value = raw.get(key)
    if not isinstance(value, list):
        return []
    if _TEXT.issuperset(map(type, value)):
        return value
    return [item for item in value if type(item) is str]


def text_list_mapping(raw: JSON, key: str) -> dict[str, list[str]]:
    """``raw[key]`` as a map of text lists (multi-value headers and query strings): items that
    are not text are left out of each list, and entries whose value is not a list altogether."""
    value = raw.get(key)
    if not isinstance(value, dict):
        return {}
    lists = value.values()
    if _LIST.issuperset(map(type, lists)) and _TEXT.issuperset(
        map(type, chain.from_iterable(lists))
    ):
        return value
    return {
        name: [item for item in items if type(item) is str]
        for name, items in value.items()
        if type(items) is list
    }


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
