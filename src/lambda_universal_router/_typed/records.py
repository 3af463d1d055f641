"""Where a record's payload is, for the sources whose per-record handlers may be typed.

Each reader takes the typed record and returns its payload as JSON data, or raises ``Invalid``
(located at the payload itself) when the payload is not JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .convert import Invalid


def _parse(text: str | bytes | None) -> Any:
    from lambda_universal_router.events._fields import loads_json

    if text is None:
        raise Invalid([((), "The record has no payload", "missing")])
    try:
        return loads_json(text)
    except (ValueError, RecursionError) as error:
        raise Invalid([((), f"The payload is not valid JSON: {error}", "json_invalid")]) from None


def _sqs(record: Any) -> Any:
    return _parse(record.body)


def _sns(record: Any) -> Any:
    return _parse(record.message)


def _bytes(record: Any) -> Any:
    """Kinesis data and MQ messages, base64 undone."""
    try:
        data = record.data
    except ValueError as error:  # InvalidEventError: not base64
        raise Invalid([((), str(error), "base64_invalid")]) from None
    return _parse(data)


def _kafka(record: Any) -> Any:
    try:
        value = record.value
    except ValueError as error:
        raise Invalid([((), str(error), "base64_invalid")]) from None
    return _parse(value)


def _eventbridge(event: Any) -> Any:
    return event.raw_event.get("detail")


#: Source name -> payload reader.
PAYLOADS: dict[str, Callable[[Any], Any]] = {
    "sqs": _sqs,
    "sns": _sns,
    "kinesis": _bytes,
    "eventbridge": _eventbridge,
    "kafka": _kafka,
    "mq": _bytes,
}
