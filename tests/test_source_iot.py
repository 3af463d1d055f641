"""AWS IoT Core: custom authorizers and pre-provisioning hooks, routed by kind, with answers."""

from __future__ import annotations

from typing import Any

import pytest

from lambda_universal_router import ConfigurationError, InvalidEventError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import IoTAuthorizerEvent, IoTEvent, IoTProvisioningEvent
from tests.conftest import load_event

POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "iot:Connect",
            "Resource": "arn:aws:iot:us-east-1:123456789012:client/thermostat-42",
        }
    ],
}


@pytest.mark.parametrize(
    ("name", "variant"),
    [
        ("authorizer_mqtt", "authorizer"),
        ("authorizer_http", "authorizer"),
        ("provisioning", "provisioning"),
    ],
)
def test_requests_classify_as_iot(name: str, variant: str) -> None:
    source, detected = classify(load_event(f"iot/{name}.json"))
    assert (source.name, detected) == ("iot", variant)


def test_authorizer_without_protocol_data_is_still_recognised() -> None:
    event = {"signatureVerified": False, "protocols": [], "connectionMetadata": {"id": "c"}}

    source, variant = classify(event)

    assert (source.name, variant) == ("iot", "authorizer")


def test_iot_event_builds_the_class_of_the_kind() -> None:
    authorizer = IoTEvent(load_event("iot/authorizer_mqtt.json"))
    provisioning = IoTEvent(load_event("iot/provisioning.json"))

    assert type(authorizer) is IoTAuthorizerEvent and authorizer.kind == "authorizer"
    assert type(provisioning) is IoTProvisioningEvent and provisioning.kind == "provisioning"
    assert type(IoTAuthorizerEvent({})) is IoTAuthorizerEvent


def test_mqtt_authorizer_reads_the_connect_packet() -> None:
    event = IoTAuthorizerEvent(load_event("iot/authorizer_mqtt.json"))

    assert event.token == "dev-7f3a9c-token"
    assert event.signature_verified is False
    assert event.protocols == ["tls", "mqtt"]
    assert event.tls_server_name == "a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com"
    assert event.mqtt_username == "thermostat-42?x-amz-customauthorizer-name=DeviceAuthorizer"
    assert event.mqtt_password == b"correct horse battery staple"
    assert event.mqtt_client_id == "thermostat-42"
    assert event.connection_id == "e5f8c2a1-9d3b-4f6e-a7c0-1b2d3e4f5a6b"
    assert event.http_headers == {} and event.http_query_string is None


def test_http_authorizer_reads_headers_and_query() -> None:
    event = IoTAuthorizerEvent(load_event("iot/authorizer_http.json"))

    assert event.signature_verified is True
    assert event.http_headers["x-amz-customauthorizer-name"] == "DashboardAuthorizer"
    assert event.http_query_string == "?session=live"
    assert event.mqtt_password is None


def test_repr_keeps_credentials_out() -> None:
    event = IoTAuthorizerEvent(load_event("iot/authorizer_mqtt.json"))

    assert repr(event) == (
        "IoTAuthorizerEvent(connection_id='e5f8c2a1-9d3b-4f6e-a7c0-1b2d3e4f5a6b', "
        "protocols=['tls', 'mqtt'])"
    )


def test_corrupt_password_is_a_clear_error() -> None:
    raw = load_event("iot/authorizer_mqtt.json")
    raw["protocolData"]["mqtt"]["password"] = "not base64!"

    with pytest.raises(InvalidEventError, match=r"mqtt\.password is not valid base64"):
        _ = IoTAuthorizerEvent(raw).mqtt_password


def test_provisioning_event_reads_the_request() -> None:
    event = IoTProvisioningEvent(load_event("iot/provisioning.json"))

    assert event.claim_certificate_id is not None and event.claim_certificate_id.startswith("0123")
    assert event.certificate_id is not None and event.certificate_id.startswith("fedc")
    assert event.certificate_pem is not None
    assert event.certificate_pem.startswith("-----BEGIN CERTIFICATE-----")
    assert event.template_name == "ThermostatFleet"
    assert event.client_id == "thermostat-42"
    assert event.parameters == {"SerialNumber": "TH-2024-000042", "Model": "T1000"}
    assert "BEGIN CERTIFICATE" not in repr(event)


def test_authorizer_answer() -> None:
    # Given an authorizer that checks the MQTT password
    router = Router()

    @router.iot("authorizer")
    def authorize(event: IoTAuthorizerEvent, context: Any) -> dict[str, Any]:
        if event.mqtt_password != b"correct horse battery staple":
            return event.deny()
        return event.allow("thermostat42", [POLICY], refresh_after_seconds=600)

    # When a device connects, and then one with a wrong password
    allowed = router.dispatch(load_event("iot/authorizer_mqtt.json"), {})
    wrong = load_event("iot/authorizer_mqtt.json")
    wrong["protocolData"]["mqtt"]["password"] = "d3Jvbmc="
    denied = router.dispatch(wrong, {})

    # Then IoT gets its documented response shape
    assert allowed == {
        "isAuthenticated": True,
        "principalId": "thermostat42",
        "disconnectAfterInSeconds": 86400,
        "refreshAfterInSeconds": 600,
        "policyDocuments": [POLICY],
    }
    assert denied["isAuthenticated"] is False
    assert denied["policyDocuments"] == []


def test_policy_documents_may_be_json_text() -> None:
    event = IoTAuthorizerEvent(load_event("iot/authorizer_http.json"))

    answer = event.allow("dashboard", ['{"Version": "2012-10-17", "Statement": []}'])

    assert answer["policyDocuments"] == ['{"Version": "2012-10-17", "Statement": []}']


@pytest.mark.parametrize("principal", ["", "thermostat-42", "x" * 129, "größe"])
def test_principal_id_is_checked(principal: str) -> None:
    event = IoTAuthorizerEvent(load_event("iot/authorizer_mqtt.json"))

    with pytest.raises(ValueError, match="1 to 128 letters and digits"):
        event.allow(principal, [POLICY])


def test_provisioning_answers() -> None:
    router = Router()

    @router.iot("provisioning")
    def provision(event: IoTProvisioningEvent, context: Any) -> dict[str, Any]:
        serial = event.parameters.get("SerialNumber", "")
        if not serial.startswith("TH-"):
            return event.deny()
        return event.allow({"ThingName": f"thermostat-{serial[-6:]}"})

    allowed = router.dispatch(load_event("iot/provisioning.json"), {})
    unknown = load_event("iot/provisioning.json")
    unknown["parameters"]["SerialNumber"] = "XX-1"

    assert allowed == {
        "allowProvisioning": True,
        "parameterOverrides": {"ThingName": "thermostat-000042"},
    }
    assert router.dispatch(unknown, {}) == {"allowProvisioning": False}
    assert IoTProvisioningEvent({}).allow() == {"allowProvisioning": True}


def test_routes_by_kind() -> None:
    router = Router()
    router.iot("provisioning")(lambda e, c: "provisioning")
    router.iot()(lambda e, c: type(e).__name__)

    assert router.dispatch(load_event("iot/provisioning.json"), {}) == "provisioning"
    assert router.dispatch(load_event("iot/authorizer_http.json"), {}) == "IoTAuthorizerEvent"


def test_kind_is_checked_at_registration() -> None:
    with pytest.raises(ConfigurationError, match="kind= takes authorizer and provisioning"):
        Router().iot("rule")


def test_rule_action_payloads_go_to_custom() -> None:
    # An IoT rule action delivers whatever its SQL selects
    router = Router()
    router.iot()(lambda e, c: "iot")
    seen: list[Any] = []
    router.custom()(lambda e, c: seen.append(e) or "custom")

    result = router.dispatch({"temperature": 21.5, "device": "thermostat-42"}, {})

    assert result == "custom"
    assert len(seen) == 1
