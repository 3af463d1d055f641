"""CodePipeline jobs: the typed job, redacted credentials, and reporting the outcome."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import InvalidEventError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import CodePipelineEvent
from tests.conftest import load_event


class FakeCodePipeline:
    """Records the calls a boto3 CodePipeline client would receive."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def put_job_success_result(self, **params: Any) -> dict[str, Any]:
        self.calls.append(("success", params))
        return {}

    def put_job_failure_result(self, **params: Any) -> dict[str, Any]:
        self.calls.append(("failure", params))
        return {}


@pytest.mark.parametrize("name", ["codepipeline/job.json", "codepipeline/continuation.json"])
def test_jobs_are_recognised(name: str) -> None:
    source, variant = classify(load_event(name))
    assert (source.name, variant) == ("codepipeline", "")


def test_the_job_is_typed() -> None:
    event = CodePipelineEvent(load_event("codepipeline/job.json"))
    job = event.job

    assert event.job_id == job.id == "5c1d2e3f-8a9b-4c7d-9e0f-1a2b3c4d5e6f"
    assert job.account_id == "123456789012"
    assert job.function_name == "release-smoke-test"
    assert job.user_parameters_json() == {"url": "https://staging.example.com/health", "retries": 3}
    (source,) = job.input_artifacts
    assert source.name == "BuildOutput"
    assert source.revision == "8f3c2a1b9d0e7f6a5b4c3d2e1f0a9b8c7d6e5f4a"
    assert source.bucket_name == "codepipeline-eu-west-1-123456789012"
    assert source.object_key == "release-pipeline/BuildOutpu/Xy3kP9Q"
    assert source.location["type"] == "S3"
    (report,) = job.output_artifacts
    assert report.name == "SmokeReport"
    assert report.revision is None
    assert job.continuation_token is None
    assert job.encryption_key["type"] == "KMS"
    credentials = job.artifact_credentials
    assert credentials.access_key_id == "ASIAEXAMPLEKEYID0001"
    assert credentials.expiration_time == 1710414413000
    assert credentials.as_boto3() == {
        "aws_access_key_id": "ASIAEXAMPLEKEYID0001",
        "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLESECRET",
        "aws_session_token": "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN==",
    }


def test_credentials_never_show_in_repr() -> None:
    event = CodePipelineEvent(load_event("codepipeline/job.json"))

    shown = repr(event) + repr(event.job) + repr(event.job.artifact_credentials)
    assert "5c1d2e3f" in shown
    for secret in ("ASIAEXAMPLEKEYID0001", "EXAMPLESECRET", "SESSIONTOKEN"):
        assert secret not in shown


def test_a_continued_job_carries_its_token_and_no_parameters() -> None:
    job = CodePipelineEvent(load_event("codepipeline/continuation.json")).job

    assert job.continuation_token == "step-2-of-5"
    assert job.user_parameters is None
    assert job.input_artifacts == []
    assert job.encryption_key == {}
    with pytest.raises(InvalidEventError, match="UserParameters"):
        job.user_parameters_json()


def test_success_parameters() -> None:
    event = CodePipelineEvent(load_event("codepipeline/job.json"))

    assert event.succeed_params() == {"jobId": "5c1d2e3f-8a9b-4c7d-9e0f-1a2b3c4d5e6f"}
    assert event.succeed_params(
        summary="smoke test passed",
        external_execution_id="run-7",
        percent_complete=100,
        output_variables={"report": "s3://bucket/report.json"},
    ) == {
        "jobId": "5c1d2e3f-8a9b-4c7d-9e0f-1a2b3c4d5e6f",
        "executionDetails": {
            "summary": "smoke test passed",
            "externalExecutionId": "run-7",
            "percentComplete": 100,
        },
        "outputVariables": {"report": "s3://bucket/report.json"},
    }
    assert event.succeed_params(
        continuation_token="step-3", current_revision={"revision": "r"}
    ) == {
        "jobId": "5c1d2e3f-8a9b-4c7d-9e0f-1a2b3c4d5e6f",
        "continuationToken": "step-3",
        "currentRevision": {"revision": "r"},
    }


def test_failure_parameters() -> None:
    event = CodePipelineEvent(load_event("codepipeline/job.json"))

    assert event.fail_params("health check returned 503") == {
        "jobId": "5c1d2e3f-8a9b-4c7d-9e0f-1a2b3c4d5e6f",
        "failureDetails": {"type": "JobFailed", "message": "health check returned 503"},
    }
    params = event.fail_params(
        "x" * 6000, failure_type="ConfigurationError", external_execution_id="e"
    )
    assert len(params["failureDetails"]["message"]) == 5000
    assert params["failureDetails"]["type"] == "ConfigurationError"
    assert params["failureDetails"]["externalExecutionId"] == "e"
    with pytest.raises(ValueError, match="JobFailed"):
        event.fail_params("x", failure_type="Oops")


def test_a_handler_reports_through_the_client_it_is_given() -> None:
    client = FakeCodePipeline()
    router = Router()

    @router.codepipeline()
    def smoke_test(event: CodePipelineEvent, context: Any) -> None:
        settings = event.job.user_parameters_json()
        if settings["retries"] > 5:
            event.fail("too many retries", client=client)
        else:
            event.succeed(client=client, summary=f"checked {settings['url']}")

    assert router.dispatch(load_event("codepipeline/job.json"), {}) is None
    assert client.calls == [
        (
            "success",
            {
                "jobId": "5c1d2e3f-8a9b-4c7d-9e0f-1a2b3c4d5e6f",
                "executionDetails": {"summary": "checked https://staging.example.com/health"},
            },
        )
    ]


def test_failure_is_reported_through_the_client() -> None:
    client = FakeCodePipeline()
    event = CodePipelineEvent(load_event("codepipeline/continuation.json"))

    event.fail("migration step failed", client=client, failure_type="JobFailed")

    assert client.calls == [
        (
            "failure",
            {
                "jobId": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                "failureDetails": {"type": "JobFailed", "message": "migration step failed"},
            },
        )
    ]


def test_without_a_client_boto3_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    from lambda_universal_router.events import _sdk

    created: list[str] = []
    fake = FakeCodePipeline()

    class FakeBoto3:
        @staticmethod
        def client(service: str) -> FakeCodePipeline:
            created.append(service)
            return fake

    _sdk._shared.cache_clear()
    monkeypatch.setitem(sys.modules, "boto3", FakeBoto3)
    try:
        CodePipelineEvent(load_event("codepipeline/job.json")).succeed()
        CodePipelineEvent(load_event("codepipeline/job.json")).fail("again")
    finally:
        _sdk._shared.cache_clear()

    assert created == ["codepipeline"]  # one client, reused
    assert [kind for kind, _ in fake.calls] == ["success", "failure"]


def test_missing_boto3_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    from lambda_universal_router.events import _sdk

    _sdk._shared.cache_clear()
    monkeypatch.setitem(sys.modules, "boto3", None)
    try:
        with pytest.raises(ModuleNotFoundError, match="client="):
            CodePipelineEvent(load_event("codepipeline/job.json")).succeed()
    finally:
        _sdk._shared.cache_clear()


def test_an_event_without_a_job_id_cannot_be_reported() -> None:
    event = CodePipelineEvent({"CodePipeline.job": {}})

    assert event.job.function_name is None
    assert event.job.input_artifacts == []
    with pytest.raises(InvalidEventError, match="job id"):
        event.succeed_params()


@given(parameters=st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=4))
def test_user_parameters_round_trip(parameters: dict[str, str]) -> None:
    raw = load_event("codepipeline/job.json")
    raw["CodePipeline.job"]["data"]["actionConfiguration"]["configuration"]["UserParameters"] = (
        json.dumps(parameters)
    )

    assert CodePipelineEvent(raw).job.user_parameters_json() == parameters
