"""Filters at registration: the decorators' value normalisers and what predicates share.

Decorators normalise filter values here (names and ARNs to frozensets, choices checked), so a
predicate only compares. The predicates themselves, ``predicate(value, item) -> bool`` (see
``_selection``), live beside the typed record they read, as each source's ``FILTERS`` in its
``events`` module; a batch source's ``IDENTITY`` there names the filter saying where its
records come from.
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


def arn_name_of(arn: str | None, separator: str) -> str:
    return (arn or "").rsplit(separator, 1)[-1]


def by_arn(separator: str) -> Predicate:
    """Match a resource by name or full ARN; the name is the ARN's tail after ``separator``."""

    def predicate(wanted: frozenset[str], arn: str | None) -> bool:
        return arn in wanted or arn_name_of(arn, separator) in wanted

    return predicate


def s3_event_names(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """S3 notification event types as written in bucket configurations, ``s3:`` prefix optional."""
    wanted = names("events", value)
    if wanted is None:
        return None
    return frozenset(item.removeprefix("s3:") for item in wanted)


def dynamodb_event_names(value: str | Iterable[str] | None) -> frozenset[str] | None:
    return choices("event_names", value, DYNAMODB_EVENT_NAMES)


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
