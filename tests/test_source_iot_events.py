"""IoT Events Lambda actions: the detector's event typed (wrapped or not) and routed."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import IoTEventsEvent
from lambda_universal_router.testing._factories_extra import iot_events
from tests.conftest import load_event

FIXTURES = ["iot_events/message.json", "iot_events/guide_wrapped.json", "iot_events/timer.json"]


@pytest.mark.parametrize("name", FIXTURES)
def test_actions_are_recognised(name: str) -> None:
    source, variant = classify(load_event(name))
    assert (source.name, variant) == ("iot_events", "")


def test_the_developer_guide_spelling_of_the_wrapper_is_read_too() -> None:
    raw = {"event: ": load_event("iot_events/message.json")}
    assert classify(raw)[0].name == "iot_events"
    assert IoTEventsEvent(raw).detector_model_name == "pump-station"


@pytest.mark.parametrize(
    "raw",
    [
        {"payload": {"s3Uri": "s3://bucket/annotations.json"}},  # SageMaker Ground Truth
        {"event": "deploy", "payload": {}},
        {"event": {"payload": "text"}},
        {"header": {"namespace": "Alexa.Discovery"}, "payload": {}},
    ],
)
def test_other_payloads_are_not_taken(raw: dict[str, Any]) -> None:
    assert classify(raw)[0].name != "iot_events"


def test_event_is_typed() -> None:
    event = IoTEventsEvent(load_event("iot_events/message.json"))

    assert event.body is event.raw_event
    assert event.event_name == "pressureTooHigh"
    assert event.event_time == 1717243200123
    assert event.detector_model_name == "pump-station"
    assert event.detector_model_version == "3"
    assert event.key_value == "pump-12"
    assert event.trigger_type == "Message"
    assert event.input_name == "pressure_readings"
    assert event.message_id == "7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a0f"
    assert event.action_execution_id == "9e8d7c6b-5a4f-3e2d-1c0b-a9f8e7d6c5b4"
    assert event.state_name == "Dangerous"
    assert event.variables == {"pressure": 9.7, "readings": 3}
    assert event.timers == {"cooldown": 1717243500}
    assert repr(event) == (
        "IoTEventsEvent(detector_model_name='pump-station', key_value='pump-12', "
        "event_name='pressureTooHigh', state_name='Dangerous')"
    )


def test_wrapped_and_timer_events_read_the_same_way() -> None:
    wrapped = IoTEventsEvent(load_event("iot_events/guide_wrapped.json"))
    assert wrapped.body is wrapped.raw_event["event"]
    assert (wrapped.event_name, wrapped.state_name) == ("pumpRestarted", "Normal")

    timer = IoTEventsEvent(load_event("iot_events/timer.json"))
    assert timer.trigger_type == "Timer"
    assert timer.input_name is None
    assert timer.trigger["timerName"] == "cooldown"


def test_handlers_are_chosen_by_detector_model_and_event_name() -> None:
    router = Router()
    seen: list[str] = []

    @router.iot_events()
    def anything(event: IoTEventsEvent, context: Any) -> None:
        seen.append(f"any:{event.event_name}")

    @router.iot_events(detector_model="pump-station", event_name="pressureTooHigh")
    def page_on_call(event: IoTEventsEvent, context: Any) -> None:
        seen.append(f"page:{event.key_value}")

    router.dispatch(load_event("iot_events/message.json"), {})
    router.dispatch(load_event("iot_events/guide_wrapped.json"), {})
    router.dispatch(iot_events("overheated", detector_model="boiler-monitor"), {})

    assert seen == ["page:pump-12", "any:pumpRestarted", "any:overheated"]


@given(model=st.text(min_size=1, max_size=30), name=st.text(min_size=1, max_size=30))
def test_factory_events_are_recognised_and_read_back(model: str, name: str) -> None:
    raw = iot_events(name, detector_model=model, key_value=None)
    assert classify(raw)[0].name == "iot_events"
    event = IoTEventsEvent(raw)
    assert (event.detector_model_name, event.event_name, event.key_value) == (model, name, None)
