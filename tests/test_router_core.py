"""The Router's own contract: registration rules, fallback, errors, freezing."""

from __future__ import annotations

from typing import Any

import pytest

from lambda_universal_router import (
    ConfigurationError,
    InvalidEventError,
    NoHandlerError,
    Router,
    RouterError,
    RouterFrozenError,
)
from lambda_universal_router.events import CustomEvent, SQSEvent

SQS_EVENT = {"Records": [{"eventSource": "aws:sqs", "messageId": "m1", "body": "hello"}]}


def test_decorators_return_the_function_unchanged() -> None:
    router = Router()

    def handler(event: Any, context: Any) -> str:
        return "ok"

    for decorator in (
        router.sqs(),
        router.s3(),
        router.dynamodb(),
        router.kinesis(),
        router.sns(),
        router.eventbridge(),
        router.kafka(),
        router.custom(),
        router.apigateway("/a", method="POST"),
        router.get("/b"),
    ):
        assert decorator(handler) is handler


def test_a_second_custom_handler_is_refused_with_the_1_0_message() -> None:
    router = Router()
    router.custom()(lambda event, context: None)
    with pytest.raises(ValueError, match="Only one custom handler can be registered"):
        router.custom()(lambda event, context: None)


def test_unknown_events_go_to_the_custom_handler() -> None:
    router = Router()
    seen: list[Any] = []

    @router.custom()
    def fallback(event: CustomEvent, context: Any) -> str:
        seen.append(event)
        return "handled"

    raw = {"type": "user.created", "data": {"user_id": "123"}}
    assert router.dispatch(raw, {}) == "handled"
    assert seen[0].event_data == raw
    assert seen[0].raw_event is raw


def test_recognised_sources_without_a_handler_also_go_to_custom() -> None:
    router = Router()
    router.custom()(lambda event, context: event.event_data["Records"][0]["messageId"])
    assert router.dispatch(SQS_EVENT, object()) == "m1"


def test_no_handler_error_says_what_was_detected_and_what_exists() -> None:
    router = Router()
    router.get("/users/{id}")(lambda event, context: None)
    router.sns()(lambda event, context: None)
    with pytest.raises(NoHandlerError) as caught:
        router.dispatch(SQS_EVENT, {})
    message = str(caught.value)
    assert "No handler found for the given event type" in message
    assert "detected source: sqs" in message
    assert "GET /users/{id}" in message
    assert "sns" in message
    assert isinstance(caught.value, ValueError)
    assert caught.value.source == "sqs"


def test_unrecognised_event_without_custom_handler_says_so() -> None:
    router = Router()
    router.sqs()(lambda event, context: None)
    with pytest.raises(NoHandlerError, match="matched no known source"):
        router.dispatch({"hello": "world"}, None)


@pytest.mark.parametrize("event", [None, "text", 3, ["a"]])
def test_non_dict_events_get_a_clear_error(event: Any) -> None:
    router = Router()
    router.custom()(lambda event, context: None)
    with pytest.raises(InvalidEventError, match="needs the event as a dict"):
        router.dispatch(event, {})


def test_context_may_be_anything_and_is_passed_through() -> None:
    router = Router()
    contexts: list[Any] = []
    router.sqs()(lambda event, context: contexts.append(context))
    marker = object()
    for context in ({}, None, marker):
        router.dispatch(SQS_EVENT, context)
    assert contexts == [{}, None, marker]


def test_handlers_receive_typed_events() -> None:
    router = Router()
    received: list[Any] = []
    router.sqs()(lambda event, context: received.append(event))
    router.dispatch(SQS_EVENT, {})
    assert isinstance(received[0], SQSEvent)
    assert received[0].records[0].body == "hello"


def test_first_registered_of_equal_handlers_wins_as_in_1_0() -> None:
    router = Router()
    router.sqs()(lambda event, context: "first")
    router.sqs()(lambda event, context: "second")
    assert router.dispatch(SQS_EVENT, {}) == "first"


def test_registering_after_the_first_dispatch_is_refused() -> None:
    router = Router()
    router.sqs()(lambda event, context: None)
    router.dispatch(SQS_EVENT, {})
    with pytest.raises(RouterFrozenError, match="before the first dispatch"):
        router.sns()(lambda event, context: None)
    assert issubclass(RouterFrozenError, ConfigurationError)


def test_unknown_source_names_are_refused() -> None:
    router = Router()
    with pytest.raises(ConfigurationError, match="Unknown event source 'sqsx'"):
        router.add_handler("sqsx", lambda event, context: None)


def test_routes_lists_registrations_as_data() -> None:
    router = Router()

    def get_user(event: Any, context: Any) -> None: ...

    router.get("/users/{id}")(get_user)
    router.sqs()(get_user)
    described = [registration.describe() for registration in router.routes()]
    assert described[0]["methods"] == ["GET"]
    assert described[0]["path"] == "/users/{id}"
    assert described[0]["handler"].endswith("get_user")
    assert described[1]["source"] == "sqs"


def test_all_library_errors_share_one_base() -> None:
    assert issubclass(NoHandlerError, RouterError)
    assert issubclass(InvalidEventError, RouterError)


async def _async_handler(event: Any, context: Any) -> str:
    return "async result"


def test_async_handlers_are_run_to_completion() -> None:
    router = Router()
    router.custom()(_async_handler)
    assert router.dispatch({"x": 1}, {}) == "async result"
