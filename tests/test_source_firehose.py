"""Firehose transformations: detection, records, routing by delivery stream, and the answer."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import ConfigurationError, InvalidEventError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router._exceptions import UnmatchedEventError
from lambda_universal_router.events import FirehoseEvent, FirehoseRecord, FirehoseResult
from tests.conftest import load_event


def decoded(answer: dict[str, Any], key: str = "data") -> list[bytes]:
    return [base64.b64decode(record[key]) for record in answer["records"]]


@pytest.mark.parametrize("name", ["direct_put", "kinesis_source", "msk_source"])
def test_invocations_classify_as_firehose(name: str) -> None:
    source, variant = classify(load_event(f"firehose/{name}.json"))
    assert (source.name, variant) == ("firehose", "")


def test_event_and_records_read_what_firehose_sends() -> None:
    event = FirehoseEvent(load_event("firehose/kinesis_source.json"))

    assert event.invocation_id == "0a9d6e21-3f4b-4d8c-b2a7-5e1f9c8d7b60"
    assert event.delivery_stream_name == "orders-archive"
    assert event.source_kinesis_stream_arn == "arn:aws:kinesis:us-east-1:123456789012:stream/orders"
    assert event.source_msk_arn is None
    assert event.region == "us-east-1"
    (record,) = event.records
    assert record.event is event
    assert record.record_id == "49590338271490256608559692538361571095921575989136588898"
    assert record.approximate_arrival_timestamp == 1714564801000
    assert record.json() == {"order": "o-77", "total": "19.90", "customer": "acme"}
    assert record.shard_id == "shardId-000000000003"
    assert record.partition_key == "acme"
    assert record.sequence_number == record.record_id
    assert record.subsequence_number == ""
    assert record.kafka_offset is None


def test_msk_records_read_kafka_record_value() -> None:
    (record,) = FirehoseEvent(load_event("firehose/msk_source.json")).records

    assert record.json() == {"device": "sensor-9", "celsius": 21.5}
    assert (record.kafka_offset, record.kafka_partition) == ("0", "1")
    assert record.shard_id is None


def test_repr_shows_ids_not_payloads() -> None:
    event = FirehoseEvent(load_event("firehose/direct_put.json"))

    assert "clickstream-to-s3" in repr(event)
    record = event.records[0]
    assert repr(record) == f"FirehoseRecord(record_id={record.record_id!r})"
    assert "checkout" not in repr(record)


def test_bad_payload_is_a_clear_error() -> None:
    record = FirehoseRecord({"recordId": "r1", "data": "%%% not base64"})

    with pytest.raises(InvalidEventError, match="record r1 data is not valid base64"):
        _ = record.data
    with pytest.raises(InvalidEventError, match="must be a list of records"):
        _ = FirehoseEvent({"deliveryStreamArn": "arn", "records": "nope"}).records


def test_each_record_gets_one_answer_in_order() -> None:
    # Given a handler that enriches, drops and fails records
    router = Router()

    @router.firehose()
    def transform(record: FirehoseRecord, context: Any) -> Any:
        click = record.json()
        if click["page"] == "/health":
            return FirehoseResult.dropped()
        return {**click, "slow": click["ms"] > 250}

    # When Firehose invokes the function
    answer = router.dispatch(load_event("firehose/direct_put.json"), {})

    # Then each record is answered under its own id: JSON lines, dropped, failed
    records = answer["records"]
    assert [r["recordId"][-3:] for r in records] == ["154", "155", "156"]
    assert [r["result"] for r in records] == ["Ok", "Dropped", "ProcessingFailed"]
    assert decoded(answer)[0] == b'{"user":"u-1001","page":"/checkout","ms":412,"slow":true}\n'
    original = load_event("firehose/direct_put.json")["records"]
    assert records[1]["data"] == original[1]["data"]
    assert records[2]["data"] == original[2]["data"]
    assert set(answer) == {"records"}


@pytest.mark.parametrize(
    ("returned", "delivered"),
    [
        (b"\x00\x01raw", b"\x00\x01raw"),
        ("plain text\n", b"plain text\n"),
        ({"k": "é"}, '{"k":"é"}\n'.encode()),
        ([1, 2], b"[1,2]\n"),
        (FirehoseResult.ok("x"), b"x"),
    ],
)
def test_returned_data_is_encoded(returned: Any, delivered: bytes) -> None:
    router = Router()
    router.firehose()(lambda record, context: returned)

    answer = router.dispatch(load_event("firehose/kinesis_source.json"), {})

    assert answer["records"][0]["result"] == "Ok"
    assert decoded(answer) == [delivered]


def test_none_passes_the_record_on_unchanged() -> None:
    router = Router()
    router.firehose()(lambda record, context: None)
    event = load_event("firehose/direct_put.json")

    answer = router.dispatch(event, {})

    assert [r["data"] for r in answer["records"]] == [r["data"] for r in event["records"]]
    assert {r["result"] for r in answer["records"]} == {"Ok"}


def test_partition_keys_go_in_metadata() -> None:
    router = Router()

    @router.firehose()
    def partition(record: FirehoseRecord, context: Any) -> FirehoseResult:
        order = record.json()
        return FirehoseResult.ok(order, partition_keys={"customer": order["customer"]})

    answer = router.dispatch(load_event("firehose/kinesis_source.json"), {})

    assert answer["records"][0]["metadata"] == {"partitionKeys": {"customer": "acme"}}


def test_unserialisable_result_fails_only_its_record() -> None:
    router = Router()
    router.firehose()(lambda record, context: {1, 2})

    answer = router.dispatch(load_event("firehose/kinesis_source.json"), {})

    assert answer["records"][0]["result"] == "ProcessingFailed"


def test_msk_sources_are_answered_with_kafka_record_value() -> None:
    router = Router()
    router.firehose()(lambda record, context: {"celsius": record.json()["celsius"]})

    answer = router.dispatch(load_event("firehose/msk_source.json"), {})

    (record,) = answer["records"]
    assert set(record) == {"recordId", "result", "kafkaRecordValue"}
    assert decoded(answer, "kafkaRecordValue") == [b'{"celsius":21.5}\n']


def test_async_handlers_run_per_record() -> None:
    router = Router()

    @router.firehose()
    async def upper(record: FirehoseRecord, context: Any) -> str:
        return record.text.upper()

    answer = router.dispatch(load_event("firehose/direct_put.json"), {})

    assert decoded(answer)[2] == b"NOT JSON AT ALL"


def test_routes_by_delivery_stream_name_or_arn() -> None:
    router = Router()
    router.firehose(delivery_stream="clickstream-to-s3")(lambda r, c: "clicks")
    router.firehose(
        delivery_stream=["arn:aws:firehose:us-east-1:123456789012:deliverystream/orders-archive"]
    )(lambda r, c: "orders")
    router.firehose()(lambda r, c: "other")

    assert decoded(router.dispatch(load_event("firehose/direct_put.json"), {}))[0] == b"clicks"
    assert decoded(router.dispatch(load_event("firehose/kinesis_source.json"), {})) == [b"orders"]
    msk = router.dispatch(load_event("firehose/msk_source.json"), {})
    assert decoded(msk, "kafkaRecordValue") == [b"other"]


def test_unmatched_stream_is_passed_through_or_fails() -> None:
    event = load_event("firehose/direct_put.json")
    acking = Router()
    acking.firehose(delivery_stream="elsewhere")(lambda r, c: "never")
    failing = Router(unmatched="fail")
    failing.firehose(delivery_stream="elsewhere")(lambda r, c: "never")

    answer = acking.dispatch(event, {})

    assert [r["data"] for r in answer["records"]] == [r["data"] for r in event["records"]]
    with pytest.raises(UnmatchedEventError):
        failing.dispatch(event, {})


def test_delivery_stream_filter_is_checked_at_registration() -> None:
    with pytest.raises(ConfigurationError, match="delivery_stream"):
        Router().firehose(delivery_stream="")


@given(st.lists(st.one_of(st.binary(), st.text(), st.none()), max_size=20))
def test_every_record_is_answered_once_in_order(payloads: list[Any]) -> None:
    records = [
        {
            "recordId": f"id-{index}",
            "approximateArrivalTimestamp": 1714564800000 + index,
            "data": base64.b64encode(b"x").decode(),
        }
        for index in range(len(payloads))
    ]
    event = {
        "invocationId": "i",
        "deliveryStreamArn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/s",
        "region": "us-east-1",
        "records": records,
    }
    router = Router()
    router.firehose()(lambda record, context: payloads[int(record.record_id[3:])])

    answer = router.dispatch(event, {})

    assert [r["recordId"] for r in answer["records"]] == [r["recordId"] for r in records]
    for record, payload in zip(answer["records"], payloads, strict=True):
        data = base64.b64decode(record["data"])
        expected = b"x" if payload is None else payload
        assert data == (expected.encode() if isinstance(expected, str) else expected)
    json.dumps(answer)
