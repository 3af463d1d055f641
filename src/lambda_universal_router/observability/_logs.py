"""Log records as JSON lines: the record's own keys, then who was running when it was made.

Used twice: as the line our handler writes (text mode), and as the attributes added to the
records Lambda's own JSON formatter writes (``AWS_LAMBDA_LOG_FORMAT=JSON``).
"""

from __future__ import annotations

import json
import logging
import os
import time
from itertools import islice

from ._context import CURRENT

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from ._context import Invocation, Scope

#: The attribute holding a held record's scope, copied when it was made (``buffer_debug``).
SNAPSHOT = "_lur_scope"
#: Attributes every ``LogRecord`` has; anything else on a record came from ``extra=``.
_STANDARD = frozenset(
    {
        *vars(logging.makeLogRecord({})),
        "message",
        "asctime",
        "taskName",
        "aws_request_id",  # set by the Lambda runtime's filter
        "tenant_id",
        "_frame_type",
        SNAPSHOT,
    }
)
#: How many attributes a record made without ``extra=`` has.
_PLAIN = len(vars(logging.makeLogRecord({})))


def _json_encoder() -> Callable[[Any], str]:
    """Compact JSON, non-ASCII kept, anything else written with ``str``.

    PERF: the C encoder is made once, not per line as ``JSONEncoder.encode`` does; it has no
    circular check (a self-containing ``extra=`` value fails its line, as ``json`` would).
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=str).encode
    chunks = make(None, str, json.encoder.encode_basestring, None, ":", ",", False, False, True)

    def encode(line: Any) -> str:
        return "".join(chunks(line, 0))

    return encode


_encode = _json_encoder()
#: A str as a JSON string literal, non-ASCII kept (C).
_text: Callable[[str], str] = json.encoder.encode_basestring
#: The keys the formatter writes itself; an ``extra=`` key of the same name is left out.
_OURS = frozenset(
    {
        "timestamp",
        "level",
        "message",
        "logger",
        "location",
        "service",
        "function_name",
        "function_request_id",
        "cold_start",
        "source",
        "handler",
        "route",
        "correlation_id",
        "xray_trace_id",
        "exception",
        "exception_name",
        "stack",
    }
)


#: The name of ``logger()``'s logger: the service of the latest ``Observability``.
_service_logger = {"name": os.environ.get("LUR_SERVICE") or "service"}


def name_service_logger(service: str) -> None:
    """Make ``logger()`` return the logger named after ``service`` from now on."""
    _service_logger["name"] = service


def logger(name: str | None = None) -> logging.Logger:
    """The service's ``logging.Logger`` (named after the service), or the one called ``name``.

    Any stdlib logger works the same (``logging.getLogger(__name__)``); this one is named for the
    service so that ``buffer_debug`` and ``debug_sample_rate`` count it as the service's own.
    """
    return logging.getLogger(name or _service_logger["name"])


_second: list[Any] = [-1, ""]


def timestamp(created: float) -> str:
    """ISO 8601 in UTC with milliseconds: ``2026-12-06T03:15:42.042Z``."""
    seconds = int(created)
    cached = _second
    if cached[0] != seconds:  # PERF: strftime once per second, not per line
        cached = [seconds, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))]
        _second[:] = cached
    return f"{cached[1]}.{int((created - seconds) * 1000):03d}Z"


def context_fields(scope: Scope | None, service: str) -> dict[str, Any]:
    """The keys that say where a record comes from: service, invocation, handler, ids."""
    fields: dict[str, Any] = {}
    add_context(fields, scope, service)
    return fields


def add_context(fields: dict[str, Any], scope: Scope | None, service: str) -> None:
    """Add to ``fields`` the keys of ``context_fields``."""
    fields["service"] = service
    if scope is None:
        function = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        if function:
            fields["function_name"] = function
        return
    invocation = scope.invocation
    head = invocation.log_head
    if head is None or head["service"] != service:  # PERF: once per invocation
        head = invocation.log_head = _invocation_keys(invocation, service)
    fields.update(head)
    label = scope.label
    if label is None:
        if invocation.source:
            fields["source"] = invocation.source
    else:
        fields["source"] = label.source
        fields["handler"] = label.handler
        if label.path is not None:
            fields["route"] = scope.route()
    correlation = scope.correlation_id()
    if correlation:
        fields["correlation_id"] = correlation
    if invocation.xray_trace_id:
        fields["xray_trace_id"] = invocation.xray_trace_id


def _invocation_text(invocation: Invocation, service: str) -> tuple[str, str, str, str]:
    """``_invocation_keys`` as JSON text: (service, the keys, the X-Ray key or "", the
    invocation's own correlation id or "")."""
    text = ',"service":' + _text(service)
    function = invocation.function_name
    if function:
        text += ',"function_name":' + _text(function)
    request_id = invocation.request_id
    if request_id:
        text += ',"function_request_id":' + _text(request_id)
    text += ',"cold_start":true' if invocation.cold_start else ',"cold_start":false'
    xray = invocation.xray_trace_id
    if xray is None:  # read once per invocation, on its first log line
        xray = invocation.xray_trace_id = xray_trace_id() or ""
    correlation = invocation.own_correlation_id
    return (
        service,
        text,
        f',"xray_trace_id":{_text(xray)}' if xray else "",
        f',"correlation_id":{_text(correlation)}' if correlation else "",
    )


def _invocation_keys(invocation: Invocation, service: str) -> dict[str, Any]:
    """The keys every line of one invocation shares, in order (service first)."""
    keys: dict[str, Any] = {"service": service}
    if invocation.function_name:
        keys["function_name"] = invocation.function_name
    if invocation.request_id:
        keys["function_request_id"] = invocation.request_id
    keys["cold_start"] = invocation.cold_start
    if invocation.xray_trace_id is None:  # read once per invocation, on its first log line
        invocation.xray_trace_id = xray_trace_id() or ""
    return keys


def xray_trace_id() -> str | None:
    """The X-Ray trace id (``Root``) Lambda sets for the current invocation, if any."""
    header = os.environ.get("_X_AMZN_TRACE_ID")
    if not header:
        return None
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == "Root" and value:
            return value
    return None


def exception_fields(record: logging.LogRecord, formatter: logging.Formatter) -> dict[str, str]:
    """``exception`` (the traceback) and ``exception_name`` for records logged with one."""
    exc_info = record.exc_info
    if not exc_info or exc_info[0] is None:
        return {}
    if not record.exc_text:
        record.exc_text = formatter.formatException(exc_info)
    return {"exception": record.exc_text, "exception_name": exc_info[0].__name__}


class JSONFormatter(logging.Formatter):
    """One JSON object per record, on one line (newlines inside values are escaped).

    PERF: the line is joined from pieces, the invocation's and the handler's keys encoded once
    and reused; only what changes per record (time, message, extra=) is encoded per line.
    """

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        attributes = record.__dict__
        parts = [
            '{"timestamp":"',
            timestamp(record.created),
            '","level":',
            _text(record.levelname),
            ',"message":',
            _text(record.getMessage()),
            ',"logger":',
            _text(record.name),
            ',"location":',
            _text(f"{record.module}:{record.lineno}"),
            context_json(attributes.get(SNAPSHOT) or CURRENT.get(), self.service),
        ]
        if len(attributes) > _PLAIN:
            # PERF: what extra= adds comes after the attributes every record has.
            for key in islice(attributes, _PLAIN, None):
                if key not in _STANDARD and key not in _OURS:
                    parts.append(f",{_text(key)}:{_encode(attributes[key])}")
        if record.exc_info:
            for key, value in exception_fields(record, self).items():
                parts.append(f",{_text(key)}:{_text(value)}")
        if record.stack_info:
            parts.append(',"stack":' + _text(self.formatStack(record.stack_info)))
        parts.append("}")
        return "".join(parts)


def context_json(scope: Scope | None, service: str) -> str:
    """The keys of ``context_fields`` as JSON text (each piece led by a comma)."""
    if scope is None:
        text = ',"service":' + _text(service)
        function = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        return text + (',"function_name":' + _text(function) if function else "")
    invocation = scope.invocation
    head = invocation.log_text
    if head is None or head[0] != service:  # PERF: once per invocation
        head = invocation.log_text = _invocation_text(invocation, service)
    label = scope.label
    if label is None:
        source = invocation.source
        handler = f',"source":{_text(source)}' if source else ""
        return head[1] + handler + head[3] + head[2]
    known = label.log_text
    if known is None:
        known = f',"source":{_text(label.source)},"handler":{_text(label.handler)}'
        label.log_text = known
    handler = known
    if label.path is not None:
        handler += f',"route":{_text(scope.route() or label.path)}'
    try:
        found = label.correlate(scope.subject)
    except Exception:  # a malformed record must never break a log line
        found = None
    ids = f',"correlation_id":{_text(found)}' if found else head[3]
    return head[1] + handler + ids + head[2]
