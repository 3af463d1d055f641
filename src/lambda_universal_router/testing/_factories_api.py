"""Realistic events for APIs, identity and conversations: WebSocket APIs, API Gateway Lambda
authorizers, Cognito User Pool triggers, AppSync resolvers, Lex bots, Bedrock agents and Amazon
Connect contact flows.

Each factory returns the dict Lambda would pass to the function, shaped after the example events
in the AWS developer guide of the service, with every field AWS sends and plain Python keyword
arguments for the parts a test cares about. ``CATALOG`` maps ``"source"`` and ``"source:variant"``
to a zero-argument factory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ._shapes import JSON, REGION, clf, now, request_id, text, token

__all__ = ["CATALOG", "websocket"]


def _short_id() -> str:
    """The 16-character ids API Gateway gives WebSocket connections and requests."""
    return token(15) + "="


# --- API Gateway WebSocket -----------------------------------------------------------------------

_EVENT_TYPES = {"$connect": "CONNECT", "$disconnect": "DISCONNECT"}


def websocket(
    route_key: str = "$default",
    body: Any = None,
    *,
    connection_id: str | None = None,
    stage: str = "production",
    api_id: str = "abcdef1234",
    domain_name: str | None = None,
    headers: Mapping[str, str] | None = None,
    query: Mapping[str, str] | None = None,
    authorizer: Mapping[str, Any] | None = None,
    source_ip: str = "203.0.113.25",
    region: str = REGION,
) -> JSON:
    """A WebSocket API event: ``$connect``, ``$disconnect``, or a message on ``route_key``.

    ``body`` (messages) is sent as text: strings unchanged, anything else as JSON. ``headers`` and
    ``query`` are the handshake's (``$connect``); ``authorizer`` is what a ``$connect`` authorizer
    returned.
    """
    moment = now()
    host = domain_name or f"{api_id}.execute-api.{region}.amazonaws.com"
    event_type = _EVENT_TYPES.get(route_key, "MESSAGE")
    context: JSON = {
        "routeKey": route_key,
        "eventType": event_type,
        "extendedRequestId": _short_id(),
        "requestTime": clf(moment),
        "messageDirection": "IN",
        "stage": stage,
        "connectedAt": int(moment * 1000) - 5000,
        "requestTimeEpoch": int(moment * 1000),
        "identity": {"sourceIp": source_ip},
        "requestId": _short_id(),
        "domainName": host,
        "connectionId": connection_id or _short_id(),
        "apiId": api_id,
    }
    if authorizer is not None:
        context["authorizer"] = dict(authorizer)
    event: JSON = {"requestContext": context, "isBase64Encoded": False}
    if event_type == "MESSAGE":
        context["messageId"] = _short_id()
        event["body"] = text(body if body is not None else {"action": route_key})
        return event
    if event_type == "CONNECT":
        context["identity"]["userAgent"] = "Mozilla/5.0 (X11; Linux x86_64) websocket-client"
        sent = {
            "Host": host,
            "Sec-WebSocket-Extensions": "permessage-deflate; client_max_window_bits",
            "Sec-WebSocket-Key": token(22) + "==",
            "Sec-WebSocket-Version": "13",
            "X-Amzn-Trace-Id": f"Root=1-{int(moment):08x}-{request_id().replace('-', '')[:24]}",
            "X-Forwarded-For": source_ip,
            "X-Forwarded-Port": "443",
            "X-Forwarded-Proto": "https",
            **(headers or {}),
        }
        if query:
            event["queryStringParameters"] = dict(query)
            event["multiValueQueryStringParameters"] = {k: [v] for k, v in query.items()}
    else:
        context["disconnectStatusCode"] = 1001
        context["disconnectReason"] = "Client-side close frame status not set"
        sent = {"Host": host, "X-Forwarded-For": source_ip, **(headers or {})}
    event["headers"] = sent
    event["multiValueHeaders"] = {name: [value] for name, value in sent.items()}
    return event


CATALOG: dict[str, Callable[[], JSON]] = {
    "websocket": websocket,
    "websocket:connect": lambda: websocket("$connect"),
    "websocket:disconnect": lambda: websocket("$disconnect"),
    "websocket:message": lambda: websocket("sendmessage", {"action": "sendmessage", "data": "hi"}),
}
