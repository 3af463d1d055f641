"""Kinesis Data Streams: decoded data, stream names, JSON payloads, bad base64, dispatch."""

from __future__ import annotations

from typing import Any

import pytest

from lambda_universal_router import InvalidEventError, Router
from lambda_universal_router.events import KinesisRecord, KinesisStreamEvent
from tests.conftest import load_event


def test_records_are_typed_and_data_decoded() -> None:
    first, second = KinesisStreamEvent(load_event("kinesis/records.json")).records

    assert first.kinesis_schema_version == "1.0"
    assert first.partition_key == "device-1"
    assert first.sequence_number == "49590338271490256608559692538361571095921575989136588898"
    assert first.data == b'{"type": "log", "message": "Test log", "level": 3}'
    assert first.approximate_arrival_timestamp == 1545084650.987
    assert first.event_id == (
        "shardId-000000000006:49590338271490256608559692538361571095921575989136588898"
    )
    assert first.event_name == "aws:kinesis:record"
    assert first.event_source == "aws:kinesis"
    assert first.event_version == "1.0"
    assert first.event_source_arn == "arn:aws:kinesis:us-east-2:123456789012:stream/clickstream"
    assert first.invoke_identity_arn == "arn:aws:iam::123456789012:role/lambda-role"
    assert first.aws_region == "us-east-2"
    assert first.stream_name == "clickstream"
    assert first.encryption_type is None
    assert second.data == b"Hello, this is a test."
    assert second.encryption_type == "KMS"


def test_json_parses_the_data() -> None:
    first, second = KinesisStreamEvent(load_event("kinesis/records.json")).records

    assert first.json() == {"type": "log", "message": "Test log", "level": 3}
    with pytest.raises(InvalidEventError, match="not valid JSON"):
        second.json()


def test_bad_base64_names_the_field_and_the_record() -> None:
    event = load_event("kinesis/records.json")
    event["Records"][1]["kinesis"]["data"] = "not base64!"
    record = KinesisStreamEvent(event).records[1]

    with pytest.raises(InvalidEventError) as caught:
        _ = record.data
    assert "kinesis.data" in str(caught.value)
    assert "49590338271490256608559692540925702759324208523137515618" in str(caught.value)


def test_the_1_0_short_example_works_unchanged() -> None:
    event = {
        "Records": [
            {
                "kinesis": {
                    "data": "eyJ0eXBlIjoibG9nIiwibWVzc2FnZSI6IlRlc3QgbG9nIn0=",
                    "partitionKey": "logs",
                    "sequenceNumber": "123456789",
                }
            }
        ]
    }
    seen: list[Any] = []
    router = Router()

    @router.kinesis()
    def process_stream(event: KinesisStreamEvent, context: Any) -> None:
        for record in event.records:
            seen.append((record.data.decode("utf-8"), record.partition_key))

    router.dispatch(event, {})

    assert seen == [('{"type":"log","message":"Test log"}', "logs")]


def test_a_record_without_data_has_empty_data() -> None:
    record = KinesisRecord({"kinesis": {"partitionKey": "p"}})

    assert record.data == b""
    assert record.stream_name is None


def test_data_is_decoded_once() -> None:
    record = KinesisStreamEvent(load_event("kinesis/records.json")).records[0]

    assert record.data is record.data


def test_an_enhanced_fan_out_consumer_arn_still_names_the_stream() -> None:
    arn = "arn:aws:kinesis:us-east-1:123456789012:stream/orders/consumer/app:1700000000"

    assert KinesisRecord({"eventSourceARN": arn}).stream_name == "orders"


def test_a_router_hands_the_handler_a_kinesis_stream_event() -> None:
    router = Router()
    router.kinesis()(lambda event, context: [len(r.data) for r in event.records])

    assert router.dispatch(load_event("kinesis/records.json"), {}) == [50, 22]


def test_repr_shows_the_position_not_the_data() -> None:
    record = KinesisStreamEvent(load_event("kinesis/records.json")).records[1]

    assert repr(record) == (
        "KinesisRecord(partition_key='device-2', "
        "sequence_number='49590338271490256608559692540925702759324208523137515618')"
    )
