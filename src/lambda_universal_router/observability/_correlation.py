"""Correlation ids: which request, message or record a log line is about, read per source.

HTTP: the platform's request id (ALB: the ``X-Amzn-Trace-Id`` header, as ALB sends no request
id); SQS: the ``messageId``; Kinesis: the sequence number; DynamoDB: the record's ``eventID``;
EventBridge: the event ``id``. Whole-batch handlers and other sources answer None, so the
invocation's id is used: HTTP's and EventBridge's as above, else the request id. Read lazily:
only a log line that is written pays for it.
"""

from __future__ import annotations

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _http(subject: Any) -> str | None:
    raw = getattr(subject, "raw_event", None)
    return http_request_id(raw) if isinstance(raw, dict) else None


def http_request_id(raw: dict[str, Any]) -> str | None:
    """The request id of an HTTP event (ALB: its ``X-Amzn-Trace-Id`` header)."""
    context = raw.get("requestContext")
    if isinstance(context, dict):
        if "elb" in context:
            return _alb_trace_id(raw)
        return _text(context.get("requestId"))
    return None


def _alb_trace_id(raw: dict[str, Any]) -> str | None:
    headers = raw.get("headers")
    if isinstance(headers, dict):
        for name, value in headers.items():
            if isinstance(name, str) and name.lower() == "x-amzn-trace-id":
                return _text(value)
    multi = raw.get("multiValueHeaders")
    if isinstance(multi, dict):
        for name, values in multi.items():
            if isinstance(name, str) and name.lower() == "x-amzn-trace-id" and values:
                return _text(values[0]) if isinstance(values, list) else None
    return None


def _record_field(*path: str) -> Callable[[Any], str | None]:
    def read(subject: Any) -> str | None:
        value: Any = getattr(subject, "raw_record", None)
        for key in path:
            if not isinstance(value, dict):
                return None
            value = value.get(key)
        return _text(value)

    return read


def _eventbridge(subject: Any) -> str | None:
    raw = getattr(subject, "raw_event", None)
    return _eventbridge_id(raw) if isinstance(raw, dict) else None


def _eventbridge_id(raw: dict[str, Any]) -> str | None:
    return _text(raw.get("id"))


def _none(subject: Any) -> str | None:
    return None


def _sqs(subject: Any) -> str | None:
    # PERF: the most common case, read directly; Scope.correlation_id catches what a
    # malformed record raises.
    found = subject.raw_record.get("messageId")
    return found if type(found) is str and found else None


_BY_SOURCE: dict[str, Callable[[Any], str | None]] = {
    "http": _http,
    "sqs": _sqs,
    "kinesis": _record_field("kinesis", "sequenceNumber"),
    "dynamodb": _record_field("eventID"),
    "eventbridge": _eventbridge,
}


#: Sources whose event is one request: their id also names what is logged outside a handler
#: (the "Event received" line, 404 and 405 answers, the router's own lines).
_BY_EVENT: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "http": http_request_id,
    "eventbridge": _eventbridge_id,
}


def event_correlator(source: str) -> Callable[[dict[str, Any]], str | None] | None:
    """How to read the correlation id of a whole ``source`` event; None: the request id."""
    return _BY_EVENT.get(source)


def correlator(source: str) -> Callable[[Any], str | None]:
    """How to read the correlation id of what a ``source`` handler receives."""
    return _BY_SOURCE.get(source, _none)
