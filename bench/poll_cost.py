"""The poller's own cost per record, in-process, beside a hand-written polling loop.

Both sides poll a stub client that answers at once from memory (no network, no AWS), build the
Lambda event, call the same do-nothing app and apply its answer (delete the batch; move the
checkpoint). What is left is the poller's own work per record: the event built field by field,
the answer read as Lambda reads it, the context, the bookkeeping.

- SQS: batches of 10 messages (the default), each with two message attributes;
- Kinesis: batches of 100 records (the default) from one shard.

The hand-written loops are the floor: the same Lambda fields, built inline, none of the checks.
"""

from __future__ import annotations

import base64
import gc
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from _report import Report, Target, ratio, table
from _stats import interleaved, median, paired_ratio
from lambda_universal_router._poll.checkpoints import Checkpoints
from lambda_universal_router._poll.context import Function
from lambda_universal_router._poll.sqs import QueueSettings, SqsQueue
from lambda_universal_router._poll.stream_apis import KinesisStream
from lambda_universal_router._poll.streams import StreamSettings, StreamSource

JSON = dict[str, Any]
QUEUE_ARN = "arn:aws:sqs:eu-west-1:123456789012:orders"
STREAM_ARN = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks"
FUNCTION = Function("bench", 30.0, "eu-west-1", "123456789012")
SQS_BATCH, KINESIS_BATCH = 10, 100

#: The poller may cost at most this multiple of the hand-written loop per record. (Its fixed
#: cost per batch, the context and the answer's checks, weighs most on SQS's batches of 10.)
HAND_TARGET = 2.0

POLLER, HAND = "lambda-router poll", "hand-written loop"


def app(event: JSON, context: Any) -> None:
    """The app both sides call: it accepts every record."""


# --- stubs --------------------------------------------------------------------------------------


class StubSqs:
    def __init__(self) -> None:
        self.messages = [
            {
                "MessageId": f"00000000-0000-4000-8000-{n:012d}",
                "ReceiptHandle": f"AQEB{n:060d}",
                "MD5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
                "Body": f'{{"orderId": "o-{n}", "amount": "29.99"}}',
                "Attributes": {
                    "ApproximateReceiveCount": "1",
                    "SentTimestamp": "1710676800000",
                    "SenderId": "AIDAIENQZJOLO23YVJ4VO",
                    "ApproximateFirstReceiveTimestamp": "1710676800100",
                },
                "MD5OfMessageAttributes": "00484c68a5aa5f4ab1fbf3c2d2ec1dea",
                "MessageAttributes": {
                    "Priority": {"StringValue": "HIGH", "DataType": "String"},
                    "Tenant": {"StringValue": "acme", "DataType": "String"},
                },
            }
            for n in range(SQS_BATCH)
        ]
        self.page = {"Messages": self.messages}

    def get_queue_attributes(self, **_: Any) -> JSON:
        return {
            "Attributes": {
                "QueueArn": QUEUE_ARN,
                "VisibilityTimeout": "180",
                "RedrivePolicy": '{"maxReceiveCount": 3}',
            }
        }

    def receive_message(self, **_: Any) -> JSON:
        return self.page

    def delete_message_batch(self, **_: Any) -> JSON:
        return {}


class StubKinesis:
    def __init__(self) -> None:
        arrival = datetime(2024, 3, 17, 12, 0, tzinfo=timezone.utc)
        self.records = [
            {
                "SequenceNumber": f"{49_600_000_000_000_000 + n:056d}",
                "ApproximateArrivalTimestamp": arrival,
                "Data": f'{{"user": "u-{n % 10}", "n": {n}}}'.encode(),
                "PartitionKey": f"u-{n % 10}",
            }
            for n in range(KINESIS_BATCH)
        ]
        self.page = {"Records": self.records, "NextShardIterator": "next"}

    def describe_stream_summary(self, **_: Any) -> JSON:
        return {"StreamDescriptionSummary": {"StreamARN": STREAM_ARN}}

    def list_shards(self, **_: Any) -> JSON:
        shard = {"ShardId": "shardId-000000000000", "SequenceNumberRange": {}}
        return {"Shards": [shard]}

    def get_shard_iterator(self, **_: Any) -> JSON:
        return {"ShardIterator": "first"}

    def get_records(self, **_: Any) -> JSON:
        return self.page


# --- the two ways to poll -----------------------------------------------------------------------


def poller_sqs() -> Callable[[], int]:
    client = StubSqs()
    queue = SqsQueue(
        client,
        "https://sqs.eu-west-1.amazonaws.com/123456789012/orders",
        settings=QueueSettings(batch_size=SQS_BATCH, wait=0),
        function=FUNCTION,
        stop=threading.Event(),
    )
    return lambda: queue.poll_once(app)


def hand_sqs() -> Callable[[], int]:
    client = StubSqs()
    url = "https://sqs.eu-west-1.amazonaws.com/123456789012/orders"

    def attribute(value: JSON) -> JSON:
        return {
            "stringValue": value["StringValue"],
            "stringListValues": [],
            "binaryListValues": [],
            "dataType": value["DataType"],
        }

    def poll() -> int:
        messages = client.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
        records = [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": m["Attributes"],
                "messageAttributes": {k: attribute(v) for k, v in m["MessageAttributes"].items()},
                "md5OfBody": m["MD5OfBody"],
                "md5OfMessageAttributes": m["MD5OfMessageAttributes"],
                "eventSource": "aws:sqs",
                "eventSourceARN": QUEUE_ARN,
                "awsRegion": "eu-west-1",
            }
            for m in messages
        ]
        answer = app({"Records": records}, None) or {}
        failed = {f["itemIdentifier"] for f in answer.get("batchItemFailures") or ()}
        entries = [
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
            for i, m in enumerate(messages)
            if m["MessageId"] not in failed
        ]
        client.delete_message_batch(QueueUrl=url, Entries=entries)
        return len(messages)

    return poll


def poller_kinesis() -> Callable[[], int]:
    client = StubKinesis()
    source = StreamSource(
        KinesisStream(client, "clicks", "eu-west-1"),
        settings=StreamSettings(batch_size=KINESIS_BATCH, starting_position="TRIM_HORIZON"),
        function=FUNCTION,
        checkpoints=Checkpoints(None),
        destination=None,
    )
    return lambda: source.poll_once(app)


def hand_kinesis() -> Callable[[], int]:
    client = StubKinesis()
    checkpoint: dict[str, str] = {}
    shard = "shardId-000000000000"
    role = FUNCTION.role_arn

    def poll() -> int:
        page = client.get_records(ShardIterator="it", Limit=KINESIS_BATCH)
        records = [
            {
                "kinesis": {
                    "kinesisSchemaVersion": "1.0",
                    "partitionKey": r["PartitionKey"],
                    "sequenceNumber": r["SequenceNumber"],
                    "data": base64.b64encode(r["Data"]).decode(),
                    "approximateArrivalTimestamp": round(
                        r["ApproximateArrivalTimestamp"].timestamp(), 3
                    ),
                },
                "eventSource": "aws:kinesis",
                "eventVersion": "1.0",
                "eventID": f"{shard}:{r['SequenceNumber']}",
                "eventName": "aws:kinesis:record",
                "invokeIdentityArn": role,
                "awsRegion": "eu-west-1",
                "eventSourceARN": STREAM_ARN,
            }
            for r in page["Records"]
        ]
        answer = app({"Records": records}, None) or {}
        if not answer.get("batchItemFailures"):
            checkpoint[shard] = page["Records"][-1]["SequenceNumber"]
        return len(records)

    return poll


# --- the run ------------------------------------------------------------------------------------


def ns_per_record(poll: Callable[[], int], batches: int) -> float:
    gc.collect()
    gc.disable()
    try:
        records = 0
        start = time.perf_counter_ns()
        for _ in range(batches):
            records += poll()
        elapsed = time.perf_counter_ns() - start
    finally:
        gc.enable()
    return elapsed / records


WORKLOADS = {
    "SQS": (poller_sqs, hand_sqs, SQS_BATCH),
    "Kinesis": (poller_kinesis, hand_kinesis, KINESIS_BATCH),
}


def run(quick: bool) -> Report:
    rounds = 5 if quick else 40
    rows, targets = [], []
    for name, (ours, hand, size) in WORKLOADS.items():
        polls = {POLLER: ours(), HAND: hand()}
        for poll in polls.values():
            if poll() != size:
                raise SystemExit(f"{name}: a poll did not return a full batch")
        batches = max(1, 20_000 // size)
        samplers = {system: _sampler(poll, batches) for system, poll in polls.items()}
        samples = interleaved(samplers, rounds)
        measured = paired_ratio(samples[POLLER], samples[HAND])
        target = Target(f"poll {name}: ÷ hand-written", measured, HAND_TARGET)
        targets.append(target)
        for system in (POLLER, HAND):
            checked = system == POLLER
            rows.append(
                [
                    name,
                    system,
                    f"{median(samples[system]) / 1000:.2f} µs",
                    ratio(paired_ratio(samples[system], samples[HAND])),
                    f"≤ {HAND_TARGET:g}x" if checked else "",
                    target.verdict() if checked else "",
                ]
            )
    header = ["Source", "System", "Per record (median)", "÷ hand-written", "Target", "Result"]
    body = (
        f"The poller's own work per record, against an in-memory stub client: SQS batches of"
        f" {SQS_BATCH} messages with two message attributes, Kinesis batches of {KINESIS_BATCH}"
        " records from one shard; a do-nothing app; the batch deleted or the checkpoint moved."
        " The hand-written loops build the same Lambda fields inline with none of the checks.\n\n"
        + table(header, rows, align="llrrll")
        + f"\n\n{rounds} interleaved rounds of 20,000 records per system, garbage collector paused"
        " while timing; ratios are medians of the ratios within each round. Against moto's"
        " server the network and moto dominate: see [reliability](reliability.md) for its"
        " throughput."
    )
    return Report("poll", "Poller overhead", body, targets)


def _sampler(poll: Callable[[], int], batches: int) -> Callable[[], float]:
    return lambda: ns_per_record(poll, batches)
