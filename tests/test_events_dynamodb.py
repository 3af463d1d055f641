"""DynamoDB Streams: the raw change as in 1.0, deserialized images, TTL removals, dispatch."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from lambda_universal_router import InvalidEventError, Router
from lambda_universal_router.events import DynamoDBStreamEvent, DynamoDBStreamRecord
from tests.conftest import load_event


def record(name: str) -> DynamoDBStreamRecord:
    return DynamoDBStreamEvent(load_event(name)).records[0]


def test_an_insert_is_typed() -> None:
    insert = record("dynamodb/insert.json")

    assert insert.event_id == "c4ca4238a0b923820dcc509a6f75849b"
    assert insert.event_name == "INSERT"
    assert insert.event_version == "1.1"
    assert insert.event_source == "aws:dynamodb"
    assert insert.aws_region == "us-east-1"
    assert insert.event_source_arn is not None
    assert insert.table_name == "Books"
    assert insert.sequence_number == "4421584500000000017450439091"
    assert insert.approximate_creation_date_time == 1710676800
    assert insert.stream_view_type == "NEW_AND_OLD_IMAGES"
    assert insert.size_bytes == 82
    assert insert.keys == {"Id": "101"}
    assert insert.new_image == {
        "Id": "101",
        "Title": "Book 101",
        "ISBN": "978-1234567890",
        "Price": Decimal("29.99"),
        "InStock": True,
    }
    assert insert.old_image is None
    assert insert.is_ttl_expiry is False


def test_the_raw_change_stays_available_as_in_1_0() -> None:
    insert = record("dynamodb/insert.json")

    assert insert.dynamodb["NewImage"]["Price"] == {"N": "29.99"}
    assert insert.dynamodb.get("TableName") is None


def test_a_modify_has_both_images() -> None:
    modify = record("dynamodb/modify.json")

    assert modify.old_image == {
        "Id": "101",
        "Title": "Book 101",
        "Price": Decimal("29.99"),
        "Tags": {"fiction"},
    }
    assert modify.new_image is not None
    assert modify.new_image["Price"] == Decimal("25.99")
    assert modify.new_image["Tags"] == {"fiction", "sale"}


def test_a_remove_by_a_caller_is_not_a_ttl_expiry() -> None:
    remove = record("dynamodb/remove.json")

    assert remove.event_name == "REMOVE"
    assert remove.new_image is None
    assert remove.old_image == {"Id": "101", "Title": "Book 101", "Price": Decimal("25.99")}
    assert remove.user_identity == {}
    assert remove.is_ttl_expiry is False


def test_a_removal_by_time_to_live_is_recognised() -> None:
    expired = record("dynamodb/ttl_remove.json")

    assert expired.is_ttl_expiry is True
    assert expired.table_name == "Sessions"
    assert expired.old_image == {"SessionId": "s-9f2c", "ExpiresAt": Decimal("1710679999")}


def test_keys_only_streams_have_no_images() -> None:
    change = record("dynamodb/keys_only.json")

    assert change.keys == {"Id": "101"}
    assert change.new_image is None
    assert change.old_image is None


def test_every_attribute_type_becomes_plain_python() -> None:
    image = record("dynamodb/all_types.json").new_image

    assert image == {
        "pk": "device#7",
        "sk": Decimal(1),
        "reading": Decimal("12345678901234567890.123456789012345678"),
        "tiny": Decimal("-1E-130"),
        "firmware": b"\x00\x01\x02\x03\xff",
        "labels": {"edge", "north"},
        "thresholds": {Decimal("0.1"), Decimal(2), Decimal("-3.5")},
        "keys": {b"hello", b"world"},
        "history": [Decimal(1), "two", False, None, []],
        "location": {"lat": Decimal("52.52"), "lon": Decimal("13.405"), "site": {"name": "Berlin"}},
        "active": True,
        "retired": False,
        "owner": None,
        "empty": "",
    }
    # exact to the last of 38 digits: no float anywhere
    assert str(image["reading"]) == "12345678901234567890.123456789012345678"
    assert not any(isinstance(value, float) for value in image.values())


def test_images_are_converted_on_each_access_into_independent_values() -> None:
    modify = record("dynamodb/modify.json")

    assert modify.new_image == modify.new_image
    assert modify.new_image is not modify.new_image  # nothing cached: freed once used
    changed = modify.old_image
    assert changed is not None
    changed.clear()
    assert modify.old_image  # a handler's edits never leak into the next access
    assert modify.keys == modify.keys


def test_a_bad_image_names_the_record_and_the_attribute() -> None:
    event = load_event("dynamodb/insert.json")
    event["Records"][0]["dynamodb"]["NewImage"]["Price"] = {"N": "twenty"}
    insert = DynamoDBStreamEvent(event).records[0]

    with pytest.raises(InvalidEventError) as caught:
        _ = insert.new_image
    message = str(caught.value)
    assert "c4ca4238a0b923820dcc509a6f75849b" in message
    assert "NewImage['Price']" in message
    assert "'twenty' is not a number" in message
    # the raw view is unaffected
    assert insert.dynamodb["NewImage"]["Price"] == {"N": "twenty"}


def test_an_arn_that_is_not_a_table_stream_has_no_table_name() -> None:
    change = DynamoDBStreamRecord({"eventSourceARN": "arn:aws:kinesis:us-east-1:1:stream/x"})

    assert change.table_name is None
    assert DynamoDBStreamRecord({}).table_name is None


def test_a_router_hands_the_handler_a_dynamodb_stream_event() -> None:
    router = Router()
    router.dynamodb()(lambda event, context: [r.new_image for r in event.records])

    assert router.dispatch(load_event("dynamodb/modify.json"), {}) == [
        {"Id": "101", "Title": "Book 101", "Price": Decimal("25.99"), "Tags": {"fiction", "sale"}}
    ]


def test_the_first_of_several_unfiltered_handlers_wins_as_in_1_0() -> None:
    router = Router()
    router.dynamodb()(lambda event, context: "first")
    router.dynamodb()(lambda event, context: "second")

    assert router.dispatch(load_event("dynamodb/insert.json"), {}) == "first"


def test_repr_shows_identity_not_data() -> None:
    assert repr(record("dynamodb/insert.json")) == (
        "DynamoDBStreamRecord(event_id='c4ca4238a0b923820dcc509a6f75849b', "
        "event_name='INSERT', table_name='Books')"
    )


def test_reading_images_does_not_change_the_event() -> None:
    raw = load_event("dynamodb/all_types.json")
    before = load_event("dynamodb/all_types.json")
    change: Any = DynamoDBStreamEvent(raw).records[0]

    _ = change.new_image, change.keys

    assert raw == before
