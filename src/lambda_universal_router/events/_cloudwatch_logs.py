"""CloudWatch Logs subscription filters: log events a filter matched, gzipped into ``awslogs``.

``awslogs.data`` is base64 of a gzip of a JSON document; it is decoded once, on first access,
and inflated to at most ``CloudWatchLogsEvent.max_inflated_size`` bytes.
Besides ``DATA_MESSAGE`` payloads, CloudWatch Logs sends ``CONTROL_MESSAGE`` ones to check that
the destination is reachable; the router acknowledges those without calling a handler.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from lambda_universal_router._exceptions import InvalidEventError
from lambda_universal_router._selection import Predicate

from ._base import UNSET, Event, Record, mapping, text_listing
from ._fields import base64_bytes, build_records, inflate, integer, parse_json, text


class CloudWatchLogEvent(Record):
    """One log event: its id, when it was logged, and the message."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "timestamp")

    @property
    def id(self) -> str | None:
        """The log event's id, unique within the log group."""
        return text(self.raw_record, "id")

    @property
    def timestamp(self) -> int | None:
        """When the event was logged, in epoch milliseconds."""
        return integer(self.raw_record, "timestamp")

    @property
    def message(self) -> str | None:
        """The logged line, as written."""
        return text(self.raw_record, "message")

    @property
    def extracted_fields(self) -> dict[str, Any]:
        """The named fields a space-delimited filter pattern picked out; ``{}`` otherwise."""
        return mapping(self.raw_record, "extractedFields")

    def json(self) -> Any:
        """The message parsed as JSON (structured logs); raises ``InvalidEventError`` if not."""
        return parse_json(self.message, f"log event {self.id} message")


class CloudWatchLogsEvent(Event):
    """A batch of log events from one log stream, matched by a subscription filter."""

    __slots__ = ("_data", "_log_events")
    _repr_fields: ClassVar[tuple[str, ...]] = ("message_type", "log_group", "log_stream")
    #: The most bytes ``awslogs.data`` may inflate to (64 MiB); beyond it, ``InvalidEventError``.
    #: Set it on the class to change it for every event: ``CloudWatchLogsEvent.max_inflated_size``.
    max_inflated_size: ClassVar[int] = 64 * 1024 * 1024

    def __init__(self, raw_event: dict[str, Any]) -> None:
        super().__init__(raw_event)
        self._data: Any = UNSET
        self._log_events: Any = UNSET

    @property
    def data(self) -> dict[str, Any]:
        """The decoded ``awslogs.data`` document the other attributes read."""
        if self._data is UNSET:
            encoded = mapping(self.raw_event, "awslogs").get("data")
            self._data = _decode(encoded, self.max_inflated_size)
        data: dict[str, Any] = self._data
        return data

    @property
    def message_type(self) -> str | None:
        """``"DATA_MESSAGE"``, or ``"CONTROL_MESSAGE"`` for reachability checks."""
        return text(self.data, "messageType")

    @property
    def is_control_message(self) -> bool:
        """Whether this is a reachability check that carries no log data."""
        return self.message_type == "CONTROL_MESSAGE"

    @property
    def owner(self) -> str | None:
        """The AWS account id that owns the log group."""
        return text(self.data, "owner")

    @property
    def log_group(self) -> str | None:
        """The log group the events were written to."""
        return text(self.data, "logGroup")

    @property
    def log_stream(self) -> str | None:
        """The log stream the events were written to."""
        return text(self.data, "logStream")

    @property
    def subscription_filters(self) -> list[str]:
        """The names of the subscription filters that matched the events."""
        return text_listing(self.data, "subscriptionFilters")

    @property
    def policy_level(self) -> str | None:
        """``"ACCOUNT_LEVEL_POLICY"`` when an account-wide subscription policy matched."""
        return text(self.data, "policyLevel")

    @property
    def log_events(self) -> list[CloudWatchLogEvent]:
        """The matched log events, oldest first."""
        if self._log_events is UNSET:
            self._log_events = build_records(
                self.data.get("logEvents"), "awslogs.data logEvents", CloudWatchLogEvent
            )
        events: list[CloudWatchLogEvent] = self._log_events
        return events


def _decode(data: Any, limit: int) -> dict[str, Any]:
    compressed = base64_bytes(data, "awslogs.data")
    # gzip as CloudWatch Logs sends it; the zlib header too, as some AWS samples use it.
    document = inflate(compressed, "awslogs.data", limit)
    parsed = parse_json(document, "awslogs.data")
    if type(parsed) is not dict:
        raise InvalidEventError(
            f"awslogs.data must hold a JSON object, got {type(parsed).__name__}"
        )
    return parsed


def _log_group(patterns: frozenset[str], event: CloudWatchLogsEvent) -> bool:
    group = event.log_group or ""
    for pattern in patterns:
        if pattern.endswith("*"):
            if group.startswith(pattern[:-1]):
                return True
        elif group == pattern:
            return True
    return False


FILTERS: dict[str, Predicate] = {"log_group": _log_group}


def log_group_patterns(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """The decorator's ``log_group=``: names, or prefixes written with a trailing ``*``."""
    from lambda_universal_router._exceptions import ConfigurationError
    from lambda_universal_router._filters import names

    wanted = names("log_group", value)
    if wanted is not None and any("*" in pattern[:-1] for pattern in wanted):
        raise ConfigurationError('log_group= takes names, or prefixes ending in one "*"')
    return wanted
