"""Alexa smart home skills: directives to discover, control and report on devices.

Smart home skills must run in Lambda. Alexa sends a directive (``directive.header.namespace``
and ``name``: ``Alexa.Discovery``/``Discover``, ``Alexa.PowerController``/``TurnOn``...) and
waits for an event in answer: ``response()``, ``error_response()`` and ``discovery_response()``
build them. Version 2 directives (``header`` and ``payload`` at the top level) are read too, but
the answer helpers speak version 3.

The user's bearer token never appears in ``repr``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from lambda_universal_router._selection import Predicate

from ._base import Event, mapping
from ._fields import text


class AlexaSmartHomeEvent(Event):
    """A smart home directive from Alexa."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("namespace", "name", "endpoint_id")

    @property
    def directive(self) -> dict[str, Any]:
        """The directive (version 3), or the whole event for version 2."""
        directive = self.raw_event.get("directive")
        return directive if isinstance(directive, dict) else self.raw_event

    @property
    def header(self) -> dict[str, Any]:
        """``namespace``, ``name``, ``payloadVersion``, ``messageId``, ``correlationToken``."""
        return mapping(self.directive, "header")

    @property
    def namespace(self) -> str | None:
        """The interface: ``Alexa.Discovery``, ``Alexa.PowerController``, ``Alexa``..."""
        return text(self.header, "namespace")

    @property
    def name(self) -> str | None:
        """The directive: ``Discover``, ``TurnOn``, ``ReportState``, ``SetBrightness``..."""
        return text(self.header, "name")

    @property
    def payload_version(self) -> str | None:
        """``3`` (or ``2`` for the retired version)."""
        return text(self.header, "payloadVersion")

    @property
    def message_id(self) -> str | None:
        """The directive's id."""
        return text(self.header, "messageId")

    @property
    def correlation_token(self) -> str | None:
        """The token a response must echo (control and state directives)."""
        return text(self.header, "correlationToken")

    @property
    def endpoint(self) -> dict[str, Any]:
        """The device: ``endpointId``, ``scope``, ``cookie``."""
        return mapping(self.directive, "endpoint")

    @property
    def endpoint_id(self) -> str | None:
        """The device's id, as the skill reported it at discovery."""
        return text(self.endpoint, "endpointId")

    @property
    def cookie(self) -> dict[str, Any]:
        """What the skill attached to the device at discovery."""
        return mapping(self.endpoint, "cookie")

    @property
    def payload(self) -> dict[str, Any]:
        """The directive's parameters (``brightness``, ``scope``...)."""
        return mapping(self.directive, "payload")

    @property
    def token(self) -> str | None:
        """The user's bearer token, wherever this directive carries it."""
        for scope in (
            mapping(self.endpoint, "scope"),
            mapping(self.payload, "scope"),
            mapping(self.payload, "grantee"),
        ):
            token = text(scope, "token")
            if token is not None:
                return token
        return text(self.payload, "accessToken")  # version 2

    def response(
        self,
        properties: Iterable[Mapping[str, Any]] = (),
        *,
        namespace: str = "Alexa",
        name: str = "Response",
        payload: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The event answering the directive (``Alexa.Response`` unless told otherwise).

        ``properties`` are the device's state after the change, as ``{"namespace", "name",
        "value", "timeOfSample", "uncertaintyInMilliseconds"}`` dicts.
        """
        answer: dict[str, Any] = {"event": self._event(namespace, name, payload or {})}
        states = [dict(item) for item in properties]
        if states:
            answer["context"] = {"properties": states}
        return answer

    def error_response(self, error_type: str, message: str) -> dict[str, Any]:
        """An ``Alexa.ErrorResponse``: ``error_type`` such as ``ENDPOINT_UNREACHABLE``."""
        payload = {"type": error_type, "message": message}
        return {"event": self._event("Alexa", "ErrorResponse", payload)}

    def discovery_response(self, endpoints: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
        """The ``Discover.Response`` listing the user's devices."""
        payload = {"endpoints": [dict(endpoint) for endpoint in endpoints]}
        return {"event": self._event("Alexa.Discovery", "Discover.Response", payload)}

    def _event(self, namespace: str, name: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        import uuid

        header = {
            "namespace": namespace,
            "name": name,
            "payloadVersion": "3",
            "messageId": str(uuid.uuid4()),
        }
        if self.correlation_token is not None:
            header["correlationToken"] = self.correlation_token
        event: dict[str, Any] = {"header": header}
        if self.endpoint_id is not None and namespace != "Alexa.Discovery":
            event["endpoint"] = {"endpointId": self.endpoint_id}
        event["payload"] = dict(payload)
        return event


FILTERS: dict[str, Predicate] = {
    "namespace": lambda wanted, event: event.namespace in wanted,
    "name": lambda wanted, event: event.name in wanted,
}
