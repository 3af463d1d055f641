"""The AttributeValue converter: every type both ways, exact numbers, clear errors."""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from decimal import Decimal
from enum import IntEnum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import InvalidEventError
from lambda_universal_router.dynamodb import (
    MAX_DEPTH,
    deserialize,
    deserialize_image,
    serialize,
    serialize_image,
)

# --- deserialize ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attribute_value", "expected"),
    [
        ({"S": "text"}, "text"),
        ({"S": ""}, ""),
        ({"N": "29.99"}, Decimal("29.99")),
        ({"N": "-0"}, Decimal("-0")),
        ({"N": "1E+125"}, Decimal("1E+125")),
        ({"B": "AAEC"}, b"\x00\x01\x02"),
        ({"B": b"\x00\x01\x02"}, b"\x00\x01\x02"),
        ({"SS": ["a", "b"]}, {"a", "b"}),
        ({"NS": ["1", "2.50"]}, {Decimal(1), Decimal("2.5")}),
        ({"BS": ["AA==", b"\x01"]}, {b"\x00", b"\x01"}),
        ({"L": [{"S": "a"}, {"N": "1"}, {"NULL": True}]}, ["a", Decimal(1), None]),
        ({"M": {"a": {"BOOL": False}}}, {"a": False}),
        ({"BOOL": True}, True),
        ({"NULL": True}, None),
    ],
)
def test_each_type_deserializes(attribute_value: dict[str, Any], expected: Any) -> None:
    value = deserialize(attribute_value)

    assert value == expected
    assert type(value) is type(expected)


def test_numbers_are_exact_to_38_digits_and_never_float() -> None:
    digits = "9.9999999999999999999999999999999999999"  # 38 significant digits

    assert str(deserialize({"N": digits})) == digits
    assert deserialize({"N": "0.1"}) + deserialize({"N": "0.2"}) == Decimal("0.3")


@pytest.mark.parametrize(
    ("attribute_value", "message"),
    [
        ({"X": "1"}, "unknown AttributeValue type 'X'"),
        ({"S": "a", "N": "1"}, "not an AttributeValue"),
        ({}, "not an AttributeValue"),
        ("S", "not an AttributeValue"),
        ({"N": "abc"}, "'abc' is not a number"),
        ({"N": 1.5}, "'N' holds float"),
        ({"S": 3}, "'S' holds int"),
        ({"B": "!!"}, "is not base64"),
        ({"SS": "abc"}, "'SS' holds str, not a list"),
        ({"BOOL": "true"}, "'BOOL' holds 'true'"),
        ({"NULL": False}, "'NULL' holds False"),
        ({"M": []}, "'M' holds list"),
        ({"L": {}}, "'L' holds dict"),
        ({"M": {"a": {"L": [{"S": "x"}, {"N": "?"}]}}}, r"value\['a'\]\[1\]: 'N' value '\?'"),
    ],
)
def test_bad_values_raise_invalid_event_error(attribute_value: Any, message: str) -> None:
    with pytest.raises(InvalidEventError, match=message):
        deserialize(attribute_value)


def test_image_errors_name_the_attribute_path() -> None:
    image = {"Id": {"S": "1"}, "Tags": {"L": [{"S": "ok"}, [1]]}}

    with pytest.raises(InvalidEventError, match=r"NewImage\['Tags'\]\[1\]: not an AttributeValue"):
        deserialize_image(image, name="NewImage")
    with pytest.raises(InvalidEventError, match="item must be a JSON object"):
        deserialize_image([], name="item")


def nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {"S": "leaf"}
    for _ in range(depth):
        value = {"L": [value]}
    return value


def test_nesting_is_limited_to_32_levels() -> None:
    assert deserialize(nested(MAX_DEPTH)) is not None
    with pytest.raises(InvalidEventError, match="nested more than 32 levels"):
        deserialize(nested(MAX_DEPTH + 1))
    with pytest.raises(InvalidEventError, match="nested more than 32 levels"):
        deserialize(nested(5000))


def test_images_match_boto3s_deserializer() -> None:
    from boto3.dynamodb.types import TypeDeserializer

    image = {
        "pk": {"S": "user#1"},
        "n": {"N": "12345678901234567890.123456789012345678"},
        "ss": {"SS": ["a", "b"]},
        "ns": {"NS": ["1", "-2.5"]},
        "m": {"M": {"l": {"L": [{"BOOL": True}, {"NULL": True}, {"N": "0"}]}}},
    }
    boto3 = {name: TypeDeserializer().deserialize(value) for name, value in image.items()}

    assert deserialize_image(image) == boto3


# --- serialize ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("text", {"S": "text"}),
        (True, {"BOOL": True}),
        (0, {"N": "0"}),
        (10**37, {"N": "1" + "0" * 37}),
        (Decimal("29.990"), {"N": "29.990"}),
        (None, {"NULL": True}),
        (b"\x00\x01", {"B": "AAE="}),
        (bytearray(b"\x00"), {"B": "AA=="}),
        ({"b", "a"}, {"SS": ["a", "b"]}),
        (frozenset({2, Decimal("1.5")}), {"NS": ["1.5", "2"]}),
        ({b"\x01", b"\x00"}, {"BS": ["AA==", "AQ=="]}),
        (["a", 1], {"L": [{"S": "a"}, {"N": "1"}]}),
        (("a",), {"L": [{"S": "a"}]}),
        ({"k": {"n": None}}, {"M": {"k": {"M": {"n": {"NULL": True}}}}}),
        (OrderedDict(k=1), {"M": {"k": {"N": "1"}}}),
    ],
)
def test_each_type_serializes(value: Any, expected: dict[str, Any]) -> None:
    assert serialize(value) == expected


def test_binary_can_stay_bytes_for_boto3_clients() -> None:
    assert serialize(b"\x00", encode_binary=False) == {"B": b"\x00"}
    assert serialize({b"\x00"}, encode_binary=False) == {"BS": [b"\x00"]}
    assert serialize_image({"b": b"\x01"}, encode_binary=False) == {"b": {"B": b"\x01"}}


def test_subclasses_serialize_as_their_base_type() -> None:
    class Level(IntEnum):
        HIGH = 3

    class Name(str):
        pass

    assert serialize(Level.HIGH) == {"N": "3"}
    assert serialize(Name("x")) == {"S": "x"}


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (1.5, TypeError, "Pass Decimal instead"),
        ({1.5}, TypeError, "Pass Decimal instead"),
        (set(), ValueError, "no empty sets"),
        ({"a", 1}, TypeError, "only strings, only numbers or only bytes"),
        ({True}, TypeError, "not bool"),
        (Decimal("NaN"), ValueError, "only finite numbers"),
        (Decimal("Infinity"), ValueError, "only finite numbers"),
        (Decimal("1." + "1" * 38), ValueError, "39 significant digits"),
        (10**38 + 1, ValueError, "39 significant digits"),
        (Decimal("1E+126"), ValueError, "outside the range"),
        (Decimal("1E-131"), ValueError, "outside the range"),
        ({1: "a"}, TypeError, "attribute names are strings"),
        (object(), TypeError, "cannot store object"),
    ],
)
def test_values_dynamodb_cannot_hold_are_refused(
    value: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        serialize(value)


def test_trailing_zeros_are_not_significant() -> None:
    assert serialize(10**40) == {"N": str(10**40)}
    assert serialize(Decimal("1" * 38 + "000")) == {"N": "1" * 38 + "000"}


def test_serializing_deeper_than_32_levels_is_refused() -> None:
    value: Any = "leaf"
    for _ in range(MAX_DEPTH):
        value = [value]
    assert serialize(value) == nested(MAX_DEPTH)
    with pytest.raises(ValueError, match="at most 32 levels"):
        serialize([value])
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="at most 32 levels"):
        serialize(loop)


# --- properties -----------------------------------------------------------------------------------

numbers = st.one_of(
    st.integers(min_value=-(10**38) + 1, max_value=10**38 - 1),
    # up to 38 significant digits, magnitude within DynamoDB's range
    st.builds(
        lambda sign, digits, exponent: Decimal((sign, digits, exponent)),
        st.integers(0, 1),
        st.lists(st.integers(0, 9), min_size=1, max_size=38).map(tuple),
        st.integers(-167, 125),
    ).filter(lambda number: not number or -130 <= number.adjusted() <= 125),
)
scalars = st.one_of(st.text(), numbers, st.binary(), st.booleans(), st.none())
sets = st.one_of(
    st.frozensets(st.text(), min_size=1),
    st.frozensets(numbers, min_size=1),
    st.frozensets(st.binary(), min_size=1),
)
values = st.recursive(
    st.one_of(scalars, sets),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(values)
def test_serialize_then_deserialize_gives_the_value_back(value: Any) -> None:
    assert deserialize(serialize(value)) == value


@given(values)
def test_the_round_trip_also_holds_with_raw_bytes(value: Any) -> None:
    assert deserialize(serialize(value, encode_binary=False)) == value


@given(st.dictionaries(st.text(), values, max_size=8))
def test_images_round_trip(item: dict[str, Any]) -> None:
    assert deserialize_image(serialize_image(item)) == item


json_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["S", "N", "B", "SS", "NS", "BS", "L", "M", "BOOL", "NULL", "x"]),
            inner,
            max_size=2,
        ),
        st.dictionaries(st.text(max_size=4), inner, max_size=3),
    ),
    max_leaves=25,
)


@given(json_values)
def test_arbitrary_json_deserializes_or_raises_invalid_event_error(value: Any) -> None:
    with contextlib.suppress(InvalidEventError):
        deserialize(value)


@given(st.dictionaries(st.text(max_size=4), json_values, max_size=5))
def test_arbitrary_images_deserialize_or_raise_invalid_event_error(image: Any) -> None:
    with contextlib.suppress(InvalidEventError):
        deserialize_image(image)
