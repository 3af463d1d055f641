"""Checked by mypy --strict, never run: the AppSync authorizer and Events, Cognito Sync and IoT
Events decorators keep the decorated function's type, and the helpers their result types."""

from __future__ import annotations

from typing import Any

from typing_extensions import assert_type

from lambda_universal_router import Router
from lambda_universal_router.events import (
    AppSyncAuthorizerEvent,
    AppSyncEventsEvent,
    AppSyncPublishedEvent,
    CognitoSyncEvent,
    CognitoSyncRecord,
    IoTEventsEvent,
)

router = Router()


@router.appsync_authorizer()
def authorize(event: AppSyncAuthorizerEvent, context: Any) -> dict[str, Any]:
    return event.allow(resolver_context={"user": "ada"}, ttl_override=60)


@router.appsync_events(channel="/chat/*", operation="PUBLISH")
def moderate(event: AppSyncEventsEvent, context: Any) -> list[dict[str, Any]]:
    return [item.forward() for item in event.events]


@router.cognito_sync(dataset="preferences")
def tidy(event: CognitoSyncEvent, context: Any) -> None:
    event.records["theme"].replace("dark")


@router.iot_events(detector_model="boiler-monitor", event_name=["overheated", "cooled"])
def alert(event: IoTEventsEvent, context: Any) -> str | None:
    return event.state_name


assert_type(authorize(AppSyncAuthorizerEvent({}), None), dict[str, Any])
assert_type(AppSyncAuthorizerEvent.deny(), dict[str, Any])
assert_type(moderate(AppSyncEventsEvent({}), None), list[dict[str, Any]])
assert_type(AppSyncEventsEvent({}).events, list[AppSyncPublishedEvent])
assert_type(tidy(CognitoSyncEvent({}), None), None)
assert_type(CognitoSyncEvent({}).records, dict[str, CognitoSyncRecord])
assert_type(alert(IoTEventsEvent({}), None), str | None)
assert_type(IoTEventsEvent({}).event_time, int | None)
