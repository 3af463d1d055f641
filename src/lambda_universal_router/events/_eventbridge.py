"""Amazon EventBridge (and CloudWatch Events): one event matched by a rule or a schedule."""

from __future__ import annotations

from typing import Any

from lambda_universal_router._filters import arn_name_of
from lambda_universal_router._selection import Predicate

from ._base import Event, listing, mapping
from ._fields import text


class EventBridgeEvent(Event):
    """An EventBridge event: who sent it (``source``), what it is (``detail_type``), ``detail``."""

    __slots__ = ()
    _repr_fields = ("source", "detail_type", "id")

    @property
    def version(self) -> str | None:
        """Version of the envelope, ``"0"`` so far."""
        return text(self.raw_event, "version")

    @property
    def id(self) -> str | None:
        """Unique ID EventBridge gave the event."""
        return text(self.raw_event, "id")

    @property
    def detail_type(self) -> str | None:
        """What happened (the ``detail-type`` field): ``"Scheduled Event"``, ``"OrderPlaced"``..."""
        return text(self.raw_event, "detail-type")

    @property
    def source(self) -> str | None:
        """Who sent it: ``aws.ec2``, ``aws.events`` for schedules, or your application's name."""
        return text(self.raw_event, "source")

    @property
    def account(self) -> str | None:
        """The AWS account the event came from."""
        return text(self.raw_event, "account")

    @property
    def time(self) -> str | None:
        """When the event happened, ISO 8601 in UTC."""
        return text(self.raw_event, "time")

    @property
    def region(self) -> str | None:
        """The region the event came from."""
        return text(self.raw_event, "region")

    @property
    def resources(self) -> list[Any]:
        """ARNs of the resources involved (the rule, for schedules)."""
        return listing(self.raw_event, "resources")

    @property
    def detail(self) -> dict[str, Any]:
        """The event's own data; ``{}`` when there is none."""
        return mapping(self.raw_event, "detail")

    @property
    def replay_name(self) -> str | None:
        """The replay that re-sent this event from an archive, when it is a replay."""
        return text(self.raw_event, "replay-name")


FILTERS: dict[str, Predicate] = {
    "source": lambda wanted, event: event.source in wanted,
    "detail_type": lambda wanted, event: event.detail_type in wanted,
    "pattern": lambda pattern, event: pattern.matches(event.raw_event),
    "scheduled": lambda _, event: (
        event.detail_type == "Scheduled Event" and event.source in {"aws.events", "aws.scheduler"}
    ),
    "rule": lambda wanted, event: any(
        arn_name_of(arn, "/") in wanted or arn in wanted
        for arn in event.resources
        if type(arn) is str
    ),
}
