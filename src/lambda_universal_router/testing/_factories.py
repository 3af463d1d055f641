"""Realistic events for the 1.0 sources: SQS, SNS, S3, DynamoDB, Kinesis, EventBridge, Kafka.

Each factory returns the dict Lambda would pass to the function, with every field AWS sends and
believable values (fresh ids, current timestamps, digests computed over the actual payload),
built from plain Python values for the parts a test cares about. The shapes follow the example
events in the AWS developer guides for each service.

``CATALOG`` maps ``"source"`` and ``"source:variant"`` to a zero-argument factory, for the
``generate-event`` command and for tests that want one event of every kind.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ._http_factory import http
from ._shapes import (
    ACCOUNT,
    JSON,
    REGION,
    arn,
    b64,
    hex_id,
    iso,
    many,
    now,
    request_id,
    split_arn,
    text,
    token,
)

# --- SQS ------------------------------------------------------------------------------------------


def _sqs_attribute(name: str, value: Any) -> JSON:
    if isinstance(value, Mapping) and "dataType" in value:
        shaped: JSON = {"stringListValues": [], "binaryListValues": []}
        shaped.update(value)
        return shaped
    if isinstance(value, (bytes, bytearray)):
        kind, field, shown = "Binary", "binaryValue", b64(value)
    elif isinstance(value, str):
        kind, field, shown = "String", "stringValue", value
    elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        kind, field, shown = "Number", "stringValue", str(value)
    else:
        raise TypeError(
            f"SQS message attribute {name!r}: give a str, a number or bytes (or the AWS shape "
            f"with 'dataType'), not {type(value).__name__}"
        )
    return {field: shown, "stringListValues": [], "binaryListValues": [], "dataType": kind}


def _attributes_md5(attributes: Mapping[str, JSON]) -> str:
    """The digest SQS computes over message attributes (name, type, transport, value, sorted)."""
    import base64

    def encoded(data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + data

    digest = hashlib.md5(usedforsecurity=False)
    for name in sorted(attributes):
        attribute = attributes[name]
        kind = str(attribute["dataType"])
        digest.update(encoded(name.encode()) + encoded(kind.encode()))
        if "binaryValue" in attribute:
            digest.update(b"\x02" + encoded(base64.b64decode(attribute["binaryValue"])))
        else:
            digest.update(b"\x01" + encoded(str(attribute.get("stringValue", "")).encode()))
    return digest.hexdigest()


def sqs(
    bodies: Any = ("Hello from SQS!",),
    *,
    queue: str = "my-queue",
    message_attributes: Mapping[str, Any] | None = None,
    group_id: str | Sequence[str] | None = None,
    receive_count: int = 1,
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """An SQS batch, one message per body.

    ``bodies`` is one body or a list of them; strings are sent as they are, anything else as
    JSON. ``queue`` is a queue name or ARN. A ``.fifo`` queue, or a ``group_id`` (one for all
    messages or one per message), makes FIFO messages with group, deduplication id and sequence
    number. ``message_attributes`` maps names to str, numbers or bytes, on every message.
    """
    name, region, account = split_arn(queue, region, account)
    fifo = name.endswith(".fifo") or group_id is not None
    if fifo and not name.endswith(".fifo"):
        name += ".fifo"
    texts = [text(body) for body in many(bodies)]
    groups = many(group_id if group_id is not None else "default")
    attributes = {
        key: _sqs_attribute(key, value) for key, value in (message_attributes or {}).items()
    }
    sent = int(now() * 1000)
    records = []
    for index, body in enumerate(texts):
        system: dict[str, str] = {
            "ApproximateReceiveCount": str(receive_count),
            "SentTimestamp": str(sent + index),
            "SenderId": "AIDAQ3EGXEXAMPLE7NPLK",
            "ApproximateFirstReceiveTimestamp": str(sent + index + 12),
        }
        if fifo:
            system["SequenceNumber"] = str(18_876_000_000_000_000_000 + index)
            system["MessageGroupId"] = str(groups[index % len(groups)])
            system["MessageDeduplicationId"] = hashlib.sha256(body.encode()).hexdigest()
        record: JSON = {
            "messageId": request_id(),
            "receiptHandle": "AQEB" + token(152),
            "body": body,
            "attributes": system,
            "messageAttributes": {key: dict(value) for key, value in attributes.items()},
            "md5OfBody": hashlib.md5(body.encode(), usedforsecurity=False).hexdigest(),
            "eventSource": "aws:sqs",
            "eventSourceARN": arn("sqs", region, account, name),
            "awsRegion": region,
        }
        if attributes:
            record["md5OfMessageAttributes"] = _attributes_md5(attributes)
        records.append(record)
    return {"Records": records}


# --- SNS ------------------------------------------------------------------------------------------


def _sns_attribute(name: str, value: Any) -> JSON:
    if isinstance(value, Mapping) and "Type" in value:
        return dict(value)
    if isinstance(value, (bytes, bytearray)):
        return {"Type": "Binary", "Value": b64(value)}
    if isinstance(value, str):
        return {"Type": "String", "Value": value}
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return {"Type": "Number", "Value": str(value)}
    if isinstance(value, (list, tuple)):
        return {"Type": "String.Array", "Value": text(list(value))}
    raise TypeError(
        f"SNS message attribute {name!r}: give a str, a number, bytes or a list (or the AWS "
        f"shape with 'Type'), not {type(value).__name__}"
    )


def sns(
    message: Any = "Hello from SNS!",
    *,
    subject: str | None = None,
    attributes: Mapping[str, Any] | None = None,
    topic: str = "my-topic",
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """An SNS notification (SNS always delivers one record per invocation).

    ``message`` is a string or any JSON-able value; ``attributes`` maps names to str, numbers,
    bytes or lists; ``topic`` is a topic name or ARN.
    """
    name, region, account = split_arn(topic, region, account)
    topic_arn = arn("sns", region, account, name)
    subscription = f"{topic_arn}:{request_id()}"
    endpoint = f"https://sns.{region}.amazonaws.com"
    notification = {
        "Type": "Notification",
        "MessageId": request_id(),
        "TopicArn": topic_arn,
        "Subject": subject,
        "Message": text(message),
        "Timestamp": iso(now()),
        "SignatureVersion": "1",
        "Signature": token(344),
        "SigningCertUrl": f"{endpoint}/SimpleNotificationService-{hex_id(32)}.pem",
        "UnsubscribeUrl": f"{endpoint}/?Action=Unsubscribe&SubscriptionArn={subscription}",
        "MessageAttributes": {
            key: _sns_attribute(key, value) for key, value in (attributes or {}).items()
        },
    }
    record = {
        "EventSource": "aws:sns",
        "EventVersion": "1.0",
        "EventSubscriptionArn": subscription,
        "Sns": notification,
    }
    return {"Records": [record]}


# --- S3 -------------------------------------------------------------------------------------------


def s3(
    keys: str | Iterable[str] = ("photos/cat picture.jpg",),
    *,
    bucket: str = "amzn-s3-demo-bucket",
    event_name: str = "ObjectCreated:Put",
    size: int = 1024,
    etag: str | None = None,
    version_id: str | None = None,
    configuration_id: str = "my-notification",
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """An S3 event notification, one record per object key.

    Keys are URL-encoded as S3 encodes them (``"cat picture.jpg"`` -> ``"cat+picture.jpg"``).
    ``event_name`` is the type without the ``s3:`` prefix (``"ObjectRemoved:Delete"``, ...);
    removals carry no size or ETag, as in real notifications.
    """
    from urllib.parse import quote_plus

    event_name = event_name.removeprefix("s3:")
    moment = now()
    records = []
    for index, key in enumerate(many(keys)):
        obj: JSON = {"key": quote_plus(key, safe="/")}
        if not event_name.startswith("ObjectRemoved"):
            obj["size"] = size
            obj["eTag"] = etag or hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()
        if version_id is not None:
            obj["versionId"] = version_id
        obj["sequencer"] = f"{int(moment * 1000) + index:016X}00"
        record: JSON = {
            "eventVersion": "2.1",
            "eventSource": "aws:s3",
            "awsRegion": region,
            "eventTime": iso(moment),
            "eventName": event_name,
            "userIdentity": {"principalId": "AWS:AIDAQ3EGXEXAMPLE7NPLK"},
            "requestParameters": {"sourceIPAddress": "198.51.100.24"},
            "responseElements": {
                "x-amz-request-id": hex_id(16, upper=True),
                "x-amz-id-2": token(76),
            },
            "s3": {
                "s3SchemaVersion": "1.0",
                "configurationId": configuration_id,
                "bucket": {
                    "name": bucket,
                    "ownerIdentity": {"principalId": "A3I5XTEXAMAI3E"},
                    "arn": f"arn:aws:s3:::{bucket}",
                },
                "object": obj,
            },
        }
        if event_name.startswith("ObjectRestore:Completed"):
            record["glacierEventData"] = {
                "restoreEventData": {
                    "lifecycleRestorationExpiryTime": iso(moment + 7 * 86400),
                    "lifecycleRestoreStorageClass": "Standard",
                }
            }
        records.append(record)
    return {"Records": records}


# --- DynamoDB Streams -----------------------------------------------------------------------------

_IMAGES = {
    "KEYS_ONLY": (False, False),
    "NEW_IMAGE": (True, False),
    "OLD_IMAGE": (False, True),
    "NEW_AND_OLD_IMAGES": (True, True),
}


def dynamodb(
    event_name: str = "INSERT",
    *,
    keys: Mapping[str, Any] | None = None,
    new_image: Mapping[str, Any] | None = None,
    old_image: Mapping[str, Any] | None = None,
    table: str = "my-table",
    stream_view_type: str = "NEW_AND_OLD_IMAGES",
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """A DynamoDB Streams batch with one record.

    ``event_name`` is ``INSERT``, ``MODIFY`` or ``REMOVE``. Keys and images are plain Python
    values (str, numbers, ``Decimal``, bytes, bool, None, lists, dicts, sets), serialised to
    AttributeValues. ``keys`` defaults to the first attribute of the image. Images appear only
    where AWS sends them: the new one unless removed, the old one unless inserted, both filtered
    by ``stream_view_type``.
    """
    from lambda_universal_router.dynamodb import serialize_image

    if event_name not in ("INSERT", "MODIFY", "REMOVE"):
        raise ValueError(f"event_name must be INSERT, MODIFY or REMOVE, not {event_name!r}")
    if stream_view_type not in _IMAGES:
        raise ValueError(f"stream_view_type must be one of {', '.join(_IMAGES)}")
    if new_image is None and event_name != "REMOVE":
        new_image = {"Id": "101", "Message": "New item!"}
    if old_image is None and event_name != "INSERT":
        old_image = {"Id": "101", "Message": "Old item"}
    image = new_image if new_image is not None else old_image or {}
    if keys is None:
        first = next(iter(image), "Id")
        keys = {first: image.get(first, "101")}
    record_data: JSON = {
        "ApproximateCreationDateTime": int(now()),
        "Keys": serialize_image(keys),
    }
    wants_new, wants_old = _IMAGES[stream_view_type]
    if wants_new and new_image is not None and event_name != "REMOVE":
        record_data["NewImage"] = serialize_image(new_image)
    if wants_old and old_image is not None and event_name != "INSERT":
        record_data["OldImage"] = serialize_image(old_image)
    record_data["SequenceNumber"] = str(111_000_000_000_000_000_000 + int(now()) % 1_000_000)
    record_data["SizeBytes"] = len(text(record_data))
    record_data["StreamViewType"] = stream_view_type
    name, region, account = _table(table, region, account)
    stream = f"table/{name}/stream/2024-01-01T00:00:00.000"
    record = {
        "eventID": hex_id(32),
        "eventName": event_name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": region,
        "dynamodb": record_data,
        "eventSourceARN": arn("dynamodb", region, account, stream),
    }
    return {"Records": [record]}


def _table(table: str, region: str, account: str) -> tuple[str, str, str]:
    if table.startswith("arn:"):
        parts = table.split(":", 5)
        if len(parts) == 6 and parts[5].startswith("table/"):
            return parts[5].split("/")[1], parts[3], parts[4]
    return table, region, account


# --- Kinesis --------------------------------------------------------------------------------------


def kinesis(
    data: Any = ("Hello from Kinesis!",),
    *,
    partition_keys: str | Sequence[str] | None = None,
    stream: str = "my-stream",
    shard: str = "shardId-000000000000",
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """A Kinesis Data Streams batch, one record per item of ``data``.

    Items may be bytes, str or any JSON-able value; they are base64-encoded as Kinesis delivers
    them. ``partition_keys`` is one key for all records or one per record.
    """
    name, region, account = split_arn(stream, region, account)
    items = many(data)
    keys = many(partition_keys) if partition_keys is not None else None
    arrival = now()
    records = []
    for index, item in enumerate(items):
        sequence = f"49590338271490256608559692538361571095921575989136588{index:03d}"
        key = keys[index % len(keys)] if keys else f"partition-key-{index}"
        records.append(
            {
                "kinesis": {
                    "kinesisSchemaVersion": "1.0",
                    "partitionKey": key,
                    "sequenceNumber": sequence,
                    "data": b64(item),
                    "approximateArrivalTimestamp": round(arrival + index / 1000, 3),
                },
                "eventSource": "aws:kinesis",
                "eventVersion": "1.0",
                "eventID": f"{shard}:{sequence}",
                "eventName": "aws:kinesis:record",
                "invokeIdentityArn": f"arn:aws:iam::{account}:role/lambda-kinesis-role",
                "awsRegion": region,
                "eventSourceARN": arn("kinesis", region, account, f"stream/{name}"),
            }
        )
    return {"Records": records}


# --- EventBridge ----------------------------------------------------------------------------------


def eventbridge(
    detail: Any = None,
    *,
    source: str = "com.example.orders",
    detail_type: str = "Order Placed",
    resources: Sequence[str] = (),
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """An EventBridge event; ``detail`` is any JSON-able value (``{}`` when not given)."""
    return {
        "version": "0",
        "id": request_id(),
        "detail-type": detail_type,
        "source": source,
        "account": account,
        "time": iso(now(), millis=False),
        "region": region,
        "resources": list(resources),
        "detail": {} if detail is None else detail,
    }


# --- Kafka ----------------------------------------------------------------------------------------


def kafka(
    values: Any = ("Hello from Kafka!",),
    *,
    topic: str = "mytopic",
    keys: Any = None,
    headers: Mapping[str, str | bytes] | None = None,
    partition: int = 0,
    self_managed: bool = False,
    cluster: str = "demo-cluster",
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """An MSK batch (or a self-managed Kafka one), one record per value, on one partition.

    Values and ``keys`` (one for all records or one per record; none by default) may be bytes,
    str or JSON-able, and are base64-encoded. ``headers`` go on every record, as Lambda sends
    them: a list of one-entry maps from name to the value's bytes.
    """
    items = many(values)
    key_list = many(keys) if keys is not None else None
    header_list = [
        {name: list(value.encode() if isinstance(value, str) else value)}
        for name, value in (headers or {}).items()
    ]
    stamp = int(now() * 1000)
    records = []
    for index, value in enumerate(items):
        record: JSON = {
            "topic": topic,
            "partition": partition,
            "offset": 15 + index,
            "timestamp": stamp + index,
            "timestampType": "CREATE_TIME",
        }
        if key_list:
            record["key"] = b64(key_list[index % len(key_list)])
        record["value"] = b64(value)
        record["headers"] = [dict(header) for header in header_list]
        records.append(record)
    brokers = ",".join(
        f"b-{number}.{cluster}.a1bcde.c1.kafka.{region}.amazonaws.com:9092" for number in (1, 2)
    )
    event: JSON = {"eventSource": "SelfManagedKafka" if self_managed else "aws:kafka"}
    if not self_managed:
        cluster_id = f"{request_id()}-4"
        event["eventSourceArn"] = arn("kafka", region, account, f"cluster/{cluster}/{cluster_id}")
    event["bootstrapServers"] = brokers
    event["records"] = {f"{topic}-{partition}": records}
    return event


# --- anything else --------------------------------------------------------------------------------


def custom(payload: Mapping[str, Any] | None = None, **fields: Any) -> JSON:
    """A direct invocation's payload: ``payload`` and ``fields`` merged, or the Lambda console's
    default test event when both are empty."""
    event = {**(payload or {}), **fields}
    return event or {"key1": "value1", "key2": "value2", "key3": "value3"}


def _fifo() -> JSON:
    return sqs(["first", "second"], queue="orders.fifo", group_id="customer-42")


def _self_managed() -> JSON:
    return kafka(self_managed=True)


def _rest() -> JSON:
    return http("GET", "/", flavor="rest")


def _http_api() -> JSON:
    return http("GET", "/", flavor="http")


def _alb() -> JSON:
    return http("GET", "/", flavor="alb")


def _alb_multi() -> JSON:
    return http("GET", "/", flavor="alb_multi")


def _function_url() -> JSON:
    return http("GET", "/", flavor="url")


def _lattice() -> JSON:
    return http("GET", "/", flavor="lattice")


def _lattice_v2() -> JSON:
    return http("GET", "/", flavor="lattice_v2")


CATALOG: dict[str, Callable[[], JSON]] = {
    "sqs": sqs,
    "sqs:standard": sqs,
    "sqs:fifo": _fifo,
    "sns": sns,
    "s3": s3,
    "s3:ObjectCreated:Put": s3,
    "s3:ObjectRemoved:Delete": lambda: s3(event_name="ObjectRemoved:Delete"),
    "dynamodb": dynamodb,
    "dynamodb:INSERT": dynamodb,
    "dynamodb:MODIFY": lambda: dynamodb("MODIFY"),
    "dynamodb:REMOVE": lambda: dynamodb("REMOVE"),
    "kinesis": kinesis,
    "eventbridge": eventbridge,
    "kafka": kafka,
    "kafka:msk": kafka,
    "kafka:self_managed": _self_managed,
    "http": _rest,
    "http:rest": _rest,
    "http:http": _http_api,
    "http:alb": _alb,
    "http:alb_multi": _alb_multi,
    "http:url": _function_url,
    "http:lattice": _lattice,
    "http:lattice_v2": _lattice_v2,
    "custom": custom,
}
