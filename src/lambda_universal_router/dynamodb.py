"""DynamoDB AttributeValues to plain Python and back.

    >>> deserialize_image({"Id": {"S": "101"}, "Price": {"N": "29.99"}})
    {'Id': '101', 'Price': Decimal('29.99')}
    >>> serialize_image({"Id": "101", "Price": Decimal("29.99")})
    {'Id': {'S': '101'}, 'Price': {'N': '29.99'}}

Types map as DynamoDB defines them: S <-> str, N <-> Decimal (exact, never float), B <-> bytes,
SS/NS/BS <-> set, L <-> list, M <-> dict, BOOL <-> bool, NULL <-> None. Stream records carry
binary as base64 text; ``deserialize`` accepts that and the raw bytes boto3 hands out.

Loaded only when imported (it needs ``decimal``), e.g. by ``DynamoDBStreamRecord.new_image``.
"""

from __future__ import annotations

from base64 import b64decode, b64encode
from binascii import Error as _BinasciiError
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ._exceptions import InvalidEventError

__all__ = ["MAX_DEPTH", "deserialize", "deserialize_image", "serialize", "serialize_image"]

#: DynamoDB nests lists and maps at most this deep.
MAX_DEPTH = 32

AttributeValue = dict[str, Any]


class _Bad(Exception):
    """A value that is not a valid AttributeValue; collects its path on the way out."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path: list[str] = []

    def where(self, root: str) -> str:
        return root + "".join(reversed(self.path))


# --- deserializing ------------------------------------------------------------------------------

#: Decimals already built, by their text. Decimal is immutable, so sharing instances is safe, and
#: a MODIFY record's OldImage and NewImage mostly repeat the same numbers. Emptied by the public
#: functions when it grows past _NUMBERS_KEPT.
_NUMBERS: dict[str, Decimal] = {}
_NUMBERS_KEPT = 4096


def _number(value: Any) -> Decimal:
    if type(value) is not str:
        raise _Bad(f"'N' holds {type(value).__name__}, not a number string")
    number = _NUMBERS.get(value)
    if number is None:
        # PERF: Decimal(str) is exact whatever the context precision: no context per call.
        try:
            number = _NUMBERS[value] = Decimal(value)
        except InvalidOperation:
            raise _Bad(f"'N' value {value!r:.60} is not a number") from None
    return number


def _trim_numbers() -> None:
    if len(_NUMBERS) > _NUMBERS_KEPT:
        _NUMBERS.clear()


def _string(value: Any) -> str:
    if type(value) is not str:
        raise _Bad(f"'S' holds {type(value).__name__}, not a string")
    return value


def _binary(value: Any) -> bytes:
    if type(value) is str:
        try:
            return b64decode(value, validate=True)
        except (_BinasciiError, ValueError):
            raise _Bad(f"'B' value {value!r:.40} is not base64") from None
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise _Bad(f"'B' holds {type(value).__name__}, not base64 text or bytes")


def _members(value: Any, tag: str) -> list[Any]:
    if type(value) is not list:
        raise _Bad(f"{tag!r} holds {type(value).__name__}, not a list")
    return value


def _string_set(value: Any) -> set[str]:
    return set(map(_string, _members(value, "SS")))


def _number_set(value: Any) -> set[Decimal]:
    return set(map(_number, _members(value, "NS")))


def _binary_set(value: Any) -> set[bytes]:
    return set(map(_binary, _members(value, "BS")))


def _boolean(value: Any) -> bool:
    if type(value) is not bool:
        raise _Bad(f"'BOOL' holds {value!r:.40}, not true or false")
    return value


def _null(value: Any) -> None:
    if value is not True:
        raise _Bad(f"'NULL' holds {value!r:.40}, not true")


_SCALARS: dict[str, Callable[[Any], Any]] = {
    "S": _string,
    "N": _number,
    "B": _binary,
    "SS": _string_set,
    "NS": _number_set,
    "BS": _binary_set,
    "BOOL": _boolean,
    "NULL": _null,
}


def _not_attribute_value(attribute: Any) -> _Bad:
    return _Bad(f"not an AttributeValue like {{'S': 'text'}}: {attribute!r:.60}")


def _diagnose(attribute: Any, depth: int, where: str) -> _Bad:
    """Why the fast loop failed on ``attribute``, found again the slow, careful way."""
    problem = _not_attribute_value(attribute)
    try:
        (tag,) = attribute
        _tagged(tag, attribute[tag], depth)
    except _Bad as bad:
        problem = bad
    except (AttributeError, LookupError, TypeError, ValueError):
        pass
    problem.path.append(where)
    return problem


def _tagged(tag: Any, inner: Any, depth: int) -> Any:
    """The value of one AttributeValue ``{tag: inner}`` found ``depth`` containers deep."""
    convert = _SCALARS.get(tag)
    if convert is not None:
        return convert(inner)
    if tag == "M":
        if type(inner) is not dict:
            raise _Bad(f"'M' holds {type(inner).__name__}, not an object")
        if depth >= MAX_DEPTH:
            raise _Bad(f"lists and maps are nested more than {MAX_DEPTH} levels deep")
        return _map(inner, depth + 1)
    if tag == "L":
        if type(inner) is not list:
            raise _Bad(f"'L' holds {type(inner).__name__}, not a list")
        if depth >= MAX_DEPTH:
            raise _Bad(f"lists and maps are nested more than {MAX_DEPTH} levels deep")
        return _list(inner, depth + 1)
    raise _Bad(f"unknown AttributeValue type {tag!r:.40}")


#: What the fast loops raise on a value that is not ``{tag: value}`` or holds a bad number.
_MALFORMED = (AttributeError, LookupError, TypeError, ValueError, ArithmeticError)

# PERF: _map and _list are the hot loops. They convert S, N, M, L, BOOL and NULL inline (most
# values), most frequent first, and leave the rest, and anything malformed, to _tagged; the try
# blocks cost nothing until something raises. S and N skip a type check: a non-text S is passed
# through as sent, and a bad N fails in the cache lookup or in Decimal. Keep the loops alike.
# Their branches stay inline: they opt out of the complexity limit (C901) by name.


def _map(attributes: dict[str, Any], depth: int) -> dict[str, Any]:  # noqa: C901
    # PERF: a copy has every key in place at its final size; the loop replaces each value,
    # which costs less than inserting into an empty dict that grows as it fills.
    result = attributes.copy()
    numbers = _NUMBERS
    cached = numbers.get
    try:
        for name, attribute in attributes.items():
            (tag,) = attribute  # exactly one key, or ValueError
            inner = attribute[tag]
            if tag == "S":
                result[name] = inner
            elif tag == "N":
                value = cached(inner)
                if value is None:
                    value = numbers[inner] = Decimal(inner)
                result[name] = value
            elif tag == "M" and type(inner) is dict and depth < MAX_DEPTH:
                result[name] = _map(inner, depth + 1)
            elif tag == "BOOL" and (inner is True or inner is False):
                result[name] = inner
            elif tag == "L" and type(inner) is list and depth < MAX_DEPTH:
                result[name] = _list(inner, depth + 1)
            elif tag == "NULL" and inner is True:
                result[name] = None
            elif tag == "SS" and type(inner) is list:
                result[name] = set(map(_string, inner))
            elif tag == "NS" and type(inner) is list:
                result[name] = set(map(_number, inner))
            else:
                result[name] = _tagged(tag, inner, depth)
    except _Bad as bad:
        bad.path.append(f"[{name!r}]")
        raise
    except _MALFORMED:
        raise _diagnose(attributes[name], depth, f"[{name!r}]") from None
    return result


def _list(attributes: list[Any], depth: int) -> list[Any]:  # noqa: C901
    result: list[Any] = []
    append = result.append
    numbers = _NUMBERS
    cached = numbers.get
    try:
        for attribute in attributes:
            (tag,) = attribute  # exactly one key, or ValueError
            inner = attribute[tag]
            if tag == "S":
                append(inner)
            elif tag == "N":
                value = cached(inner)
                if value is None:
                    value = numbers[inner] = Decimal(inner)
                append(value)
            elif tag == "M" and type(inner) is dict and depth < MAX_DEPTH:
                append(_map(inner, depth + 1))
            elif tag == "BOOL" and (inner is True or inner is False):
                append(inner)
            elif tag == "L" and type(inner) is list and depth < MAX_DEPTH:
                append(_list(inner, depth + 1))
            elif tag == "NULL" and inner is True:
                append(None)
            elif tag == "SS" and type(inner) is list:
                append(set(map(_string, inner)))
            elif tag == "NS" and type(inner) is list:
                append(set(map(_number, inner)))
            else:
                append(_tagged(tag, inner, depth))
    except _Bad as bad:
        bad.path.append(f"[{len(result)}]")
        raise
    except _MALFORMED:
        raise _diagnose(attributes[len(result)], depth, f"[{len(result)}]") from None
    return result


def deserialize(attribute_value: Mapping[str, Any]) -> Any:
    """One AttributeValue (``{"N": "1.5"}``) as plain Python (``Decimal("1.5")``).

    Raises :class:`InvalidEventError` (a ``ValueError``) naming the unknown tag or bad value.
    """
    _trim_numbers()
    try:
        (tag,) = attribute_value
        inner = attribute_value[tag]
    except (AttributeError, LookupError, TypeError, ValueError):
        bad = _not_attribute_value(attribute_value)
        raise InvalidEventError(f"Invalid DynamoDB value: {bad.reason}") from None
    try:
        return _tagged(tag, inner, 0)
    except _Bad as bad:
        raise InvalidEventError(
            f"Invalid DynamoDB value at {bad.where('value')}: {bad.reason}"
        ) from None


def deserialize_image(image: Mapping[str, Any], *, name: str = "item") -> dict[str, Any]:
    """A whole item (``Keys``, ``NewImage``, ``OldImage``) as a dict of plain Python values.

    ``name`` only labels error messages, which say which attribute was wrong.
    """
    if type(image) is not dict:
        raise InvalidEventError(f"{name} must be a JSON object, got {type(image).__name__}")
    _trim_numbers()
    try:
        return _map(image, 0)
    except _Bad as bad:
        raise InvalidEventError(
            f"Invalid DynamoDB value at {bad.where(name)}: {bad.reason}"
        ) from None


# --- serializing --------------------------------------------------------------------------------

#: DynamoDB numbers: at most 38 significant digits, magnitude from 1E-130 to below 1E+126.
_MAX_DIGITS = 38
_MIN_EXPONENT = -130
_MAX_EXPONENT = 125
_INT_LIMIT = 10**_MAX_DIGITS

_FLOAT_MESSAGE = (
    "DynamoDB does not take float: binary floats are inexact. Pass Decimal instead, "
    "e.g. Decimal('29.99') or Decimal(str(value))."
)

Serializer = Callable[[Any, bool, int], AttributeValue]


def _decimal_text(number: Decimal) -> str:
    if not number.is_finite():
        raise ValueError(f"DynamoDB cannot store {number}; only finite numbers are allowed")
    if number:
        digits = number.as_tuple().digits
        significant = len(digits)
        while digits[significant - 1] == 0:  # trailing zeros are not significant
            significant -= 1
        if significant > _MAX_DIGITS:
            raise ValueError(
                f"{number} has {significant} significant digits; DynamoDB keeps at most "
                f"{_MAX_DIGITS}. Round it first (e.g. with Decimal.quantize)."
            )
        if not _MIN_EXPONENT <= number.adjusted() <= _MAX_EXPONENT:
            raise ValueError(f"{number} is outside the range DynamoDB numbers can hold")
    return str(number)


def _number_text(number: int | Decimal) -> str:
    if type(number) is int and -_INT_LIMIT < number < _INT_LIMIT:
        return str(number)
    return _decimal_text(Decimal(number))


def _binary_text(value: bytes | bytearray, encode: bool) -> Any:
    return b64encode(value).decode("ascii") if encode else bytes(value)


def _set_kind(item: Any) -> str:
    if isinstance(item, str):
        return "SS"
    if isinstance(item, (bytes, bytearray)):
        return "BS"
    if isinstance(item, (int, Decimal)) and not isinstance(item, bool):
        return "NS"
    if isinstance(item, float):
        raise TypeError(_FLOAT_MESSAGE)
    raise TypeError(f"DynamoDB sets hold strings, numbers or bytes, not {type(item).__name__}")


def _nested(depth: int) -> int:
    if depth >= MAX_DEPTH:
        raise ValueError(f"DynamoDB nests lists and maps at most {MAX_DEPTH} levels deep")
    return depth + 1


def _put_string(value: str, encode: bool, depth: int) -> AttributeValue:
    return {"S": str.__str__(value)}


def _put_bool(value: bool, encode: bool, depth: int) -> AttributeValue:
    return {"BOOL": bool(value)}


def _put_int(value: int, encode: bool, depth: int) -> AttributeValue:
    return {"N": _number_text(int(value))}


def _put_decimal(value: Decimal, encode: bool, depth: int) -> AttributeValue:
    return {"N": _decimal_text(value)}


def _put_none(value: None, encode: bool, depth: int) -> AttributeValue:
    return {"NULL": True}


def _put_binary(value: bytes | bytearray, encode: bool, depth: int) -> AttributeValue:
    return {"B": _binary_text(value, encode)}


def _put_float(value: float, encode: bool, depth: int) -> AttributeValue:
    raise TypeError(_FLOAT_MESSAGE)


def _put_set(values: set[Any] | frozenset[Any], encode: bool, depth: int) -> AttributeValue:
    if not values:
        raise ValueError(
            "DynamoDB has no empty sets: leave the attribute out, or store None or an empty list"
        )
    kinds = {_set_kind(item) for item in values}
    if len(kinds) != 1:
        raise TypeError("A DynamoDB set holds only strings, only numbers or only bytes")
    kind = kinds.pop()
    if kind == "SS":
        return {"SS": sorted(str(item) for item in values)}
    if kind == "NS":
        return {"NS": [_number_text(item) for item in sorted(values)]}
    return {"BS": [_binary_text(item, encode) for item in sorted(bytes(v) for v in values)]}


def _put_map(value: Mapping[Any, Any], encode: bool, depth: int) -> AttributeValue:
    return {"M": _serialize_map(value, encode, _nested(depth))}


def _put_list(value: list[Any] | tuple[Any, ...], encode: bool, depth: int) -> AttributeValue:
    inner = _nested(depth)
    return {"L": [_serialize(item, encode, inner) for item in value]}


_SERIALIZERS: dict[type, Serializer] = {
    str: _put_string,
    bool: _put_bool,
    int: _put_int,
    Decimal: _put_decimal,
    type(None): _put_none,
    bytes: _put_binary,
    bytearray: _put_binary,
    float: _put_float,
    set: _put_set,
    frozenset: _put_set,
    dict: _put_map,
    list: _put_list,
    tuple: _put_list,
}


def _subclass_serializer(value: Any) -> Serializer:
    """The serializer for a subclass of a supported type (an IntEnum, an OrderedDict...)."""
    for kind, serializer in _SERIALIZERS.items():  # in order: bool comes before int
        if isinstance(value, kind):
            return serializer
    if isinstance(value, Mapping):
        return _put_map
    raise TypeError(f"DynamoDB cannot store {type(value).__name__} values: {value!r:.60}")


def _serialize(value: Any, encode: bool, depth: int) -> AttributeValue:
    serializer = _SERIALIZERS.get(type(value)) or _subclass_serializer(value)
    return serializer(value, encode, depth)


def _serialize_map(item: Mapping[Any, Any], encode: bool, depth: int) -> dict[str, Any]:
    result = {}
    for name, value in item.items():
        if type(name) is not str:
            raise TypeError(f"DynamoDB attribute names are strings, not {type(name).__name__}")
        result[name] = _serialize(value, encode, depth)
    return result


def serialize(value: Any, *, encode_binary: bool = True) -> AttributeValue:
    """One Python value as an AttributeValue: ``Decimal("1.5")`` -> ``{"N": "1.5"}``.

    Binary becomes base64 text, as in stream records and DynamoDB's JSON; pass
    ``encode_binary=False`` to keep ``bytes`` (what boto3's low-level client takes).
    Raises ``TypeError`` for floats and unsupported types, ``ValueError`` for empty sets, numbers
    DynamoDB cannot hold, and lists and maps nested more than 32 levels deep.
    """
    return _serialize(value, encode_binary, 0)


def serialize_image(item: Mapping[str, Any], *, encode_binary: bool = True) -> dict[str, Any]:
    """A whole item (``{"Id": "101"}``) as a map of AttributeValues (``{"Id": {"S": "101"}}``)."""
    return _serialize_map(item, encode_binary, 0)
