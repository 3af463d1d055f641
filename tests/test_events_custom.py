"""The custom fallback: unknown events arrive whole, under both 1.0 and 2.0 names."""

from __future__ import annotations

from typing import Any

from lambda_universal_router import Router
from lambda_universal_router.events import CustomEvent


def test_an_unknown_event_reaches_the_custom_handler_whole() -> None:
    webhook = {"webhook_id": "abc123", "event": "payment.success", "payload": {"amount": 99.99}}
    router = Router()
    received: list[Any] = []
    router.custom()(lambda event, context: received.append(event) or {"statusCode": 200})

    assert router.dispatch(webhook, {}) == {"statusCode": 200}
    event = received[0]
    assert isinstance(event, CustomEvent)
    assert event.event_data is webhook
    assert event.raw_event is webhook


def test_the_1_0_example_routes_on_event_data() -> None:
    router = Router()

    @router.custom()
    def app_event_handler(event: CustomEvent, context: Any) -> str:
        event_type = event.event_data.get("type", "")
        if event_type.startswith("user."):
            return "user"
        return "generic"

    assert router.dispatch({"type": "user.created", "data": {"user_id": "123"}}, {}) == "user"
    assert router.dispatch({"anything": 1}, {}) == "generic"
