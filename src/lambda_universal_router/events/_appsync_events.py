"""AppSync Events: a channel namespace's publish and subscribe handlers, run by the function.

A channel namespace of an AppSync Events API whose ``onPublish`` or ``onSubscribe`` handler is a
direct Lambda integration invokes the function with the channel, the operation and, for a
publish, the events being published. A publish is answered with the events to broadcast (each
kept, changed, dropped or refused with an error) or an error refusing them all; a subscribe with
nothing (allowed) or an error. ``_answers.appsync_events`` shapes the answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from lambda_universal_router._selection import Predicate

from ._base import UNSET, Event, Record, mapping, text_listing
from ._fields import build_records, text

#: The operations AppSync Events invokes a handler for.
OPERATIONS = ("PUBLISH", "SUBSCRIBE")


class AppSyncPublishedEvent(Record):
    """One event a client publishes to the channel."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("id",)

    @property
    def id(self) -> str | None:
        """AppSync's id for the event; answers about the event carry it."""
        return text(self.raw_record, "id")

    @property
    def payload(self) -> Any:
        """What the client published (any JSON value)."""
        return self.raw_record.get("payload")

    def forward(self, payload: Any = UNSET) -> dict[str, Any]:
        """Broadcast this event, with ``payload`` in place of the published one if given."""
        kept = self.payload if payload is UNSET else payload
        return {"id": self.id, "payload": kept}

    def fail(self, message: str) -> dict[str, Any]:
        """Refuse this event with ``message``; the others may still be broadcast."""
        return {"id": self.id, "error": message}


class AppSyncEventsEvent(Event):
    """A publish to, or a subscription on, a channel of an AppSync Events API."""

    __slots__ = ("_events",)
    _repr_fields: ClassVar[tuple[str, ...]] = ("operation", "channel")

    def __init__(self, raw_event: dict[str, Any]) -> None:
        super().__init__(raw_event)
        self._events: Any = UNSET

    @property
    def info(self) -> dict[str, Any]:
        """The ``info`` map: channel, channel namespace, operation."""
        return mapping(self.raw_event, "info")

    @property
    def operation(self) -> str | None:
        """``PUBLISH`` or ``SUBSCRIBE``."""
        return text(self.info, "operation")

    @property
    def channel(self) -> str | None:
        """The channel's path, namespace first (``/chat/rooms/42``)."""
        return text(mapping(self.info, "channel"), "path")

    @property
    def channel_segments(self) -> list[str]:
        """The channel's path split into its segments (``["chat", "rooms", "42"]``)."""
        return text_listing(mapping(self.info, "channel"), "segments")

    @property
    def namespace(self) -> str | None:
        """The channel namespace whose handler this is."""
        return text(mapping(self.info, "channelNamespace"), "name")

    @property
    def events(self) -> list[AppSyncPublishedEvent]:
        """The events being published (``[]`` for a subscribe)."""
        if self._events is UNSET:
            self._events = build_records(
                self.raw_event.get("events"), "events", AppSyncPublishedEvent
            )
        events: list[AppSyncPublishedEvent] = self._events
        return events

    @property
    def identity(self) -> dict[str, Any]:
        """Who called, as the API's authorization mode describes them; ``{}`` for API keys."""
        return mapping(self.raw_event, "identity")

    @property
    def request(self) -> dict[str, Any]:
        """The HTTP request of the call: ``headers`` and ``domainName``."""
        return mapping(self.raw_event, "request")

    @property
    def request_headers(self) -> dict[str, Any]:
        """The HTTP headers of the call (lower-case names)."""
        return mapping(self.request, "headers")

    @property
    def domain_name(self) -> str | None:
        """The custom domain the call came through, if any."""
        return text(self.request, "domainName")

    @property
    def stash(self) -> dict[str, Any]:
        """The map the namespace's handlers share within one call."""
        return mapping(self.raw_event, "stash")

    @staticmethod
    def broadcast(events: Iterable[AppSyncPublishedEvent | Mapping[str, Any]]) -> dict[str, Any]:
        """Answer a publish with these events (``record.forward()`` / ``record.fail()`` items,
        or the records themselves): the rest are not broadcast."""
        items = [
            event.forward() if isinstance(event, AppSyncPublishedEvent) else dict(event)
            for event in events
        ]
        return {"events": items}

    @staticmethod
    def reject(message: str) -> dict[str, Any]:
        """Refuse the whole publish, or the subscription, with ``message``."""
        return {"error": message}


def _channel(wanted: frozenset[str], event: AppSyncEventsEvent) -> bool:
    path = event.channel or ""
    for pattern in wanted:
        if pattern == path:
            return True
        if pattern.endswith("/*") and path.startswith(pattern[:-1]):
            return True
    return False


FILTERS: dict[str, Predicate] = {
    "namespace": lambda wanted, event: event.namespace in wanted,
    "channel": _channel,
    "operation": lambda wanted, event: event.operation in wanted,
}
