"""Event factories for the 1.0 sources build what AWS sends from plain Python values."""

from __future__ import annotations

import base64
import hashlib
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router.dynamodb import deserialize_image
from lambda_universal_router.testing import (
    custom,
    dynamodb,
    eventbridge,
    kafka,
    kinesis,
    s3,
    sns,
    sqs,
)

# --- SQS -----------------------------------------------------------------------------------------


def test_sqs_one_message_per_body_with_json_for_non_strings() -> None:
    event = sqs(["plain", {"orderId": 7}], queue="orders")

    first, second = event["Records"]
    assert first["body"] == "plain"
    assert json.loads(second["body"]) == {"orderId": 7}
    assert first["eventSourceARN"] == "arn:aws:sqs:us-east-1:123456789012:orders"
    assert first["messageId"] != second["messageId"]
    assert first["md5OfBody"] == hashlib.md5(b"plain").hexdigest()
    assert set(first["attributes"]) == {
        "ApproximateReceiveCount",
        "SentTimestamp",
        "SenderId",
        "ApproximateFirstReceiveTimestamp",
    }
    assert "md5OfMessageAttributes" not in first


def test_sqs_single_body_and_mapping_body_are_one_message() -> None:
    assert len(sqs("just one")["Records"]) == 1
    assert json.loads(sqs({"a": 1, "b": 2})["Records"][0]["body"]) == {"a": 1, "b": 2}


def test_sqs_decimal_bodies_serialise_exactly() -> None:
    body = sqs({"price": Decimal("29.99"), "count": Decimal("3")})["Records"][0]["body"]

    assert json.loads(body) == {"price": 29.99, "count": 3}


def test_sqs_queue_arn_sets_region_and_account() -> None:
    record = sqs("x", queue="arn:aws:sqs:eu-west-1:111122223333:jobs")["Records"][0]

    assert record["awsRegion"] == "eu-west-1"
    assert record["eventSourceARN"] == "arn:aws:sqs:eu-west-1:111122223333:jobs"


def test_sqs_fifo_queue_gets_group_dedup_and_increasing_sequence() -> None:
    records = sqs(["a", "b", "c"], queue="orders.fifo", group_id=["g1", "g2"])["Records"]

    groups = [r["attributes"]["MessageGroupId"] for r in records]
    sequences = [int(r["attributes"]["SequenceNumber"]) for r in records]
    assert groups == ["g1", "g2", "g1"]
    assert sequences == sorted(sequences) and len(set(sequences)) == 3
    assert records[0]["attributes"]["MessageDeduplicationId"] == hashlib.sha256(b"a").hexdigest()


def test_sqs_group_id_makes_the_queue_fifo() -> None:
    record = sqs("x", queue="orders", group_id="g")["Records"][0]

    assert record["eventSourceARN"].endswith(":orders.fifo")
    assert record["attributes"]["MessageGroupId"] == "g"


def test_sqs_message_attributes_shaped_and_digested_as_sqs_does() -> None:
    from moto.sqs.models import Message

    attributes = {"kind": "order", "count": 3, "blob": b"\x00\x01", "price": Decimal("2.50")}
    record = sqs("x", message_attributes=attributes)["Records"][0]

    shaped = record["messageAttributes"]
    assert shaped["kind"] == {
        "stringValue": "order",
        "stringListValues": [],
        "binaryListValues": [],
        "dataType": "String",
    }
    assert shaped["count"]["dataType"] == "Number" and shaped["count"]["stringValue"] == "3"
    assert base64.b64decode(shaped["blob"]["binaryValue"]) == b"\x00\x01"
    reference = Message("id", "x")
    reference.message_attributes = {
        "kind": {"DataType": "String", "StringValue": "order"},
        "count": {"DataType": "Number", "StringValue": "3"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
        "price": {"DataType": "Number", "StringValue": "2.50"},
    }
    assert record["md5OfMessageAttributes"] == reference.attribute_md5


def test_sqs_rejects_attribute_values_it_cannot_type() -> None:
    with pytest.raises(TypeError, match="'flag'"):
        sqs("x", message_attributes={"flag": True})


# --- SNS -----------------------------------------------------------------------------------------


def test_sns_notification_has_every_field_and_typed_attributes() -> None:
    event = sns(
        {"hello": "world"},
        subject="Greetings",
        topic="alerts",
        attributes={"kind": "a", "n": 1, "b": b"\xff", "tags": ["x", "y"]},
    )

    (record,) = event["Records"]
    notification = record["Sns"]
    assert record["EventSource"] == "aws:sns"
    assert record["EventSubscriptionArn"].startswith("arn:aws:sns:us-east-1:123456789012:alerts:")
    assert json.loads(notification["Message"]) == {"hello": "world"}
    assert notification["Subject"] == "Greetings"
    assert notification["Type"] == "Notification"
    assert notification["MessageAttributes"] == {
        "kind": {"Type": "String", "Value": "a"},
        "n": {"Type": "Number", "Value": "1"},
        "b": {"Type": "Binary", "Value": base64.b64encode(b"\xff").decode()},
        "tags": {"Type": "String.Array", "Value": '["x", "y"]'},
    }
    assert {"Signature", "SigningCertUrl", "UnsubscribeUrl", "Timestamp"} <= set(notification)


def test_sns_subject_is_null_when_not_given() -> None:
    assert sns()["Records"][0]["Sns"]["Subject"] is None


# --- S3 ------------------------------------------------------------------------------------------


def test_s3_keys_are_url_encoded_like_s3_does() -> None:
    records = s3(["photos/red flower.jpg", "a+b=c.txt"], bucket="media")["Records"]

    assert records[0]["s3"]["object"]["key"] == "photos/red+flower.jpg"
    assert records[1]["s3"]["object"]["key"] == "a%2Bb%3Dc.txt"
    assert records[0]["s3"]["bucket"] == {
        "name": "media",
        "ownerIdentity": records[0]["s3"]["bucket"]["ownerIdentity"],
        "arn": "arn:aws:s3:::media",
    }
    sequencers = [int(r["s3"]["object"]["sequencer"], 16) for r in records]
    assert sequencers[0] < sequencers[1]


def test_s3_created_objects_have_size_and_etag_removed_ones_not() -> None:
    created = s3("k", size=42, etag="abc", version_id="v1")["Records"][0]
    removed = s3("k", event_name="s3:ObjectRemoved:Delete")["Records"][0]

    assert created["eventName"] == "ObjectCreated:Put"
    assert created["s3"]["object"]["size"] == 42
    assert created["s3"]["object"]["eTag"] == "abc"
    assert created["s3"]["object"]["versionId"] == "v1"
    assert removed["eventName"] == "ObjectRemoved:Delete"
    assert "size" not in removed["s3"]["object"] and "eTag" not in removed["s3"]["object"]


def test_s3_restore_completed_carries_glacier_data() -> None:
    record = s3("k", event_name="ObjectRestore:Completed")["Records"][0]

    assert "lifecycleRestorationExpiryTime" in record["glacierEventData"]["restoreEventData"]


# --- DynamoDB Streams ----------------------------------------------------------------------------


def test_dynamodb_images_are_serialised_attribute_values() -> None:
    image = {"Id": "101", "Price": Decimal("29.99"), "Tags": {"a", "b"}, "Active": True}
    record = dynamodb("INSERT", new_image=image, table="Products")["Records"][0]

    data = record["dynamodb"]
    assert data["Keys"] == {"Id": {"S": "101"}}
    assert data["NewImage"]["Price"] == {"N": "29.99"}
    assert deserialize_image(data["NewImage"]) == image
    assert "OldImage" not in data
    assert data["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert record["eventSourceARN"].startswith(
        "arn:aws:dynamodb:us-east-1:123456789012:table/Products/stream/"
    )
    assert record["eventName"] == "INSERT" and record["eventSource"] == "aws:dynamodb"


@pytest.mark.parametrize(
    ("event_name", "view", "new", "old"),
    [
        ("INSERT", "NEW_AND_OLD_IMAGES", True, False),
        ("MODIFY", "NEW_AND_OLD_IMAGES", True, True),
        ("REMOVE", "NEW_AND_OLD_IMAGES", False, True),
        ("MODIFY", "NEW_IMAGE", True, False),
        ("MODIFY", "OLD_IMAGE", False, True),
        ("MODIFY", "KEYS_ONLY", False, False),
    ],
)
def test_dynamodb_images_appear_where_aws_sends_them(
    event_name: str, view: str, new: bool, old: bool
) -> None:
    data = dynamodb(event_name, stream_view_type=view)["Records"][0]["dynamodb"]

    assert ("NewImage" in data) is new
    assert ("OldImage" in data) is old
    assert data["Keys"] == {"Id": {"S": "101"}}


def test_dynamodb_explicit_keys_and_table_arn() -> None:
    record = dynamodb(
        "REMOVE",
        keys={"pk": "user#1", "sk": 2},
        old_image={"pk": "user#1", "sk": 2, "name": "Ada"},
        table="arn:aws:dynamodb:eu-west-1:111122223333:table/Users",
    )["Records"][0]

    assert record["dynamodb"]["Keys"] == {"pk": {"S": "user#1"}, "sk": {"N": "2"}}
    assert record["awsRegion"] == "eu-west-1"
    assert ":111122223333:table/Users/stream/" in record["eventSourceARN"]


def test_dynamodb_rejects_unknown_event_names_and_views() -> None:
    with pytest.raises(ValueError, match="INSERT, MODIFY or REMOVE"):
        dynamodb("UPDATE")
    with pytest.raises(ValueError, match="stream_view_type"):
        dynamodb(stream_view_type="ALL")


# --- Kinesis -------------------------------------------------------------------------------------


def test_kinesis_data_is_base64_of_bytes_text_or_json() -> None:
    records = kinesis([b"\x01\x02", "text", {"n": 1}], partition_keys="pk", stream="clicks")[
        "Records"
    ]

    decoded = [base64.b64decode(r["kinesis"]["data"]) for r in records]
    assert decoded == [b"\x01\x02", b"text", b'{"n": 1}']
    assert {r["kinesis"]["partitionKey"] for r in records} == {"pk"}
    assert records[0]["eventSourceARN"] == "arn:aws:kinesis:us-east-1:123456789012:stream/clicks"
    assert (
        records[0]["eventID"] == "shardId-000000000000:" + records[0]["kinesis"]["sequenceNumber"]
    )
    sequences = [int(r["kinesis"]["sequenceNumber"]) for r in records]
    assert sequences == sorted(sequences)


# --- EventBridge ---------------------------------------------------------------------------------


def test_eventbridge_event_has_every_envelope_field() -> None:
    event = eventbridge({"orderId": 7}, source="shop", detail_type="OrderPlaced", resources=["r"])

    assert event["detail"] == {"orderId": 7}
    assert event["detail-type"] == "OrderPlaced"
    assert event["source"] == "shop"
    assert event["resources"] == ["r"]
    assert set(event) == {
        "version",
        "id",
        "detail-type",
        "source",
        "account",
        "time",
        "region",
        "resources",
        "detail",
    }
    assert event["time"].endswith("Z")


# --- Kafka ---------------------------------------------------------------------------------------


def test_kafka_msk_records_are_grouped_by_topic_partition() -> None:
    event = kafka(["a", {"b": 1}], topic="orders", keys="k", headers={"trace": "t1"}, partition=3)

    assert event["eventSource"] == "aws:kafka"
    assert event["eventSourceArn"].startswith("arn:aws:kafka:us-east-1:123456789012:cluster/")
    (batch,) = event["records"].values()
    assert list(event["records"]) == ["orders-3"]
    assert [base64.b64decode(r["value"]) for r in batch] == [b"a", b'{"b": 1}']
    assert base64.b64decode(batch[0]["key"]) == b"k"
    assert batch[0]["headers"] == [{"trace": list(b"t1")}]
    assert [r["offset"] for r in batch] == [15, 16]


def test_kafka_self_managed_has_no_arn_and_records_without_keys() -> None:
    event = kafka("v", self_managed=True)

    assert event["eventSource"] == "SelfManagedKafka"
    assert "eventSourceArn" not in event
    (record,) = event["records"]["mytopic-0"]
    assert "key" not in record


# --- custom --------------------------------------------------------------------------------------


def test_custom_merges_payload_and_fields_or_gives_the_console_default() -> None:
    assert custom({"a": 1}, b=2) == {"a": 1, "b": 2}
    assert custom() == {"key1": "value1", "key2": "value2", "key3": "value3"}


# --- properties ----------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children),
    max_leaves=8,
)


@given(st.lists(JSON_VALUES, min_size=1, max_size=5))
def test_sqs_bodies_round_trip(bodies: list[Any]) -> None:
    records = sqs(bodies)["Records"]

    for body, record in zip(bodies, records, strict=True):
        sent = record["body"] if isinstance(body, str) else json.loads(record["body"])
        assert sent == body
        assert record["md5OfBody"] == hashlib.md5(record["body"].encode()).hexdigest()


@given(st.lists(st.binary(), min_size=1, max_size=5))
def test_kinesis_bytes_round_trip(payloads: list[bytes]) -> None:
    records = kinesis(payloads)["Records"]

    assert [base64.b64decode(r["kinesis"]["data"]) for r in records] == payloads
