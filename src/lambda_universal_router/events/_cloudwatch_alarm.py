"""CloudWatch alarm actions that invoke a function directly (not through SNS or EventBridge).

CloudWatch sends the alarm's new and previous state and its configuration: the metrics of a
metric alarm, or the rule of a composite alarm. The invocation is asynchronous; the return value
is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from lambda_universal_router._selection import Predicate

from ._base import Event, Record, listing, mapping
from ._fields import parse_json, text

#: The states an alarm can be in.
ALARM_STATES = ("OK", "ALARM", "INSUFFICIENT_DATA")


class AlarmState(Record):
    """An alarm state: its value, why, and when."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("value", "timestamp")

    @property
    def value(self) -> str | None:
        """``OK``, ``ALARM`` or ``INSUFFICIENT_DATA``."""
        return text(self.raw_record, "value")

    @property
    def reason(self) -> str | None:
        """Why the alarm is in this state, in words."""
        return text(self.raw_record, "reason")

    @property
    def reason_data(self) -> str | None:
        """The data behind the reason, as the JSON text CloudWatch sends."""
        return text(self.raw_record, "reasonData")

    def reason_data_json(self) -> Any:
        """``reason_data`` parsed: datapoints and threshold, or the triggering child alarms."""
        return parse_json(self.reason_data, "CloudWatch alarm reasonData")

    @property
    def timestamp(self) -> str | None:
        """When the alarm entered this state."""
        return text(self.raw_record, "timestamp")

    @property
    def actions_suppressed_by(self) -> str | None:
        """For composite alarms: ``WaitPeriod``, ``ExtensionPeriod`` or ``Alarm``, if suppressed."""
        return text(self.raw_record, "actionsSuppressedBy")

    @property
    def actions_suppressed_reason(self) -> str | None:
        """Why the composite alarm's actions were suppressed."""
        return text(self.raw_record, "actionsSuppressedReason")


class AlarmConfiguration(Record):
    """What the alarm watches: metrics (metric alarms) or a rule over alarms (composite)."""

    __slots__ = ()

    @property
    def description(self) -> str | None:
        """The alarm's description."""
        return text(self.raw_record, "description")

    @property
    def metrics(self) -> list[dict[str, Any]]:
        """The metric queries: ``{"id", "metricStat": {"metric", "period", "stat"}, ...}``."""
        return listing(self.raw_record, "metrics")

    @property
    def alarm_rule(self) -> str | None:
        """A composite alarm's rule, such as ``ALARM(cpu) OR ALARM(memory)``."""
        return text(self.raw_record, "alarmRule")

    @property
    def actions_suppressor(self) -> str | None:
        """The alarm that suppresses a composite alarm's actions."""
        return text(self.raw_record, "actionsSuppressor")

    @property
    def actions_suppressor_wait_period(self) -> int | None:
        """Seconds a composite alarm waits for its suppressor to go into ALARM."""
        value = self.raw_record.get("actionsSuppressorWaitPeriod")
        return value if type(value) is int else None

    @property
    def actions_suppressor_extension_period(self) -> int | None:
        """Seconds actions stay suppressed after the suppressor leaves ALARM."""
        value = self.raw_record.get("actionsSuppressorExtensionPeriod")
        return value if type(value) is int else None


class CloudWatchAlarmEvent(Event):
    """A CloudWatch alarm changed state and invoked the function as its action."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("alarm_name", "state")

    @property
    def source(self) -> str | None:
        """Always ``aws.cloudwatch``."""
        return text(self.raw_event, "source")

    @property
    def alarm_arn(self) -> str | None:
        """ARN of the alarm."""
        return text(self.raw_event, "alarmArn")

    @property
    def account_id(self) -> str | None:
        """The account of the alarm."""
        return text(self.raw_event, "accountId")

    @property
    def region(self) -> str | None:
        """The region of the alarm."""
        return text(self.raw_event, "region")

    @property
    def time(self) -> str | None:
        """When the state changed."""
        return text(self.raw_event, "time")

    @property
    def alarm_data(self) -> dict[str, Any]:
        """The alarm's name, states and configuration, as CloudWatch sent them."""
        return mapping(self.raw_event, "alarmData")

    @property
    def alarm_name(self) -> str | None:
        """The alarm's name."""
        return text(self.alarm_data, "alarmName")

    @property
    def state(self) -> AlarmState:
        """The state the alarm just entered."""
        return AlarmState(mapping(self.alarm_data, "state"))

    @property
    def previous_state(self) -> AlarmState:
        """The state it left."""
        return AlarmState(mapping(self.alarm_data, "previousState"))

    @property
    def configuration(self) -> AlarmConfiguration:
        """What the alarm watches."""
        return AlarmConfiguration(mapping(self.alarm_data, "configuration"))

    @property
    def is_composite(self) -> bool:
        """Whether this is a composite alarm (a rule over other alarms)."""
        return "alarmRule" in self.configuration.raw_record


def alarm_states(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """``state=`` checked against the alarm states."""
    from lambda_universal_router._filters import choices

    return choices("state", value, ALARM_STATES)


FILTERS: dict[str, Predicate] = {
    "alarm_name": lambda wanted, event: event.alarm_name in wanted or event.alarm_arn in wanted,
    "state": lambda wanted, event: event.state.value in wanted,
}
