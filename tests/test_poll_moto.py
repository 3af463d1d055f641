"""`lambda-router poll` end to end on moto's server (started here on 127.0.0.1, a free port).

Queues stay small (moto's receive slows with depth); shard splits are proven on a fake client in
test_poll_streams.py because moto's SplitShard does nothing.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("boto3")

from lambda_universal_router import Router
from lambda_universal_router._poll.context import Function
from lambda_universal_router._poll.runner import PollOptions, build_sources, run
from tests.moto_server import REGION, client, moto_server


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with moto_server() as url:
        yield url


def poll_until(
    endpoint: str, options: PollOptions, app: Any, done: Callable[[], bool], limit: float = 30
) -> None:
    """Poll in a thread until ``done()``, then stop as a signal would, and wait for the end."""
    options.endpoint_url = endpoint
    options.region = REGION
    stop = threading.Event()
    function = Function("app", options.function_timeout, REGION)
    sources = build_sources(options, function, stop)
    thread = threading.Thread(target=run, args=(app, sources, stop))
    thread.start()
    deadline = time.monotonic() + limit
    while not done() and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(limit)
    for source in sources:
        source.close()
    assert not thread.is_alive()
    assert done(), "the poller did not get there in time"


def queue_depth(sqs: Any, url: str) -> int:
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    values = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
    return sum(int(values[name]) for name in names)


def test_sqs_standard_deletes_what_succeeded_and_the_queue_redrives_the_rest(endpoint: str) -> None:
    sqs = client("sqs", endpoint)
    dlq = sqs.create_queue(QueueName="orders-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    url = sqs.create_queue(
        QueueName="orders",
        Attributes={
            "VisibilityTimeout": "1",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "2"}),
        },
    )["QueueUrl"]
    for n in range(30):
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"n": n}))

    router = Router()
    attempts: dict[int, int] = defaultdict(int)
    done: list[int] = []
    sources: set[str] = set()

    @router.sqs(queue="orders", per_record=True)
    def place(message: Any, context: Any) -> None:
        n = message.json()["n"]
        attempts[n] += 1
        sources.add(message.raw_record["eventSourceARN"])
        assert 0 < context.get_remaining_time_in_millis() <= 1000
        if n == 7 or (n % 10 == 3 and attempts[n] == 1):
            raise ValueError(f"order {n} rejected")
        done.append(n)

    poll_until(
        endpoint,
        PollOptions(queues=[url], function_timeout=1),
        router.dispatch,
        lambda: len(done) == 29 and queue_depth(sqs, dlq) == 1 and queue_depth(sqs, url) == 0,
    )
    assert sorted(set(done)) == [n for n in range(30) if n != 7]
    assert attempts[3] == attempts[13] == attempts[23] == 2
    assert attempts[7] == 2  # maxReceiveCount, then the queue moved it to its DLQ
    [dead] = sqs.receive_message(QueueUrl=dlq)["Messages"]
    assert json.loads(dead["Body"]) == {"n": 7}
    assert sources == {"arn:aws:sqs:eu-west-1:123456789012:orders"}


def test_sqs_fifo_keeps_each_group_in_order_through_a_failure(endpoint: str) -> None:
    # NOTE: one message a batch. moto (measured) hands back a group's failed messages out of
    # order when several of them were in flight at once; SQS itself keeps them in order.
    sqs = client("sqs", endpoint)
    url = sqs.create_queue(
        QueueName="steps.fifo",
        Attributes={
            "FifoQueue": "true",
            "ContentBasedDeduplication": "true",
            "VisibilityTimeout": "1",
        },
    )["QueueUrl"]
    for step in range(5):
        for group in ("a", "b"):
            sqs.send_message(QueueUrl=url, MessageBody=f"{group}{step}", MessageGroupId=group)

    router = Router()
    ran: list[str] = []
    done: list[str] = []
    groups: set[str] = set()

    @router.sqs(queue="steps.fifo", per_record=True)
    def step(message: Any, context: Any) -> None:
        ran.append(message.body)
        groups.add(message.raw_record["attributes"]["MessageGroupId"])
        if message.body == "a1" and ran.count("a1") == 1:
            raise ValueError("a1 fails once")
        done.append(message.body)

    poll_until(
        endpoint,
        PollOptions(queues=[url], function_timeout=1, batch_size=1),
        router.dispatch,
        lambda: len(done) == 10,
    )
    assert [body for body in done if body[0] == "a"] == [f"a{n}" for n in range(5)]
    assert [body for body in done if body[0] == "b"] == [f"b{n}" for n in range(5)]
    first_a1 = ran.index("a1")
    assert "a2" not in ran[: ran.index("a1", first_a1 + 1)]  # a2 waited for a1's retry
    assert groups == {"a", "b"}


def test_a_fifo_batch_size_above_ten_is_refused(endpoint: str) -> None:
    from lambda_universal_router._poll.sqs import QueueConfigError

    sqs = client("sqs", endpoint)
    url = sqs.create_queue(QueueName="big.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    options = PollOptions(queues=[url], batch_size=20, batch_window=1, endpoint_url=endpoint)
    with pytest.raises(QueueConfigError, match="at most 10"):
        build_sources(options, Function("app", 30, REGION), threading.Event())


def test_a_visibility_timeout_under_the_function_timeout_is_refused(endpoint: str) -> None:
    from lambda_universal_router._poll.sqs import QueueConfigError

    sqs = client("sqs", endpoint)
    url = sqs.create_queue(QueueName="short", Attributes={"VisibilityTimeout": "5"})["QueueUrl"]
    options = PollOptions(queues=[url], endpoint_url=endpoint)
    with pytest.raises(QueueConfigError, match="visibility timeout"):
        build_sources(options, Function("app", 30, REGION), threading.Event())


def test_kinesis_two_shards_in_order_per_key_with_checkpoints(
    endpoint: str, tmp_path: Path
) -> None:
    kinesis = client("kinesis", endpoint)
    kinesis.create_stream(StreamName="clicks", ShardCount=2)
    for n in range(40):
        record = {"key": f"user-{n % 6}", "n": n}
        kinesis.put_record(
            StreamName="clicks", Data=json.dumps(record).encode(), PartitionKey=record["key"]
        )

    router = Router()
    done: list[dict[str, Any]] = []
    shards: set[str] = set()
    failed_once: set[int] = set()

    @router.kinesis(stream="clicks", per_record=True)
    def click(record: Any, context: Any) -> None:
        value = record.json()
        shards.add(record.raw_record["eventID"].split(":")[0])
        if value["n"] == 11 and 11 not in failed_once:
            failed_once.add(11)
            raise ValueError("fails once")
        done.append(value)

    options = PollOptions(
        kinesis=["clicks"], starting_position="TRIM_HORIZON", state_dir=str(tmp_path), batch_size=10
    )
    poll_until(endpoint, options, router.dispatch, lambda: len({d["n"] for d in done}) == 40)
    assert len(shards) == 2
    by_key: dict[str, list[int]] = defaultdict(list)
    for value in done:
        by_key[value["key"]].append(value["n"])
    for numbers in by_key.values():
        assert numbers == sorted(numbers)
    saved = json.loads((tmp_path / "checkpoints.json").read_text())
    [stream] = saved["streams"].values()
    assert len(stream["shards"]) == 2


def test_dynamodb_stream_records_from_real_table_writes(endpoint: str, tmp_path: Path) -> None:
    dynamodb = client("dynamodb", endpoint)
    table = dynamodb.create_table(
        TableName="Books",
        KeySchema=[{"AttributeName": "Id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "Id", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )["TableDescription"]
    dynamodb.put_item(TableName="Books", Item={"Id": {"S": "b1"}, "Price": {"N": "10"}})
    dynamodb.update_item(
        TableName="Books",
        Key={"Id": {"S": "b1"}},
        UpdateExpression="SET Price = :p",
        ExpressionAttributeValues={":p": {"N": "12"}},
    )
    dynamodb.delete_item(TableName="Books", Key={"Id": {"S": "b1"}})

    router = Router()
    changes: list[tuple[str, Any, Any]] = []

    @router.dynamodb(table="Books", per_record=True)
    def change(record: Any, context: Any) -> None:
        old, new = record.old_image, record.new_image
        changes.append((record.event_name, old and old["Price"], new and new["Price"]))

    options = PollOptions(
        dynamodb=[table["LatestStreamArn"]],
        starting_position="TRIM_HORIZON",
        state_dir=str(tmp_path),
    )
    poll_until(endpoint, options, router.dispatch, lambda: len(changes) == 3)
    assert [(name, old, new) for name, old, new in changes] == [
        ("INSERT", None, 10),
        ("MODIFY", 10, 12),
        ("REMOVE", 12, None),
    ]


def test_a_queue_no_identity_filter_names_is_never_deleted_but_reaches_its_dlq(
    endpoint: str,
) -> None:
    sqs = client("sqs", endpoint)
    dlq = sqs.create_queue(QueueName="strays-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    url = sqs.create_queue(
        QueueName="strays",
        Attributes={
            "VisibilityTimeout": "1",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "1"}),
        },
    )["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="misrouted")
    router = Router()
    ran: list[str] = []

    @router.sqs(queue="orders", per_record=True)
    def orders(message: Any, context: Any) -> None:
        ran.append(message.body)

    poll_until(
        endpoint,
        PollOptions(queues=[url], function_timeout=1),
        router.dispatch,
        lambda: queue_depth(sqs, dlq) == 1,
    )
    assert ran == []
    assert queue_depth(sqs, url) == 0


def test_kinesis_skipped_records_go_to_the_on_failure_queue(endpoint: str) -> None:
    sqs = client("sqs", endpoint)
    failures = sqs.create_queue(QueueName="skipped")["QueueUrl"]
    kinesis = client("kinesis", endpoint)
    kinesis.create_stream(StreamName="payments", ShardCount=1)
    for n in range(3):
        kinesis.put_record(StreamName="payments", Data=str(n).encode(), PartitionKey="k")

    router = Router()
    done: list[str] = []

    @router.kinesis(stream="payments", per_record=True)
    def pay(record: Any, context: Any) -> None:
        if record.data == b"1":
            raise ValueError("always fails")
        done.append(record.data.decode())

    options = PollOptions(
        kinesis=["payments"],
        starting_position="TRIM_HORIZON",
        max_retries=1,
        on_failure=failures,
    )
    poll_until(endpoint, options, router.dispatch, lambda: done == ["0", "2"])
    [message] = sqs.receive_message(QueueUrl=failures)["Messages"]
    sent = json.loads(message["Body"])
    assert sent["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert sent["requestContext"]["approximateInvokeCount"] == 2
    info = sent["KinesisBatchInfo"]
    assert info["batchSize"] == 1
    assert info["streamArn"] == "arn:aws:kinesis:eu-west-1:123456789012:stream/payments"
    assert info["startSequenceNumber"] == info["endSequenceNumber"]
