"""Kafka (MSK and self-managed): flattened records, decoded keys, values and headers."""

from __future__ import annotations

from typing import Any

import pytest

from lambda_universal_router import InvalidEventError, Router
from lambda_universal_router.events import KafkaEvent, KafkaRecord
from tests.conftest import load_event


def test_an_msk_batch_is_typed_and_flattened_in_order() -> None:
    event = KafkaEvent(load_event("kafka/msk.json"))

    assert event.event_source == "aws:kafka"
    assert event.is_self_managed is False
    assert event.event_source_arn is not None
    assert event.event_source_arn.startswith("arn:aws:kafka:us-east-1:123456789012:cluster/")
    assert event.bootstrap_servers is not None and "," in event.bootstrap_servers
    assert event.bootstrap_server_list == [
        "b-2.orders-cluster.a1bcde.c1.kafka.us-east-1.amazonaws.com:9092",
        "b-1.orders-cluster.a1bcde.c1.kafka.us-east-1.amazonaws.com:9092",
    ]
    assert [(r.topic, r.partition, r.offset) for r in event.records] == [
        ("orders", 0, 15),
        ("orders", 0, 16),
        ("payments", 3, 2041),
    ]


def test_a_record_decodes_key_value_and_headers() -> None:
    first, _, payment = KafkaEvent(load_event("kafka/msk.json")).records

    assert first.timestamp == 1545084650987
    assert first.timestamp_type == "CREATE_TIME"
    assert first.key == b"order-1"
    assert first.value == b'{"orderId": "order-1", "total": "12.50"}'
    assert first.json() == {"orderId": "order-1", "total": "12.50"}
    assert first.headers == [{"content-type": b"application/json"}, {"trace-id": b"abc123"}]
    assert first.header("trace-id") == b"abc123"
    assert first.header("missing") is None
    assert payment.key is None
    assert payment.timestamp_type == "LOG_APPEND_TIME"
    assert payment.value == b"paid"


def test_a_self_managed_batch_is_recognised() -> None:
    event = KafkaEvent(load_event("kafka/self_managed.json"))

    assert event.is_self_managed is True
    assert event.event_source_arn is None
    assert event.bootstrap_server_list == [
        "kafka-1.example.internal:9092",
        "kafka-2.example.internal:9092",
    ]
    record = event.records[0]
    assert record.value == b"Hello, this is a test."
    assert record.headers == [{"headerKey": b"headerValue"}]


def test_the_1_0_example_with_key_value_headers_works_unchanged() -> None:
    event = load_event("kafka/docs_1_0.json")
    seen: list[Any] = []
    router = Router()

    @router.kafka()
    def process_with_headers(event: KafkaEvent, context: Any) -> None:
        for record in event.records:
            headers = {header["key"]: header["value"] for header in record.headers}
            seen.append((record.key, record.value.decode("utf-8"), headers))

    router.dispatch(event, {})

    assert seen == [(b"Hello", "World", {"message-type": "standard"})]
    assert KafkaEvent(event).records[0].header("message-type") == b"standard"


def test_a_partition_sent_as_text_is_an_int() -> None:
    assert KafkaRecord({"partition": "7"}).partition == 7
    assert KafkaRecord({"partition": "x"}).partition is None


def test_a_record_without_value_has_empty_bytes() -> None:
    record = KafkaRecord({"topic": "t", "partition": 0, "offset": 1, "value": None})

    assert record.value == b""
    assert record.key is None
    assert record.headers == []


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"value": "%%%"}, "value is not valid base64"),
        ({"key": 12}, "key must be base64 text"),
        ({"headers": [{"h": [104, 300]}]}, r"headers\[0\] is not a list of byte values"),
        ({"headers": "h"}, "headers must be a list"),
        ({"headers": [["h"]]}, r"headers\[0\] must be a JSON object"),
    ],
)
def test_malformed_records_raise_invalid_event_error(record: dict[str, Any], message: str) -> None:
    typed = KafkaRecord({"topic": "orders", "partition": 0, "offset": 9, **record})

    with pytest.raises(InvalidEventError, match=message):
        _ = typed.key, typed.value, typed.headers


def test_malformed_partition_maps_raise_invalid_event_error() -> None:
    with pytest.raises(InvalidEventError, match="must map topic-partition"):
        _ = KafkaEvent({"eventSource": "aws:kafka", "records": []}).records
    with pytest.raises(InvalidEventError, match=r"records\['t-0'\] must be a list"):
        _ = KafkaEvent({"eventSource": "aws:kafka", "records": {"t-0": {}}}).records
    assert KafkaEvent({"eventSource": "aws:kafka"}).records == []


def test_a_router_hands_the_handler_a_kafka_event() -> None:
    router = Router()
    router.kafka()(lambda event, context: [r.topic for r in event.records])

    assert router.dispatch(load_event("kafka/self_managed.json"), {}) == ["mytopic"]


def test_repr_shows_the_position_not_the_value() -> None:
    record = KafkaEvent(load_event("kafka/msk.json")).records[0]

    assert repr(record) == "KafkaRecord(topic='orders', partition=0, offset=15)"
