"""Realistic events for AppSync Lambda authorizers and Events handlers, Cognito Sync triggers and
IoT Events actions.

Each factory returns the dict Lambda would pass to the function, shaped after the example events
of the service's developer guide and AWS's event libraries, with plain Python keyword arguments
for the parts a test cares about. ``CATALOG`` maps ``"source"`` to a zero-argument factory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ._shapes import ACCOUNT, JSON, REGION, hex_id, now, request_id, token

__all__ = ["CATALOG", "appsync_authorizer", "appsync_events", "cognito_sync", "iot_events"]


def appsync_authorizer(
    authorization_token: str = "Bearer ey.example.token",
    *,
    query: str = "query GetPost($id: ID!) {\n  getPost(id: $id) {\n    id\n    title\n  }\n}\n",
    operation_name: str | None = "GetPost",
    variables: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    api_id: str | None = None,
    account: str = ACCOUNT,
) -> JSON:
    """A GraphQL request to an API whose authorization mode is ``AWS_LAMBDA``."""
    return {
        "authorizationToken": authorization_token,
        "requestContext": {
            "apiId": api_id or hex_id(26),
            "accountId": account,
            "requestId": request_id(),
            "queryString": query,
            "operationName": operation_name,
            "variables": dict(variables or {"id": "post-1"}),
        },
        "requestHeaders": dict(
            headers
            or {
                "authorization": authorization_token,
                "content-type": "application/json",
                "host": "example1234567890.appsync-api.us-east-1.amazonaws.com",
            }
        ),
    }


def appsync_events(
    payloads: Sequence[Any] | None = None,
    *,
    channel: str = "/default/channel",
    operation: str = "PUBLISH",
    headers: Mapping[str, str] | None = None,
) -> JSON:
    """A channel namespace handler call: a publish of ``payloads`` (one event each), or a
    subscribe (``operation="SUBSCRIBE"``, no events)."""
    segments = [segment for segment in channel.split("/") if segment]
    event: JSON = {
        "identity": None,
        "result": None,
        "request": {
            "headers": dict(headers or {"content-type": "application/json"}),
            "domainName": None,
        },
        "info": {
            "channel": {"path": channel, "segments": segments},
            "channelNamespace": {"name": segments[0] if segments else "default"},
            "operation": operation,
        },
        "error": None,
        "prev": None,
        "stash": {},
        "outErrors": [],
    }
    if operation == "PUBLISH":
        wanted = payloads if payloads is not None else [{"message": "hello"}]
        event["events"] = [{"id": request_id(), "payload": payload} for payload in wanted]
    return event


def cognito_sync(
    records: Mapping[str, tuple[str | None, str]] | None = None,
    *,
    dataset: str = "preferences",
    identity_id: str | None = None,
    region: str = REGION,
) -> JSON:
    """A Sync Trigger event; ``records`` maps each key to ``(old_value, new_value)``."""
    wanted = records if records is not None else {"theme": ("light", "dark")}
    return {
        "version": 2,
        "eventType": "SyncTrigger",
        "region": region,
        "identityPoolId": f"{region}:{request_id()}",
        "identityId": identity_id or f"{region}:{request_id()}",
        "datasetName": dataset,
        "datasetRecords": {
            key: {"oldValue": old, "newValue": new, "op": "replace"}
            for key, (old, new) in wanted.items()
        },
    }


def iot_events(
    event_name: str = "overheated",
    *,
    detector_model: str = "boiler-monitor",
    key_value: str | None = "boiler-7",
    state: str = "Alarm",
    variables: Mapping[str, Any] | None = None,
    input_name: str = "temperature_input",
    trigger_type: str = "Message",
) -> JSON:
    """The default payload of a detector model event's Lambda action."""
    detector: JSON = {"detectorModelName": detector_model, "detectorModelVersion": "1"}
    if key_value is not None:
        detector["keyValue"] = key_value
    trigger: JSON = {"triggerType": trigger_type, "inputName": input_name}
    if trigger_type == "Message":
        trigger["messageId"] = token(16)
    return {
        "eventName": event_name,
        "eventTime": int(now() * 1000),
        "payload": {
            "detector": detector,
            "eventTriggerDetails": trigger,
            "actionExecutionId": request_id(),
            "state": {
                "stateName": state,
                "variables": dict(variables or {"temperature": 104}),
                "timers": {},
            },
        },
    }


CATALOG: dict[str, Callable[[], JSON]] = {
    "appsync_authorizer": appsync_authorizer,
    "appsync_events": appsync_events,
    "appsync_events:publish": appsync_events,
    "appsync_events:subscribe": lambda: appsync_events(operation="SUBSCRIBE"),
    "cognito_sync": cognito_sync,
    "iot_events": iot_events,
}
