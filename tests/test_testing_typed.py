"""Factory events dispatched to real handlers read back as the plain values they were made from."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lambda_universal_router import Router
from lambda_universal_router.testing import (
    LambdaContext,
    dynamodb,
    eventbridge,
    kafka,
    kinesis,
    s3,
    sns,
    sqs,
)

#: What the handlers of the current test saw.
seen: list[Any] = []


def run(router: Router, event: dict[str, Any]) -> None:
    router.dispatch(event, LambdaContext())


def setup_function() -> None:
    seen.clear()


def test_sqs_fifo_message() -> None:
    router = Router()

    @router.sqs(per_record=True)
    def on_message(message: Any, context: Any) -> None:
        seen.append((message.json(), message.queue_name, message.is_fifo, message.message_group_id))

    run(router, sqs([{"id": 1}], queue="orders.fifo", group_id="customer-7"))

    assert seen == [({"id": 1}, "orders.fifo", True, "customer-7")]


def test_sns_notification() -> None:
    router = Router()

    @router.sns(per_record=True)
    def on_notification(message: Any, context: Any) -> None:
        seen.append((message.json(), message.subject, message.topic_name))

    run(router, sns({"alert": "high"}, subject="CPU", topic="alarms"))

    assert seen == [({"alert": "high"}, "CPU", "alarms")]


def test_s3_keys_decode_back_to_the_names_given() -> None:
    router = Router()

    @router.s3(per_record=True)
    def on_object(record: Any, context: Any) -> None:
        seen.append((record.bucket.name, record.s3_object.key, record.s3_object.size))

    run(router, s3(["photos/cat picture.jpg", "a+b (1).txt"], bucket="media", size=10))

    assert seen == [("media", "photos/cat picture.jpg", 10), ("media", "a+b (1).txt", 10)]


def test_dynamodb_images_deserialise_to_the_values_given() -> None:
    router = Router()
    image = {"Id": "101", "Price": Decimal("29.99"), "Tags": {"new"}, "Stock": None}

    @router.dynamodb(per_record=True)
    def on_change(record: Any, context: Any) -> None:
        seen.append((record.event_name, record.keys, record.new_image, record.table_name))

    run(router, dynamodb("INSERT", new_image=image, table="Products"))

    assert seen == [("INSERT", {"Id": "101"}, image, "Products")]


def test_kinesis_data_decodes_to_the_bytes_given() -> None:
    router = Router()

    @router.kinesis(per_record=True)
    def on_record(record: Any, context: Any) -> None:
        seen.append((record.data, record.partition_key, record.stream_name))

    run(router, kinesis([b"\x01", {"n": 1}], partition_keys=["a", "b"], stream="clicks"))

    assert seen == [(b"\x01", "a", "clicks"), (b'{"n": 1}', "b", "clicks")]


def test_kafka_values_keys_and_headers_decode() -> None:
    router = Router()

    @router.kafka()
    def on_batch(event: Any, context: Any) -> None:
        for record in event.records:
            seen.append((record.topic, record.key, record.json(), record.header("trace")))
        seen.append(event.is_self_managed)

    run(router, kafka([{"n": 1}], topic="orders", keys="k1", headers={"trace": "t"}))
    run(router, kafka([[1]], self_managed=True))

    assert seen[:2] == [("orders", b"k1", {"n": 1}, b"t"), False]
    assert seen[-1] is True


def test_eventbridge_detail() -> None:
    router = Router()

    @router.eventbridge()
    def on_event(event: Any, context: Any) -> None:
        seen.append((event.source, event.detail_type, event.detail))

    run(router, eventbridge({"orderId": 7}, source="shop", detail_type="OrderPlaced"))

    assert seen == [("shop", "OrderPlaced", {"orderId": 7})]
