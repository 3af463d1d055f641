"""Envelopes: each carried event reaches the handler of its innermost source, typed as such."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lambda_universal_router import Router
from tests.test_batch import failures, sqs_record

TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:uploads"


def s3_notification(key: str = "photos/cat+1.jpg", bucket: str = "media") -> dict[str, Any]:
    return {
        "Records": [
            {
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "awsRegion": "us-east-1",
                "eventTime": "2024-03-17T12:00:00.000Z",
                "eventName": "ObjectCreated:Put",
                "s3": {
                    "s3SchemaVersion": "1.0",
                    "bucket": {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"},
                    "object": {"key": key, "size": 1024, "eTag": "abc", "sequencer": "0A1B"},
                },
            }
        ]
    }


def sns_notification(message: str, message_id: str = "sns-1") -> dict[str, Any]:
    """The JSON body SNS writes to an SQS queue (raw message delivery off)."""
    return {
        "Type": "Notification",
        "MessageId": message_id,
        "TopicArn": TOPIC_ARN,
        "Subject": "upload",
        "Message": message,
        "Timestamp": "2024-03-17T12:00:01.000Z",
        "SignatureVersion": "1",
        "Signature": "c2ln",
        "SigningCertURL": "https://sns.us-east-1.amazonaws.com/cert.pem",
        "UnsubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
        "MessageAttributes": {"kind": {"Type": "String", "Value": "photo"}},
    }


def eventbridge_s3_event(key: str = "photos/dog 2.jpg") -> dict[str, Any]:
    return {
        "version": "0",
        "id": "17793124-05d4-b198-2fde-7ededc63b103",
        "detail-type": "Object Created",
        "source": "aws.s3",
        "account": "123456789012",
        "time": "2024-03-17T12:00:00Z",
        "region": "us-east-1",
        "resources": ["arn:aws:s3:::media"],
        "detail": {
            "version": "0",
            "bucket": {"name": "media"},
            "object": {"key": key, "size": 5, "etag": "b1946ac9", "sequencer": "00617F08"},
            "request-id": "N4N7GDK58NMKJ12R",
            "requester": "123456789012",
            "source-ip-address": "1.2.3.4",
            "reason": "PutObject",
        },
    }


def direct_sns(message: str) -> dict[str, Any]:
    body = sns_notification(message)
    body["SigningCertUrl"] = body.pop("SigningCertURL")
    return {"Records": [{"EventSource": "aws:sns", "EventVersion": "1.0", "Sns": body}]}


@pytest.fixture
def keys() -> list[str]:
    return []


@pytest.fixture
def s3_router(keys: list[str]) -> Router:
    router = Router()

    @router.s3(per_record=True)
    def on_upload(record: Any, context: Any) -> None:
        keys.append(record.s3_object.key)
        if "fail" in record.s3_object.key:
            raise ValueError("cannot process upload")

    return router


def test_s3_through_sqs(s3_router: Router, keys: list[str]) -> None:
    event = {"Records": [sqs_record("m1", json.dumps(s3_notification()))]}
    assert failures(s3_router.dispatch(event, {})) == []
    assert keys == ["photos/cat 1.jpg"]


def test_s3_through_sns(s3_router: Router, keys: list[str]) -> None:
    s3_router.dispatch(direct_sns(json.dumps(s3_notification())), {})
    assert keys == ["photos/cat 1.jpg"]


def test_s3_through_sns_then_sqs(s3_router: Router, keys: list[str]) -> None:
    body = json.dumps(sns_notification(json.dumps(s3_notification())))
    assert failures(s3_router.dispatch({"Records": [sqs_record("m1", body)]}, {})) == []
    assert keys == ["photos/cat 1.jpg"]


def test_s3_as_eventbridge_object_created(s3_router: Router, keys: list[str]) -> None:
    s3_router.dispatch(eventbridge_s3_event(), {})
    assert keys == ["photos/dog 2.jpg"]


def test_s3_as_eventbridge_event_through_sqs(s3_router: Router, keys: list[str]) -> None:
    event = {"Records": [sqs_record("m1", json.dumps(eventbridge_s3_event()))]}
    assert failures(s3_router.dispatch(event, {})) == []
    assert keys == ["photos/dog 2.jpg"]


def test_failure_inside_an_envelope_is_reported_against_the_sqs_message(
    s3_router: Router, keys: list[str]
) -> None:
    good = sqs_record("good", json.dumps(s3_notification("ok.jpg")))
    bad = sqs_record("bad", json.dumps(sns_notification(json.dumps(s3_notification("fail.jpg")))))
    assert failures(s3_router.dispatch({"Records": [good, bad]}, {})) == ["bad"]


def test_s3_test_events_are_acknowledged(s3_router: Router, keys: list[str]) -> None:
    test_event = {"Service": "Amazon S3", "Event": "s3:TestEvent", "Bucket": "media"}
    result = s3_router.dispatch({"Records": [sqs_record("t", json.dumps(test_event))]}, {})
    assert failures(result) == []
    assert keys == []


def test_filters_apply_to_the_innermost_content() -> None:
    router = Router()
    got: list[str] = []
    router.s3(bucket="media", suffix=".jpg", per_record=True)(
        lambda record, context: got.append(record.s3_object.key)
    )
    router.sqs(per_record=True)(lambda message, context: got.append("sqs:" + message.message_id))
    event = {
        "Records": [
            sqs_record("1", json.dumps(s3_notification("a.jpg"))),
            sqs_record("2", json.dumps(s3_notification("a.png"))),
            sqs_record("3", "plain text"),
        ]
    }
    router.dispatch(event, {})
    assert got == ["a.jpg", "sqs:2", "sqs:3"]


def test_sns_through_sqs_reaches_the_sns_handler() -> None:
    router = Router()
    got: list[tuple[str, str]] = []
    router.sns(topic="uploads", per_record=True)(
        lambda message, context: got.append((message.message_id, message.message))
    )
    event = {"Records": [sqs_record("m1", json.dumps(sns_notification("hello")))]}
    assert failures(router.dispatch(event, {})) == []
    assert got == [("sns-1", "hello")]


def test_eventbridge_through_sqs_reaches_the_eventbridge_handler() -> None:
    router = Router()
    got: list[str] = []
    router.eventbridge(source="shop", per_record=True)(
        lambda event, context: got.append(event.detail_type)
    )
    event = {"detail-type": "OrderPlaced", "source": "shop", "detail": {"id": 1}, "resources": []}
    result = router.dispatch({"Records": [sqs_record("m1", json.dumps(event))]}, {})
    assert failures(result) == []
    assert got == ["OrderPlaced"]


def test_whole_batch_inner_handlers_receive_their_own_event_type() -> None:
    router = Router()
    got: list[list[str]] = []
    router.s3()(lambda event, context: got.append([r.s3_object.key for r in event.records]))
    event = {"Records": [sqs_record("m1", json.dumps(s3_notification("x.txt")))]}
    router.dispatch(event, {})
    assert got == [["x.txt"]]


def test_without_inner_handlers_sqs_messages_stay_sqs_messages() -> None:
    router = Router()
    got: list[str] = []
    router.sqs(per_record=True)(lambda message, context: got.append(message.body[:1]))
    router.dispatch({"Records": [sqs_record("m1", json.dumps(s3_notification()))]}, {})
    assert got == ["{"]


def test_plain_sqs_messages_without_any_sqs_handler_keep_the_1_0_fallback() -> None:
    router = Router()
    router.s3(per_record=True)(lambda record, context: None)
    router.custom()(lambda event, context: "custom")
    assert router.dispatch({"Records": [sqs_record("m1", "plain")]}, {}) == "custom"
