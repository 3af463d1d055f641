"""Envelopes: events carried inside other events, unwrapped down to their innermost source.

S3 notifications reach Lambda directly, through SNS, through SQS, through SNS then SQS, or as
EventBridge "Object Created"/"Object Deleted" events; SNS notifications and EventBridge events
reach it through SQS. ``layers()`` lists what a record carries, innermost first, as raw records
shaped like the ones that source delivers directly, so the same typed classes and filters apply.

Probing never fails a record: text that is not JSON, or JSON nested deeper than Python parses
(``RecursionError``), is no envelope, so the record stays a plain message of its carrier.
"""

from __future__ import annotations

import json
from typing import Any

JSON = dict[str, Any]
#: (source name, raw records of that source) - one layer of what a record carries.
Layer = tuple[str, list[JSON]]

#: The layer name of an S3 "s3:TestEvent", sent once when a notification is configured: it holds
#: nothing to process.
S3_TEST = "s3:test"
TEST_EVENT: list[Layer] = [(S3_TEST, [])]

_S3_DELETIONS = {"Delete Marker Created": "DeleteMarkerCreated"}
_S3_REASONS = {
    "PutObject": "Put",
    "POST Object": "Post",
    "CopyObject": "Copy",
    "CompleteMultipartUpload": "CompleteMultipartUpload",
}


def _parse(text: Any) -> JSON | None:
    if not isinstance(text, str) or not text.startswith("{"):
        return None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return document if isinstance(document, dict) else None


def _dict(value: Any) -> JSON:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if type(value) is str else ""


def _s3_records(document: JSON) -> list[JSON] | None:
    records = document.get("Records")
    if (
        isinstance(records, list)
        and records
        and all(isinstance(r, dict) and r.get("eventSource") == "aws:s3" for r in records)
    ):
        return records
    return None


def _is_s3_test(document: JSON) -> bool:
    return document.get("Event") == "s3:TestEvent" and document.get("Service") == "Amazon S3"


def is_eventbridge(document: JSON) -> bool:
    """Whether ``document`` is an EventBridge event (as opposed to any dict with a source)."""
    return "detail-type" in document and "source" in document and "detail" in document


def s3_record_from_eventbridge(event: JSON) -> JSON | None:
    """The S3 notification record equivalent to an EventBridge S3 object event, or None."""
    from urllib.parse import quote_plus

    if event.get("source") != "aws.s3":
        return None
    kind = event.get("detail-type")
    detail = event.get("detail")
    if kind not in ("Object Created", "Object Deleted") or not isinstance(detail, dict):
        return None
    bucket = _dict(detail.get("bucket"))
    obj = _dict(detail.get("object"))
    if kind == "Object Created":
        name = "ObjectCreated:" + _S3_REASONS.get(_text(detail.get("reason")), "Put")
    else:
        name = "ObjectRemoved:" + _S3_DELETIONS.get(_text(detail.get("deletion-type")), "Delete")
    bucket_name = bucket.get("name") if type(bucket.get("name")) is str else None
    return {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": event.get("region"),
        "eventTime": event.get("time"),
        "eventName": name,
        "userIdentity": {"principalId": detail.get("requester")},
        "requestParameters": {"sourceIPAddress": detail.get("source-ip-address")},
        "responseElements": {"x-amz-request-id": detail.get("request-id")},
        "s3": {
            "s3SchemaVersion": "1.0",
            "bucket": {"name": bucket_name, "arn": f"arn:aws:s3:::{bucket_name}"},
            "object": {
                "key": quote_plus(_text(obj.get("key")), safe="/"),
                "size": obj.get("size"),
                "eTag": obj.get("etag"),
                "versionId": obj.get("version-id"),
                "sequencer": obj.get("sequencer"),
            },
        },
    }


def _inside(document: JSON) -> list[Layer]:
    """Layers of an unwrapped JSON document (an SQS body or an SNS message)."""
    if document.get("Type") == "Notification" and "TopicArn" in document:
        record = {"EventSource": "aws:sns", "EventVersion": "1.0", "Sns": document}
        return [*sns_layers(record), ("sns", [record])]
    s3 = _s3_records(document)
    if s3 is not None:
        return [("s3", s3)]
    if _is_s3_test(document):
        return TEST_EVENT
    if is_eventbridge(document):
        return [*eventbridge_layers(document), ("eventbridge", [document])]
    return []


def sqs_layers(record: JSON) -> list[Layer]:
    """What an SQS message's body carries, innermost first ([] for a plain message)."""
    document = _parse(record.get("body"))
    return _inside(document) if document is not None else []


def sns_layers(record: JSON) -> list[Layer]:
    """What an SNS notification's message carries, innermost first."""
    sns = record.get("Sns")
    document = _parse(sns.get("Message")) if isinstance(sns, dict) else None
    if document is None:
        return []
    inner = _inside(document)
    return [layer for layer in inner if layer[0] != "sns"]


def eventbridge_layers(event: JSON) -> list[Layer]:
    """An EventBridge S3 object event as the S3 notification record it stands for."""
    record = s3_record_from_eventbridge(event)
    return [("s3", [record])] if record is not None else []


#: Carrier source -> function listing the layers inside one of its raw records.
CARRIERS = {"sqs": sqs_layers, "sns": sns_layers, "eventbridge": eventbridge_layers}
