"""Filter predicates of the 1.0 sources: ``predicate(value, item) -> bool`` (see ``_selection``).

Values are normalised by the decorators (names and ARNs to frozensets, patterns compiled), so a
predicate only compares. Items are typed records (or the typed event for EventBridge).

Each batch source also declares its *identity* filter: the one naming where records come from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ._exceptions import ConfigurationError
from ._selection import Predicate

DYNAMODB_EVENT_NAMES = ("INSERT", "MODIFY", "REMOVE")


def names(keyword: str, value: str | Iterable[str] | None) -> frozenset[str] | None:
    """A decorator's ``str | list[str]`` filter value as a frozenset (None stays None)."""
    if value is None:
        return None
    items = (value,) if isinstance(value, str) else tuple(value)
    if not items or not all(isinstance(item, str) and item for item in items):
        raise ConfigurationError(f"{keyword}= takes a non-empty string or a list of them")
    return frozenset(items)


def choices(
    keyword: str, value: str | Iterable[str] | None, allowed: tuple[str, ...]
) -> frozenset[str] | None:
    """``names()``, checked against the only values AWS sends for the field (in ``allowed``)."""
    wanted = names(keyword, value)
    if wanted is not None and not wanted <= frozenset(allowed):
        unknown = ", ".join(sorted(wanted.difference(allowed)))
        listed = ", ".join(allowed[:-1]) + " and " + allowed[-1]
        raise ConfigurationError(f"{keyword}= takes {listed}, not {unknown}")
    return wanted


def _arn_name(arn: str | None, separator: str) -> str:
    return (arn or "").rsplit(separator, 1)[-1]


def _by_arn(separator: str) -> Predicate:
    """Match a resource by name or full ARN; the name is the ARN's tail after ``separator``."""

    def predicate(wanted: frozenset[str], arn: str | None) -> bool:
        return arn in wanted or _arn_name(arn, separator) in wanted

    return predicate


_queue = _by_arn(":")
_topic = _by_arn(":")
_stream = _by_arn("/")


def _s3_event_matches(wanted: frozenset[str], event_name: str | None) -> bool:
    name = event_name or ""
    for pattern in wanted:
        if pattern.endswith("*"):
            if name.startswith(pattern[:-1]):
                return True
        elif name == pattern:
            return True
    return False


def s3_event_names(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """S3 notification event types as written in bucket configurations, ``s3:`` prefix optional."""
    wanted = names("events", value)
    if wanted is None:
        return None
    return frozenset(item.removeprefix("s3:") for item in wanted)


def dynamodb_event_names(value: str | Iterable[str] | None) -> frozenset[str] | None:
    return choices("event_names", value, DYNAMODB_EVENT_NAMES)


def _dynamodb_table(wanted: frozenset[str], record: Any) -> bool:
    arn = record.event_source_arn or ""
    return record.table_name in wanted or any(arn.startswith(f"{w}/stream/") for w in wanted)


SQS_FILTERS: dict[str, Predicate] = {
    "queue": lambda wanted, message: _queue(wanted, message.event_source_arn),
}
SNS_FILTERS: dict[str, Predicate] = {
    "topic": lambda wanted, message: _topic(wanted, message.topic_arn),
}
KINESIS_FILTERS: dict[str, Predicate] = {
    "stream": lambda wanted, record: _stream(wanted, record.event_source_arn),
}
KAFKA_FILTERS: dict[str, Predicate] = {
    "topic": lambda wanted, record: record.topic in wanted,
}
DYNAMODB_FILTERS: dict[str, Predicate] = {
    "table": _dynamodb_table,
    "event_names": lambda wanted, record: record.event_name in wanted,
}
S3_FILTERS: dict[str, Predicate] = {
    "bucket": lambda wanted, record: record.bucket.name in wanted or record.bucket.arn in wanted,
    "prefix": lambda prefix, record: (record.s3_object.key or "").startswith(prefix),
    "suffix": lambda suffix, record: (record.s3_object.key or "").endswith(suffix),
    "events": lambda wanted, record: _s3_event_matches(wanted, record.event_name),
}
EVENTBRIDGE_FILTERS: dict[str, Predicate] = {
    "source": lambda wanted, event: event.source in wanted,
    "detail_type": lambda wanted, event: event.detail_type in wanted,
    "pattern": lambda pattern, event: pattern.matches(event.raw_event),
    "scheduled": lambda _, event: (
        event.detail_type == "Scheduled Event" and event.source in {"aws.events", "aws.scheduler"}
    ),
    "rule": lambda wanted, event: any(
        _arn_name(arn, "/") in wanted or arn in wanted
        for arn in event.resources
        if type(arn) is str
    ),
}


class Identity:
    """The filter of a source that names where its records come from, and how a record says it.

    ``queue=``, ``stream=``, ``table=``, ``topic=`` and ``bucket=`` name the resource an event
    source mapping or subscription delivers from. A record from a resource none of them names
    means the function is wired to something its code does not handle: it fails loudly instead
    of being acknowledged like a record that other filters (``event_names=``, ``prefix=``, ...)
    decline.
    """

    __slots__ = ("filter", "origin")

    def __init__(self, filter: str, origin: Callable[[Any], str | None]) -> None:
        #: The filter keyword (and predicate name) that names the resource.
        self.filter = filter
        #: The resource a typed record came from, as the log line and error name it.
        self.origin = origin


SQS_IDENTITY = Identity("queue", lambda message: message.event_source_arn)
SNS_IDENTITY = Identity("topic", lambda message: message.topic_arn)
KINESIS_IDENTITY = Identity("stream", lambda record: record.event_source_arn)
DYNAMODB_IDENTITY = Identity("table", lambda record: record.event_source_arn)
S3_IDENTITY = Identity("bucket", lambda record: record.bucket.arn or record.bucket.name)
KAFKA_IDENTITY = Identity("topic", lambda record: record.topic)
