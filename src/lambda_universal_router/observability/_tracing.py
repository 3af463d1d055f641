"""OpenTelemetry spans, following its FaaS, HTTP and messaging semantic conventions.

Only used when ``opentelemetry-api`` is installed (extra ``otel``) and the application set a
tracer provider; otherwise nothing of OpenTelemetry is imported and no span is made.

- one span per invocation, with ``faas.trigger``, ``faas.invocation_id``, ``faas.coldstart`` and
  ``cloud.resource_id``; for HTTP it is the SERVER span named by the route template, its parent
  the request's ``traceparent``, else its ``X-Amzn-Trace-Id`` header, else ``_X_AMZN_TRACE_ID``;
- SQS: the invocation span is a CONSUMER span ``"<queue> process"``, with one child CONSUMER span
  of the same name per message, linked to the producer through the message's ``AWSTraceHeader``.
"""

from __future__ import annotations

import os

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import Link, SpanContext, SpanKind, Status, StatusCode, TraceFlags

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from contextvars import Token
    from typing import Any

    from opentelemetry.context import Context
    from opentelemetry.trace import Span, Tracer

_TRIGGERS = {
    "http": "http",
    "sqs": "pubsub",
    "sns": "pubsub",
    "kinesis": "pubsub",
    "kafka": "pubsub",
    "eventbridge": "pubsub",
    "mq": "pubsub",
    "s3": "datasource",
    "dynamodb": "datasource",
    "documentdb": "datasource",
    "schedule": "timer",
}


def configured_tracer() -> Tracer | None:
    """The library's tracer, or None while no tracer provider is set."""
    provider = trace.get_tracer_provider()
    if isinstance(provider, (trace.ProxyTracerProvider, trace.NoOpTracerProvider)):
        return None
    from lambda_universal_router import __version__

    return provider.get_tracer("lambda_universal_router", __version__)


def xray_span_context(header: str | None) -> SpanContext | None:
    """The span context an X-Ray trace header (``Root=1-…;Parent=…;Sampled=1``) names."""
    if not header:
        return None
    parts = dict(part.strip().partition("=")[::2] for part in header.split(";") if "=" in part)
    root, parent = parts.get("Root", ""), parts.get("Parent", "")
    pieces = root.split("-")
    if len(pieces) != 3 or len(pieces[1]) != 8 or len(pieces[2]) != 24 or len(parent) != 16:
        return None
    try:
        trace_id, span_id = int(pieces[1] + pieces[2], 16), int(parent, 16)
    except ValueError:
        return None
    if not trace_id or not span_id:
        return None
    flags = TraceFlags(TraceFlags.SAMPLED if parts.get("Sampled") == "1" else 0)
    return SpanContext(trace_id, span_id, is_remote=True, trace_flags=flags)


def _headers(event: dict[str, Any]) -> dict[str, str]:
    headers = event.get("headers")
    if not isinstance(headers, dict):
        return {}
    return {k.lower(): v for k, v in headers.items() if isinstance(k, str) and isinstance(v, str)}


def _parent(source: str, event: dict[str, Any]) -> Context | None:
    if source == "http":
        headers = _headers(event)
        if "traceparent" in headers:
            from opentelemetry.trace.propagation.tracecontext import (
                TraceContextTextMapPropagator,
            )

            extracted = TraceContextTextMapPropagator().extract(headers)
            if trace.get_current_span(extracted).get_span_context().is_valid:
                return extracted
        found = xray_span_context(headers.get("x-amzn-trace-id"))
        if found is not None:
            return trace.set_span_in_context(trace.NonRecordingSpan(found))
    found = xray_span_context(os.environ.get("_X_AMZN_TRACE_ID"))
    if found is not None:
        return trace.set_span_in_context(trace.NonRecordingSpan(found))
    return None


def _queue(event: dict[str, Any]) -> str:
    records = event.get("Records")
    if isinstance(records, list) and records and isinstance(records[0], dict):
        arn = records[0].get("eventSourceARN")
        if isinstance(arn, str) and arn:
            return arn.rpartition(":")[2]
    return "sqs"


class InvocationSpan:
    """The span of one invocation, current while the dispatch runs."""

    __slots__ = ("_token", "source", "span")

    def __init__(
        self,
        tracer: Tracer,
        *,
        source: str,
        event: dict[str, Any],
        request_id: str | None,
        cold_start: bool,
        context: Any,
    ) -> None:
        self.source = source
        attributes: dict[str, Any] = {
            "faas.trigger": _TRIGGERS.get(source, "other"),
            "faas.coldstart": cold_start,
            "cloud.provider": "aws",
        }
        if request_id:
            attributes["faas.invocation_id"] = request_id
        arn = getattr(context, "invoked_function_arn", None)
        if isinstance(arn, str) and arn:
            attributes["cloud.resource_id"] = arn
        if source == "http":
            kind, name = SpanKind.SERVER, _method(event) or "HTTP"
            attributes["http.request.method"] = name
        elif source == "sqs":
            queue = _queue(event)
            kind, name = SpanKind.CONSUMER, f"{queue} process"
            attributes["messaging.system"] = "aws_sqs"
            attributes["messaging.destination.name"] = queue
            attributes["messaging.operation.type"] = "process"
            records = event.get("Records")
            if isinstance(records, list):
                attributes["messaging.batch.message_count"] = len(records)
        else:
            function = getattr(context, "function_name", None) or os.environ.get(
                "AWS_LAMBDA_FUNCTION_NAME"
            )
            pubsub = attributes["faas.trigger"] == "pubsub"
            kind = SpanKind.CONSUMER if pubsub else SpanKind.SERVER
            name = function if isinstance(function, str) and function else source
        self.span: Span = tracer.start_span(
            name, context=_parent(source, event), kind=kind, attributes=attributes
        )
        self._token = otel_context.attach(trace.set_span_in_context(self.span))

    def finish(self, route: str | None, answer: Any, error: BaseException | None) -> None:
        """Name the HTTP span by its route, set the outcome, end the span."""
        span = self.span
        try:
            if error is not None:
                span.record_exception(error)
                span.set_status(Status(StatusCode.ERROR, f"{type(error).__name__}: {error}"))
            elif self.source == "http" and isinstance(answer, dict):
                status = answer.get("statusCode")
                if isinstance(status, int):
                    span.set_attribute("http.response.status_code", status)
                    if status >= 500:
                        span.set_status(Status(StatusCode.ERROR))
            elif isinstance(answer, dict) and answer.get("batchItemFailures"):
                failed = len(answer["batchItemFailures"])
                span.set_status(Status(StatusCode.ERROR, f"{failed} records failed"))
            if route is not None:
                span.set_attribute("http.route", route.partition(" ")[2])
                span.update_name(route)
        finally:
            otel_context.detach(self._token)
            span.end()


def _method(event: dict[str, Any]) -> str | None:
    method = event.get("httpMethod")
    if not isinstance(method, str):
        context = event.get("requestContext")
        http = context.get("http") if isinstance(context, dict) else None
        method = http.get("method") if isinstance(http, dict) else event.get("method")
    return method.upper() if isinstance(method, str) else None


def record_failure(error: BaseException) -> None:
    """Mark the current span failed with ``error`` (an HTTP handler's exception)."""
    span = trace.get_current_span()
    span.record_exception(error)
    span.set_status(Status(StatusCode.ERROR, f"{type(error).__name__}: {error}"))


def message_span(tracer: Tracer, subject: Any) -> Span:
    """A CONSUMER span for one SQS message, child of the batch's, linked to its producer."""
    raw = getattr(subject, "raw_record", None)
    raw = raw if isinstance(raw, dict) else {}
    arn = raw.get("eventSourceARN")
    queue = arn.rpartition(":")[2] if isinstance(arn, str) and arn else "sqs"
    attributes: dict[str, Any] = {
        "messaging.system": "aws_sqs",
        "messaging.destination.name": queue,
        "messaging.operation.type": "process",
    }
    message_id = raw.get("messageId")
    if isinstance(message_id, str):
        attributes["messaging.message.id"] = message_id
    system = raw.get("attributes")
    producer = xray_span_context(system.get("AWSTraceHeader") if isinstance(system, dict) else None)
    links = [Link(producer)] if producer is not None else None
    return tracer.start_span(
        f"{queue} process", kind=SpanKind.CONSUMER, attributes=attributes, links=links
    )


def activate(span: Span) -> Token[Context]:
    """Make ``span`` current; returns the token for ``deactivate``."""
    return otel_context.attach(trace.set_span_in_context(span))


def deactivate(token: Token[Context]) -> None:
    otel_context.detach(token)
