"""CloudFormation custom resources: detection, the typed event, routing, and the answer the router
PUTs to a local stand-in for CloudFormation's pre-signed response URL."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import ConfigurationError, Router
from lambda_universal_router._answers import custom_resource
from lambda_universal_router._answers.custom_resource import CustomResourceResponseError
from lambda_universal_router._classify import classify
from lambda_universal_router.events import CloudFormationEvent
from tests.conftest import load_event

STACK = (
    "arn:aws:cloudformation:us-east-1:123456789012:stack/media-stack/"
    "5b918d10-cd98-11ea-90d5-0a9cd3354c10"
)


class Recorder:
    """What the stand-in for CloudFormation received, and the statuses it answers with."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.requests: list[dict[str, Any]] = []
        self.statuses: list[int] = []
        self.received = threading.Event()

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(request["body"]) for request in self.requests]


@pytest.fixture
def cloudformation(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorder]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(custom_resource, "BACKOFF", 0.01)
    recorder: Recorder

    class Handler(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            recorder.requests.append(
                {
                    "path": self.path,
                    "content_type": self.headers.get("Content-Type"),
                    "body": body,
                }
            )
            status = recorder.statuses.pop(0) if recorder.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            recorder.received.set()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorder = Recorder(f"http://127.0.0.1:{server.server_address[1]}/stack-response?sig=abc")
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield recorder
    server.shutdown()
    server.server_close()
    thread.join()


def request(name: str, url: str) -> dict[str, Any]:
    event: dict[str, Any] = load_event(f"cloudformation/{name}.json")
    event["ResponseURL"] = url
    return event


class Context:
    """The parts of Lambda's context object the router reads."""

    log_stream_name = "2024/05/01/[$LATEST]0123456789abcdef"

    def __init__(self, remaining_ms: int = 60_000) -> None:
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


# --- detection and the typed event ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["create", "update", "delete"])
def test_requests_classify_as_cloudformation(name: str) -> None:
    source, variant = classify(load_event(f"cloudformation/{name}.json"))
    assert (source.name, variant) == ("cloudformation", "")


def test_typed_event_reads_the_request() -> None:
    event = CloudFormationEvent(load_event("cloudformation/update.json"))

    assert event.request_type == "Update"
    assert event.resource_type == "Custom::Bucket"
    assert event.logical_resource_id == "UploadsBucket"
    assert event.physical_resource_id == "media-uploads"
    assert event.stack_id == STACK
    assert event.stack_name == "media-stack"
    assert event.request_id == "c1f3a7d2-58e0-4b1e-a0f4-8d2b6e9c3a15"
    assert event.service_token == "arn:aws:lambda:us-east-1:123456789012:function:bucket-provider"
    assert event.resource_properties["Versioning"] == "false"
    assert event.old_resource_properties["Versioning"] == "true"
    assert event.response_url is not None
    assert event.response_url.startswith("https://cloudformation-custom-resource-response")
    assert not event.create_failed


def test_create_has_no_physical_id_and_no_old_properties() -> None:
    event = CloudFormationEvent(load_event("cloudformation/create.json"))

    assert event.physical_resource_id is None
    assert event.old_resource_properties == {}
    assert event.resource_properties["Tags"] == ["team:media", "env:prod"]


def test_repr_names_the_resource_but_never_the_response_url() -> None:
    text = repr(CloudFormationEvent(load_event("cloudformation/delete.json")))

    assert "Custom::Bucket" in text and "media-uploads" in text
    assert "X-Amz-Signature" not in text and "s3.amazonaws.com" not in text


def test_partial_event_reads_as_none() -> None:
    event = CloudFormationEvent({"RequestType": "Create"})

    assert event.stack_name is None
    assert event.resource_properties == {}
    assert event.response_url is None


# --- the answer ----------------------------------------------------------------------------------


def test_success_sends_exactly_what_cloudformation_expects(cloudformation: Recorder) -> None:
    router = Router()

    @router.cloudformation("Custom::Bucket")
    def bucket(event: CloudFormationEvent, context: Any) -> dict[str, Any]:
        name = event.resource_properties["BucketName"]
        return {"PhysicalResourceId": name, "Data": {"Arn": f"arn:aws:s3:::{name}"}, "NoEcho": True}

    answer = router.dispatch(request("create", cloudformation.url), Context())

    sent = cloudformation.requests
    assert len(sent) == 1
    assert sent[0]["path"] == "/stack-response?sig=abc"
    assert sent[0]["content_type"] == ""
    assert json.loads(sent[0]["body"]) == {
        "Status": "SUCCESS",
        "PhysicalResourceId": "media-uploads",
        "StackId": STACK,
        "RequestId": "6a2bdf3e-4e8c-4f0c-9c2e-1d9e2a1f4b7c",
        "LogicalResourceId": "UploadsBucket",
        "NoEcho": True,
        "Data": {"Arn": "arn:aws:s3:::media-uploads"},
    }
    assert answer == json.loads(sent[0]["body"])


def test_create_without_physical_id_gets_logical_id_and_request_id(
    cloudformation: Recorder,
) -> None:
    router = Router()
    router.cloudformation()(lambda event, context: None)

    router.dispatch(request("create", cloudformation.url), {})

    (body,) = cloudformation.bodies()
    assert body["PhysicalResourceId"] == "UploadsBucket-6a2bdf3e-4e8c-4f0c-9c2e-1d9e2a1f4b7c"
    assert "Data" not in body and "NoEcho" not in body


@pytest.mark.parametrize("name", ["update", "delete"])
def test_update_and_delete_keep_the_existing_physical_id(
    cloudformation: Recorder, name: str
) -> None:
    router = Router()
    router.cloudformation()(lambda event, context: {"Data": {"Changed": "yes"}})

    router.dispatch(request(name, cloudformation.url), {})

    (body,) = cloudformation.bodies()
    assert body["Status"] == "SUCCESS"
    assert body["PhysicalResourceId"] == "media-uploads"


def test_data_may_be_any_mapping(cloudformation: Recorder) -> None:
    from types import MappingProxyType

    router = Router()
    router.cloudformation()(lambda e, c: {"Data": MappingProxyType({"Endpoint": "db:5432"})})

    answer = router.dispatch(request("update", cloudformation.url), {})

    assert answer["Data"] == {"Endpoint": "db:5432"}
    assert cloudformation.bodies() == [answer]


def test_async_handler_is_awaited(cloudformation: Recorder) -> None:
    router = Router()

    @router.cloudformation()
    async def bucket(event: CloudFormationEvent, context: Any) -> dict[str, Any]:
        return {"Data": {"Async": "true"}}

    router.dispatch(request("update", cloudformation.url), {})

    assert cloudformation.bodies()[0]["Data"] == {"Async": "true"}


def test_exception_becomes_failed_with_type_message_and_log_stream(
    cloudformation: Recorder,
) -> None:
    router = Router()

    @router.cloudformation()
    def bucket(event: CloudFormationEvent, context: Any) -> None:
        raise ValueError("bucket name media-uploads is taken")

    answer = router.dispatch(request("create", cloudformation.url), Context())

    assert cloudformation.bodies() == [answer]
    assert answer == {
        "Status": "FAILED",
        "PhysicalResourceId": "create-failed:UploadsBucket-6a2bdf3e-4e8c-4f0c-9c2e-1d9e2a1f4b7c",
        "StackId": STACK,
        "RequestId": "6a2bdf3e-4e8c-4f0c-9c2e-1d9e2a1f4b7c",
        "LogicalResourceId": "UploadsBucket",
        "Reason": "ValueError: bucket name media-uploads is taken "
        "(log stream: 2024/05/01/[$LATEST]0123456789abcdef)",
    }


def test_failed_update_keeps_the_physical_id(cloudformation: Recorder) -> None:
    router = Router()

    @router.cloudformation()
    def bucket(event: CloudFormationEvent, context: Any) -> None:
        raise RuntimeError("versioning cannot be suspended")

    answer = router.dispatch(request("update", cloudformation.url), {})

    assert answer["Status"] == "FAILED"
    assert answer["PhysicalResourceId"] == "media-uploads"
    assert answer["Reason"] == "RuntimeError: versioning cannot be suspended"


def test_delete_after_a_failed_create_succeeds_without_the_handler(
    cloudformation: Recorder,
) -> None:
    # Given the Delete CloudFormation sends to roll back the failed Create above
    event = request("delete", cloudformation.url)
    event["PhysicalResourceId"] = "create-failed:UploadsBucket-6a2bdf3e"
    router = Router()
    calls: list[Any] = []
    router.cloudformation()(lambda event, context: calls.append(event))

    # When it is dispatched
    answer = router.dispatch(event, {})

    # Then the stack hears SUCCESS for the same id, and the handler never ran
    assert calls == []
    assert answer["Status"] == "SUCCESS"
    assert answer["PhysicalResourceId"] == "create-failed:UploadsBucket-6a2bdf3e"
    assert CloudFormationEvent(event).create_failed


@pytest.mark.parametrize(
    ("result", "reason"),
    [
        ("media-uploads", "TypeError: a custom resource handler returns None or a dict"),
        ({"Arn": "arn:aws:s3:::x"}, "TypeError: the handler returned unexpected keys 'Arn'"),
        ({"PhysicalResourceId": ""}, "ValueError: PhysicalResourceId must be a non-empty"),
        ({"PhysicalResourceId": "x" * 1025}, "ValueError: PhysicalResourceId must be"),
        ({"Data": ["a"]}, "TypeError: Data must be a dict"),
        ({"NoEcho": "yes"}, "TypeError: NoEcho must be True or False"),
        ({"Data": {"Blob": "x" * 5000}}, "ValueError: the answer would be"),
    ],
)
def test_invalid_results_become_failed_with_the_reason(
    cloudformation: Recorder, result: Any, reason: str
) -> None:
    router = Router()
    router.cloudformation()(lambda event, context: result)

    answer = router.dispatch(request("update", cloudformation.url), {})

    assert answer["Status"] == "FAILED"
    assert answer["Reason"].startswith(reason)


def test_long_reason_is_cut_to_fit_the_4096_byte_limit(cloudformation: Recorder) -> None:
    router = Router()

    @router.cloudformation()
    def bucket(event: CloudFormationEvent, context: Any) -> None:
        raise ValueError("é" * 10_000)

    router.dispatch(request("create", cloudformation.url), Context())

    (sent,) = cloudformation.requests
    assert len(sent["body"]) <= 4096
    reason = json.loads(sent["body"])["Reason"]
    assert reason.startswith("ValueError: ééé") and reason.endswith("...")


@given(st.text(max_size=6000))
def test_any_failure_reason_fits_the_limit(message: str) -> None:
    event = CloudFormationEvent(load_event("cloudformation/create.json"))
    answer = custom_resource._Answer(event, "https://example.com/r", Context())

    body = answer.failure(message)

    assert len(custom_resource._encode(body)) <= 4096
    assert body["Status"] == "FAILED"


# --- routing -------------------------------------------------------------------------------------


def test_routes_by_resource_type_and_request_type(cloudformation: Recorder) -> None:
    router = Router()
    seen: list[str] = []
    router.cloudformation("Custom::Bucket")(lambda e, c: seen.append("bucket"))
    router.cloudformation("Custom::Bucket", request_type="Delete")(
        lambda e, c: seen.append("bucket-delete")
    )
    router.cloudformation(["Custom::Queue", "Custom::Topic"])(lambda e, c: seen.append("other"))

    router.dispatch(request("create", cloudformation.url), {})
    router.dispatch(request("delete", cloudformation.url), {})
    queue = request("update", cloudformation.url)
    queue["ResourceType"] = "Custom::Queue"
    router.dispatch(queue, {})

    assert seen == ["bucket", "bucket-delete", "other"]
    assert [body["Status"] for body in cloudformation.bodies()] == ["SUCCESS"] * 3


def test_unmatched_request_is_answered_failed(cloudformation: Recorder) -> None:
    router = Router()
    router.cloudformation("Custom::Queue")(lambda e, c: None)

    answer = router.dispatch(request("create", cloudformation.url), {})

    assert answer["Status"] == "FAILED"
    assert answer["Reason"] == "No handler is registered for Custom::Bucket Create requests"


def test_request_type_is_checked_at_registration() -> None:
    router = Router()

    with pytest.raises(ConfigurationError, match="request_type= takes Create, Update and Delete"):
        router.cloudformation(request_type="Destroy")

    with pytest.raises(ConfigurationError, match="resource_type"):
        router.cloudformation(resource_type=[""])


# --- sending -------------------------------------------------------------------------------------


def test_5xx_answers_are_retried(cloudformation: Recorder) -> None:
    cloudformation.statuses = [500, 503]
    router = Router()
    router.cloudformation()(lambda e, c: None)

    router.dispatch(request("update", cloudformation.url), {})

    bodies = cloudformation.bodies()
    assert len(bodies) == 3
    assert bodies[0] == bodies[1] == bodies[2]


def test_gives_up_after_the_last_attempt(cloudformation: Recorder) -> None:
    cloudformation.statuses = [500] * custom_resource.ATTEMPTS
    router = Router()
    router.cloudformation()(lambda e, c: None)

    with pytest.raises(CustomResourceResponseError, match="HTTP 500") as raised:
        router.dispatch(request("update", cloudformation.url), {})

    assert raised.value.status == 500
    assert len(cloudformation.requests) == custom_resource.ATTEMPTS


def test_client_errors_are_not_retried(cloudformation: Recorder) -> None:
    cloudformation.statuses = [403]
    router = Router()
    router.cloudformation()(lambda e, c: None)

    with pytest.raises(CustomResourceResponseError, match="HTTP 403"):
        router.dispatch(request("update", cloudformation.url), {})

    assert len(cloudformation.requests) == 1


def test_network_errors_are_retried_then_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a response URL where nothing listens
    monkeypatch.setattr(custom_resource, "BACKOFF", 0.01)
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    router = Router()
    router.cloudformation()(lambda e, c: None)

    with pytest.raises(CustomResourceResponseError) as raised:
        router.dispatch(request("update", f"http://127.0.0.1:{port}/r"), {})

    assert raised.value.status is None


def test_time_limit_answers_failed_before_lambda_stops(cloudformation: Recorder) -> None:
    # Given a handler still working when the function's time is nearly up
    router = Router()

    @router.cloudformation()
    def slow(event: CloudFormationEvent, context: Any) -> dict[str, Any]:
        cloudformation.received.wait(10)
        return {"Data": {"Late": "true"}}

    # When it is dispatched with 400 ms left
    answer = router.dispatch(request("create", cloudformation.url), Context(remaining_ms=400))

    # Then the timer answered FAILED once, and the late result was not sent
    bodies = cloudformation.bodies()
    assert bodies == [answer]
    assert answer["Status"] == "FAILED"
    assert answer["Reason"].startswith("The handler did not finish before the function's time")
    assert answer["PhysicalResourceId"].startswith("create-failed:UploadsBucket-")


def test_a_context_without_time_left_sets_no_timer(cloudformation: Recorder) -> None:
    router = Router()
    router.cloudformation()(lambda e, c: None)

    answer = router.dispatch(request("update", cloudformation.url), Context(remaining_ms=0))

    assert answer["Status"] == "SUCCESS"


def test_timer_is_cancelled_when_the_handler_finishes(cloudformation: Recorder) -> None:
    router = Router()
    router.cloudformation()(lambda e, c: None)

    router.dispatch(request("update", cloudformation.url), Context(remaining_ms=600_000))

    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer):
            thread.join(5)
            assert not thread.is_alive()
    assert [body["Status"] for body in cloudformation.bodies()] == ["SUCCESS"]


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message", "shown"),
    [
        # AWS's own sample events carry this placeholder.
        ("http://pre-signed-S3-url-for-response", "must be an https URL", "http://pre-signed"),
        ("http://example.com/response?X-Amz-Signature=secret", "must be an https URL", "?..."),
        ("file:///etc/passwd", "must be an https URL", "file:///etc/passwd"),
        ("https:///no-host", "must be an https URL", "https:///no-host"),
        ("", "has no ResponseURL", ""),
    ],
)
def test_an_unusable_response_url_runs_the_handler_logs_the_answer_and_raises(
    url: str, message: str, shown: str, caplog: pytest.LogCaptureFixture
) -> None:
    event = load_event("cloudformation/create.json")
    event["ResponseURL"] = url
    router = Router()
    calls: list[Any] = []
    router.cloudformation()(lambda e, c: calls.append(e) or {"Data": {"Arn": "arn:x"}})

    with pytest.raises(CustomResourceResponseError, match=message) as raised:
        router.dispatch(event, {})

    assert len(calls) == 1
    assert raised.value.url is not None
    assert shown in raised.value.url
    assert "secret" not in str(raised.value)
    logged = caplog.records[-1].getMessage()
    assert '"Status":"SUCCESS"' in logged
    assert '"Data":{"Arn":"arn:x"}' in logged


def test_a_failed_handler_with_an_unusable_url_logs_the_failed_answer(
    caplog: pytest.LogCaptureFixture,
) -> None:
    event = load_event("cloudformation/create.json")
    event["ResponseURL"] = "http://pre-signed-S3-url-for-response"
    router = Router()

    @router.cloudformation()
    def broken(event: CloudFormationEvent, context: Any) -> None:
        raise RuntimeError("no quota")

    with pytest.raises(CustomResourceResponseError):
        router.dispatch(event, Context())

    assert '"Reason":"RuntimeError: no quota' in caplog.records[-1].getMessage()


def test_answers_returned_never_sends_and_returns_the_answer(cloudformation: Recorder) -> None:
    router = Router()
    router.cloudformation()(lambda e, c: {"PhysicalResourceId": "thing-1"})

    with custom_resource.answers_returned():
        usable = router.dispatch(request("create", cloudformation.url), Context())
        placeholder = router.dispatch(
            request("create", "http://pre-signed-S3-url-for-response"), Context()
        )

    assert usable["Status"] == placeholder["Status"] == "SUCCESS"
    assert usable["PhysicalResourceId"] == "thing-1"
    assert cloudformation.requests == []
    # Outside the block, answers go out again.
    router.dispatch(request("create", cloudformation.url), Context())
    assert len(cloudformation.requests) == 1


def test_answers_returned_holds_for_the_time_limit_timer(cloudformation: Recorder) -> None:
    router = Router()
    router.cloudformation()(lambda e, c: time.sleep(0.4))

    with custom_resource.answers_returned():
        answer = router.dispatch(request("create", cloudformation.url), Context(remaining_ms=200))

    assert answer["Status"] == "FAILED"
    assert cloudformation.requests == []
