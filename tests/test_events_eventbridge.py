"""EventBridge: the typed envelope, null detail, the 1.0 examples, dispatch."""

from __future__ import annotations

from typing import Any

from lambda_universal_router import Router
from lambda_universal_router.events import EventBridgeEvent
from tests.conftest import load_event


def test_a_scheduled_event_is_typed() -> None:
    event = EventBridgeEvent(load_event("eventbridge/scheduled.json"))

    assert event.version == "0"
    assert event.id == "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa"
    assert event.detail_type == "Scheduled Event"
    assert event.source == "aws.events"
    assert event.account == "123456789012"
    assert event.time == "2019-10-08T16:53:06Z"
    assert event.region == "us-east-1"
    assert event.resources == ["arn:aws:events:us-east-1:123456789012:rule/nightly-cleanup"]
    assert event.detail == {}
    assert event.replay_name is None


def test_a_service_event_carries_its_detail() -> None:
    event = EventBridgeEvent(load_event("eventbridge/ec2_state_change.json"))

    assert event.source == "aws.ec2"
    assert event.detail == {"instance-id": "i-1234567890abcdef0", "state": "running"}


def test_a_null_detail_reads_as_an_empty_dict() -> None:
    event = EventBridgeEvent(load_event("eventbridge/custom_null_detail.json"))

    assert event.detail == {}
    assert event.replay_name == "orders-replay-1"


def test_the_1_0_service_example_works_unchanged() -> None:
    seen: list[Any] = []
    router = Router()

    @router.eventbridge()
    def handle_ec2_changes(event: EventBridgeEvent, context: Any) -> None:
        if (
            event.source == "aws.ec2"
            and event.detail_type == "EC2 Instance State-change Notification"
        ):
            seen.append((event.detail.get("instance-id"), event.detail.get("state")))

    router.dispatch(load_event("eventbridge/ec2_state_change.json"), {})

    assert seen == [("i-1234567890abcdef0", "running")]


def test_a_router_hands_the_handler_an_eventbridge_event() -> None:
    router = Router()
    received: list[Any] = []
    router.eventbridge()(lambda event, context: received.append(event) or event.source)

    assert router.dispatch(load_event("eventbridge/ec2_state_change.json"), {}) == "aws.ec2"
    assert isinstance(received[0], EventBridgeEvent)


def test_repr_names_the_event() -> None:
    event = EventBridgeEvent(load_event("eventbridge/scheduled.json"))

    assert repr(event) == (
        "EventBridgeEvent(source='aws.events', detail_type='Scheduled Event', "
        "id='53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa')"
    )
