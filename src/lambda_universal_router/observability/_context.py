"""Who is running now: the invocation and the handler call, carried by a context variable.

A context variable, not a global: ``asyncio`` tasks copy it when created and the per-record
thread pool runs each lane in a copy, so every log line names the record its own code handles.
On the sequential path the handler layer updates the invocation's one ``Scope`` in place (two
attribute stores per record); concurrent calls each set a ``Scope`` of their own.
"""

from __future__ import annotations

import os
from contextvars import ContextVar

from ._correlation import event_correlator

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections import deque
    from collections.abc import Callable
    from typing import Any


class Label:
    """One registration as logs and metrics name it; built once, when the router compiles."""

    __slots__ = ("correlate", "handler", "log_text", "path", "routes", "source")

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
        #: ``"GET /books/{isbn}"`` by request method, as they are first met.
        self.routes: dict[Any, str] = {}
        #: The source and handler keys of log lines as JSON text, made on the first line.
        self.log_text: str | None = None


class Scope:
    """Where a log line comes from: the invocation, and inside a handler call, the handler and
    what it received."""

    __slots__ = ("calls", "label", "subject")

    def __init__(self, label: Label | None = None, subject: Any = None) -> None:
        #: The handler being called, None between calls.
        self.label = label
        #: The typed event or record the handler was called with.
        self.subject = subject
        #: The invocation's handler calls: its label, duration in milliseconds, whether it raised.
        self.calls: list[tuple[Label, float, bool]] = []

    @property
    def invocation(self) -> Invocation:
        raise NotImplementedError

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
        return self.invocation.own_correlation_id

    def route(self) -> str | None:
        """``"GET /books/{isbn}"`` inside an HTTP handler, from the template, never the path."""
        label = self.label
        if label is None or label.path is None:
            return None
        method = getattr(self.subject, "http_method", None)
        found = label.routes.get(method)
        if found is None:
            found = f"{method} {label.path}" if type(method) is str else label.path
            if len(label.routes) < 64:  # PERF: built once per method, bounded against junk
                label.routes[method] = found
        return found


class Invocation(Scope):
    """What one invocation shares across its handler calls, threads and tasks included.

    It is also the scope while no handler runs, and on the sequential path, where the handler
    layer sets ``label`` and ``subject`` on it in place.
    """

    # PERF: no __slots__ here, so the fields most invocations never set keep their class
    # defaults and __init__ sets five.

    #: The event's source once classified (``"http"``, ``"sqs"``, ...).
    source: str | None = None
    #: The X-Ray trace id, read on the first log line ("" when there is none).
    xray_trace_id: str | None = None
    #: The log keys every line of this invocation shares, made on its first line: as a dict
    #: (runtime JSON mode), and as JSON text (see ``_logs._invocation_text``).
    log_head: dict[str, Any] | None = None
    log_text: tuple[str, str, str, str] | None = None
    #: User metrics added during the invocation: (name, value, unit, dimensions).
    metrics: list[tuple[str, float, str, tuple[tuple[str, str], ...]]] | None = None
    #: Held DEBUG records (``buffer_debug``), None when not buffering.
    buffer: deque[Any] | None = None
    #: How many held records were dropped to respect ``buffer_size``.
    dropped = 0
    #: Whether a handler failed or an error was logged (which releases held records).
    failed = False
    #: The raw event, once classified (its id may correlate lines no handler call names).
    event: Any = None

    def __init__(self, context: Any, cold_start: bool, threshold: int) -> None:
        self.label = None
        self.subject = None
        self.calls = []
        #: The Lambda context; its ids are read when a log line or metric needs them.
        self.context = context
        self.cold_start = cold_start
        #: The level below which this invocation's records are not written (DEBUG when sampled).
        self.threshold = threshold

    @property
    def invocation(self) -> Invocation:
        return self

    @property
    def request_id(self) -> str | None:
        """The context's ``aws_request_id``."""
        found = getattr(self.context, "aws_request_id", None)
        return found if type(found) is str else None

    @property
    def own_correlation_id(self) -> str | None:
        """The correlation id of lines no handler call names: the event's id where it is one
        request (HTTP, EventBridge), else the request id."""
        read = event_correlator(self.source or "")
        event = self.event
        if read is not None and type(event) is dict:
            try:
                found = read(event)
            except Exception:  # a malformed event must never break a log line
                found = None
            if found is not None:
                return found
        return self.request_id

    @property
    def function_name(self) -> str | None:
        """The context's ``function_name``, else ``$AWS_LAMBDA_FUNCTION_NAME``."""
        found = getattr(self.context, "function_name", None)
        return found if type(found) is str else os.environ.get("AWS_LAMBDA_FUNCTION_NAME")


class CallScope(Scope):
    """The scope of one handler call that may run beside others (threads, tasks)."""

    __slots__ = ("_invocation",)

    def __init__(self, invocation: Invocation, label: Label | None, subject: Any) -> None:
        self._invocation = invocation
        self.label = label
        self.subject = subject
        self.calls = invocation.calls

    @property
    def invocation(self) -> Invocation:
        return self._invocation


#: The scope of the running invocation; None outside one.
CURRENT: ContextVar[Scope | None] = ContextVar("lambda_universal_router_scope", default=None)
