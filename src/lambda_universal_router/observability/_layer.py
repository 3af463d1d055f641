"""The per-handler layer: names the handler call in the scope, times it, traces it.

Composed once per registration when the router compiles; the outermost layer around a handler.
Variants are chosen then, so each call pays only for what applies: HTTP calls are timed by the
invocation (one per invocation), sequential record calls update the shared scope in place,
concurrent and async calls each set a scope of their own.
"""

from __future__ import annotations

from time import perf_counter

from ._context import CURRENT, CallScope, Label
from ._correlation import correlator

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from opentelemetry.trace import Tracer

    from lambda_universal_router._registry import Registration

    Handler = Callable[[Any, Any], Any]


def handler_name(handler: Any) -> str:
    """``module:qualname`` of a handler, the ``handler`` dimension and log key."""
    module = getattr(handler, "__module__", None) or "?"
    qualname = getattr(handler, "__qualname__", None) or type(handler).__qualname__
    return f"{module}:{qualname}"


def label_for(registration: Registration) -> Label:
    """How logs and metrics name ``registration``."""
    source = registration.source
    return Label(source, handler_name(registration.handler), correlator(source), registration.path)


def enclose(label: Label, chain: Handler) -> Handler:
    """An HTTP route's middleware chain, with the route named in the scope before it runs."""

    def observed(request: Any, context: Any) -> Any:
        scope = CURRENT.get()
        if scope is not None:
            scope.label = label
            scope.subject = request
        return chain(request, context)

    return observed


def observe(
    registration: Registration,
    label: Label,
    inner: Handler,
    *,
    is_async: bool,
    tracer: Tracer | None,
    threads: bool,
) -> Handler:
    """``inner`` (the registration's call) wrapped in the observability layer.

    ``threads``: whether calls of this router may run in threads (a registration asked for
    ``concurrency=``; a batch then runs all its per-record handlers in threads).
    """
    if registration.source == "http":
        return _http_async(label, inner, tracer) if is_async else _http(label, inner, tracer)
    traced = tracer if registration.source == "sqs" and registration.per_record else None
    if is_async:
        return _owned_async(label, inner, traced)
    if threads or traced is not None:
        return _owned(label, inner, traced)
    return _shared(label, inner)


def _http(label: Label, inner: Handler, tracer: Tracer | None) -> Handler:
    def observed(request: Any, context: Any) -> Any:
        scope = CURRENT.get()
        if scope is not None:
            scope.label = label
            scope.subject = request
        try:
            return inner(request, context)
        except Exception as error:
            if tracer is not None:
                from ._tracing import record_failure

                record_failure(error)
            raise

    return observed


def _http_async(label: Label, inner: Handler, tracer: Tracer | None) -> Handler:
    async def observed(request: Any, context: Any) -> Any:
        scope = CURRENT.get()
        if scope is not None:
            scope.label = label
            scope.subject = request
        try:
            return await inner(request, context)
        except Exception as error:
            if tracer is not None:
                from ._tracing import record_failure

                record_failure(error)
            raise

    return observed


def _shared(label: Label, inner: Handler) -> Handler:
    """Sequential calls: the invocation's one scope is updated in place."""

    def observed(subject: Any, context: Any) -> Any:
        scope = CURRENT.get()
        if scope is None:
            return inner(subject, context)
        scope.label = label
        scope.subject = subject
        calls = scope.calls
        start = perf_counter()
        try:
            result = inner(subject, context)
        except BaseException:
            calls.append((label, (perf_counter() - start) * 1e3, True))
            scope.label = None
            raise
        calls.append((label, (perf_counter() - start) * 1e3, False))
        scope.label = None  # what is logged after the call is the invocation's
        return result

    return observed


def _owned(label: Label, inner: Handler, tracer: Tracer | None) -> Handler:
    """Calls that may run side by side (threads) or are traced: a scope of their own each."""

    def observed(subject: Any, context: Any) -> Any:
        outer = CURRENT.get()
        if outer is None:
            return inner(subject, context)
        token = CURRENT.set(CallScope(outer.invocation, label, subject))
        span = _message_span(tracer, subject)
        calls = outer.calls
        start = perf_counter()
        try:
            result = inner(subject, context)
        except BaseException as error:
            calls.append((label, (perf_counter() - start) * 1e3, True))
            _end(span, error)
            raise
        finally:
            CURRENT.reset(token)
        calls.append((label, (perf_counter() - start) * 1e3, False))
        _end(span, None)
        return result

    return observed


def _owned_async(label: Label, inner: Handler, tracer: Tracer | None) -> Handler:
    async def observed(subject: Any, context: Any) -> Any:
        outer = CURRENT.get()
        if outer is None:
            return await inner(subject, context)
        token = CURRENT.set(CallScope(outer.invocation, label, subject))
        span = _message_span(tracer, subject)
        calls = outer.calls
        start = perf_counter()
        try:
            result = await inner(subject, context)
        except BaseException as error:
            calls.append((label, (perf_counter() - start) * 1e3, True))
            _end(span, error)
            raise
        finally:
            CURRENT.reset(token)
        calls.append((label, (perf_counter() - start) * 1e3, False))
        _end(span, None)
        return result

    return observed


def _message_span(tracer: Tracer | None, subject: Any) -> Any:
    """A per-message span made current, as ``(span, token)``; None when not tracing."""
    if tracer is None:
        return None
    from ._tracing import activate, message_span

    span = message_span(tracer, subject)
    return span, activate(span)


def _end(started: Any, error: BaseException | None) -> None:
    if started is None:
        return
    from opentelemetry.trace import Status, StatusCode

    from ._tracing import deactivate

    span, token = started
    deactivate(token)
    if error is not None:
        span.record_exception(error)
        span.set_status(Status(StatusCode.ERROR, f"{type(error).__name__}: {error}"))
    span.end()
