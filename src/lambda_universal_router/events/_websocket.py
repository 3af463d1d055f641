"""API Gateway WebSocket APIs: connects, disconnects and messages, routed by route key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._base import UNSET, Event, mapping
from ._fields import base64_bytes, integer, parse_json, text
from ._request_parts import RequestParts


class WebSocketEvent(RequestParts, Event):
    """One WebSocket frame or connection change, as API Gateway hands it to the integration."""

    __slots__ = ("_default_route", "_headers", "_json")
    _repr_fields = ("route_key", "event_type", "connection_id")

    def __init__(self, raw_event: dict[str, Any]) -> None:
        super().__init__(raw_event)
        self._headers: Any = UNSET
        self._json: Any = UNSET
        #: Set by the dispatcher: a message whose route key no handler names (goes to ``$default``).
        self._default_route = False

    @property
    def request_context(self) -> dict[str, Any]:
        """The ``requestContext`` map: connection, route, stage, identity and authorizer data."""
        return mapping(self.raw_event, "requestContext")

    @property
    def connection_id(self) -> str | None:
        """The id of the client connection; post back to it through the Management API."""
        return text(self.request_context, "connectionId")

    @property
    def route_key(self) -> str | None:
        """The route API Gateway selected: ``$connect``, ``$disconnect``, ``$default`` or custom."""
        return text(self.request_context, "routeKey")

    @property
    def event_type(self) -> str | None:
        """``CONNECT``, ``DISCONNECT`` or ``MESSAGE``."""
        return text(self.request_context, "eventType")

    @property
    def is_connect(self) -> bool:
        """Whether a client is opening the connection (``$connect``)."""
        return self.event_type == "CONNECT"

    @property
    def is_disconnect(self) -> bool:
        """Whether the connection closed (``$disconnect``)."""
        return self.event_type == "DISCONNECT"

    @property
    def is_message(self) -> bool:
        """Whether the client sent a message frame."""
        return self.event_type == "MESSAGE"

    @property
    def domain_name(self) -> str | None:
        """The host the client connected to (the execute-api domain or a custom domain)."""
        return text(self.request_context, "domainName")

    @property
    def stage(self) -> str | None:
        """The API stage (``production``, ``dev``, ...)."""
        return text(self.request_context, "stage")

    @property
    def api_id(self) -> str | None:
        """The WebSocket API's id."""
        return text(self.request_context, "apiId")

    @property
    def request_id(self) -> str | None:
        """API Gateway's id for this invocation."""
        return text(self.request_context, "requestId")

    @property
    def message_id(self) -> str | None:
        """The id API Gateway gave the message frame (messages only)."""
        return text(self.request_context, "messageId")

    @property
    def connected_at(self) -> int | None:
        """When the connection opened, in epoch milliseconds."""
        return integer(self.request_context, "connectedAt")

    @property
    def request_time_epoch(self) -> int | None:
        """When API Gateway received this frame or connection change, in epoch milliseconds."""
        return integer(self.request_context, "requestTimeEpoch")

    @property
    def disconnect_status_code(self) -> int | None:
        """The WebSocket close code (``$disconnect`` only, e.g. 1001 when the client left)."""
        return integer(self.request_context, "disconnectStatusCode")

    @property
    def disconnect_reason(self) -> str | None:
        """Why the connection closed, in API Gateway's words (``$disconnect`` only)."""
        return text(self.request_context, "disconnectReason")

    @property
    def identity(self) -> dict[str, Any]:
        """Caller identity: ``sourceIp``, ``userAgent`` and any IAM or Cognito identity fields."""
        return mapping(self.request_context, "identity")

    @property
    def source_ip(self) -> str | None:
        """The client's IP address."""
        return text(self.identity, "sourceIp")

    @property
    def authorizer(self) -> dict[str, Any]:
        """What the ``$connect`` authorizer returned (principal and context), ``{}`` without one."""
        return mapping(self.request_context, "authorizer")

    @property
    def is_base64_encoded(self) -> bool:
        """Whether ``body`` is base64 (binary frames)."""
        return bool(self.raw_event.get("isBase64Encoded"))

    @property
    def body(self) -> str | None:
        """The message frame as text (base64-decoded binary frames are decoded as UTF-8)."""
        body = text(self.raw_event, "body")
        if body is None or not self.is_base64_encoded:
            return body
        return self.body_bytes.decode("utf-8", "replace")

    @property
    def body_bytes(self) -> bytes:
        """The message frame as bytes (``b""`` when there is none)."""
        body = self.raw_event.get("body")
        if body is None:
            return b""
        if self.is_base64_encoded:
            return base64_bytes(body, "The WebSocket message body")
        return str(body).encode("utf-8")

    @property
    def json_body(self) -> Any:
        """The message frame parsed as JSON (None without a body); parsed once."""
        if self._json is UNSET:
            body = self.body
            self._json = (
                None
                if body is None
                else parse_json(body, "The WebSocket message body", strict=True)
            )
        return self._json

    @property
    def management_endpoint(self) -> str:
        """The API Gateway Management API endpoint for posting back to this connection.

        ``https://{domain_name}/{stage}`` on the execute-api domain. On a custom domain the API
        mapping already selects the stage, so it is ``https://{domain_name}``; append the base
        path yourself if your mapping has one.
        """
        domain = self.domain_name or ""
        if ".execute-api." in domain:
            return f"https://{domain}/{self.stage or ''}"
        return f"https://{domain}"


def _route_key(keys: frozenset[str], event: WebSocketEvent) -> bool:
    return event.route_key in keys or (event._default_route and "$default" in keys)


#: Filters for ``@router.websocket(route_key=...)``.
FILTERS: dict[str, Callable[[Any, Any], bool]] = {"route_key": _route_key}
