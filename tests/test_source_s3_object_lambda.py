"""S3 Object Lambda: the four operations, routing, and the answers (WriteGetObjectResponse
parameters through a fake client, HeadObject and ListObjects return values)."""

from __future__ import annotations

from typing import Any

import pytest

from lambda_universal_router import ConfigurationError, InvalidEventError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import S3ObjectLambdaEvent
from tests.conftest import load_event

OPERATIONS = {
    "get_object": "GetObject",
    "head_object": "HeadObject",
    "list_objects": "ListObjects",
    "list_objects_v2": "ListObjectsV2",
}


class FakeS3:
    """Records ``write_get_object_response`` calls the way boto3's S3 client takes them."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def write_get_object_response(self, **parameters: Any) -> dict[str, Any]:
        self.calls.append(parameters)
        return {"ResponseMetadata": {"HTTPStatusCode": 200}}


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_requests_classify_as_s3_object_lambda(name: str) -> None:
    source, variant = classify(load_event(f"s3_object_lambda/{name}.json"))
    assert (source.name, variant) == ("s3_object_lambda", "")


@pytest.mark.parametrize(("name", "operation"), sorted(OPERATIONS.items()))
def test_operation_and_input_url(name: str, operation: str) -> None:
    event = S3ObjectLambdaEvent(load_event(f"s3_object_lambda/{name}.json"))

    assert event.operation == operation
    assert event.input_s3_url is not None
    assert event.input_s3_url.startswith("https://reports-111122223333.s3-accesspoint.")


def test_get_object_event_reads_what_s3_sends() -> None:
    event = S3ObjectLambdaEvent(load_event("s3_object_lambda/get_object.json"))

    assert event.x_amz_request_id == "1a5ed718-5f53-471d-b6fe-5cf62d88d02a"
    assert event.protocol_version == "1.00"
    assert event.output_route == "io-use1-001"
    assert event.output_token == "OutputTokenExampleAAAABBBBCCCCDDDD"
    assert event.access_point_arn == (
        "arn:aws:s3-object-lambda:us-east-1:111122223333:accesspoint/redacted-reports"
    )
    assert event.supporting_access_point_arn == (
        "arn:aws:s3:us-east-1:111122223333:accesspoint/reports"
    )
    assert event.payload == '{"redact": ["email", "phone"]}'
    assert event.user_request_url == (
        "https://redacted-reports-111122223333.s3-object-lambda.us-east-1.amazonaws.com"
        "/2024/customers.csv"
    )
    assert event.user_request_headers["Range"] == "bytes=0-1023"
    assert (
        event.user_identity["arn"]
        == "arn:aws:sts::111122223333:assumed-role/ReportsApp/reports-app"
    )


def test_head_event_has_no_output_route() -> None:
    event = S3ObjectLambdaEvent(load_event("s3_object_lambda/head_object.json"))

    assert event.output_route is None and event.output_token is None


def test_repr_leaves_out_urls_and_tokens() -> None:
    text = repr(S3ObjectLambdaEvent(load_event("s3_object_lambda/get_object.json")))

    assert text == (
        "S3ObjectLambdaEvent(operation='GetObject', "
        "x_amz_request_id='1a5ed718-5f53-471d-b6fe-5cf62d88d02a')"
    )


def test_get_object_is_answered_with_write_get_object_response() -> None:
    # Given a handler that redacts the original and writes it back
    s3 = FakeS3()
    router = Router()

    @router.s3_object_lambda("GetObject")
    def redact(event: S3ObjectLambdaEvent, context: Any) -> dict[str, int]:
        original = "name,email\nJane,jane@example.com\n"
        return event.write_response(
            original.replace("jane@example.com", "***"), client=s3, ContentType="text/csv"
        )

    # When S3 Object Lambda invokes the function
    answer = router.dispatch(load_event("s3_object_lambda/get_object.json"), {})

    # Then the object went out with the request's route and token, and the function returns 200
    assert s3.calls == [
        {
            "RequestRoute": "io-use1-001",
            "RequestToken": "OutputTokenExampleAAAABBBBCCCCDDDD",
            "StatusCode": 200,
            "Body": "name,email\nJane,***\n",
            "ContentType": "text/csv",
        }
    ]
    assert answer == {"status_code": 200}


def test_errors_go_through_write_get_object_response_too() -> None:
    event = S3ObjectLambdaEvent(load_event("s3_object_lambda/get_object.json"))

    parameters = event.response_parameters(
        status_code=403, ErrorCode="AccessDenied", ErrorMessage="not for you"
    )

    assert parameters == {
        "RequestRoute": "io-use1-001",
        "RequestToken": "OutputTokenExampleAAAABBBBCCCCDDDD",
        "StatusCode": 403,
        "ErrorCode": "AccessDenied",
        "ErrorMessage": "not for you",
    }


def test_write_response_on_a_head_request_explains_the_mistake() -> None:
    event = S3ObjectLambdaEvent(load_event("s3_object_lambda/head_object.json"))

    with pytest.raises(InvalidEventError, match="A HeadObject request has no getObjectContext"):
        event.write_response(b"x", client=FakeS3())


def test_head_and_list_answers() -> None:
    head = S3ObjectLambdaEvent(load_event("s3_object_lambda/head_object.json"))
    listing = S3ObjectLambdaEvent(load_event("s3_object_lambda/list_objects_v2.json"))

    assert head.head_response(headers={"Content-Length": 42}, metadata={"redacted": "yes"}) == {
        "statusCode": 200,
        "headers": {"Content-Length": 42},
        "metadata": {"redacted": "yes"},
    }
    assert head.head_response(404, error_code="NoSuchKey", error_message="gone") == {
        "statusCode": 404,
        "errorCode": "NoSuchKey",
        "errorMessage": "gone",
    }
    assert listing.list_response(result={"name": "reports", "keyCount": 0}) == {
        "statusCode": 200,
        "listBucketResult": {"name": "reports", "keyCount": 0},
    }
    assert listing.list_response(xml="<ListBucketResult/>") == {
        "statusCode": 200,
        "listResultXml": "<ListBucketResult/>",
    }


def test_write_response_imports_boto3_only_without_a_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys
    import types

    s3 = FakeS3()
    fake_boto3 = types.ModuleType("boto3")
    fake_boto3.client = lambda service: s3  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "boto3", fake_boto3)
    event = S3ObjectLambdaEvent(load_event("s3_object_lambda/get_object.json"))

    event.write_response(b"data")

    assert s3.calls[0]["Body"] == b"data"


def test_routes_by_operation_and_access_point() -> None:
    router = Router()
    router.s3_object_lambda("GetObject")(lambda e, c: "get")
    router.s3_object_lambda(["ListObjects", "ListObjectsV2"])(lambda e, c: "list")
    router.s3_object_lambda("HeadObject", access_point="other-ap")(lambda e, c: "other head")
    router.s3_object_lambda(access_point="redacted-reports")(lambda e, c: "any on ap")

    assert router.dispatch(load_event("s3_object_lambda/get_object.json"), {}) == "get"
    assert router.dispatch(load_event("s3_object_lambda/list_objects.json"), {}) == "list"
    assert router.dispatch(load_event("s3_object_lambda/list_objects_v2.json"), {}) == "list"
    assert router.dispatch(load_event("s3_object_lambda/head_object.json"), {}) == "any on ap"


def test_access_point_matches_by_arn() -> None:
    router = Router()
    arn = "arn:aws:s3-object-lambda:us-east-1:111122223333:accesspoint/redacted-reports"
    router.s3_object_lambda(access_point=arn)(lambda e, c: "by arn")

    assert router.dispatch(load_event("s3_object_lambda/head_object.json"), {}) == "by arn"


def test_operation_filter_is_checked_at_registration() -> None:
    with pytest.raises(ConfigurationError, match="operation= takes GetObject"):
        Router().s3_object_lambda("PutObject")
