"""S3 notifications: decoded keys, bucket and object views, both 1.0 spellings, dispatch."""

from __future__ import annotations

from typing import Any

from lambda_universal_router import Router
from lambda_universal_router.events import S3Bucket, S3Event, S3Object, S3Record
from tests.conftest import load_event


def test_a_put_notification_is_typed_and_its_key_decoded() -> None:
    record = S3Event(load_event("s3/put.json")).records[0]

    assert record.event_name == "ObjectCreated:Put"
    assert record.event_time == "2024-03-17T12:00:00.000Z"
    assert record.event_version == "2.1"
    assert record.event_source == "aws:s3"
    assert record.aws_region == "us-east-1"
    assert record.user_identity == {"principalId": "AWS:AIDAINPONIXQXHT3IKHL2"}
    assert record.request_parameters == {"sourceIPAddress": "203.0.113.10"}
    assert record.bucket.name == "example-uploads"
    assert record.bucket.arn == "arn:aws:s3:::example-uploads"
    assert record.bucket.owner_identity == {"principalId": "A3NL1KOZZKExample"}
    # S3 form-encodes keys: '+' is a space and %28/%29 are parentheses
    assert record.s3_object.key == "incoming/my file(1).txt"
    assert record.s3_object.url_encoded_key == "incoming/my+file%281%29.txt"
    assert record.s3_object.size == 1024
    assert record.s3_object.etag == "d41d8cd98f00b204e9800998ecf8427e"
    assert record.s3_object.version_id == "096fKKXTRTtl3on89fVO.nfljtsv6qko"
    assert record.s3_object.sequencer == "0055AED6DCD90281E5"


def test_the_nested_spelling_reads_like_the_json() -> None:
    record = S3Event(load_event("s3/put.json")).records[0]

    assert record.s3.bucket.name == "example-uploads"
    assert record.s3.object.key == "incoming/my file(1).txt"
    assert record.s3.configuration_id == "uploads-to-lambda"
    assert record.s3.s3_schema_version == "1.0"
    assert isinstance(record.s3.bucket, S3Bucket)
    assert isinstance(record.s3.object, S3Object)


def test_a_delete_has_no_size_or_etag() -> None:
    record = S3Event(load_event("s3/delete.json")).records[0]

    assert record.event_name == "ObjectRemoved:Delete"
    assert record.s3_object.key == "reports/2024/Q1 summary.pdf"
    assert record.s3_object.size is None
    assert record.s3_object.etag is None
    assert record.s3_object.version_id is None


def test_the_1_0_short_delete_example_works() -> None:
    event = {
        "Records": [
            {
                "eventName": "ObjectRemoved:Delete",
                "s3": {"bucket": {"name": "my-bucket"}, "object": {"key": "path/to/file.txt"}},
            }
        ]
    }
    handled: list[tuple[str, Any, Any]] = []
    router = Router()

    @router.s3()
    def handle_events(event: S3Event, context: Any) -> None:
        for record in event.records:
            if record.event_name.startswith("ObjectRemoved:"):
                handled.append(("delete", record.bucket.name, record.s3_object.key))

    router.dispatch(event, {})

    assert handled == [("delete", "my-bucket", "path/to/file.txt")]


def test_missing_parts_read_as_empty() -> None:
    record = S3Event({"Records": [{"eventName": "ObjectCreated:Put", "s3": None}]}).records[0]

    assert record.bucket.name is None
    assert record.s3_object.key is None
    assert record.s3.object.size is None


def test_a_router_hands_the_handler_an_s3_event() -> None:
    router = Router()
    router.s3()(lambda event, context: [r.s3_object.key for r in event.records])

    assert router.dispatch(load_event("s3/put.json"), {}) == ["incoming/my file(1).txt"]


def test_repr_shows_what_and_where() -> None:
    record = S3Event(load_event("s3/put.json")).records[0]

    assert isinstance(record, S3Record)
    assert repr(record) == (
        "S3Record(event_name='ObjectCreated:Put', bucket=S3Bucket(name='example-uploads'), "
        "s3_object=S3Object(key='incoming/my file(1).txt'))"
    )
