"""AWS IoT Events: the Lambda action of a detector model's event.

When an event of a detector model fires and one of its actions is a Lambda function, IoT Events
invokes it asynchronously with the event's name and time, the detector instance (model, version,
key value), the input that triggered it and the detector's state: its name, variables and
timers. The return value is ignored.

That is the default payload; an action with its own ``payload`` expression sends whatever the
expression builds, which reaches ``custom()``. The Lambda developer guide shows the default
payload wrapped in an ``event`` object (whose key one version of the page spells ``"event: "``);
every form is read.
"""

from __future__ import annotations

from typing import Any, ClassVar

from lambda_universal_router._selection import Predicate

from ._base import Event, mapping
from ._fields import integer, text


class IoTEventsEvent(Event):
    """A detector model's event, with the detector's state when it fired."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = (
        "detector_model_name",
        "key_value",
        "event_name",
        "state_name",
    )

    @property
    def body(self) -> dict[str, Any]:
        """The event itself: ``raw_event``, or its ``event`` object when wrapped in one."""
        wrapped = self.raw_event.get("event") or self.raw_event.get("event: ")
        return wrapped if isinstance(wrapped, dict) else self.raw_event

    @property
    def event_name(self) -> str | None:
        """The name of the detector model's event whose action this is."""
        return text(self.body, "eventName")

    @property
    def event_time(self) -> int | None:
        """When the event fired, epoch milliseconds."""
        return integer(self.body, "eventTime")

    @property
    def payload(self) -> dict[str, Any]:
        """Detector, trigger, state and action execution id, as IoT Events sends them."""
        return mapping(self.body, "payload")

    @property
    def detector(self) -> dict[str, Any]:
        """The detector instance: ``detectorModelName``, ``detectorModelVersion``, ``keyValue``."""
        return mapping(self.payload, "detector")

    @property
    def detector_model_name(self) -> str | None:
        """The detector model."""
        return text(self.detector, "detectorModelName")

    @property
    def detector_model_version(self) -> str | None:
        """The version of the detector model."""
        return text(self.detector, "detectorModelVersion")

    @property
    def key_value(self) -> str | None:
        """The key value of the detector instance (the device), for keyed models."""
        return text(self.detector, "keyValue")

    @property
    def trigger(self) -> dict[str, Any]:
        """What triggered the event: ``triggerType``, ``inputName``, ``messageId``."""
        return mapping(self.payload, "eventTriggerDetails")

    @property
    def trigger_type(self) -> str | None:
        """``Message`` (an input arrived) or ``Timer`` (a timer expired)."""
        return text(self.trigger, "triggerType")

    @property
    def input_name(self) -> str | None:
        """The input whose message triggered the event."""
        return text(self.trigger, "inputName")

    @property
    def message_id(self) -> str | None:
        """The id of the input message that triggered the event."""
        return text(self.trigger, "messageId")

    @property
    def action_execution_id(self) -> str | None:
        """IoT Events' id for this run of the action."""
        return text(self.payload, "actionExecutionId")

    @property
    def state(self) -> dict[str, Any]:
        """The detector's state: ``stateName``, ``variables``, ``timers``."""
        return mapping(self.payload, "state")

    @property
    def state_name(self) -> str | None:
        """The state the detector is in."""
        return text(self.state, "stateName")

    @property
    def variables(self) -> dict[str, Any]:
        """The detector's variables, by name."""
        return mapping(self.state, "variables")

    @property
    def timers(self) -> dict[str, Any]:
        """The detector's timers, by name."""
        return mapping(self.state, "timers")


FILTERS: dict[str, Predicate] = {
    "detector_model": lambda wanted, event: event.detector_model_name in wanted,
    "event_name": lambda wanted, event: event.event_name in wanted,
}
