"""The per-invocation work: cold start, request id, root span, and one metrics flush.

``Router(observability=...)`` sets the router's ``dispatch`` to an ``Instrumented`` dispatch, so
a router without observability keeps its plain ``dispatch`` and pays nothing.
"""

from __future__ import annotations

import os
import sys
import time
from time import perf_counter

from lambda_universal_router._classify import classify
from lambda_universal_router._dispatch import load

from ._context import CURRENT, Invocation, Scope
from ._emf import documents
from ._metrics import pending

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from typing import Any

    from opentelemetry.trace import Tracer

    from lambda_universal_router._batch_rules import BatchRules
    from lambda_universal_router._registry import Registration
    from lambda_universal_router._router import Router

    from ._config import Observability
    from ._emf import Dimensions, Metrics
    from ._log_output import Installation

#: Whether the next invocation is the first of this process.
_cold = [True]
_DEBUG = 10
_REDACTED = frozenset({"authorization", "cookie"})


def _count(metrics: Metrics, name: str, value: float) -> None:
    found = metrics.get(name)
    if found is None:
        metrics[name] = ("Count", [value])
    else:
        found[1][0] += value


class Instrumented:
    """``Router.dispatch`` with logs context, metrics and a span around each invocation."""

    def __init__(self, router: Router, config: Observability) -> None:
        self.router = router
        self.config = config
        self._dispatch = type(router).dispatch
        self._batch_rules: dict[str, BatchRules | None] = {}
        #: The tracer, found when the router compiles; None without a tracer provider then.
        self.tracer: Tracer | None = None
        self._random: Any = None
        #: What the logs setup changed, None with ``logs=False``.
        self.installation: Installation | None = None
        if config.debug_sample_rate:
            import random

            self._random = random.random

    def compose(self, registrations: list[Registration]) -> None:
        """Put the observability layer around every handler (when the router compiles)."""
        from lambda_universal_router._batch import is_async

        from ._layer import observe

        self.tracer = tracer = _find_tracer() if self.config.traces else None
        for registration in registrations:
            call = registration.call
            registration.call = observe(registration, call, is_async(call), tracer)
        if self.installation is not None:
            modules = (getattr(r.handler, "__module__", None) or "" for r in registrations)
            debug = self.config.buffer_debug or bool(self.config.debug_sample_rate)
            self.installation.own(modules, debug=debug)

    # --- dispatch ------------------------------------------------------------------------------

    def __call__(self, event: Any, context: Any = None) -> Any:
        config = self.config
        if self.router._dispatchers is None:
            self.router._compile()  # composes the layers and finds the tracer
        start = perf_counter()
        cold = _cold[0]
        _cold[0] = False
        request_id = getattr(context, "aws_request_id", None)
        function_name = getattr(context, "function_name", None) or os.environ.get(
            "AWS_LAMBDA_FUNCTION_NAME"
        )
        trace_header = os.environ.get("_X_AMZN_TRACE_ID")
        threshold = config.level
        if self._random is not None and self._random() < config.debug_sample_rate:
            threshold = _DEBUG
        invocation = Invocation(
            request_id if isinstance(request_id, str) else None,
            function_name if isinstance(function_name, str) else None,
            cold,
            _xray_root(trace_header) if trace_header else None,
            threshold,
        )
        if config.buffer_debug:
            from ._log_output import new_buffer

            invocation.buffer = new_buffer(config.buffer_size)
        scope = Scope(invocation)
        token = CURRENT.set(scope)
        span = None
        answer: Any = None
        error: BaseException | None = None
        try:
            source = classify(event)[0].name if isinstance(event, dict) else None
            invocation.source = source
            if config.log_event:
                _log_event(event)
            tracer = self.tracer
            if tracer is not None and source is not None:
                from ._tracing import InvocationSpan

                span = InvocationSpan(
                    tracer,
                    source=source,
                    event=event,
                    request_id=invocation.request_id,
                    cold_start=cold,
                    context=context,
                )
            answer = self._dispatch(self.router, event, context)
            return answer
        except BaseException as raised:
            error = raised
            raise
        finally:
            elapsed = (perf_counter() - start) * 1000.0
            try:
                route = scope.route() if invocation.source == "http" else None
                if span is not None:
                    span.finish(route, answer, error)
                if config.metrics:
                    self._flush(
                        invocation=invocation,
                        event=event,
                        answer=answer,
                        error=error,
                        route=route,
                        elapsed=elapsed,
                    )
                if invocation.buffer is not None and (
                    error is not None or any(failed for _, _, failed in invocation.calls)
                ):
                    from ._log_output import release

                    release(invocation)
            finally:
                CURRENT.reset(token)

    # --- metrics -------------------------------------------------------------------------------

    def _flush(
        self,
        *,
        invocation: Invocation,
        event: Any,
        answer: Any,
        error: BaseException | None,
        route: str | None,
        elapsed: float,
    ) -> None:
        """Write this invocation's metrics as EMF documents, in one write."""
        service = self.config.service
        groups: dict[Dimensions, Metrics] = {}
        if invocation.cold_start:
            cold_dims = (("service", service), ("function_name", invocation.function_name or "-"))
            groups[cold_dims] = {"ColdStart": ("Count", [1])}
        source = invocation.source
        if source == "http":
            status = answer.get("statusCode") if isinstance(answer, dict) else None
            server = error is not None or (isinstance(status, int) and status >= 500)
            client = isinstance(status, int) and 400 <= status < 500
            groups[(("service", service), ("route", route or "UNMATCHED"))] = {
                "Invocations": ("Count", [1]),
                "Errors": ("Count", [1 if server else 0]),
                "ClientErrors": ("Count", [1 if client else 0]),
                "Duration": ("Milliseconds", [round(elapsed, 3)]),
            }
        handlers: set[str] = set()
        for label, duration, failed in invocation.calls:
            handlers.add(label.handler)
            metrics = groups.setdefault((("service", service), ("handler", label.handler)), {})
            _count(metrics, "Invocations", 1)
            _count(metrics, "Errors", 1 if failed else 0)
            durations = metrics.setdefault("Duration", ("Milliseconds", []))[1]
            durations.append(round(duration, 3))
        if source is not None and source != "http":
            self._batch_metrics(
                groups=groups,
                source=source,
                event=event,
                answer=answer,
                error=error,
                handlers=handlers,
            )
        user = invocation.metrics
        if pending:
            user = [*pending, *user]
            pending.clear()
        for name, value, unit, dimensions in user:
            keys = {key for key, _ in dimensions}
            full = dimensions if "service" in keys else (("service", service), *dimensions)
            metrics = groups.setdefault(full, {})
            found = metrics.get(name)
            if found is None:
                metrics[name] = (unit, [value])
            else:
                found[1].append(value)
        if not groups:
            return
        lines = documents(self.config.namespace, int(time.time() * 1000), groups)
        stream = sys.stdout  # looked up per flush: tests and tools replace it
        stream.write("\n".join(lines) + "\n")
        stream.flush()

    def _batch_metrics(
        self,
        *,
        groups: dict[Dimensions, Metrics],
        source: str,
        event: Any,
        answer: Any,
        error: BaseException | None,
        handlers: set[str],
    ) -> None:
        """``Records`` and ``FailedRecords`` of a batch, under its handler (or its source)."""
        if source not in self._batch_rules:
            from lambda_universal_router._sources import BY_NAME

            batch = BY_NAME[source].batch if source in BY_NAME else None
            self._batch_rules[source] = load(batch) if batch else None
        rules: BatchRules | None = self._batch_rules[source]
        if rules is None:
            return
        try:
            records = len(rules.records(event))
        except Exception:  # an event the dispatcher rejected; its error is reported already
            return
        if error is not None:
            failed = records
        elif isinstance(answer, dict) and isinstance(answer.get("batchItemFailures"), list):
            failed = len(answer["batchItemFailures"])
        else:
            failed = 0
        handler = next(iter(handlers)) if len(handlers) == 1 else source
        metrics = groups.setdefault((("service", self.config.service), ("handler", handler)), {})
        metrics["Records"] = ("Count", [records])
        metrics["FailedRecords"] = ("Count", [failed])


def _find_tracer() -> Tracer | None:
    """OpenTelemetry's tracer when it is installed and a tracer provider is set, else None."""
    from importlib.util import find_spec

    if find_spec("opentelemetry") is None:
        return None
    from ._tracing import configured_tracer

    return configured_tracer()


def _xray_root(header: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == "Root" and value:
            return value
    return None


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
