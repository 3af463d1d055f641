"""S3 Batch Operations: both invocation schemas, per-task handlers and the results response."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import Router
from lambda_universal_router._answers.s3_batch import failure
from lambda_universal_router._classify import classify
from lambda_universal_router.events import S3BatchEvent, S3BatchResult, S3BatchTask
from tests.conftest import load_event


class ClientError(Exception):
    """Shaped like botocore's: the service's error code and HTTP status in ``response``."""

    def __init__(self, code: str, status: int) -> None:
        super().__init__(f"An error occurred ({code})")
        self.response = {"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}


@pytest.mark.parametrize("name", ["schema_1", "schema_2"])
def test_invocations_classify_as_s3_batch(name: str) -> None:
    source, variant = classify(load_event(f"s3_batch/{name}.json"))
    assert (source.name, variant) == ("s3_batch", "")


def test_schema_1_names_the_bucket_by_arn_and_encodes_the_key() -> None:
    event = S3BatchEvent(load_event("s3_batch/schema_1.json"))

    assert event.invocation_schema_version == "1.0"
    assert event.invocation_id == "YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo"
    assert event.job_id == "f3cc4f60-61f6-4a2b-8a21-d07600c373ce"
    assert event.user_arguments == {}
    (task,) = event.tasks
    assert task.event is event
    assert task.task_id == "dGFza2lkZ29lc2hlcmUK"
    assert task.raw_s3_key == "reports/2024/Q1+summary%28final%29.csv"
    assert task.s3_key == "reports/2024/Q1 summary(final).csv"
    assert task.s3_version_id == "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"
    assert task.s3_bucket_arn == "arn:aws:s3:::finance-archive"
    assert task.s3_bucket == "finance-archive"


def test_schema_2_names_the_bucket_and_carries_user_arguments() -> None:
    event = S3BatchEvent(load_event("s3_batch/schema_2.json"))

    assert event.user_arguments == {"targetPrefix": "thumbnails/", "maxWidth": "320"}
    (task,) = event.tasks
    assert task.s3_bucket == "media-express--use1-az5--x-s3"
    assert task.s3_bucket_arn is None
    assert task.s3_version_id is None
    assert task.s3_key == "photos/2024/05/beach.jpg"


def test_repr_shows_the_task() -> None:
    (task,) = S3BatchEvent(load_event("s3_batch/schema_2.json")).tasks

    assert repr(task) == (
        "S3BatchTask(task_id='YW5vdGhlcnRhc2tpZGdvZXNoZXJlCg', "
        "s3_bucket='media-express--use1-az5--x-s3', s3_key='photos/2024/05/beach.jpg')"
    )


def test_response_carries_each_task_result() -> None:
    # Given a handler that copies objects and reports where to
    router = Router()

    @router.s3_batch()
    def thumbnail(task: S3BatchTask, context: Any) -> str:
        assert task.event is not None
        return task.event.user_arguments["targetPrefix"] + (task.s3_key or "")

    # When S3 Batch Operations invokes the function
    answer = router.dispatch(load_event("s3_batch/schema_2.json"), {})

    # Then the response is the one S3 documents, with the schema version echoed
    assert answer == {
        "invocationSchemaVersion": "2.0",
        "treatMissingKeysAs": "PermanentFailure",
        "invocationId": "Zm9vYmFyYmF6cXV4Y29ycmVjdGhvcnNlYmF0dGVyeXN0YXBsZQo",
        "results": [
            {
                "taskId": "YW5vdGhlcnRhc2tpZGdvZXNoZXJlCg",
                "resultCode": "Succeeded",
                "resultString": "thumbnails/photos/2024/05/beach.jpg",
            }
        ],
    }


@pytest.mark.parametrize(
    ("returned", "code", "string"),
    [
        (None, "Succeeded", ""),
        ({"copied": 1}, "Succeeded", '{"copied": 1}'),
        (S3BatchResult.succeeded("done"), "Succeeded", "done"),
        (S3BatchResult.temporary_failure("busy"), "TemporaryFailure", "busy"),
        (S3BatchResult.permanent_failure("gone"), "PermanentFailure", "gone"),
    ],
)
def test_returned_values_become_result_codes(returned: Any, code: str, string: str) -> None:
    router = Router()
    router.s3_batch()(lambda task, context: returned)

    (result,) = router.dispatch(load_event("s3_batch/schema_1.json"), {})["results"]

    assert (result["resultCode"], result["resultString"]) == (code, string)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (KeyError("missing"), "PermanentFailure"),
        (ValueError("not an image"), "PermanentFailure"),
        (TimeoutError("read timed out"), "TemporaryFailure"),
        (ConnectionResetError("reset by peer"), "TemporaryFailure"),
        (ClientError("SlowDown", 503), "TemporaryFailure"),
        (ClientError("InternalError", 500), "TemporaryFailure"),
        (ClientError("NoSuchKey", 404), "PermanentFailure"),
        (ClientError("AccessDenied", 403), "PermanentFailure"),
    ],
)
def test_exceptions_fail_the_task(error: Exception, code: str) -> None:
    router = Router()

    @router.s3_batch()
    def act(task: S3BatchTask, context: Any) -> None:
        raise error

    (result,) = router.dispatch(load_event("s3_batch/schema_1.json"), {})["results"]

    assert result["resultCode"] == code
    assert result["resultString"] == f"{type(error).__name__}: {error}"


def test_every_task_is_answered_when_a_schema_1_invocation_has_several() -> None:
    event = load_event("s3_batch/schema_1.json")
    event["tasks"] = [dict(event["tasks"][0], taskId=f"t{i}", s3Key=f"k{i}") for i in range(3)]
    router = Router()

    @router.s3_batch()
    def act(task: S3BatchTask, context: Any) -> None:
        if task.s3_key == "k1":
            raise RuntimeError("corrupt")

    answer = router.dispatch(event, {})

    assert [(r["taskId"], r["resultCode"]) for r in answer["results"]] == [
        ("t0", "Succeeded"),
        ("t1", "PermanentFailure"),
        ("t2", "Succeeded"),
    ]


def test_async_handler() -> None:
    router = Router()

    @router.s3_batch()
    async def act(task: S3BatchTask, context: Any) -> str:
        return "async"

    answer = router.dispatch(load_event("s3_batch/schema_1.json"), {})

    assert answer["results"][0]["resultString"] == "async"


@given(st.text())
def test_any_key_decodes_back(key: str) -> None:
    from urllib.parse import quote_plus

    task = S3BatchTask({"taskId": "t", "s3Key": quote_plus(key)})

    assert task.s3_key == key


def test_failure_classifies_without_botocore() -> None:
    assert failure(ClientError("ThrottlingException", 400)).code == "TemporaryFailure"
    json.dumps({"resultString": failure(OSError(5, "I/O")).message})
