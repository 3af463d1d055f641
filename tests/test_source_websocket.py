"""API Gateway WebSocket APIs: detection, the typed event, routing by route key, the answer."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import Forbidden, InvalidEventError, Router, UnmatchedEventError
from lambda_universal_router._classify import classify
from lambda_universal_router.events import WebSocketEvent
from lambda_universal_router.testing._factories_api import websocket
from tests.conftest import load_event


@pytest.mark.parametrize("name", ["connect", "message", "disconnect", "binary_message"])
def test_every_websocket_event_is_recognised(name: str) -> None:
    source, variant = classify(load_event(f"websocket/{name}.json"))
    assert (source.name, variant) == ("websocket", "")


def test_the_authorizer_of_a_websocket_connect_is_not_a_websocket_event() -> None:
    event = load_event("authorizer/websocket_request.json")
    source, variant = classify(event)
    assert (source.name, variant) == ("authorizer", "request")


def test_connect_attributes() -> None:
    event = WebSocketEvent(load_event("websocket/connect.json"))

    assert event.route_key == "$connect"
    assert event.event_type == "CONNECT"
    assert event.is_connect and not event.is_message and not event.is_disconnect
    assert event.connection_id == "SLxWqeLroAMCEOg="
    assert event.domain_name == "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com"
    assert event.stage == "production"
    assert event.api_id == "a1b2c3d4e5"
    assert event.request_id == "SLxWqGvDoAMFd3w="
    assert event.connected_at == 1707502303419
    assert event.request_time_epoch == 1707502303420
    assert event.source_ip == "198.51.100.7"
    assert event.headers["sec-websocket-version"] == "13"
    assert event.multi_value_headers["X-Forwarded-Port"] == ["443"]
    assert event.query_string_parameters == {"room": "lobby", "token": "abc"}
    assert event.multi_value_query_string_parameters["room"] == ["lobby"]
    assert event.body is None
    assert event.json_body is None
    assert event.body_bytes == b""
    assert event.authorizer == {}
    assert event.management_endpoint == (
        "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/production"
    )


def test_message_attributes() -> None:
    event = WebSocketEvent(load_event("websocket/message.json"))

    assert event.is_message
    assert event.message_id == "SLxXDeLsoAMCEOg="
    assert event.json_body == {"action": "sendmessage", "message": "hello, lobby"}
    assert event.headers == {}
    assert event.query_string_parameters == {}
    assert "sendmessage" in repr(event)
    assert "hello" not in repr(event)


def test_disconnect_attributes() -> None:
    event = WebSocketEvent(load_event("websocket/disconnect.json"))

    assert event.is_disconnect
    assert event.disconnect_status_code == 1001
    assert event.disconnect_reason == "Client-side close frame status not set"


def test_binary_frame_and_custom_domain() -> None:
    event = WebSocketEvent(load_event("websocket/binary_message.json"))

    assert event.is_base64_encoded
    assert event.body_bytes == b"hello bytes"
    assert event.body == "hello bytes"
    assert event.management_endpoint == "https://chat.example.com"


def test_a_partial_event_reads_as_empty_values() -> None:
    event = WebSocketEvent({})

    assert event.connection_id is None
    assert event.route_key is None
    assert event.headers == {}
    assert event.identity == {}


def test_invalid_base64_body_is_a_clear_error() -> None:
    event = WebSocketEvent({**load_event("websocket/binary_message.json"), "body": "not base64!"})

    with pytest.raises(InvalidEventError, match="not valid base64"):
        _ = event.body_bytes


def test_invalid_json_body_is_a_clear_error() -> None:
    event = WebSocketEvent(websocket("sendmessage", "not json"))

    with pytest.raises(InvalidEventError, match="not valid JSON"):
        _ = event.json_body


# --- routing ---------------------------------------------------------------------------------


def _chat_router(calls: list[str]) -> Router:
    router = Router()

    @router.websocket("$default")
    def fallback(event: WebSocketEvent, context: Any) -> None:
        calls.append("default")

    @router.websocket("$connect")
    def connect(event: WebSocketEvent, context: Any) -> None:
        calls.append("connect")

    @router.websocket(["sendmessage", "broadcast"])
    def send(event: WebSocketEvent, context: Any) -> None:
        calls.append("send")

    return router


def test_route_keys_choose_the_handler_and_default_takes_unnamed_messages() -> None:
    calls: list[str] = []
    router = _chat_router(calls)

    router.dispatch(websocket("$connect"))
    router.dispatch(websocket("sendmessage"))
    router.dispatch(websocket("broadcast"))
    router.dispatch(websocket("typing"))
    router.dispatch(websocket("$default"))

    assert calls == ["connect", "send", "send", "default", "default"]


def test_default_never_takes_a_disconnect() -> None:
    calls: list[str] = []
    router = _chat_router(calls)

    assert router.dispatch(websocket("$disconnect")) == {"statusCode": 200}
    assert calls == []


def test_an_unmatched_event_fails_when_the_router_says_so() -> None:
    router = Router(unmatched="fail")

    @router.websocket("$connect")
    def connect(event: WebSocketEvent, context: Any) -> None:
        pass

    with pytest.raises(UnmatchedEventError):
        router.dispatch(websocket("$disconnect"))


def test_a_handler_without_route_key_takes_what_no_named_handler_takes() -> None:
    router = Router()
    seen: list[str | None] = []

    @router.websocket()
    def anything(event: WebSocketEvent, context: Any) -> None:
        seen.append(event.route_key)

    @router.websocket("$connect")
    def connect(event: WebSocketEvent, context: Any) -> None:
        seen.append("named")

    router.dispatch(websocket("$connect"))
    router.dispatch(websocket("$disconnect"))
    router.dispatch(websocket("hello"))

    assert seen == ["named", "$disconnect", "hello"]


# --- the answer ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("returned", "answer"),
    [
        (None, {"statusCode": 200}),
        ({"statusCode": 401}, {"statusCode": 401}),
        ("pong", {"statusCode": 200, "body": "pong"}),
        ({"ok": True}, {"statusCode": 200, "body": json.dumps({"ok": True})}),
    ],
)
def test_handler_results_become_proxy_answers(returned: Any, answer: dict[str, Any]) -> None:
    router = Router()

    @router.websocket()
    def handler(event: WebSocketEvent, context: Any) -> Any:
        return returned

    assert router.dispatch(websocket("ping")) == answer


def test_json_answers_are_written_as_http_answers_are() -> None:
    from decimal import Decimal

    from lambda_universal_router import ResponseSerializationError

    router = Router()
    router.websocket("price")(lambda event, context: {"price": Decimal("1.10"), "tags": {"b", "a"}})
    router.websocket("nan")(lambda event, context: [float("nan")])
    answer = router.dispatch(websocket("price"))
    assert answer == {"statusCode": 200, "body": '{"price": 1.10, "tags": ["a", "b"]}'}
    with pytest.raises(ResponseSerializationError, match=r"body\[0\] \(float\) is NaN"):
        router.dispatch(websocket("nan"))


def test_an_http_error_rejects_the_connection() -> None:
    router = Router()

    @router.websocket("$connect")
    def connect(event: WebSocketEvent, context: Any) -> None:
        raise Forbidden("no ticket")

    answer = router.dispatch(load_event("websocket/connect.json"))

    assert answer == {"statusCode": 403, "body": json.dumps({"message": "no ticket"})}


def test_async_handlers_are_awaited() -> None:
    router = Router()

    @router.websocket("sendmessage")
    async def send(event: WebSocketEvent, context: Any) -> str:
        return "sent"

    assert router.dispatch(load_event("websocket/message.json")) == {
        "statusCode": 200,
        "body": "sent",
    }


@given(
    route_key=st.text(min_size=1, max_size=30).filter(lambda key: not key.startswith("$")),
    body=st.text(max_size=100),
)
def test_any_message_route_reaches_default(route_key: str, body: str) -> None:
    router = Router()

    @router.websocket("$default")
    def fallback(event: WebSocketEvent, context: Any) -> str:
        return event.body or ""

    event = websocket(route_key, body)
    assert classify(event)[0].name == "websocket"
    assert router.dispatch(event) == {"statusCode": 200, "body": body}
