"""Alexa smart home: directives typed, routed by namespace and name, answered with events."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from lambda_universal_router import Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import AlexaSmartHomeEvent
from tests.conftest import load_event


@pytest.mark.parametrize(
    ("name", "variant"),
    [
        ("alexa_smart_home/discover.json", "v3"),
        ("alexa_smart_home/turn_on.json", "v3"),
        ("alexa_smart_home/v2_turn_on.json", "v2"),
    ],
)
def test_directives_are_recognised(name: str, variant: str) -> None:
    source, found = classify(load_event(name))
    assert (source.name, found) == ("alexa_smart_home", variant)


def test_look_alikes_are_not_smart_home_directives() -> None:
    for raw in (
        {"directive": {"header": {"namespace": "Acme.Thing"}}},
        {"header": {"namespace": "Alexa.ConnectedHome.Control"}},  # no payload
        {"header": "x", "payload": {}},
    ):
        source, _ = classify(raw)
        assert source.name == "custom"


def test_a_control_directive_is_typed() -> None:
    event = AlexaSmartHomeEvent(load_event("alexa_smart_home/turn_on.json"))

    assert (event.namespace, event.name) == ("Alexa.PowerController", "TurnOn")
    assert event.payload_version == "3"
    assert event.message_id == "5f8a426e-01e4-4cc9-8b79-65f8bd0fd8a4"
    assert event.correlation_token == "dFMb0z+PgpgdDmluhJ1LddFvSqZ/jCc8ptlAKulUj90jSqg=="
    assert event.endpoint_id == "kitchen-light-1"
    assert event.cookie == {"room": "kitchen"}
    assert event.payload == {}
    assert event.token == "Atza|EXAMPLECONTROLTOKEN"
    assert repr(event) == (
        "AlexaSmartHomeEvent(namespace='Alexa.PowerController', name='TurnOn', "
        "endpoint_id='kitchen-light-1')"
    )


def test_discovery_and_version_2_carry_their_tokens() -> None:
    discover = AlexaSmartHomeEvent(load_event("alexa_smart_home/discover.json"))
    legacy = AlexaSmartHomeEvent(load_event("alexa_smart_home/v2_turn_on.json"))

    assert discover.token == "Atza|EXAMPLEDISCOVERYTOKEN"
    assert discover.endpoint_id is None
    assert (legacy.namespace, legacy.name, legacy.payload_version) == (
        "Alexa.ConnectedHome.Control",
        "TurnOnRequest",
        "2",
    )
    assert legacy.token == "Atza|EXAMPLEV2TOKEN"
    assert "Atza" not in repr(discover) + repr(legacy)


def test_answers_echo_the_correlation_token_and_endpoint() -> None:
    event = AlexaSmartHomeEvent(load_event("alexa_smart_home/turn_on.json"))
    power = {
        "namespace": "Alexa.PowerController",
        "name": "powerState",
        "value": "ON",
        "timeOfSample": "2024-03-14T18:10:00Z",
        "uncertaintyInMilliseconds": 500,
    }

    answer = event.response([power])
    header = answer["event"]["header"]
    assert (header["namespace"], header["name"], header["payloadVersion"]) == (
        "Alexa",
        "Response",
        "3",
    )
    assert header["correlationToken"] == event.correlation_token
    assert uuid.UUID(header["messageId"])
    assert answer["event"]["endpoint"] == {"endpointId": "kitchen-light-1"}
    assert answer["event"]["payload"] == {}
    assert answer["context"] == {"properties": [power]}

    error = event.error_response("ENDPOINT_UNREACHABLE", "The light is offline")
    assert error["event"]["header"]["name"] == "ErrorResponse"
    assert error["event"]["payload"] == {
        "type": "ENDPOINT_UNREACHABLE",
        "message": "The light is offline",
    }
    assert "context" not in error


def test_discovery_answers_list_the_endpoints() -> None:
    event = AlexaSmartHomeEvent(load_event("alexa_smart_home/discover.json"))
    light = {"endpointId": "kitchen-light-1", "friendlyName": "Kitchen light"}

    answer = event.discovery_response([light])

    assert answer["event"]["header"]["namespace"] == "Alexa.Discovery"
    assert answer["event"]["header"]["name"] == "Discover.Response"
    assert "correlationToken" not in answer["event"]["header"]
    assert answer["event"]["payload"] == {"endpoints": [light]}


def test_handlers_are_chosen_by_namespace_and_name() -> None:
    router = Router()

    @router.alexa_smart_home(namespace="Alexa.Discovery")
    def discover(event: AlexaSmartHomeEvent, context: Any) -> dict[str, Any]:
        return event.discovery_response([])

    @router.alexa_smart_home(namespace="Alexa.PowerController", name=["TurnOn", "TurnOff"])
    def power(event: AlexaSmartHomeEvent, context: Any) -> dict[str, Any]:
        return event.response()

    @router.alexa_smart_home()
    def anything_else(event: AlexaSmartHomeEvent, context: Any) -> str:
        return f"unsupported {event.namespace}"

    def answered(name: str) -> Any:
        return router.dispatch(load_event(f"alexa_smart_home/{name}.json"), {})

    assert answered("discover")["event"]["header"]["name"] == "Discover.Response"
    assert answered("turn_on")["event"]["header"]["name"] == "Response"
    assert answered("v2_turn_on") == "unsupported Alexa.ConnectedHome.Control"
