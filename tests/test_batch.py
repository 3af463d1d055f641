"""Batches that lose nothing: partial failures, FIFO groups, stream checkpoints, unmatched."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

import pytest

from lambda_universal_router import BatchError, ConfigurationError, Router, UnmatchedEventError

QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:orders"
FIFO_ARN = "arn:aws:sqs:us-east-1:123456789012:orders.fifo"
STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/clicks"
TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Books/stream/2024-01-01T00:00:00.000"


def sqs_record(
    message_id: str, body: str, *, arn: str = QUEUE_ARN, group: str | None = None
) -> dict[str, Any]:
    attributes: dict[str, Any] = {"ApproximateReceiveCount": "1", "SentTimestamp": "1545082649183"}
    if group is not None:
        attributes["MessageGroupId"] = group
    return {
        "messageId": message_id,
        "receiptHandle": f"handle-{message_id}",
        "body": body,
        "attributes": attributes,
        "messageAttributes": {},
        "md5OfBody": "x",
        "eventSource": "aws:sqs",
        "eventSourceARN": arn,
        "awsRegion": "us-east-1",
    }


def sqs_event(*records: dict[str, Any]) -> dict[str, Any]:
    return {"Records": list(records)}


def kinesis_record(sequence: int, key: str, data: str = "e30=") -> dict[str, Any]:
    return {
        "kinesis": {
            "kinesisSchemaVersion": "1.0",
            "partitionKey": key,
            "sequenceNumber": str(sequence),
            "data": data,
            "approximateArrivalTimestamp": 1545084650.987,
        },
        "eventSource": "aws:kinesis",
        "eventVersion": "1.0",
        "eventID": f"shardId-000000000006:{sequence}",
        "eventName": "aws:kinesis:record",
        "awsRegion": "us-east-1",
        "eventSourceARN": STREAM_ARN,
    }


def dynamodb_record(sequence: int, item_id: str, event_name: str = "INSERT") -> dict[str, Any]:
    return {
        "eventID": str(sequence),
        "eventName": event_name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "dynamodb": {
            "Keys": {"Id": {"S": item_id}},
            "NewImage": {"Id": {"S": item_id}},
            "SequenceNumber": str(sequence),
            "SizeBytes": 26,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
        "eventSourceARN": TABLE_ARN,
    }


def failures(result: dict[str, Any]) -> list[str]:
    return [entry["itemIdentifier"] for entry in result["batchItemFailures"]]


# --- SQS standard ---------------------------------------------------------------------------------


def test_sqs_standard_tries_every_record_and_reports_each_failure() -> None:
    router = Router()
    seen: list[str] = []

    @router.sqs(per_record=True)
    def handle(message: Any, context: Any) -> None:
        seen.append(message.message_id)
        if message.body == "bad":
            raise ValueError("cannot process")

    event = sqs_event(*(sqs_record(str(i), "bad" if i in (1, 3) else "ok") for i in range(5)))
    result = router.dispatch(event, {})
    assert failures(result) == ["1", "3"]
    assert seen == ["0", "1", "2", "3", "4"]


def test_per_record_handlers_report_an_empty_list_when_all_succeed() -> None:
    router = Router()
    router.sqs(per_record=True)(lambda message, context: None)
    assert router.dispatch(sqs_event(sqs_record("1", "ok")), {}) == {"batchItemFailures": []}


def test_when_every_record_fails_each_is_reported_rather_than_raising() -> None:
    router = Router()

    @router.sqs(per_record=True)
    def handle(message: Any, context: Any) -> None:
        raise RuntimeError("downstream is down")

    result = router.dispatch(sqs_event(sqs_record("a", "x"), sqs_record("b", "y")), {})
    assert failures(result) == ["a", "b"]


def test_failures_are_logged_once_with_the_first_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    router = Router()

    @router.sqs(per_record=True)
    def handle(message: Any, context: Any) -> None:
        raise KeyError(message.message_id)

    router.dispatch(sqs_event(sqs_record("a", "x"), sqs_record("b", "y")), {})
    warnings = [r for r in caplog.records if r.name == "lambda_universal_router"]
    assert len(warnings) == 1
    assert "2 of 2 sqs records failed" in warnings[0].getMessage()
    assert warnings[0].exc_info is not None


def test_whole_batch_handlers_keep_1_0_behaviour_and_errors_propagate() -> None:
    router = Router()

    @router.sqs()
    def handle(event: Any, context: Any) -> dict[str, int]:
        if any(m.body == "boom" for m in event.records):
            raise ValueError("boom")
        return {"processed": len(event.records)}

    assert router.dispatch(sqs_event(sqs_record("1", "ok")), {}) == {"processed": 1}
    with pytest.raises(ValueError, match="boom"):
        router.dispatch(sqs_event(sqs_record("1", "boom")), {})


def test_a_whole_batch_handler_may_report_its_own_failures() -> None:
    router = Router()
    router.sqs(queue="orders")(
        lambda event, context: {"batchItemFailures": [{"itemIdentifier": "2"}]}
    )
    router.sqs(queue="other", per_record=True)(lambda message, context: None)
    event = sqs_event(sqs_record("1", "a"), sqs_record("2", "b"))
    assert failures(router.dispatch(event, {})) == ["2"]


# --- SQS FIFO -------------------------------------------------------------------------------------


def test_fifo_failure_blocks_later_records_of_its_group_only() -> None:
    router = Router()
    ran: list[str] = []

    @router.sqs(per_record=True)
    def handle(message: Any, context: Any) -> None:
        ran.append(message.message_id)
        if message.message_id == "a2":
            raise ValueError("a2 fails")

    event = sqs_event(
        sqs_record("a1", "x", arn=FIFO_ARN, group="A"),
        sqs_record("b1", "x", arn=FIFO_ARN, group="B"),
        sqs_record("a2", "x", arn=FIFO_ARN, group="A"),
        sqs_record("b2", "x", arn=FIFO_ARN, group="B"),
        sqs_record("a3", "x", arn=FIFO_ARN, group="A"),
    )
    assert failures(router.dispatch(event, {})) == ["a2", "a3"]
    assert ran == ["a1", "b1", "a2", "b2"]


# --- streams --------------------------------------------------------------------------------------


def test_kinesis_stops_at_the_first_failure_and_reports_it_and_all_after() -> None:
    router = Router()
    ran: list[str] = []

    @router.kinesis(per_record=True)
    def handle(record: Any, context: Any) -> None:
        ran.append(record.sequence_number)
        if record.sequence_number == "2":
            raise ValueError("bad record")

    event = {"Records": [kinesis_record(i, f"k{i % 2}") for i in range(1, 6)]}
    assert failures(router.dispatch(event, {})) == ["2", "3", "4", "5"]
    assert ran == ["1", "2"]


def test_dynamodb_reports_sequence_numbers_from_the_first_failure() -> None:
    router = Router()

    @router.dynamodb(per_record=True)
    def handle(record: Any, context: Any) -> None:
        if record.event_name == "MODIFY":
            raise ValueError("cannot apply update")

    event = {
        "Records": [
            dynamodb_record(100, "a"),
            dynamodb_record(200, "b", "MODIFY"),
            dynamodb_record(300, "c"),
        ]
    }
    assert failures(router.dispatch(event, {})) == ["200", "300"]


def test_stream_concurrency_stops_per_partition_key() -> None:
    router = Router()
    ran: list[str] = []
    lock = threading.Lock()

    @router.kinesis(per_record=True, concurrency=4)
    def handle(record: Any, context: Any) -> None:
        with lock:
            ran.append(record.sequence_number)
        if record.sequence_number == "3":
            raise ValueError("bad")

    # keys: 1->A, 2->B, 3->A (fails), 4->B, 5->A (skipped)
    keys = {1: "A", 2: "B", 3: "A", 4: "B", 5: "A"}
    event = {"Records": [kinesis_record(i, keys[i]) for i in range(1, 6)]}
    assert failures(router.dispatch(event, {})) == ["3", "5"]
    assert sorted(ran) == ["1", "2", "3", "4"]


# --- concurrency and async ------------------------------------------------------------------------


def test_concurrency_keeps_fifo_group_order_while_running_groups_in_parallel() -> None:
    router = Router()
    order: dict[str, list[int]] = {"A": [], "B": [], "C": []}
    active = 0
    peak = 0
    lock = threading.Lock()

    @router.sqs(per_record=True, concurrency=3)
    def handle(message: Any, context: Any) -> None:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.01)
        group, number = message.body.split(":")
        order[group].append(int(number))
        with lock:
            active -= 1

    records = [
        sqs_record(f"{g}{n}", f"{g}:{n}", arn=FIFO_ARN, group=g) for n in range(4) for g in "ABC"
    ]
    assert failures(router.dispatch(sqs_event(*records), {})) == []
    assert order == {"A": [0, 1, 2, 3], "B": [0, 1, 2, 3], "C": [0, 1, 2, 3]}
    assert peak > 1


def test_concurrency_needs_per_record() -> None:
    router = Router()
    with pytest.raises(ConfigurationError, match="needs per_record=True"):
        router.sqs(concurrency=4)
    with pytest.raises(ConfigurationError, match="at least 1"):
        router.sqs(per_record=True, concurrency=0)


async def _async_handler(message: Any, context: Any) -> None:
    await asyncio.sleep(0)
    if message.body == "bad":
        raise ValueError("bad")


def test_async_per_record_handlers_run_in_one_loop() -> None:
    router = Router()
    router.sqs(per_record=True, concurrency=2)(_async_handler)
    event = sqs_event(sqs_record("1", "ok"), sqs_record("2", "bad"), sqs_record("3", "ok"))
    assert failures(router.dispatch(event, {})) == ["2"]


def test_dispatch_async_runs_async_handlers_on_the_callers_loop() -> None:
    router = Router()
    loops: list[Any] = []

    @router.sqs(per_record=True)
    async def handle(message: Any, context: Any) -> None:
        loops.append(asyncio.get_running_loop())

    async def main() -> tuple[Any, Any]:
        result = await router.dispatch_async(sqs_event(sqs_record("1", "ok")), {})
        return result, asyncio.get_running_loop()

    result, loop = asyncio.run(main())
    assert result == {"batchItemFailures": []}
    assert loops == [loop]


def test_sync_dispatch_of_async_handler_inside_a_loop_points_to_dispatch_async() -> None:
    router = Router()
    router.custom()(_async_handler)

    async def main() -> None:
        router.dispatch({"body": "ok"}, {})

    with pytest.raises(RuntimeError, match="dispatch_async"):
        asyncio.run(main())


# --- filters and unmatched records ----------------------------------------------------------------


def test_records_go_to_the_handler_whose_filter_matches() -> None:
    router = Router()
    got: dict[str, list[str]] = {"orders": [], "fallback": []}
    router.sqs(queue="orders", per_record=True)(
        lambda message, context: got["orders"].append(message.message_id)
    )
    router.sqs(per_record=True)(lambda message, context: got["fallback"].append(message.message_id))
    other = "arn:aws:sqs:us-east-1:123456789012:payments"
    event = sqs_event(sqs_record("1", "x"), sqs_record("2", "x", arn=other))
    router.dispatch(event, {})
    assert got == {"orders": ["1"], "fallback": ["2"]}


def test_whole_batch_handler_with_filter_receives_only_matching_records() -> None:
    router = Router()
    received: list[list[str]] = []

    @router.dynamodb(event_names=["INSERT"])
    def inserts(event: Any, context: Any) -> None:
        received.append([r.event_id for r in event.records])

    event = {"Records": [dynamodb_record(1, "a"), dynamodb_record(2, "b", "REMOVE")]}
    router.dispatch(event, {})
    assert received == [["1"]]


def test_records_other_filters_decline_are_acknowledged_by_default() -> None:
    router = Router()
    router.dynamodb(table="Books", event_names="INSERT", per_record=True)(lambda r, c: None)
    event = {"Records": [dynamodb_record(1, "a", "REMOVE")]}
    assert router.dispatch(event, {}) == {"batchItemFailures": []}


def test_records_other_filters_decline_are_reported_failed_when_asked() -> None:
    router = Router(unmatched="fail")
    router.dynamodb(table="Books", event_names="INSERT", per_record=True)(lambda r, c: None)
    event = {"Records": [dynamodb_record(1, "a", "REMOVE")]}
    assert failures(router.dispatch(event, {})) == ["1"]


@pytest.mark.parametrize("unmatched", ["ack", "fail"])
def test_records_from_a_queue_no_filter_names_are_reported_failed(unmatched: str) -> None:
    router = Router(unmatched=unmatched)
    router.sqs(queue="payments", per_record=True)(lambda message, context: None)
    assert failures(router.dispatch(sqs_event(sqs_record("1", "x")), {})) == ["1"]


def test_single_events_follow_the_unmatched_rule() -> None:
    event = {
        "version": "0",
        "id": "e1",
        "detail-type": "OrderPlaced",
        "source": "shop",
        "account": "1",
        "time": "t",
        "region": "us-east-1",
        "resources": [],
        "detail": {},
    }
    acking = Router()
    acking.eventbridge(source="billing")(lambda event, context: "billing")
    assert acking.dispatch(event, {}) is None
    failing = Router(unmatched="fail")
    failing.eventbridge(source="billing")(lambda event, context: "billing")
    with pytest.raises(UnmatchedEventError, match="No eventbridge handler"):
        failing.dispatch(event, {})


def test_eventbridge_pattern_filters_choose_the_handler() -> None:
    router = Router()
    router.eventbridge(pattern={"detail": {"amount": [{"numeric": [">", 100]}]}})(
        lambda event, context: "large"
    )
    router.eventbridge()(lambda event, context: "any")
    base = {"detail-type": "OrderPlaced", "source": "shop", "resources": []}
    assert router.dispatch({**base, "detail": {"amount": 500}}, {}) == "large"
    assert router.dispatch({**base, "detail": {"amount": 5}}, {}) == "any"


def test_invalid_patterns_fail_at_registration() -> None:
    router = Router()
    with pytest.raises(ConfigurationError):
        router.eventbridge(pattern={"source": "not-a-list"})


def test_non_partial_sources_raise_when_records_fail() -> None:
    router = Router()

    @router.sns(per_record=True)
    def handle(message: Any, context: Any) -> None:
        raise ValueError(f"cannot handle {message.message_id}")

    sns = {
        "Records": [
            {"EventSource": "aws:sns", "Sns": {"MessageId": "m1", "Message": "x", "TopicArn": "t"}},
            {"EventSource": "aws:sns", "Sns": {"MessageId": "m2", "Message": "y", "TopicArn": "t"}},
        ]
    }
    with pytest.raises(BatchError, match="2 of 2 sns records") as caught:
        router.dispatch(sns, {})
    assert caught.value.record_ids == ["m1", "m2"]
    single = {"Records": sns["Records"][:1]}
    with pytest.raises(ValueError, match="cannot handle m1"):
        router.dispatch(single, {})


def test_kafka_topic_filter_gives_whole_batch_handlers_their_topic_only() -> None:
    router = Router()
    seen: list[list[str]] = []
    router.kafka(topic="orders")(
        lambda event, context: seen.append([r.topic for r in event.records])
    )
    router.kafka(topic="audit")(lambda event, context: None)
    record = {"partition": 0, "timestamp": 1, "timestampType": "CREATE_TIME", "value": "e30="}
    event = {
        "eventSource": "aws:kafka",
        "eventSourceArn": "arn:aws:kafka:us-east-1:123456789012:cluster/c/1",
        "bootstrapServers": "b-1:9092",
        "records": {
            "orders-0": [{**record, "topic": "orders", "offset": 1}],
            "audit-0": [{**record, "topic": "audit", "offset": 7}],
        },
    }
    router.dispatch(event, {})
    assert seen == [["orders"]]


def test_json_bodies_are_parsed_by_handlers_not_by_the_router() -> None:
    router = Router()
    totals: list[int] = []
    router.sqs(per_record=True)(lambda m, c: totals.append(json.loads(m.body)["n"]))
    router.dispatch(sqs_event(sqs_record("1", '{"n": 3}')), {})
    assert totals == [3]


def _stream_event(records: int) -> dict[str, Any]:
    return {
        "Records": [
            {
                "eventID": f"e{number}",
                "eventName": "MODIFY",
                "eventSource": "aws:dynamodb",
                "eventSourceARN": "arn:aws:dynamodb:eu-west-1:123456789012:table/T/stream/1",
                "dynamodb": {"SequenceNumber": str(100 + number), "Keys": {"pk": {"S": "a"}}},
            }
            for number in range(records)
        ]
    }


@pytest.mark.parametrize("failing", [(), (0,), (2,), (4,), (1, 3)])
def test_a_lone_per_record_stream_handler_answers_as_the_general_path(
    failing: tuple[int, ...],
) -> None:
    # The lone unfiltered handler takes the fast path; a filter that takes every record forces
    # the general one: the answers must be the same (a failure fails the rest of the batch).
    def handler(record: Any, context: Any) -> None:
        if int(record.dynamodb["SequenceNumber"]) - 100 in failing:
            raise RuntimeError("no")

    fast, general = Router(), Router()
    fast.dynamodb(per_record=True)(handler)
    general.dynamodb(per_record=True, event_names=["INSERT", "MODIFY", "REMOVE"])(handler)
    answer = fast.dispatch(_stream_event(5), {})
    assert answer == general.dispatch(_stream_event(5), {})
    first = min(failing, default=5)
    assert answer == {
        "batchItemFailures": [{"itemIdentifier": str(100 + n)} for n in range(first, 5)]
    }
