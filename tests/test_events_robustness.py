"""Odd and broken events never crash with an internal error.

Events are generated around the shapes AWS sends (right keys with wrong, partial or null values);
every attribute of the event, its records and their views is read, and every helper called. The
only exception allowed is ``InvalidEventError``.
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from lambda_universal_router import InvalidEventError
from lambda_universal_router.events import (
    CustomEvent,
    DynamoDBStreamEvent,
    EventBridgeEvent,
    KafkaEvent,
    KinesisStreamEvent,
    S3Event,
    SNSEvent,
    SQSEvent,
)
from lambda_universal_router.events._fields import TextField

TAGS = ["S", "N", "B", "SS", "NS", "BS", "L", "M", "BOOL", "NULL", "Q"]

json_values: SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=6)
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(TAGS), inner, max_size=2),
        st.dictionaries(st.text(max_size=4), inner, max_size=3),
    ),
    max_leaves=12,
)
arns = st.one_of(
    json_values,
    st.sampled_from(
        [
            "arn:aws:sqs:us-east-1:123456789012:queue.fifo",
            "arn:aws:dynamodb:us-east-1:123456789012:table/Books/stream/2024",
            "arn:aws:dynamodb:us-east-1:123456789012:table",
            "arn:aws:kinesis:us-east-1:123456789012:stream/clicks",
            "arn:aws:kinesis:us-east-1:123456789012:stream",
            "arn:",
            "",
        ]
    ),
)
base64_text = st.one_of(
    st.binary(max_size=12).map(lambda data: base64.b64encode(data).decode()),
    st.text(max_size=8).map(lambda text: base64.b64encode(json.dumps(text).encode()).decode()),
    st.text(max_size=8),
    json_values,
)


def shaped(**fields: SearchStrategy[Any] | None) -> SearchStrategy[Any]:
    """Dicts holding any of ``fields`` (None: any JSON), or now and then not a dict at all."""
    optional = {name: json_values if value is None else value for name, value in fields.items()}
    return st.one_of(st.fixed_dictionaries({}, optional=optional), json_values)


def batch(record: SearchStrategy[Any]) -> SearchStrategy[Any]:
    return st.one_of(
        st.fixed_dictionaries({"Records": st.lists(record, max_size=3)}),
        st.fixed_dictionaries({"Records": json_values}),
    )


images = st.dictionaries(st.text(max_size=4), json_values, max_size=4)

SQS = batch(
    shaped(
        messageId=None,
        receiptHandle=None,
        body=st.one_of(st.just('{"a": 1}'), json_values),
        attributes=shaped(MessageGroupId=None, SequenceNumber=None),
        messageAttributes=None,
        md5OfBody=None,
        eventSource=None,
        eventSourceARN=arns,
        awsRegion=None,
    )
)
S3 = batch(
    shaped(
        eventName=None,
        eventTime=None,
        userIdentity=None,
        s3=shaped(
            bucket=shaped(name=None, arn=None, ownerIdentity=None),
            object=shaped(
                key=st.one_of(st.text(alphabet="ab+%2F() ", max_size=8), json_values),
                size=None,
                eTag=None,
                versionId=None,
                sequencer=None,
            ),
            configurationId=None,
        ),
    )
)
DYNAMODB = batch(
    shaped(
        eventID=None,
        eventName=st.one_of(st.just("REMOVE"), json_values),
        userIdentity=shaped(type=st.just("Service"), principalId=st.just("dynamodb.amazonaws.com")),
        eventSourceARN=arns,
        dynamodb=shaped(
            Keys=st.one_of(images, json_values),
            NewImage=st.one_of(images, json_values),
            OldImage=st.one_of(images, json_values),
            SequenceNumber=None,
            ApproximateCreationDateTime=None,
            SizeBytes=None,
            StreamViewType=None,
        ),
    )
)
KINESIS = batch(
    shaped(
        kinesis=shaped(
            data=base64_text,
            partitionKey=None,
            sequenceNumber=None,
            approximateArrivalTimestamp=None,
        ),
        eventID=None,
        eventSourceARN=arns,
    )
)
SNS = batch(
    shaped(
        EventSource=None,
        Sns=shaped(
            MessageId=None,
            TopicArn=arns,
            Message=st.one_of(st.just("[1, 2]"), json_values),
            MessageAttributes=None,
        ),
    )
)
EVENTBRIDGE = shaped(
    version=None, id=None, source=None, resources=None, detail=None, **{"detail-type": None}
)
header_values = st.one_of(st.lists(st.integers(-2, 300), max_size=4), json_values)
KAFKA_RECORD = shaped(
    topic=None,
    partition=st.one_of(st.integers(), st.text(alphabet="0123x", max_size=3), json_values),
    offset=None,
    timestamp=None,
    key=base64_text,
    value=base64_text,
    headers=st.one_of(
        st.lists(
            st.one_of(
                st.dictionaries(st.sampled_from(["h", "key", "value"]), header_values, max_size=2),
                json_values,
            ),
            max_size=3,
        ),
        json_values,
    ),
)
KAFKA = shaped(
    eventSource=st.one_of(st.sampled_from(["aws:kafka", "SelfManagedKafka"]), json_values),
    bootstrapServers=st.one_of(st.just("a:1, b:2,"), json_values),
    records=st.one_of(
        st.dictionaries(st.text(max_size=4), st.lists(KAFKA_RECORD, max_size=3), max_size=2),
        json_values,
    ),
)


def is_ours(value: Any) -> bool:
    return type(value).__module__.startswith("lambda_universal_router.events")


def read_everything(obj: Any) -> None:
    """Read every public property of ``obj`` and of the typed objects it leads to."""
    for name in dir(type(obj)):
        if name.startswith("_"):
            continue
        member = getattr(type(obj), name)
        with contextlib.suppress(InvalidEventError):
            if name == "json":
                obj.json()
            elif name == "header":
                obj.header("h")
                obj.header("key")
            elif isinstance(member, (property, TextField)):
                value = getattr(obj, name)
                for item in value if isinstance(value, list) else [value]:
                    if is_ours(item):
                        read_everything(item)
    repr(obj)


def check(event_class: Callable[[Any], Any], raw: Any) -> None:
    if not isinstance(raw, dict):
        return
    read_everything(event_class(raw))


@settings(max_examples=150)
@given(SQS)
def test_sqs(raw: Any) -> None:
    check(SQSEvent, raw)


@settings(max_examples=150)
@given(S3)
def test_s3(raw: Any) -> None:
    check(S3Event, raw)


@settings(max_examples=150)
@given(DYNAMODB)
def test_dynamodb(raw: Any) -> None:
    check(DynamoDBStreamEvent, raw)


@settings(max_examples=150)
@given(KINESIS)
def test_kinesis(raw: Any) -> None:
    check(KinesisStreamEvent, raw)


@settings(max_examples=150)
@given(SNS)
def test_sns(raw: Any) -> None:
    check(SNSEvent, raw)


@given(EVENTBRIDGE)
def test_eventbridge(raw: Any) -> None:
    check(EventBridgeEvent, raw)


@settings(max_examples=150)
@given(KAFKA)
def test_kafka(raw: Any) -> None:
    check(KafkaEvent, raw)


@given(st.dictionaries(st.text(max_size=4), json_values))
def test_custom(raw: Any) -> None:
    check(CustomEvent, raw)
