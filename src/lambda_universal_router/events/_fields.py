"""What the event modules share: batch events, and decoding record lists, base64, JSON, ARNs.

Every helper turns a malformed field into :class:`InvalidEventError` saying which field of which
record was wrong, so a bad event never surfaces as a ``TypeError`` from deep inside the library.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar, overload

from lambda_universal_router._exceptions import InvalidEventError

from ._base import UNSET, Event, Record

JSON = dict[str, Any]
R = TypeVar("R")


class Batch(Event, Generic[R]):
    """An event whose ``Records`` list holds one record per message or change.

    Events that list their records elsewhere (DocumentDB's ``events``, MQ's queues, Kafka's
    topic-partitions) override ``_build_records``; the caching is the same for all.
    """

    __slots__ = ("_records",)
    #: The class wrapping one raw record dict.
    _record: ClassVar[type[Record]]

    def __init__(self, raw_event: JSON) -> None:
        super().__init__(raw_event)
        self._records: Any = UNSET

    @property
    def records(self) -> list[R]:
        """The records of the batch, in the order Lambda delivered them."""
        if self._records is UNSET:
            self._records = self._build_records()
        records: list[R] = self._records
        return records

    def _build_records(self) -> list[Any]:
        return build_records(self.raw_event.get("Records"), "Records", self._record)


class TextField:
    """A record's text field as a read-only attribute: ``raw_record[key]`` when it is a string,
    else None (a partial or odd event never raises).

    One line per field instead of a property each; the docstring given is the attribute's own
    (``help()`` and IDEs show it). PERF: one call per read, where a property calling ``text``
    made two.
    """

    def __init__(self, key: str, doc: str) -> None:
        self.key = key
        self.__doc__ = doc

    @overload
    def __get__(self, record: None, owner: type[Any]) -> TextField: ...
    @overload
    def __get__(self, record: Record, owner: type[Any]) -> str | None: ...
    def __get__(self, record: Record | None, owner: type[Any]) -> TextField | str | None:
        if record is None:
            return self
        value = record.raw_record.get(self.key)
        return value if type(value) is str else None


def build_records(items: Any, where: str, factory: Callable[[JSON], R]) -> list[R]:
    """Wrap each dict of the list ``items`` (the event's ``where``) with ``factory``.

    A missing or null list is an empty batch; anything else that is not a list of objects is an
    invalid event.
    """
    if items is None:
        return []
    if type(items) is not list:
        raise InvalidEventError(f"{where} must be a list of records, got {type(items).__name__}")
    records = []
    for index, item in enumerate(items):
        if type(item) is not dict:
            kind = type(item).__name__
            raise InvalidEventError(f"{where}[{index}] must be a JSON object, got {kind}")
        records.append(factory(item))
    return records


def base64_bytes(text: Any, where: str) -> bytes:
    """Decode the base64 text AWS sends for binary payloads, strictly."""
    import binascii
    from base64 import b64decode

    if type(text) is not str:
        raise InvalidEventError(f"{where} must be base64 text, got {type(text).__name__}")
    try:
        return b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidEventError(f"{where} is not valid base64 ({exc})") from None


def inflate(compressed: bytes, where: str, limit: int) -> bytes:
    """Decompress gzip (or zlib) data to at most ``limit`` bytes, else ``InvalidEventError``.

    A few hundred KiB of gzip can inflate to gigabytes, so the output is capped while it is
    produced (``max_length``): memory never exceeds the cap, whatever the payload claims.
    """
    import zlib

    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip header, or zlib's
    try:
        document = inflater.decompress(compressed, max(limit, 0) + 1)
    except zlib.error as exc:
        raise InvalidEventError(f"{where} is not gzip-compressed ({exc})") from None
    if len(document) > limit:
        raise InvalidEventError(
            f"{where} inflates to more than {limit} bytes, the limit for compressed payloads "
            "(a decompression bomb, or a payload larger than this function allows)"
        )
    if not inflater.eof:
        raise InvalidEventError(f"{where} is not gzip-compressed (truncated stream)")
    return document


def loads_json(data: str | bytes | bytearray) -> Any:
    """Parse JSON as RFC 8259 defines it: the one parser of request bodies and of the record
    payloads typed handlers bind.

    Python's parser also accepts ``NaN``, ``Infinity`` and numbers past a float's range
    (``1e999`` becomes ``inf``): values no JSON encoder writes back, so an answer echoing them
    would fail. They raise ``ValueError`` here, like any other invalid JSON (``RecursionError``
    for nesting deeper than Python parses, as ``json.loads``).
    """
    global _decoder  # noqa: PLW0603
    import json

    if _decoder is None:
        _decoder = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite_float)
    if not isinstance(data, str):  # as json.loads reads bytes: UTF-8, -16 or -32
        data = data.decode(json.detect_encoding(data), "surrogatepass")
    return _decoder.decode(data)


# PERF: one decoder for every call (json.loads builds a new one whenever given a hook).
_decoder: Any = None


def _refuse_constant(name: str) -> Any:
    """``NaN``, ``Infinity`` and ``-Infinity`` are not JSON (RFC 8259), whatever Python accepts."""
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    value = float(text)
    if value - value != 0.0:  # inf - inf is nan, and nan != 0.0
        raise ValueError(f"{text} is out of a JSON number's range (it overflows a float)")
    return value


def parse_json(text: Any, where: str, *, strict: bool = False) -> Any:
    """Parse JSON text (str or UTF-8 bytes) a handler asked for through a ``json()`` helper;
    ``strict`` for a request body, as ``loads_json`` reads it."""
    import json

    if not isinstance(text, (str, bytes, bytearray)):
        raise InvalidEventError(f"{where} is not JSON text (got {type(text).__name__})")
    try:
        return loads_json(text) if strict else json.loads(text)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError
        raise InvalidEventError(f"{where} is not valid JSON: {exc}") from None


def arn_resource(arn: Any) -> str | None:
    """The resource part of an ARN (after the fifth colon), or None when ``arn`` is not one."""
    if type(arn) is not str:
        return None
    parts = arn.split(":", 5)
    return parts[5] if len(parts) == 6 and parts[0] == "arn" else None


def arn_name(arn: Any, kind: str) -> str | None:
    """NAME from an ARN whose resource reads ``KIND/NAME`` or ``KIND/NAME/...``, else None."""
    resource = arn_resource(arn)
    if resource is None or not resource.startswith(kind + "/"):
        return None
    return resource.split("/", 2)[1]


def text(raw: JSON, key: str) -> str | None:
    """``raw[key]`` when it is a string, else None (a partial or odd event never raises)."""
    value = raw.get(key)
    return value if type(value) is str else None


def integer(raw: JSON, key: str) -> int | None:
    """``raw[key]`` when it is an integer (not a bool), else None."""
    value = raw.get(key)
    return value if type(value) is int else None


def number(raw: JSON, key: str) -> float | None:
    """``raw[key]`` when it is a number (AWS sends epoch seconds or milliseconds), else None."""
    value = raw.get(key)
    return value if type(value) is float or type(value) is int else None
