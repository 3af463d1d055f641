"""Observability traces: OpenTelemetry spans by the FaaS, HTTP and messaging conventions."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from lambda_universal_router import Router, testing
from lambda_universal_router.observability import Observability

pytestmark = pytest.mark.usefixtures("observability_reset")

EXPORTER = InMemorySpanExporter()
TRACE_ID = "5759e988bd862e3fe1be46a994272793"
XRAY = f"Root=1-{TRACE_ID[:8]}-{TRACE_ID[8:]};Parent=53995c3f42cd8ad8;Sampled=1"


@pytest.fixture(autouse=True)
def spans(monkeypatch: pytest.MonkeyPatch) -> Iterator[InMemorySpanExporter]:
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        provider = TracerProvider()
        provider.add_span_processor(SimpleSpanProcessor(EXPORTER))
        trace.set_tracer_provider(provider)
    monkeypatch.delenv("_X_AMZN_TRACE_ID", raising=False)
    EXPORTER.clear()
    yield EXPORTER
    EXPORTER.clear()


def context(request_id: str = "req-1") -> testing.LambdaContext:
    return testing.LambdaContext(function_name="orders-fn", aws_request_id=request_id)


def observed() -> Router:
    return Router(observability=Observability(service="orders", logs=False, metrics=False))


def books() -> Router:
    router = observed()

    @router.get("/books/{isbn}")
    def book(event: Any, ctx: Any) -> dict[str, str]:
        if event.path_parameters["isbn"] == "broken":
            raise RuntimeError("database down")
        return {}

    return router


def test_an_http_invocation_is_a_server_span_named_by_its_route(
    spans: InMemorySpanExporter,
) -> None:
    ctx = context("req-42")
    books().dispatch(testing.http("GET", "/books/978-1", flavor="http"), ctx)

    (span,) = spans.get_finished_spans()
    assert span.name == "GET /books/{isbn}"
    assert span.kind is SpanKind.SERVER
    assert dict(span.attributes or {}) == {
        "faas.trigger": "http",
        "faas.invocation_id": "req-42",
        "faas.coldstart": True,
        "cloud.provider": "aws",
        "cloud.resource_id": ctx.invoked_function_arn,
        "http.request.method": "GET",
        "http.route": "/books/{isbn}",
        "http.response.status_code": 200,
    }
    assert span.status.status_code is StatusCode.UNSET


def test_a_failed_handler_marks_the_span_and_records_the_exception(
    spans: InMemorySpanExporter,
) -> None:
    answer = books().dispatch(testing.http("GET", "/books/broken"), context())
    assert answer["statusCode"] == 500

    (span,) = spans.get_finished_spans()
    assert span.status.status_code is StatusCode.ERROR
    assert span.attributes is not None and span.attributes["http.response.status_code"] == 500
    (event,) = span.events
    assert event.name == "exception"
    assert event.attributes is not None
    assert event.attributes["exception.type"] == "RuntimeError"


def test_an_unmatched_request_is_named_by_its_method_only(spans: InMemorySpanExporter) -> None:
    books().dispatch(testing.http("GET", "/nowhere"), context())

    (span,) = spans.get_finished_spans()
    assert span.name == "GET"
    assert span.attributes is not None and "http.route" not in span.attributes


def test_the_parent_is_the_traceparent_header_first(
    spans: InMemorySpanExporter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("_X_AMZN_TRACE_ID", XRAY)
    parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    headers = {"traceparent": parent, "X-Amzn-Trace-Id": XRAY}
    books().dispatch(testing.http("GET", "/books/1", headers=headers), context())

    (span,) = spans.get_finished_spans()
    assert span.parent is not None and span.parent.is_remote
    assert f"{span.context.trace_id:032x}" == "0af7651916cd43dd8448eb211c80319c"
    assert f"{span.parent.span_id:016x}" == "b7ad6b7169203331"


def test_the_parent_is_the_x_ray_header_without_traceparent(
    spans: InMemorySpanExporter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "_X_AMZN_TRACE_ID", "Root=1-11111111-111111111111111111111111;Parent=1;Sampled=1"
    )
    books().dispatch(testing.http("GET", "/books/1", headers={"X-Amzn-Trace-Id": XRAY}), context())

    (span,) = spans.get_finished_spans()
    assert f"{span.context.trace_id:032x}" == TRACE_ID
    assert span.parent is not None and f"{span.parent.span_id:016x}" == "53995c3f42cd8ad8"


def test_the_parent_is_the_lambda_trace_id_otherwise(
    spans: InMemorySpanExporter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("_X_AMZN_TRACE_ID", XRAY)
    books().dispatch(testing.http("GET", "/books/1"), context())

    (span,) = spans.get_finished_spans()
    assert f"{span.context.trace_id:032x}" == TRACE_ID


def sqs_router() -> Router:
    router = observed()

    @router.sqs(per_record=True)
    def place(message: Any, ctx: Any) -> None:
        if message.body == "bad":
            raise ValueError("rejected")

    return router


def test_an_sqs_batch_is_a_consumer_span_with_one_child_per_message(
    spans: InMemorySpanExporter,
) -> None:
    event = testing.sqs(["a", "bad"], queue="orders")
    producer = "Root=1-6a5d2b3c-0123456789abcdef01234567;Parent=1a2b3c4d5e6f7a8b;Sampled=1"
    event["Records"][0]["attributes"]["AWSTraceHeader"] = producer
    sqs_router().dispatch(event, context())

    *children, batch = spans.get_finished_spans()
    assert batch.name == "orders process"
    assert batch.kind is SpanKind.CONSUMER
    assert batch.attributes is not None
    assert batch.attributes["faas.trigger"] == "pubsub"
    assert batch.attributes["messaging.system"] == "aws_sqs"
    assert [child.name for child in children] == ["orders process"] * 2
    for child, record in zip(children, event["Records"], strict=True):
        assert child.kind is SpanKind.CONSUMER
        assert child.parent is not None and child.parent.span_id == batch.context.span_id
        assert child.attributes is not None
        assert child.attributes["messaging.system"] == "aws_sqs"
        assert child.attributes["messaging.message.id"] == record["messageId"]
        assert child.attributes["messaging.destination.name"] == "orders"
    (link,) = children[0].links
    assert f"{link.context.trace_id:032x}" == "6a5d2b3c0123456789abcdef01234567"
    assert f"{link.context.span_id:016x}" == "1a2b3c4d5e6f7a8b"
    assert not children[1].links
    assert children[0].status.status_code is StatusCode.UNSET
    assert children[1].status.status_code is StatusCode.ERROR
    assert [e.name for e in children[1].events] == ["exception"]


def test_message_spans_are_children_of_the_batch_in_threads(spans: InMemorySpanExporter) -> None:
    router = observed()

    @router.sqs(per_record=True, concurrency=3)
    def place(message: Any, ctx: Any) -> None:
        return None

    router.dispatch(testing.sqs(["a", "b", "c"]), context())

    finished = spans.get_finished_spans()
    (batch,) = [span for span in finished if span.parent is None]
    children = [span for span in finished if span.parent is not None]
    assert len(children) == 3
    assert {child.parent.span_id for child in children if child.parent} == {batch.context.span_id}


def test_other_sources_get_an_invocation_span(spans: InMemorySpanExporter) -> None:
    router = observed()

    @router.dynamodb()
    def changed(batch: Any, ctx: Any) -> None:
        return None

    router.dispatch(testing.dynamodb("INSERT", keys={"pk": "1"}), context())

    (span,) = spans.get_finished_spans()
    assert span.name == "orders-fn"
    assert span.attributes is not None and span.attributes["faas.trigger"] == "datasource"


def test_traces_can_be_switched_off(spans: InMemorySpanExporter) -> None:
    router = Router(observability=Observability(service="orders", logs=False, traces=False))

    @router.get("/")
    def home(event: Any, ctx: Any) -> None:
        return None

    router.dispatch(testing.http("GET", "/"), context())

    assert spans.get_finished_spans() == ()


def test_without_a_tracer_provider_no_span_is_made() -> None:
    script = (
        "import sys\n"
        "from lambda_universal_router import Router, testing\n"
        "from lambda_universal_router.observability import Observability\n"
        "router = Router(observability=Observability(service='s', logs=False, metrics=False))\n"
        "router.get('/')(lambda event, context: None)\n"
        "router.dispatch(testing.http('GET', '/'), {})\n"
        "from opentelemetry import trace\n"
        "print(type(trace.get_tracer_provider()).__name__)\n"
        "print('opentelemetry.sdk' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["ProxyTracerProvider", "False"]


def test_with_traces_off_opentelemetry_is_not_imported() -> None:
    script = (
        "import sys\n"
        "from lambda_universal_router import Router, testing\n"
        "from lambda_universal_router.observability import Observability\n"
        "router = Router(observability=Observability(service='s', traces=False, logs=False))\n"
        "router.get('/')(lambda event, context: None)\n"
        "router.dispatch(testing.http('GET', '/'), {})\n"
        "print(any(name.startswith('opentelemetry') for name in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "False"
