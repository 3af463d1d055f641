"""Lambda destinations: invocation records typed, routed by condition and invoked function."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import ConfigurationError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import LambdaDestinationEvent
from tests.conftest import load_event

FIXTURES = [
    "lambda_destination/on_failure.json",
    "lambda_destination/on_success.json",
    "lambda_destination/event_age_exceeded.json",
]


@pytest.mark.parametrize("name", FIXTURES)
def test_invocation_records_are_recognised(name: str) -> None:
    source, variant = classify(load_event(name))
    assert (source.name, variant) == ("lambda_destination", "")


def test_a_failure_record_is_typed() -> None:
    event = LambdaDestinationEvent(load_event("lambda_destination/on_failure.json"))

    assert event.version == "1.0"
    assert event.timestamp == "2024-03-14T09:31:44.118Z"
    assert event.request_id == "e4b46cbf-b738-4f2d-8880-a18cdf61200e"
    assert event.function_name == "resize-images"
    assert event.function_qualifier == "$LATEST"
    assert event.condition == "RetriesExhausted"
    assert event.succeeded is False
    assert event.approximate_invoke_count == 3
    assert event.request_payload == {"bucket": "uploads", "key": "cat.png"}
    assert event.status_code == 200
    assert event.executed_version == "$LATEST"
    assert event.function_error == "Unhandled"
    assert event.error_type == "ValueError"
    assert event.error_message == "image too large: 48000x32000"
    assert repr(event) == (
        "LambdaDestinationEvent(function_name='resize-images', condition='RetriesExhausted', "
        "request_id='e4b46cbf-b738-4f2d-8880-a18cdf61200e')"
    )


def test_a_success_record_has_the_result_and_no_error() -> None:
    event = LambdaDestinationEvent(load_event("lambda_destination/on_success.json"))

    assert event.succeeded is True
    assert event.function_qualifier == "live"
    assert event.executed_version == "7"
    assert event.response_payload == {"charged": True, "charge_id": "ch_0042"}
    assert event.function_error is event.error_type is event.error_message is None


def test_an_expired_event_has_no_response() -> None:
    event = LambdaDestinationEvent(load_event("lambda_destination/event_age_exceeded.json"))

    assert event.function_name == "send-digest"
    assert event.function_qualifier is None
    assert event.response_context == {}
    assert event.response_payload is None
    assert event.status_code is None


def test_handlers_are_chosen_by_condition_and_function() -> None:
    router = Router()
    seen: list[str] = []

    @router.lambda_destination()
    def any_record(event: LambdaDestinationEvent, context: Any) -> None:
        seen.append(f"any:{event.function_name}")

    @router.lambda_destination(condition=["RetriesExhausted", "EventAgeExceeded"])
    def failures(event: LambdaDestinationEvent, context: Any) -> None:
        seen.append(f"failed:{event.function_name}:{event.condition}")

    @router.lambda_destination(
        condition="RetriesExhausted",
        function="arn:aws:lambda:eu-west-1:123456789012:function:resize-images",
    )
    def resize_failures(event: LambdaDestinationEvent, context: Any) -> None:
        seen.append(f"resize:{event.error_type}")

    for name in FIXTURES:
        router.dispatch(load_event(name), {})

    assert seen == [
        "resize:ValueError",
        "any:charge-card",
        "failed:send-digest:EventAgeExceeded",
    ]


def test_conditions_are_checked_when_registered() -> None:
    with pytest.raises(ConfigurationError, match="RetriesExhausted"):
        Router().lambda_destination(condition="Failure")


@given(
    name=st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True),
    qualifier=st.sampled_from(["", ":$LATEST", ":3", ":live"]),
)
def test_a_function_is_matched_by_name_with_any_qualifier(name: str, qualifier: str) -> None:
    raw = load_event("lambda_destination/on_success.json")
    raw["requestContext"]["functionArn"] = (
        f"arn:aws:lambda:eu-west-1:123456789012:function:{name}{qualifier}"
    )
    router = Router()
    router.lambda_destination()(lambda event, context: "other")
    router.lambda_destination(function=name)(lambda event, context: "named")

    assert router.dispatch(raw, {}) == "named"
