"""AWS IoT Core: custom authorizers and fleet provisioning's pre-provisioning hook.

Both wait for the function's answer: whether the device may connect (and with which policies),
or whether it may be provisioned. ``IoTEvent(raw)`` builds the class for the event's kind.
IoT rule actions are not here: they deliver whatever the rule's SQL selects, so they cannot be
told from other JSON and reach ``custom()`` handlers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from lambda_universal_router._selection import Predicate

from ._base import Event, mapping, text_listing
from ._fields import base64_bytes, text

KINDS = ("authorizer", "provisioning")


class IoTEvent(Event):
    """An IoT Core request the function answers; a :class:`IoTAuthorizerEvent` or a
    :class:`IoTProvisioningEvent`, chosen from the event's fields."""

    __slots__ = ()
    #: ``"authorizer"`` or ``"provisioning"``.
    kind: ClassVar[str] = ""

    def __new__(cls, raw_event: dict[str, Any]) -> IoTEvent:
        kind: type[IoTEvent] = cls
        if cls is IoTEvent:
            provisioning = "claimCertificateId" in raw_event
            kind = IoTProvisioningEvent if provisioning else IoTAuthorizerEvent
        return super().__new__(kind)


class IoTAuthorizerEvent(IoTEvent):
    """A device connecting through a custom authorizer: its token and protocol credentials."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("connection_id", "protocols")
    kind: ClassVar[str] = "authorizer"

    @property
    def token(self) -> str | None:
        """The token the device sent (header, query parameter or MQTT user name)."""
        return text(self.raw_event, "token")

    @property
    def signature_verified(self) -> bool | None:
        """Whether IoT checked the token's signature with the authorizer's public key."""
        value = self.raw_event.get("signatureVerified")
        return value if isinstance(value, bool) else None

    @property
    def protocols(self) -> list[str]:
        """The protocols of the connection: ``"tls"``, ``"http"``, ``"mqtt"``."""
        return text_listing(self.raw_event, "protocols")

    @property
    def protocol_data(self) -> dict[str, Any]:
        """Per protocol, what the device sent (``tls``, ``http``, ``mqtt`` keys)."""
        raw = self.raw_event
        if "protocolData" in raw:
            return mapping(raw, "protocolData")
        # AWS's Go sample request names the same data tlsContext, httpContext, mqttContext.
        contexts = (("tls", "tlsContext"), ("http", "httpContext"), ("mqtt", "mqttContext"))
        return {name: raw[key] for name, key in contexts if isinstance(raw.get(key), dict)}

    @property
    def tls_server_name(self) -> str | None:
        """The server name (SNI) of the TLS handshake."""
        return text(mapping(self.protocol_data, "tls"), "serverName")

    @property
    def http_headers(self) -> dict[str, Any]:
        """The HTTP headers of the connection request; ``{}`` when not over HTTP."""
        return mapping(mapping(self.protocol_data, "http"), "headers")

    @property
    def http_query_string(self) -> str | None:
        """The query string of the connection request, ``?`` included."""
        return text(mapping(self.protocol_data, "http"), "queryString")

    @property
    def mqtt_username(self) -> str | None:
        """The user name of the MQTT CONNECT packet."""
        return text(mapping(self.protocol_data, "mqtt"), "username")

    @property
    def mqtt_password(self) -> bytes | None:
        """The password of the MQTT CONNECT packet, decoded from the base64 IoT sends."""
        password = mapping(self.protocol_data, "mqtt").get("password")
        return None if password is None else base64_bytes(password, "protocolData.mqtt.password")

    @property
    def mqtt_client_id(self) -> str | None:
        """The MQTT client id, when the device sent one."""
        return text(mapping(self.protocol_data, "mqtt"), "clientId")

    @property
    def connection_id(self) -> str | None:
        """IoT's id for the connection, for logs."""
        return text(mapping(self.raw_event, "connectionMetadata"), "id")

    def allow(
        self,
        principal_id: str,
        policy_documents: Iterable[Mapping[str, Any] | str],
        *,
        disconnect_after_seconds: int = 86400,
        refresh_after_seconds: int = 300,
    ) -> dict[str, Any]:
        """Let the device connect with these IoT policies (at most 10, as dicts or JSON text).

        ``principal_id`` names the connection in logs: 1 to 128 letters and digits. The
        connection is closed after ``disconnect_after_seconds``, and the policies are asked for
        again every ``refresh_after_seconds`` (both 300 to 86,400).
        """
        return _authorization(
            True,
            principal_id,
            [doc if isinstance(doc, str) else dict(doc) for doc in policy_documents],
            disconnect_after_seconds,
            refresh_after_seconds,
        )

    def deny(self, principal_id: str = "unauthenticated") -> dict[str, Any]:
        """Refuse the connection."""
        return _authorization(False, principal_id, [], 300, 300)


def _authorization(
    authenticated: bool, principal_id: str, documents: list[Any], disconnect: int, refresh: int
) -> dict[str, Any]:
    if not (1 <= len(principal_id) <= 128 and principal_id.isascii() and principal_id.isalnum()):
        raise ValueError(
            f"IoT accepts principal ids of 1 to 128 letters and digits only, not {principal_id!r}"
        )
    return {
        "isAuthenticated": authenticated,
        "principalId": principal_id,
        "disconnectAfterInSeconds": disconnect,
        "refreshAfterInSeconds": refresh,
        "policyDocuments": documents,
    }


class IoTProvisioningEvent(IoTEvent):
    """A device asking fleet provisioning to register it (``RegisterThing``)."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("template_name", "client_id", "certificate_id")
    kind: ClassVar[str] = "provisioning"

    @property
    def claim_certificate_id(self) -> str | None:
        """The id of the claim certificate the device connected with."""
        return text(self.raw_event, "claimCertificateId")

    @property
    def certificate_id(self) -> str | None:
        """The id of the certificate the device is to be registered with."""
        return text(self.raw_event, "certificateId")

    @property
    def certificate_pem(self) -> str | None:
        """That certificate, PEM-encoded."""
        return text(self.raw_event, "certificatePem")

    @property
    def template_arn(self) -> str | None:
        """The ARN of the provisioning template."""
        return text(self.raw_event, "templateArn")

    @property
    def template_name(self) -> str | None:
        """The provisioning template's name, read from its ARN."""
        arn = self.template_arn
        return arn.rsplit("/", 1)[-1] if arn and "/" in arn else None

    @property
    def client_id(self) -> str | None:
        """The MQTT client id of the device's connection."""
        return text(self.raw_event, "clientId")

    @property
    def parameters(self) -> dict[str, Any]:
        """The parameters the device passed to ``RegisterThing``."""
        return mapping(self.raw_event, "parameters")

    def allow(self, parameter_overrides: Mapping[str, str] | None = None) -> dict[str, Any]:
        """Let provisioning go on, with ``parameter_overrides`` added to the parameters."""
        answer: dict[str, Any] = {"allowProvisioning": True}
        if parameter_overrides:
            answer["parameterOverrides"] = dict(parameter_overrides)
        return answer

    def deny(self) -> dict[str, Any]:
        """Refuse provisioning; the device's request fails."""
        return {"allowProvisioning": False}


FILTERS: dict[str, Predicate] = {"kind": lambda wanted, event: event.kind in wanted}


def kinds(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """The decorator's ``kind=``: ``"authorizer"`` or ``"provisioning"``."""
    from lambda_universal_router._filters import choices

    return choices("kind", value, KINDS)
