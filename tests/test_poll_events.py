"""Events built by the poller are the events Lambda delivers, field by field.

Each API response under tests/events/poll/ (what boto3 returns: bytes and datetimes marked as
``{"__bytes__": base64}`` and ``{"__datetime__": iso}``) is turned into an event and compared with
the Lambda event our fixtures hold, written from AWS's documented samples: same fields, same
order, same JSON types.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

import pytest

from lambda_universal_router import Router
from lambda_universal_router._poll import events
from lambda_universal_router._poll.context import Function
from lambda_universal_router._poll.destinations import failure_record
from lambda_universal_router._poll.stream_apis import StreamApi
from tests.conftest import load_event


def boto3_shaped(value: Any) -> Any:
    """A fixture as boto3 returns it: marked bytes and datetimes decoded."""
    if isinstance(value, dict):
        if set(value) == {"__bytes__"}:
            return base64.b64decode(value["__bytes__"])
        if set(value) == {"__datetime__"}:
            return datetime.fromisoformat(value["__datetime__"])
        return {key: boto3_shaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [boto3_shaped(item) for item in value]
    return value


def assert_same_event(built: Any, documented: Any, where: str = "") -> None:
    """Equal, with the same key order and the same JSON type at every level."""
    assert type(built) is type(documented), f"{where}: {type(built)} != {type(documented)}"
    if isinstance(documented, dict):
        assert list(built) == list(documented), where
        for key in documented:
            assert_same_event(built[key], documented[key], f"{where}.{key}")
    elif isinstance(documented, list):
        assert len(built) == len(documented), where
        for index, (mine, theirs) in enumerate(zip(built, documented, strict=True)):
            assert_same_event(mine, theirs, f"{where}[{index}]")
    else:
        assert built == documented, where
    assert json.loads(json.dumps(built)) == documented


def sqs_event(response: str, arn: str, region: str) -> dict[str, Any]:
    messages = boto3_shaped(load_event(f"poll/{response}"))["Messages"]
    return {"Records": [events.sqs_record(m, queue_arn=arn, region=region) for m in messages]}


@pytest.mark.parametrize(
    ("response", "documented", "arn", "region"),
    [
        (
            "sqs_receive_standard.json",
            "sqs/standard.json",
            "arn:aws:sqs:us-east-1:123456789012:orders",
            "us-east-1",
        ),
        (
            "sqs_receive_fifo.json",
            "sqs/fifo.json",
            "arn:aws:sqs:us-east-2:123456789012:payments.fifo",
            "us-east-2",
        ),
        (
            "sqs_receive_attributes.json",
            "poll/sqs_event_attributes.json",
            "arn:aws:sqs:eu-west-1:123456789012:uploads",
            "eu-west-1",
        ),
    ],
)
def test_sqs_messages_become_the_records_lambda_delivers(
    response: str, documented: str, arn: str, region: str
) -> None:
    assert_same_event(sqs_event(response, arn, region), load_event(documented))


def test_kinesis_records_become_the_records_lambda_delivers() -> None:
    page = boto3_shaped(load_event("poll/kinesis_get_records.json"))
    built = {
        "Records": [
            events.kinesis_record(
                record,
                shard_id="shardId-000000000006",
                stream_arn="arn:aws:kinesis:us-east-2:123456789012:stream/clickstream",
                region="us-east-2",
                role_arn="arn:aws:iam::123456789012:role/lambda-role",
            )
            for record in page["Records"]
        ]
    }
    documented = load_event("kinesis/records.json")
    assert_same_event(built, documented)
    first = built["Records"][0]
    assert first["eventID"] == f"shardId-000000000006:{first['kinesis']['sequenceNumber']}"


STREAM = "arn:aws:dynamodb:us-east-1:123456789012:table/Books/stream/2024-03-17T12:00:00.000"


@pytest.mark.parametrize(
    ("response", "documented"),
    [
        ("poll/dynamodb_get_records.json", "dynamodb/insert.json"),
        ("poll/dynamodb_get_records_binary.json", "poll/dynamodb_event_binary.json"),
    ],
)
def test_dynamodb_stream_records_become_the_records_lambda_delivers(
    response: str, documented: str
) -> None:
    page = boto3_shaped(load_event(response))
    built = {"Records": [events.dynamodb_record(r, stream_arn=STREAM) for r in page["Records"]]}
    assert_same_event(built, load_event(documented))


def test_the_built_events_are_classified_and_dispatched_like_lambdas() -> None:
    router = Router()
    seen: list[str] = []

    @router.sqs(queue="orders")
    def orders(event: Any, context: Any) -> None:
        seen.extend(record.message_id for record in event.records)

    queue = "arn:aws:sqs:us-east-1:123456789012:orders"
    event = sqs_event("sqs_receive_standard.json", queue, "us-east-1")
    router.dispatch(event, None)
    assert seen == [record["messageId"] for record in event["Records"]]


class _Kinesis(StreamApi):
    batch_info = "KinesisBatchInfo"

    def sequence(self, record: dict[str, Any]) -> str:
        sequence: str = record["SequenceNumber"]
        return sequence


def test_the_on_failure_record_has_the_documented_shape() -> None:
    page = boto3_shaped(load_event("poll/kinesis_get_records.json"))
    api = _Kinesis(None, "arn:aws:kinesis:us-east-2:123456789012:stream/clickstream", "us-east-2")
    built = failure_record(
        api,
        "shardId-000000000006",
        page["Records"],
        function=Function("clicks", 30, "us-east-2", "123456789012"),
        request_id="c9b8fa9f-5a7f-4e2b-9c1d-0c604cde93a5",
        invocations=3,
        now=datetime.fromisoformat("2018-12-17T22:15:00+00:00"),
    )
    assert_same_event(built, load_event("poll/kinesis_on_failure.json"))
