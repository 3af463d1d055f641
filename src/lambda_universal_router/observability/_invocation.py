"""The per-invocation work: cold start, request id, root span, and one metrics flush.

``Router(observability=...)`` sets the router's ``dispatch`` to an ``Instrumented`` dispatch, so
a router without observability keeps its plain ``dispatch`` and pays nothing.
"""

from __future__ import annotations

import os
import sys
from time import perf_counter

from lambda_universal_router._classify import classify

from ._automatic import AutomaticMetrics
from ._context import CURRENT, Invocation

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from opentelemetry.trace import Tracer

    from lambda_universal_router._http.routing import RouteTable
    from lambda_universal_router._registry import Registration
    from lambda_universal_router._router import Router

    from ._config import Observability
    from ._context import Label
    from ._log_output import Installation

#: Whether the next invocation is the first of this process.
_cold = [True]
_DEBUG = 10
_REDACTED = frozenset({"authorization", "cookie"})


class Instrumented:
    """``Router.dispatch`` with logs context, metrics and a span around each invocation."""

    def __init__(self, router: Router, config: Observability) -> None:
        self.router = router
        self.config = config
        #: Labels by registration (its ``id``; the router keeps the registrations).
        self._labels: dict[int, Label] = {}
        #: The tracer, found when the router compiles; None without a tracer provider then.
        self.tracer: Tracer | None = None
        #: What the logs setup changed, None with ``logs=False``.
        self.installation: Installation | None = None
        self._metrics = AutomaticMetrics(config) if config.metrics else None
        self._random: Any = None
        if config.debug_sample_rate:
            import random

            self._random = random.random
        self._level = config.level
        #: PERF: whether any per-invocation option is on, checked once per invocation.
        self._options = bool(config.debug_sample_rate or config.buffer_debug)
        #: What runs once the source is known, when something does (None: nothing).
        self._first: Callable[[Invocation, Any, Any], Any] | None = (
            self._first_steps if config.log_event else None
        )

    def compose(self, registrations: list[Registration]) -> None:
        """Put the observability layer around every handler (when the router compiles)."""
        from lambda_universal_router._app.middleware import returns_coroutine

        from ._layer import label_for, observe

        self.tracer = tracer = _find_tracer() if self.config.traces else None
        if tracer is not None:
            self._first = self._first_steps
        threads = any(registration.concurrency > 1 for registration in registrations)
        for registration in registrations:
            call = registration.call
            label = self._labels[id(registration)] = label_for(registration)
            registration.call = observe(
                registration,
                label,
                call,
                is_async=returns_coroutine(registration),
                tracer=tracer,
                threads=threads,
            )
        if self.installation is not None:
            modules = (getattr(r.handler, "__module__", None) or "" for r in registrations)
            debug = self.config.buffer_debug or bool(self.config.debug_sample_rate)
            self.installation.own(modules, debug=debug)

    def enclose_chains(self, table: RouteTable) -> None:
        """Put the layer outside the middleware of HTTP routes that have a chain (the chain is
        built around the layered ``call``), so middleware log lines name the route too."""
        from ._layer import enclose, label_for

        for route in table.every_route():
            if route.chain is not None:
                label = self._labels.get(id(route.registration)) or label_for(route.registration)
                route.chain = enclose(label, route.chain)

    def __call__(self, event: Any, context: Any = None) -> Any:
        router = self.router
        dispatchers = router._dispatchers
        if dispatchers is None:
            dispatchers = router._compile()  # composes the layers and finds the tracer
        invocation = Invocation(context, _cold[0], self._level)
        _cold[0] = False
        if self._options:
            self._begin(invocation)
        token = CURRENT.set(invocation)
        span = None
        answer: Any = None
        error: BaseException | None = None
        start = perf_counter()
        try:
            # NOTE: Router.dispatch's steps, so the event is classified once.
            source, variant = classify(event)
            invocation.source = source.name
            invocation.event = event
            if self._first is not None:
                span = self._first(invocation, event, context)
            dispatcher = dispatchers.get(source.name)
            if dispatcher is None:
                answer = router.fallback(source, event, context)
            else:
                answer = dispatcher(event, variant, context)
            return answer
        except BaseException as raised:
            error = raised
            raise
        finally:
            elapsed = perf_counter() - start
            CURRENT.reset(token)
            route = invocation.route() if invocation.source == "http" else None
            if span is not None:
                span.finish(route, answer, error)
            metrics = self._metrics
            if metrics is not None:
                lines = metrics.lines(invocation, (answer, error, elapsed), route, event)
                if lines:
                    stream = sys.stdout  # looked up per flush: tests and tools replace it
                    stream.write("\n".join(lines) + "\n")
                    stream.flush()
            if invocation.buffer is not None:
                self._end(invocation, answer, error)

    def _begin(self, invocation: Invocation) -> None:
        """Sample this invocation's level, and give it a debug buffer (when configured)."""
        config = self.config
        if self._random is not None and self._random() < config.debug_sample_rate:
            invocation.threshold = _DEBUG
        if config.buffer_debug:
            from ._log_output import new_buffer

            invocation.buffer = new_buffer(config.buffer_size)

    def _first_steps(self, invocation: Invocation, event: Any, context: Any) -> Any:
        """Log the event (``log_event``) and start the invocation's span (when tracing)."""
        if self.config.log_event:
            _log_event(event)
        tracer = self.tracer
        if tracer is None or type(event) is not dict:
            return None
        from ._tracing import InvocationSpan

        return InvocationSpan(
            tracer,
            source=invocation.source or "",
            event=event,
            request_id=invocation.request_id,
            cold_start=invocation.cold_start,
            context=context,
        )

    def _end(self, invocation: Invocation, answer: Any, error: BaseException | None) -> None:
        """Write the held debug records when a handler failed (HTTP: a 5xx answer)."""
        status = answer.get("statusCode") if type(answer) is dict else None
        if (
            error is not None
            or any(failed for _, _, failed in invocation.calls)
            or (invocation.source == "http" and type(status) is int and status >= 500)
        ):
            from ._log_output import release

            release(invocation)


def _find_tracer() -> Tracer | None:
    """OpenTelemetry's tracer when it is installed and a tracer provider is set, else None."""
    from importlib.util import find_spec

    if find_spec("opentelemetry") is None:
        return None
    from ._tracing import configured_tracer

    return configured_tracer()


def _log_event(event: Any) -> None:
    """Log the incoming event at INFO, its Authorization and Cookie headers redacted."""
    import logging

    logging.getLogger("lambda_universal_router").info(
        "Event received", extra={"event": redacted(event)}
    )


def redacted(event: Any) -> Any:
    """A copy of ``event`` without the values of its Authorization and Cookie headers."""
    if not isinstance(event, dict):
        return event
    copy = dict(event)
    for key in ("headers", "multiValueHeaders"):
        headers = copy.get(key)
        if isinstance(headers, dict):
            copy[key] = {
                name: "***" if isinstance(name, str) and name.lower() in _REDACTED else value
                for name, value in headers.items()
            }
    if isinstance(copy.get("cookies"), list):
        copy["cookies"] = ["***"]
    return copy


def instrument(router: Router, config: Observability) -> Instrumented:
    """An instrumented ``dispatch`` for ``router``; the process's logs are routed through us."""
    from ._config import Observability

    if not isinstance(config, Observability):
        from lambda_universal_router._exceptions import ConfigurationError

        raise ConfigurationError(
            f"observability= takes an Observability(...), not {type(config).__name__}"
        )
    instrumented = Instrumented(router, config)
    if config.logs:
        from ._log_output import install

        json_mode = os.environ.get("AWS_LAMBDA_LOG_FORMAT", "").upper() == "JSON"
        instrumented.installation = install(config, json_mode)
    return instrumented
