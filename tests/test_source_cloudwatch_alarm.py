"""CloudWatch alarm actions: metric and composite alarms, routing by name and state."""

from __future__ import annotations

from typing import Any

import pytest

from lambda_universal_router import ConfigurationError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import CloudWatchAlarmEvent
from tests.conftest import load_event


@pytest.mark.parametrize(
    "name", ["cloudwatch_alarm/metric.json", "cloudwatch_alarm/composite.json"]
)
def test_alarm_actions_are_recognised(name: str) -> None:
    source, variant = classify(load_event(name))
    assert (source.name, variant) == ("cloudwatch_alarm", "")


def test_a_metric_alarm_is_typed() -> None:
    event = CloudWatchAlarmEvent(load_event("cloudwatch_alarm/metric.json"))

    assert event.source == "aws.cloudwatch"
    assert event.alarm_name == "orders-api-5xx"
    assert event.alarm_arn == "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-api-5xx"
    assert event.account_id == "123456789012"
    assert event.region == "eu-west-1"
    assert event.time == "2024-03-14T09:45:12.481+0000"
    assert event.state.value == "ALARM"
    assert event.state.reason is not None
    assert event.state.reason.startswith("Threshold Crossed")
    assert event.state.timestamp == "2024-03-14T09:45:12.481+0000"
    assert event.state.reason_data_json()["recentDatapoints"] == [12.0]
    assert event.previous_state.value == "OK"
    assert event.previous_state.actions_suppressed_by is None
    assert event.is_composite is False
    configuration = event.configuration
    assert configuration.description == "5xx responses of the orders API"
    (metric,) = configuration.metrics
    assert metric["metricStat"]["metric"]["name"] == "5XXError"
    assert configuration.alarm_rule is None
    assert event.alarm_data["alarmName"] == "orders-api-5xx"
    assert "orders-api-5xx" in repr(event)


def test_a_composite_alarm_is_typed() -> None:
    event = CloudWatchAlarmEvent(load_event("cloudwatch_alarm/composite.json"))

    assert event.is_composite is True
    assert event.configuration.alarm_rule == "ALARM(orders-api-5xx) OR ALARM(payments-latency)"
    assert event.configuration.actions_suppressor == "maintenance-window"
    assert event.configuration.actions_suppressor_wait_period == 120
    assert event.configuration.actions_suppressor_extension_period == 180
    assert event.configuration.metrics == []
    triggering = event.state.reason_data_json()["triggeringAlarms"]
    assert triggering[0]["arn"].endswith(":alarm:orders-api-5xx")
    assert event.previous_state.actions_suppressed_by == "WaitPeriod"
    assert event.previous_state.actions_suppressed_reason == "Actions suppressed by WaitPeriod"


def test_a_partial_event_reads_as_none() -> None:
    event = CloudWatchAlarmEvent({"alarmData": {}})

    assert event.alarm_name is None
    assert event.state.value is None
    assert event.configuration.metrics == []


def _with_state(name: str, value: str) -> dict[str, Any]:
    raw = load_event(name)
    raw["alarmData"]["state"]["value"] = value
    return raw


def test_handlers_are_chosen_by_alarm_and_state() -> None:
    router = Router()
    seen: list[str] = []

    @router.cloudwatch_alarm()
    def any_alarm(event: CloudWatchAlarmEvent, context: Any) -> None:
        seen.append(f"any:{event.alarm_name}:{event.state.value}")

    @router.cloudwatch_alarm(state="ALARM")
    def paging(event: CloudWatchAlarmEvent, context: Any) -> None:
        seen.append(f"page:{event.alarm_name}")

    @router.cloudwatch_alarm(
        alarm_name="arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-api-5xx",
        state=["ALARM", "INSUFFICIENT_DATA"],
    )
    def orders(event: CloudWatchAlarmEvent, context: Any) -> None:
        seen.append(f"orders:{event.state.value}")

    router.dispatch(load_event("cloudwatch_alarm/metric.json"), {})
    router.dispatch(load_event("cloudwatch_alarm/composite.json"), {})
    router.dispatch(_with_state("cloudwatch_alarm/metric.json", "OK"), {})
    router.dispatch(_with_state("cloudwatch_alarm/metric.json", "INSUFFICIENT_DATA"), {})

    assert seen == [
        "orders:ALARM",
        "page:checkout-degraded",
        "any:orders-api-5xx:OK",
        "orders:INSUFFICIENT_DATA",
    ]


def test_states_are_checked_when_registered() -> None:
    with pytest.raises(ConfigurationError, match="INSUFFICIENT_DATA"):
        Router().cloudwatch_alarm(state="alarm")
