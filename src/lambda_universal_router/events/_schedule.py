"""Scheduled events: what an EventBridge scheduled rule sends when it fires.

A scheduled rule sends an EventBridge event with ``source`` ``aws.events``, ``detail-type``
``"Scheduled Event"``, the rule's ARN in ``resources`` and an empty ``detail``. It is an
EventBridge event, so a plain ``eventbridge()`` handler still receives it; ``schedule()``
handlers are more specific and take it first.

EventBridge Scheduler sends no such envelope: a schedule that targets the function directly
sends the schedule's own input (route it with ``custom()``, or by its shape), and one that
targets an event bus sends an event with the source and detail type the schedule sets (which
may not start with ``aws.``; route it with ``eventbridge(source=..., detail_type=...)``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._eventbridge import EventBridgeEvent

if TYPE_CHECKING:
    from datetime import datetime


class ScheduledEvent(EventBridgeEvent):
    """An event a scheduled rule sent: which rule fired, and for when."""

    __slots__ = ()
    _repr_fields = ("rule_name", "time", "id")

    @property
    def rule_arn(self) -> str | None:
        """ARN of the rule: ``...:rule/name``, or ``...:rule/bus-name/name`` on a custom bus."""
        for resource in self.resources:
            if isinstance(resource, str):
                return resource
        return None

    @property
    def rule_name(self) -> str | None:
        """The rule's name (the ARN's last part)."""
        arn = self.rule_arn
        return arn.rsplit("/", 1)[-1] if arn else None

    @property
    def event_bus_name(self) -> str | None:
        """The bus the rule belongs to: ``default``, or the custom bus named in its ARN."""
        arn = self.rule_arn
        if not arn:
            return None
        parts = arn.split(":", 5)[-1].split("/")
        return parts[1] if len(parts) == 3 else "default"

    @property
    def scheduled_time(self) -> datetime | None:
        """``time`` as an aware datetime: the moment the schedule fired for."""
        moment = self.time
        if not moment:
            return None
        from datetime import datetime

        try:
            return datetime.fromisoformat(moment.replace("Z", "+00:00"))
        except ValueError:
            return None


def eventbridge_event(raw: dict[str, Any]) -> EventBridgeEvent:
    """The typed view of an EventBridge event: ``ScheduledEvent`` when a scheduled rule sent it."""
    # PERF: this runs for every EventBridge event; most are decided by one lookup.
    if raw.get("detail-type") == "Scheduled Event" and raw.get("source") == "aws.events":
        return ScheduledEvent(raw)
    return EventBridgeEvent(raw)
