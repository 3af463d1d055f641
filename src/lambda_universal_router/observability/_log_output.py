"""Where log records go, honouring Lambda's Advanced Logging Controls instead of fighting them.

- Text mode (the default): our handler replaces the runtime's on the root logger and writes one
  JSON line per record to stdout; the runtime's handler would write a second, unstructured one.
- ``AWS_LAMBDA_LOG_FORMAT=JSON``: the runtime already writes JSON; a filter on its handler adds
  our keys to each record, so there is one stream, the runtime's.

Either way a ``Gate`` decides per record: write it, drop it (below this invocation's level), or
hold it (``buffer_debug``: DEBUG records of the service's own loggers, written only if the
invocation fails or logs an error).
"""

from __future__ import annotations

import logging
import sys
from collections import deque

from ._context import CURRENT, CallScope, Scope
from ._logs import SNAPSHOT, JSONFormatter, context_fields, exception_fields

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Protocol

    from ._config import Observability
    from ._context import Invocation

    class Writer(Protocol):
        """What holds records back and writes them later: our handler or the runtime filter."""

        def stamp(self, record: logging.LogRecord, scope: Scope) -> None: ...
        def write_held(self, record: logging.LogRecord) -> None: ...


_DEBUG, _ERROR, _WARNING = logging.DEBUG, logging.ERROR, logging.WARNING


def is_runtime_handler(handler: logging.Handler) -> bool:
    """Whether ``handler`` is the one Lambda's Python runtime puts on the root logger."""
    return type(handler).__name__.startswith("LambdaLoggerHandler") or hasattr(handler, "log_sink")


class Gate:
    """Per record: write now, hold until the invocation fails, or drop."""

    __slots__ = ("level", "own")

    def __init__(self, config: Observability) -> None:
        #: The level outside invocations (an invocation may lower it: ``debug_sample_rate``).
        self.level = config.level
        #: Top-level logger names that are the service's own or the library's.
        self.own = {config.service.partition(".")[0], "lambda_universal_router"}

    def admit(self, record: logging.LogRecord, writer: Writer) -> bool:
        """True to write ``record`` now; a held record is written later by ``writer``."""
        scope = CURRENT.get()
        if scope is None:
            return record.levelno >= self.level
        invocation = scope.invocation
        if record.levelno >= invocation.threshold:
            if record.levelno >= _ERROR and invocation.buffer is not None:
                release(invocation)
            return True
        buffer = invocation.buffer
        if buffer is None or record.name.partition(".")[0] not in self.own:
            return False
        if invocation.failed:  # already released: the rest of a failing invocation is written
            return True
        # A copy: on the sequential path the shared scope moves on to the next record.
        held = CallScope(invocation, scope.label, scope.subject)
        writer.stamp(record, held)
        if len(buffer) == buffer.maxlen:
            invocation.dropped += 1
        buffer.append((record, writer, held))
        return False


def release(invocation: Invocation) -> None:
    """Write the records ``invocation`` holds (after a note if some were dropped); from now on
    its DEBUG records are written as they come."""
    invocation.failed = True
    buffer = invocation.buffer
    if not buffer:
        return
    held = list(buffer)
    buffer.clear()
    if invocation.dropped:
        _, writer, scope = held[0]
        note = logging.LogRecord(
            "lambda_universal_router",
            _WARNING,
            __file__,
            0,
            "%d earlier DEBUG records of this invocation were dropped (buffer_size=%d)",
            (invocation.dropped, buffer.maxlen),
            None,
        )
        invocation.dropped = 0
        writer.stamp(note, scope)
        writer.write_held(note)
    for record, writer, _ in held:
        writer.write_held(record)


class JSONLineHandler(logging.Handler):
    """Writes each admitted record as one JSON line on stdout (text mode)."""

    def __init__(self, config: Observability) -> None:
        super().__init__()
        self.setFormatter(JSONFormatter(config.service))
        self.gate = Gate(config)

    def handle(self, record: logging.LogRecord) -> bool:
        if self.filters:
            return bool(super().handle(record))
        # PERF: no filters to run; the lock keeps lines from threads whole.
        if self.gate.admit(record, self):
            self.acquire()
            try:
                self.write_held(record)
            finally:
                self.release()
        return True

    def emit(self, record: logging.LogRecord) -> None:
        if self.gate.admit(record, self):
            self.write_held(record)

    def stamp(self, record: logging.LogRecord, scope: Scope) -> None:
        record.__dict__[SNAPSHOT] = scope

    def write_held(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
            stream = sys.stdout  # looked up per line: tests and tools replace it
            stream.write(line + "\n")
            stream.flush()
        except Exception:
            self.handleError(record)


class RuntimeFields(logging.Filter):
    """On the runtime's JSON handler: adds our keys to the records it writes (JSON mode)."""

    def __init__(self, config: Observability, handler: logging.Handler) -> None:
        super().__init__()
        self.handler = handler
        self.service = config.service
        self.gate = Gate(config)
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.gate.admit(record, self):
            return False
        self.stamp(record, CURRENT.get())
        return True

    def stamp(self, record: logging.LogRecord, scope: Scope | None) -> None:
        fields = context_fields(scope, self.service)
        if record.exc_info:
            fields.update(exception_fields(record, self._formatter))
        record.__dict__.update(fields)

    def write_held(self, record: logging.LogRecord) -> None:
        handler = self.handler  # emit, not handle: this filter already took it
        handler.acquire()
        try:
            handler.emit(record)
        finally:
            handler.release()


class Installation:
    """What observability changed in ``logging``, so it can be put back (tests, a second router)."""

    def __init__(self) -> None:
        self.removed: list[logging.Handler] = []
        self.added: list[logging.Handler] = []
        self.filtered: list[tuple[logging.Handler, logging.Filter]] = []
        self.levels: dict[str, int] = {}
        self.gates: list[Gate] = []

    def own(self, names: Iterable[str], debug: bool) -> None:
        """Count ``names`` (top-level logger names) as the service's own; DEBUG-enable them."""
        tops = {name.partition(".")[0] for name in names if name}
        for gate in self.gates:
            gate.own |= tops
            tops |= gate.own
        if debug:
            for name in sorted(tops):
                log = logging.getLogger(name)
                self.levels.setdefault(name, log.level)
                log.setLevel(_DEBUG)

    def undo(self) -> None:
        root = logging.getLogger()
        for handler in self.added:
            root.removeHandler(handler)
        for handler in self.removed:
            root.addHandler(handler)
        for handler, log_filter in self.filtered:
            handler.removeFilter(log_filter)
        for name, level in self.levels.items():
            logging.getLogger(name).setLevel(level)


_installed: list[Installation] = []


def install(config: Observability, json_mode: bool) -> Installation:
    """Route the process's log records through ``config`` (undoing an earlier installation)."""
    uninstall()
    root = logging.getLogger()
    done = Installation()
    done.levels[""] = root.level
    root.setLevel(config.level)
    runtime = [handler for handler in root.handlers if is_runtime_handler(handler)]
    if json_mode and runtime:
        for handler in runtime:
            fields = RuntimeFields(config, handler)
            handler.addFilter(fields)
            done.filtered.append((handler, fields))
            done.gates.append(fields.gate)
    else:
        for handler in runtime:
            root.removeHandler(handler)
            done.removed.append(handler)
        ours = JSONLineHandler(config)
        root.addHandler(ours)
        done.added.append(ours)
        done.gates.append(ours.gate)
    if config.buffer_debug or config.debug_sample_rate:
        done.own((), debug=True)
    _installed.append(done)
    return done


def uninstall() -> None:
    """Put ``logging`` back as it was before ``install``."""
    while _installed:
        done = _installed.pop()
        root = logging.getLogger()
        level = done.levels.pop("", logging.WARNING)
        done.undo()
        root.setLevel(level)


def new_buffer(size: int) -> deque[tuple[logging.LogRecord, Writer, Scope]]:
    """An empty per-invocation buffer holding at most ``size`` records."""
    return deque(maxlen=size)
