"""Lambda-shaped events from what the AWS APIs return, field for field as Lambda builds them.

boto3 hands back ``bytes`` for binary values and ``datetime`` for timestamps; Lambda's events carry
base64 text and epoch numbers. Each builder takes one item of an API response (a message from
``ReceiveMessage``, a record from ``GetRecords``) and returns one entry of ``event["Records"]``.
"""

from __future__ import annotations

import base64
from binascii import b2a_base64
from datetime import datetime
from typing import Any

JSON = dict[str, Any]

#: The system attributes Lambda copies into ``attributes``, in the order its events list them.
SQS_ATTRIBUTES = (
    "ApproximateReceiveCount",
    "SentTimestamp",
    "SequenceNumber",
    "MessageGroupId",
    "SenderId",
    "MessageDeduplicationId",
    "ApproximateFirstReceiveTimestamp",
    "AWSTraceHeader",
    "DeadLetterQueueSourceArn",
)

#: What every message carries, and all a standard queue's messages carry without tracing.
STANDARD_ATTRIBUTES = frozenset(
    ("ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp")
)


def sqs_record(message: JSON, *, queue_arn: str, region: str) -> JSON:
    """The ``Records`` entry Lambda builds from one ``ReceiveMessage`` message."""
    received = message.get("Attributes") or {}
    if received.keys() == STANDARD_ATTRIBUTES:
        # PERF: a standard queue's four attributes, in Lambda's order, written out
        attributes = {
            "ApproximateReceiveCount": received["ApproximateReceiveCount"],
            "SentTimestamp": received["SentTimestamp"],
            "SenderId": received["SenderId"],
            "ApproximateFirstReceiveTimestamp": received["ApproximateFirstReceiveTimestamp"],
        }
    else:
        attributes = {name: received[name] for name in SQS_ATTRIBUTES if name in received}
    message_attributes: JSON = {}
    for name, value in (message.get("MessageAttributes") or {}).items():
        if len(value) == 2 and "StringValue" in value:  # PERF: a string or number, inline
            message_attributes[name] = {
                "stringValue": value["StringValue"],
                "stringListValues": [],
                "binaryListValues": [],
                "dataType": value["DataType"],
            }
        else:
            message_attributes[name] = _sqs_attribute(value)
    record: JSON = {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message.get("Body", ""),
        "attributes": attributes,
        "messageAttributes": message_attributes,
        "md5OfBody": message.get("MD5OfBody", ""),
    }
    digest = message.get("MD5OfMessageAttributes")
    if digest:
        record["md5OfMessageAttributes"] = digest
    record["eventSource"] = "aws:sqs"
    record["eventSourceARN"] = queue_arn
    record["awsRegion"] = region
    return record


def _sqs_attribute(value: JSON) -> JSON:
    """A message attribute in Lambda's lower-camel form, binary values as base64 text."""
    attribute: JSON = {}
    if "StringValue" in value:
        attribute["stringValue"] = value["StringValue"]
    if "BinaryValue" in value:
        attribute["binaryValue"] = _base64(value["BinaryValue"])
    attribute["stringListValues"] = list(value.get("StringListValues") or [])
    attribute["binaryListValues"] = [_base64(item) for item in value.get("BinaryListValues") or []]
    attribute["dataType"] = value["DataType"]
    return attribute


def kinesis_record(
    record: JSON, *, shard_id: str, stream_arn: str, region: str, role_arn: str
) -> JSON:
    """The ``Records`` entry Lambda builds from one Kinesis ``GetRecords`` record."""
    sequence = record["SequenceNumber"]
    data, arrival = record["Data"], record["ApproximateArrivalTimestamp"]
    kinesis: JSON = {
        "kinesisSchemaVersion": "1.0",
        "partitionKey": record["PartitionKey"],
        "sequenceNumber": sequence,
        # PERF: boto3's bytes and datetime inline; anything else through the general helpers
        "data": b2a_base64(data, newline=False).decode() if type(data) is bytes else _base64(data),
        "approximateArrivalTimestamp": round(arrival.timestamp(), 3)
        if type(arrival) is datetime
        else _epoch(arrival, digits=3),
    }
    if record.get("EncryptionType") == "KMS":
        kinesis["encryptionType"] = "KMS"
    return {
        "kinesis": kinesis,
        "eventSource": "aws:kinesis",
        "eventVersion": "1.0",
        "eventID": f"{shard_id}:{sequence}",
        "eventName": "aws:kinesis:record",
        "invokeIdentityArn": role_arn,
        "awsRegion": region,
        "eventSourceARN": stream_arn,
    }


def dynamodb_record(record: JSON, *, stream_arn: str) -> JSON:
    """The ``Records`` entry Lambda builds from one DynamoDB Streams ``GetRecords`` record."""
    change = record["dynamodb"]
    dynamodb: JSON = {}
    for name, value in change.items():
        if name == "ApproximateCreationDateTime":
            dynamodb[name] = _epoch(value, digits=None)
        elif name in ("Keys", "NewImage", "OldImage"):
            dynamodb[name] = {key: _attribute_value(item) for key, item in value.items()}
        else:
            dynamodb[name] = value
    built: JSON = {
        "eventID": record["eventID"],
        "eventName": record["eventName"],
        "eventVersion": record.get("eventVersion", "1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": record["awsRegion"],
        "dynamodb": dynamodb,
    }
    identity = record.get("userIdentity")
    if identity:
        built["userIdentity"] = {
            "principalId": identity.get("PrincipalId", identity.get("principalId")),
            "type": identity.get("Type", identity.get("type")),
        }
    built["eventSourceARN"] = stream_arn
    return built


def _attribute_value(value: Any) -> Any:
    """A DynamoDB attribute value as JSON: binary (``B``, ``BS``) as base64, nested alike."""
    if not isinstance(value, dict):
        return value
    converted: JSON = {}
    for kind, item in value.items():
        if kind == "B":
            converted[kind] = _base64(item)
        elif kind == "BS":
            converted[kind] = [_base64(part) for part in item]
        elif kind == "M":
            converted[kind] = {key: _attribute_value(part) for key, part in item.items()}
        elif kind == "L":
            converted[kind] = [_attribute_value(part) for part in item]
        else:
            converted[kind] = item
    return converted


def _base64(value: bytes | bytearray | str) -> str:
    if isinstance(value, str):  # already encoded (a raw HTTP client, not boto3)
        return value
    return base64.b64encode(value).decode("ascii")


def _epoch(value: datetime | float, *, digits: int | None) -> float | int:
    """Seconds since the epoch; whole seconds stay integers, as DynamoDB's stream sends them."""
    seconds = value.timestamp() if isinstance(value, datetime) else float(value)
    if digits is not None:
        return round(seconds, digits)
    return int(seconds) if seconds.is_integer() else seconds


def arrival(record: JSON) -> datetime | None:
    """When a stream record arrived, for an on-failure destination's batch info."""
    value = record.get("ApproximateArrivalTimestamp")
    if value is None:
        value = (record.get("dynamodb") or {}).get("ApproximateCreationDateTime")
    if isinstance(value, datetime):
        return value
    if isinstance(value, (int, float)):
        from datetime import timezone

        return datetime.fromtimestamp(value, timezone.utc)
    return None
