"""Typed per-record handlers: the payload parsed and validated; invalid records fail."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

import pytest

from lambda_universal_router import (
    BatchError,
    ConfigurationError,
    RecordValidationError,
    Router,
)
from lambda_universal_router.events import (
    EventBridgeEvent,
    KafkaRecord,
    KinesisRecord,
    MQMessage,
    SNSMessage,
    SQSMessage,
)
from lambda_universal_router.params import Field, Query
from lambda_universal_router.testing import eventbridge, kafka, kinesis, mq, sns, sqs

GOOD = {"order_id": "o-1", "qty": 2, "price": "9.90"}
BAD = {"order_id": 7, "qty": 0}


@dataclass
class Order:
    order_id: str
    qty: Annotated[int, Field(ge=1)]
    price: Decimal = Decimal(0)


def test_sqs_payload_binds_and_invalid_records_are_reported_failed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    router = Router()
    seen: list[tuple[Order, str | None]] = []

    @router.sqs(per_record=True)
    def handle(order: Order, record: SQSMessage) -> None:
        seen.append((order, record.message_id))

    event = sqs([GOOD, BAD, "not json"])
    ids = [r["messageId"] for r in event["Records"]]
    with caplog.at_level(logging.WARNING, logger="lambda_universal_router"):
        answer = router.dispatch(event, None)

    assert answer == {"batchItemFailures": [{"itemIdentifier": ids[1]}, {"itemIdentifier": ids[2]}]}
    assert seen == [(Order("o-1", 2, Decimal("9.90")), ids[0])]
    log = caplog.text
    assert f"sqs record {ids[1]} failed validation" in log
    assert "payload.order_id" in log and "payload.qty" in log
    assert f"sqs record {ids[2]} failed validation: payload: The payload is not valid JSON" in log


def test_sqs_fifo_group_is_skipped_after_an_invalid_record() -> None:
    router = Router()
    seen: list[str] = []

    @router.sqs(per_record=True)
    def handle(order: Order) -> None:
        seen.append(order.order_id)

    event = sqs([BAD, {**GOOD, "order_id": "o-2"}], queue="orders.fifo", group_id="g")
    ids = [r["messageId"] for r in event["Records"]]
    assert router.dispatch(event, None) == {
        "batchItemFailures": [{"itemIdentifier": i} for i in ids]
    }
    assert seen == []


def test_kinesis_stops_at_the_first_invalid_record() -> None:
    router = Router()
    seen: list[str] = []

    @router.kinesis(per_record=True)
    def handle(order: Order, record: KinesisRecord, context: Any) -> None:
        seen.append(order.order_id)

    event = kinesis([GOOD, BAD, {**GOOD, "order_id": "o-3"}], partition_keys="k")
    numbers = [r["kinesis"]["sequenceNumber"] for r in event["Records"]]
    answer = router.dispatch(event, None)
    assert seen == ["o-1"]
    assert {"itemIdentifier": numbers[1]} in answer["batchItemFailures"]


def test_sns_invalid_message_fails_the_invocation_with_its_errors() -> None:
    router = Router()

    @router.sns(per_record=True)
    def handle(order: Order, record: SNSMessage) -> None:
        raise AssertionError("not called")

    with pytest.raises(RecordValidationError) as caught:
        router.dispatch(sns(BAD), None)
    assert [e["location"] for e in caught.value.errors] == [
        ["payload", "order_id"],
        ["payload", "qty"],
    ]


def test_eventbridge_detail_binds() -> None:
    router = Router()
    seen: list[Order] = []

    @router.eventbridge(detail_type="Order Placed", per_record=True)
    def handle(order: Order, record: EventBridgeEvent) -> None:
        seen.append(order)

    router.dispatch(eventbridge(GOOD), None)
    assert seen == [Order("o-1", 2, Decimal("9.90"))]
    with pytest.raises(RecordValidationError):
        router.dispatch(eventbridge(BAD), None)


def test_kafka_value_binds_and_an_invalid_record_blocks_its_partition(
    caplog: pytest.LogCaptureFixture,
) -> None:
    router = Router()
    seen: list[str] = []

    @router.kafka(topic="orders", per_record=True)
    def handle(order: Order, record: KafkaRecord) -> None:
        seen.append(order.order_id)

    event = kafka([GOOD, BAD, {**GOOD, "order_id": "o-3"}], topic="orders")
    with caplog.at_level(logging.WARNING, logger="lambda_universal_router"):
        answer = router.dispatch(event, None)

    assert seen == ["o-1"]
    offsets = [failure["itemIdentifier"]["offset"] for failure in answer["batchItemFailures"]]
    records = next(iter(event["records"].values()))
    assert offsets == [records[1]["offset"], records[2]["offset"]]
    assert "kafka record" in caplog.text and "payload.qty" in caplog.text


@pytest.mark.parametrize("engine", ["ActiveMQ", "RabbitMQ"])
def test_mq_per_record_binds_each_message_and_fails_the_batch(engine: str) -> None:
    router = Router()
    seen: list[str] = []

    @router.mq(per_record=True)
    def handle(order: Order, record: MQMessage) -> None:
        seen.append(order.order_id)

    router.dispatch(mq([GOOD, {**GOOD, "order_id": "o-2"}], engine=engine), None)
    assert seen == ["o-1", "o-2"]
    with pytest.raises(BatchError) as caught:
        router.dispatch(mq([BAD, GOOD, BAD], engine=engine), None)
    assert len(caught.value.record_ids) == 2
    assert seen[-1] == "o-1"  # every message had its turn
    with pytest.raises(RecordValidationError):
        router.dispatch(mq([BAD], engine=engine), None)


def test_mq_whole_batch_handlers_still_get_the_event() -> None:
    router = Router()

    @router.mq(queue="orders")
    def handle(event: Any, context: Any) -> int:
        return len(event.records)

    assert router.dispatch(mq([GOOD, GOOD]), None) == 2


def test_record_handlers_reject_http_markers_and_unannotated_parameters() -> None:
    router = Router()
    with pytest.raises(ConfigurationError, match="HTTP routes"):

        @router.sqs(per_record=True)
        def marked(page: Annotated[int, Query()]) -> None:
            return None

    with pytest.raises(ConfigurationError, match="no annotation"):

        @router.sqs(per_record=True)
        def bare(order: Order, extra) -> None:  # type: ignore[no-untyped-def]
            return None

    with pytest.raises(ConfigurationError, match="typed parameters"):

        @router.sqs()
        def whole(order: Order) -> None:
            return None


def test_1_0_per_record_handlers_are_untouched() -> None:
    router = Router()
    seen: list[Any] = []
    router.sqs(per_record=True)(lambda m, c, seen=seen: seen.append(m.body))

    @router.sns(per_record=True)
    def notified(message: SNSMessage, context: Any) -> None:
        seen.append(message.message)

    assert all(r.binding is None for r in router.routes())
    router.dispatch(sqs(["a"]), None)
    router.dispatch(sns("b"), None)
    assert seen == ["a", "b"]
