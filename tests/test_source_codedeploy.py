"""CodeDeploy lifecycle hooks: the ids, and reporting Succeeded or Failed."""

from __future__ import annotations

from typing import Any

import pytest

from lambda_universal_router import InvalidEventError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import CodeDeployLifecycleEvent
from tests.conftest import load_event

HOOK = "codedeploy/before_allow_traffic.json"


class FakeCodeDeploy:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def put_lifecycle_event_hook_execution_status(self, **params: Any) -> dict[str, Any]:
        self.calls.append(params)
        return {"lifecycleEventHookExecutionId": params["lifecycleEventHookExecutionId"]}


def test_hooks_are_recognised() -> None:
    source, variant = classify(load_event(HOOK))
    assert (source.name, variant) == ("codedeploy", "")


def test_the_hook_is_typed() -> None:
    event = CodeDeployLifecycleEvent(load_event(HOOK))

    assert event.deployment_id == "d-4Z7EXAMPLE"
    assert event.lifecycle_event_hook_execution_id is not None
    assert event.lifecycle_event_hook_execution_id.startswith("eyJ")
    assert repr(event) == "CodeDeployLifecycleEvent(deployment_id='d-4Z7EXAMPLE')"


def test_status_parameters() -> None:
    event = CodeDeployLifecycleEvent(load_event(HOOK))
    execution = event.lifecycle_event_hook_execution_id

    assert event.succeeded_params() == {
        "deploymentId": "d-4Z7EXAMPLE",
        "lifecycleEventHookExecutionId": execution,
        "status": "Succeeded",
    }
    assert event.failed_params()["status"] == "Failed"
    with pytest.raises(ValueError, match="Succeeded or Failed"):
        event.status_params("Skipped")


def test_a_hook_handler_reports_its_verdict() -> None:
    client = FakeCodeDeploy()
    router = Router()

    @router.codedeploy()
    def before_allow_traffic(event: CodeDeployLifecycleEvent, context: Any) -> None:
        healthy = False
        if healthy:
            event.succeed(client=client)
        else:
            event.fail(client=client)

    router.dispatch(load_event(HOOK), {})

    assert [call["status"] for call in client.calls] == ["Failed"]


def test_succeed_reports_through_the_client() -> None:
    client = FakeCodeDeploy()

    CodeDeployLifecycleEvent(load_event(HOOK)).succeed(client=client)

    assert client.calls[0]["status"] == "Succeeded"


def test_an_event_without_ids_cannot_be_reported() -> None:
    event = CodeDeployLifecycleEvent({"LifecycleEventHookExecutionId": "x"})

    assert event.deployment_id is None
    with pytest.raises(InvalidEventError, match="DeploymentId"):
        event.succeeded_params()
