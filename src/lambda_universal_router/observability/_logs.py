"""Log records as JSON lines: the record's own keys, then who was running when it was made.

Used twice: as the line our handler writes (text mode), and as the attributes added to the
records Lambda's own JSON formatter writes (``AWS_LAMBDA_LOG_FORMAT=JSON``).
"""

from __future__ import annotations

import json
import logging
import os
import time

from ._context import CURRENT

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from typing import Any

    from ._context import Scope

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
        "_lur_scope",
    }
)
#: How many attributes a record made without ``extra=`` has.
_PLAIN = len(vars(logging.makeLogRecord({})))
_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=str).encode

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
    fields: dict[str, Any] = {"service": service}
    if scope is None:
        function = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        if function:
            fields["function_name"] = function
        return fields
    invocation = scope.invocation
    if invocation.function_name:
        fields["function_name"] = invocation.function_name
    if invocation.request_id:
        fields["function_request_id"] = invocation.request_id
    fields["cold_start"] = invocation.cold_start
    label = scope.label
    source = label.source if label is not None else invocation.source
    if source:
        fields["source"] = source
    if label is not None:
        fields["handler"] = label.handler
        route = scope.route()
        if route is not None:
            fields["route"] = route
    correlation = scope.correlation_id()
    if correlation:
        fields["correlation_id"] = correlation
    if invocation.xray_trace_id:
        fields["xray_trace_id"] = invocation.xray_trace_id
    return fields


def exception_fields(record: logging.LogRecord, formatter: logging.Formatter) -> dict[str, str]:
    """``exception`` (the traceback) and ``exception_name`` for records logged with one."""
    exc_info = record.exc_info
    if not exc_info or exc_info[0] is None:
        return {}
    if not record.exc_text:
        record.exc_text = formatter.formatException(exc_info)
    return {"exception": record.exc_text, "exception_name": exc_info[0].__name__}


class JSONFormatter(logging.Formatter):
    """One JSON object per record, on one line (newlines inside values are escaped)."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "timestamp": timestamp(record.created),
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
            "location": f"{record.module}:{record.lineno}",
        }
        scope = record.__dict__.get("_lur_scope") or CURRENT.get()  # held records: their own
        line.update(context_fields(scope, self.service))
        attributes = record.__dict__
        if len(attributes) > _PLAIN:  # PERF: most records carry no extra=
            for key, value in attributes.items():
                if key not in _STANDARD and key not in line:
                    line[key] = value
        if record.exc_info:
            line.update(exception_fields(record, self))
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return _encode(line)
