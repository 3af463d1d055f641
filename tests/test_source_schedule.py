"""Scheduled rules: ScheduledEvent, schedule() beating a plain eventbridge() handler, rule=."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import EventBridgeEvent, ScheduledEvent
from lambda_universal_router.events._schedule import eventbridge_event
from lambda_universal_router.testing._factories_misc import scheduled_event
from tests.conftest import load_event

ORDER_PLACED = {
    "version": "0",
    "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "OrderPlaced",
    "source": "shop.orders",
    "account": "123456789012",
    "time": "2024-03-14T10:00:00Z",
    "region": "eu-west-1",
    "resources": [],
    "detail": {"order_id": 7},
}


@pytest.mark.parametrize("name", ["schedule/rule.json", "schedule/custom_bus_rule.json"])
def test_scheduled_events_are_eventbridge_events(name: str) -> None:
    source, variant = classify(load_event(name))
    assert (source.name, variant) == ("eventbridge", "")


def test_a_scheduled_rule_is_typed() -> None:
    event = eventbridge_event(load_event("schedule/rule.json"))

    assert isinstance(event, ScheduledEvent)
    assert event.rule_arn == "arn:aws:events:eu-west-1:123456789012:rule/nightly-report"
    assert event.rule_name == "nightly-report"
    assert event.event_bus_name == "default"
    assert event.scheduled_time == datetime(2024, 3, 14, 10, 0, tzinfo=timezone.utc)
    assert event.source == "aws.events"
    assert event.detail == {}
    assert repr(event) == (
        "ScheduledEvent(rule_name='nightly-report', time='2024-03-14T10:00:00Z', "
        "id='53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa')"
    )


def test_a_rule_on_a_custom_bus() -> None:
    event = eventbridge_event(load_event("schedule/custom_bus_rule.json"))

    assert isinstance(event, ScheduledEvent)
    assert (event.event_bus_name, event.rule_name) == ("orders-bus", "every-five-minutes")


def test_other_eventbridge_events_keep_their_class() -> None:
    event = eventbridge_event(ORDER_PLACED)
    look_alike = eventbridge_event({**ORDER_PLACED, "detail-type": "Scheduled Event"})

    assert type(event) is EventBridgeEvent
    assert type(look_alike) is EventBridgeEvent  # only aws.events sends schedules


def test_partial_scheduled_events_read_as_none() -> None:
    event = ScheduledEvent({"detail-type": "Scheduled Event", "source": "aws.events"})

    assert event.rule_arn is event.rule_name is event.event_bus_name is None
    assert event.scheduled_time is None
    assert ScheduledEvent({"time": "yesterday"}).scheduled_time is None


def test_a_plain_eventbridge_handler_still_receives_schedules() -> None:
    router = Router()
    seen: list[Any] = []

    @router.eventbridge()
    def anything(event: EventBridgeEvent, context: Any) -> None:
        seen.append(event)

    router.dispatch(load_event("schedule/rule.json"), {})
    router.dispatch(ORDER_PLACED, {})

    scheduled, order = seen
    assert isinstance(scheduled, ScheduledEvent)
    assert scheduled.rule_name == "nightly-report"
    assert type(order) is EventBridgeEvent


def test_schedule_handlers_take_scheduled_events_first() -> None:
    router = Router()
    seen: list[str] = []

    @router.eventbridge()
    def anything(event: EventBridgeEvent, context: Any) -> None:
        seen.append(f"eventbridge:{event.detail_type}")

    @router.schedule()
    def every_schedule(event: ScheduledEvent, context: Any) -> None:
        seen.append(f"schedule:{event.rule_name}")

    @router.schedule(rule="nightly-report")
    def nightly(event: ScheduledEvent, context: Any) -> None:
        seen.append(f"nightly:{event.scheduled_time}")

    router.dispatch(load_event("schedule/rule.json"), {})
    router.dispatch(load_event("schedule/custom_bus_rule.json"), {})
    router.dispatch(ORDER_PLACED, {})

    assert seen == [
        "nightly:2024-03-14 10:00:00+00:00",
        "schedule:every-five-minutes",
        "eventbridge:OrderPlaced",
    ]


def test_rules_are_picked_by_name_or_arn() -> None:
    router = Router()
    arn = "arn:aws:events:eu-west-1:123456789012:rule/orders-bus/every-five-minutes"
    router.schedule(rule=[arn, "hourly"])(lambda event, context: "by arn")
    router.schedule(rule="nightly-report")(lambda event, context: "by name")

    assert router.dispatch(load_event("schedule/custom_bus_rule.json"), {}) == "by arn"
    assert router.dispatch(load_event("schedule/rule.json"), {}) == "by name"


def test_a_schedule_handler_ignores_other_events() -> None:
    router = Router(unmatched="ack")
    router.schedule()(lambda event, context: "scheduled")

    assert router.dispatch(ORDER_PLACED, {}) is None


def test_the_factory_builds_what_a_rule_sends() -> None:
    router = Router()
    router.schedule(rule="tick")(lambda event, context: (event.rule_name, event.event_bus_name))

    assert router.dispatch(scheduled_event("tick"), {}) == ("tick", "default")
    assert router.dispatch(scheduled_event("tick", event_bus="jobs"), {}) == ("tick", "jobs")


@given(name=st.from_regex(r"[A-Za-z0-9_.-]{1,64}", fullmatch=True))
def test_any_rule_name_routes(name: str) -> None:
    router = Router()
    router.eventbridge()(lambda event, context: "other")
    router.schedule(rule=name)(lambda event, context: event.rule_name)

    assert router.dispatch(scheduled_event(name), {}) == name
    assert router.dispatch(scheduled_event(name + "x"), {}) == "other"
