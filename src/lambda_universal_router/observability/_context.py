"""Who is running now: the invocation and the handler call, carried by a context variable.

A context variable, not a global: ``asyncio`` tasks copy it when created and the per-record
thread pool runs each lane in a copy, so every log line names the record its own code handles.
On the sequential path the handler layer updates the invocation's one ``Scope`` in place (two
attribute stores per record); concurrent calls each set a ``Scope`` of their own.
"""

from __future__ import annotations

import os
from contextvars import ContextVar

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections import deque
    from collections.abc import Callable
    from typing import Any


class Label:
    """One registration as logs and metrics name it; built once, when the router compiles."""

    __slots__ = ("correlate", "handler", "path", "source")

    def __init__(
        self,
        source: str,
        handler: str,
        correlate: Callable[[Any], str | None],
        path: str | None = None,
    ) -> None:
        #: The source name (``"http"``, ``"sqs"``, ...).
        self.source = source
        #: ``module:qualname`` of the user's function.
        self.handler = handler
        #: Reads the correlation id from what the handler receives; None when it has none.
        self.correlate = correlate
        #: The HTTP path template (``/books/{isbn}``), for HTTP routes.
        self.path = path


class Invocation:
    """What one invocation shares across its handler calls, threads and tasks included."""

    __slots__ = (
        "buffer",
        "calls",
        "cold_start",
        "dropped",
        "failed",
        "function_name",
        "metrics",
        "request_id",
        "source",
        "threshold",
        "xray_trace_id",
    )

    def __init__(self, context: Any, cold_start: bool, threshold: int) -> None:
        request_id = getattr(context, "aws_request_id", None)
        self.request_id: str | None = request_id if type(request_id) is str else None
        function = getattr(context, "function_name", None)
        self.function_name: str | None = (
            function if type(function) is str else os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        )
        self.cold_start = cold_start
        #: The event's source once classified (``"http"``, ``"sqs"``, ...).
        self.source: str | None = None
        #: The level below which this invocation's records are not written (DEBUG when sampled).
        self.threshold = threshold
        #: The X-Ray trace id, read on the first log line ("" when there is none).
        self.xray_trace_id: str | None = None
        #: Per handler call: its label, its duration in milliseconds, and whether it raised.
        self.calls: list[tuple[Label, float, bool]] = []
        #: User metrics added during the invocation: (name, value, unit, dimensions).
        self.metrics: list[tuple[str, float, str, tuple[tuple[str, str], ...]]] = []
        #: Held DEBUG records (``buffer_debug``), None when not buffering or already released.
        self.buffer: deque[Any] | None = None
        #: How many held records were dropped to respect ``buffer_size``.
        self.dropped = 0
        #: Whether a handler failed or an error was logged (which releases held records).
        self.failed = False


class Scope:
    """The current invocation and, inside a handler call, the handler and what it received."""

    __slots__ = ("invocation", "label", "subject")

    def __init__(
        self, invocation: Invocation, label: Label | None = None, subject: Any = None
    ) -> None:
        self.invocation = invocation
        self.label = label
        #: The typed event or record the handler was called with.
        self.subject = subject

    def correlation_id(self) -> str | None:
        """The id of what is being handled (request, message, record), else the request id."""
        label = self.label
        if label is not None:
            try:
                found = label.correlate(self.subject)
            except Exception:  # a malformed record must never break a log line
                found = None
            if found is not None:
                return found
        return self.invocation.request_id

    def route(self) -> str | None:
        """``"GET /books/{isbn}"`` inside an HTTP handler, from the template, never the path."""
        label = self.label
        if label is None or label.path is None:
            return None
        method = getattr(self.subject, "http_method", None)
        return f"{method} {label.path}" if isinstance(method, str) else label.path


#: The scope of the running invocation; None outside one.
CURRENT: ContextVar[Scope | None] = ContextVar("lambda_universal_router_scope", default=None)
