"""JSON text for HTTP answers: every value a handler plausibly returns, written exactly, or refused.

The response code tries the stdlib's C encoder first, so plain answers (dicts, lists, strings,
numbers, booleans, None) cost what they always did. When it meets anything else,
:func:`encode_json` writes the answer in Python, where it can emit what the C encoder cannot:

- ``Decimal`` as a JSON number with its own digits (``Decimal("1.10")`` -> ``1.10``), as DynamoDB
  images hold numbers;
- ``datetime``, ``date`` and ``time`` in ISO 8601 (``isoformat()``), ``UUID`` as its text;
- an ``Enum`` member as its value;
- ``set`` and ``frozenset`` as arrays, sorted so the same answer always reads the same (by value
  when the items compare, else by their JSON text);
- dataclass instances as objects of their fields; objects with ``model_dump`` (pydantic v2) as
  ``model_dump(mode="json")`` returns, the model's own JSON form (its serializers, its URL and
  secret types; pydantic writes ``Decimal`` as a string there), and objects with ``to_dict()`` as
  what that returns (duck-typed: nothing is imported for them).

NaN and the infinities (float or Decimal), cycles and other types are refused with
:class:`ResponseSerializationError`, which names the place in the answer
(``body["items"][2]["price"]``) and the type: never JSON that clients cannot parse.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from enum import Enum
from json.encoder import encode_basestring_ascii as _escape
from typing import Any

from lambda_universal_router._exceptions import ResponseSerializationError

#: Another JSON encoder, as ``Router(json_encoder=...)`` takes it: value -> text or UTF-8 bytes.
Encoder = Callable[[Any], "str | bytes"]

#: The C encoder with ``json.dumps``'s defaults, refusing NaN and the infinities.
plain_encode = json.JSONEncoder(allow_nan=False).encode

_int_text = int.__repr__
_float_text = float.__repr__


def encode_json(value: Any) -> str:
    """``value`` as JSON text, as ``json.dumps`` writes it, with the types this module adds.

    Raises :class:`ResponseSerializationError` when some part of ``value`` cannot be JSON.
    """
    try:
        return plain_encode(value)
    except (TypeError, ValueError, RecursionError):
        return encode_extended(value)


def encode_extended(value: Any) -> str:
    """``value`` as JSON text, written in Python: for the answers the C encoder refused."""
    chunks: list[str] = []
    try:
        _write(value, chunks, set())
    except _Refused as refused:
        raise ResponseSerializationError(
            _path(refused.keys), type(refused.value).__name__, refused.reason
        ) from refused.__cause__
    except RecursionError:
        raise ResponseSerializationError(
            "body", type(value).__name__, "is nested too deeply to serialise"
        ) from None
    return "".join(chunks)


def custom_encoder(encoder: Encoder) -> Callable[[Any], str]:
    """``encoder`` (``Router(json_encoder=...)``) as the response code calls it: returning text,
    its failures reported as :class:`ResponseSerializationError`."""

    def encode(value: Any) -> str:
        try:
            text = encoder(value)
        except Exception as exc:
            raise ResponseSerializationError(
                "body", type(value).__name__, f"was refused by the json_encoder ({exc})"
            ) from exc
        if isinstance(text, str):
            return text
        if isinstance(text, (bytes, bytearray, memoryview)):
            try:
                return bytes(text).decode("utf-8")
            except UnicodeDecodeError:
                reason = "was encoded by the json_encoder into bytes that are not UTF-8"
                raise ResponseSerializationError("body", type(value).__name__, reason) from None
        reason = f"was encoded by the json_encoder into {type(text).__name__}, not str or bytes"
        raise ResponseSerializationError("body", type(value).__name__, reason)

    return encode


class _Refused(Exception):
    """A value that cannot be JSON; each enclosing container adds its key while unwinding.

    NOTE: the path is built only on failure, so a successful walk costs no path bookkeeping.
    """

    def __init__(self, value: Any, reason: str) -> None:
        self.value = value
        self.reason = reason
        #: Keys and indexes from the refused value up to the answer's root.
        self.keys: list[Any] = []


def _path(keys: list[Any]) -> str:
    """``body["items"][2]["price"]``, from keys listed innermost first."""
    parts = ["body"]
    for key in reversed(keys):
        parts.append(f"[{_escape(key) if type(key) is str else repr(key)}]")
    return "".join(parts)


# PERF: called for every value of every JSON answer; the type dispatch stays one chain of
# identity tests in one frame (C901 opt-out).
def _write(value: Any, out: list[str], active: set[int]) -> None:  # noqa: C901
    """Append ``value``'s JSON text to ``out``; ``active`` holds the containers being written."""
    kind = type(value)
    if kind is str:
        out.append(_escape(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(_integer(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, str):
        out.append(_escape(value))
    elif isinstance(value, dict):
        _container(value, out, active, _write_object)
    elif isinstance(value, (list, tuple)):
        _container(value, out, active, _write_array)
    elif (scalar := _scalar(value)) is not None:
        text, is_string = scalar
        out.append(_escape(text(value)) if is_string else text(value))
    elif isinstance(value, Enum):
        _write(value.value, out, active)
    elif isinstance(value, (set, frozenset)):
        _container(value, out, active, _write_set)
    elif hasattr(kind, "__dataclass_fields__") and not isinstance(value, type):
        _container(value, out, active, _write_dataclass)
    else:
        _write(_converted(value), out, active)


def _container(
    value: Any,
    out: list[str],
    active: set[int],
    write: Callable[[Any, list[str], set[int]], None],
) -> None:
    marker = id(value)
    if marker in active:
        raise _Refused(value, "contains itself (a circular reference)")
    active.add(marker)
    write(value, out, active)
    active.discard(marker)


def _write_object(value: dict[Any, Any], out: list[str], active: set[int]) -> None:
    if not value:
        out.append("{}")
        return
    separator = "{"
    for key, item in value.items():
        out.append(separator)
        separator = ", "
        try:
            out.append(_key(key))
        except _Refused as refused:
            raise _Refused(value, f"has the key {key!r}, which {refused.reason}") from None
        out.append(": ")
        try:
            _write(item, out, active)
        except _Refused as refused:
            refused.keys.append(key)
            raise
    out.append("}")


def _write_dataclass(value: Any, out: list[str], active: set[int]) -> None:
    import dataclasses  # loaded already: the value's class was made by it

    fields = dataclasses.fields(value)
    _write_object({field.name: getattr(value, field.name) for field in fields}, out, active)


def _write_array(value: Iterable[Any], out: list[str], active: set[int]) -> None:
    separator = "["
    for index, item in enumerate(value):
        out.append(separator)
        separator = ", "
        try:
            _write(item, out, active)
        except _Refused as refused:
            refused.keys.append(index)
            raise
    out.append("]" if separator == ", " else "[]")


def _write_set(value: set[Any] | frozenset[Any], out: list[str], active: set[int]) -> None:
    try:
        ordered = sorted(value)
    except TypeError:  # items that do not compare: ordered by their JSON text instead
        texts = []
        for item in value:
            chunks: list[str] = []
            _write(item, chunks, active)
            texts.append("".join(chunks))
        out.append("[" + ", ".join(sorted(texts)) + "]")
        return
    _write_array(ordered, out, active)


def _key(key: Any) -> str:
    """An object key's JSON text: strings as they are, as ``json.dumps`` converts the scalars,
    and the text of the types this module writes as strings."""
    if isinstance(key, str):
        return _escape(key)
    if key is None or key is True or key is False:
        return _escape(json.dumps(key))
    if isinstance(key, int):
        return _escape(_integer(key))
    if isinstance(key, float):
        return _escape(_float(key))
    scalar = _scalar(key)
    if scalar is not None:
        return _escape(scalar[0](key))
    if isinstance(key, Enum):
        return _key(key.value)
    raise _Refused(key, "is not a type an object key can have")


def _integer(value: int) -> str:
    try:
        return _int_text(value)
    except ValueError:  # more digits than sys.get_int_max_str_digits() allows
        raise _Refused(value, "has too many digits to write") from None


def _float(value: float) -> str:
    if math.isnan(value):
        raise _Refused(value, "is NaN, which JSON cannot represent")
    if math.isinf(value):
        raise _Refused(value, f"is {value}, which JSON cannot represent")
    return _float_text(value)


def _decimal(value: Any) -> str:
    if not value.is_finite():
        raise _Refused(value, f"is {value}, which JSON cannot represent")
    # NOTE: the text of a finite Decimal (1.10, -0, 1E+3, 0E-7) is always a valid JSON number.
    return str(value)


def _iso(value: Any) -> str:
    return str(value.isoformat())


#: Standard library types written as scalars, by (module, class name): their text, and whether
#: that is a JSON string (else a number). ``datetime`` is a ``date``.
#: PERF: looked up by name so that decimal, datetime and uuid (milliseconds of cold start) are
#: never imported here; a value of one of these types exists only once its module is loaded.
_SCALARS: dict[tuple[str, str], tuple[Callable[[Any], str], bool]] = {
    ("decimal", "Decimal"): (_decimal, False),
    ("datetime", "date"): (_iso, True),
    ("datetime", "time"): (_iso, True),
    ("uuid", "UUID"): (str, True),
}


def _scalar(value: Any) -> tuple[Callable[[Any], str], bool] | None:
    for cls in type(value).__mro__:
        found = _SCALARS.get((cls.__module__, cls.__qualname__))
        if found is not None:
            return found
    return None


#: The conversions objects may offer, as they are called: a pydantic v2 model's JSON form, or a
#: dict of its own.
_CONVERSIONS: tuple[tuple[str, dict[str, str]], ...] = (
    ("model_dump", {"mode": "json"}),
    ("to_dict", {}),
)


def _converted(value: Any) -> Any:
    """What ``value``'s own ``model_dump(mode="json")`` or ``to_dict()`` returns, else refused."""
    for name, options in _CONVERSIONS:
        method = getattr(value, name, None)
        if callable(method):
            try:
                return method(**options)
            except Exception as exc:
                refused = _Refused(value, f"raised {type(exc).__name__} in {name}(): {exc}")
                raise refused from exc
    raise _Refused(
        value,
        "is not a type JSON can represent; return it converted (str(value), a dict, ...) "
        "or set Router(json_encoder=...)",
    )
