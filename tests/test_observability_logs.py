"""Observability logs: one JSON line per record, with the invocation's and the handler's ids."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambda_universal_router import ConfigurationError, Response, Router, testing
from lambda_universal_router.observability import Observability, logger
from tests.observability_support import output

pytestmark = pytest.mark.usefixtures("observability_reset")

log = logging.getLogger("shop.orders")


def context(request_id: str = "req-1") -> testing.LambdaContext:
    return testing.LambdaContext(function_name="orders-fn", aws_request_id=request_id)


def observed(**options: Any) -> Router:
    options.setdefault("metrics", False)
    return Router(observability=Observability(service="orders", namespace="Shop", **options))


def test_an_http_log_line_has_every_key(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8"
    )
    router = observed()

    @router.get("/books/{isbn}")
    def book(event: Any, ctx: Any) -> dict[str, str]:
        log.info("found %s", event.path_parameters["isbn"], extra={"shelf": 4})
        return {}

    event = testing.http("GET", "/books/978-1", resource="/books/{isbn}")
    router.dispatch(event, context("req-42"))

    (line,) = output(capsys)[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line.pop("timestamp"))
    assert line.pop("location").startswith("test_observability_logs:")
    assert line == {
        "level": "INFO",
        "message": "found 978-1",
        "logger": "shop.orders",
        "service": "orders",
        "function_name": "orders-fn",
        "function_request_id": "req-42",
        "cold_start": True,
        "source": "http",
        "handler": f"{__name__}:{test_an_http_log_line_has_every_key.__name__}.<locals>.book",
        "route": "GET /books/{isbn}",
        "correlation_id": event["requestContext"]["requestId"],
        "xray_trace_id": "1-5759e988-bd862e3fe1be46a994272793",
        "shelf": 4,
    }


def test_the_route_is_the_template_never_the_raw_path(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.get("/books/{isbn}")
    def book(event: Any, ctx: Any) -> None:
        log.info("hi")

    router.dispatch(testing.http("GET", "/books/secret-42", flavor="http"), context())

    (line,) = output(capsys)[0]
    assert line["route"] == "GET /books/{isbn}"
    assert "secret-42" not in json.dumps(line)


def test_cold_start_is_true_only_in_the_first_invocation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    router = observed()

    @router.sqs(per_record=True)
    def handle(message: Any, ctx: Any) -> None:
        log.info("handled")

    router.dispatch(testing.sqs(["a"]), context("one"))
    router.dispatch(testing.sqs(["b"]), context("two"))

    first, second = output(capsys)[0]
    assert (first["cold_start"], second["cold_start"]) == (True, False)
    assert (first["function_request_id"], second["function_request_id"]) == ("one", "two")


def test_exceptions_are_logged_with_their_name_and_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    router = observed()

    @router.get("/fail")
    def fail(event: Any, ctx: Any) -> None:
        try:
            raise KeyError("sku")
        except KeyError:
            log.exception("lookup failed")

    router.dispatch(testing.http("GET", "/fail"), context())

    (line,) = output(capsys)[0]
    assert line["level"] == "ERROR"
    assert line["exception_name"] == "KeyError"
    assert "Traceback (most recent call last)" in line["exception"]
    assert "raise KeyError" in line["exception"]


def test_a_record_outside_an_invocation_names_the_service_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    observed()
    logger().warning("starting up")

    (line,) = output(capsys)[0]
    assert line["logger"] == "orders"
    assert line["service"] == "orders"
    assert "function_request_id" not in line and "correlation_id" not in line


def test_multi_line_messages_stay_on_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    observed()
    log.warning("line one\nline two")

    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert json.loads(out)["message"] == "line one\nline two"


# --- correlation ids per source ------------------------------------------------------------------


def _correlations(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [line["correlation_id"] for line in output(capsys)[0]]


def test_sqs_records_are_correlated_by_message_id(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.sqs(per_record=True)
    def handle(message: Any, ctx: Any) -> None:
        log.info("got %s", message.body)

    event = testing.sqs(["a", "b", "c"])
    router.dispatch(event, context())

    assert _correlations(capsys) == [record["messageId"] for record in event["Records"]]


def test_kinesis_records_are_correlated_by_sequence_number(
    capsys: pytest.CaptureFixture[str],
) -> None:
    router = observed()

    @router.kinesis(per_record=True)
    def handle(record: Any, ctx: Any) -> None:
        log.info("got one")

    event = testing.kinesis(["a", "b"])
    router.dispatch(event, context())

    assert _correlations(capsys) == [r["kinesis"]["sequenceNumber"] for r in event["Records"]]


def test_dynamodb_records_are_correlated_by_event_id(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.dynamodb(per_record=True)
    def handle(record: Any, ctx: Any) -> None:
        log.info("changed")

    event = testing.dynamodb("INSERT", keys={"pk": "1"})
    router.dispatch(event, context())

    assert _correlations(capsys) == [event["Records"][0]["eventID"]]


def test_eventbridge_events_are_correlated_by_their_id(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.eventbridge()
    def handle(event: Any, ctx: Any) -> None:
        log.info("placed")

    event = testing.eventbridge({"orderId": "o-1"})
    router.dispatch(event, context())

    assert _correlations(capsys) == [event["id"]]


def test_alb_requests_are_correlated_by_the_trace_header(
    capsys: pytest.CaptureFixture[str],
) -> None:
    router = observed()

    @router.get("/health")
    def health(event: Any, ctx: Any) -> None:
        log.info("ok")

    trace = "Root=1-67891233-abcdef012345678912345678"
    event = testing.http("GET", "/health", flavor="alb", headers={"X-Amzn-Trace-Id": trace})
    router.dispatch(event, context())

    assert _correlations(capsys) == [trace]


TRACE = "Root=1-67891233-abcdef012345678912345678"


def _http_request_id(event: dict[str, Any]) -> str:
    """What correlates an HTTP event: requestContext's request id, ALB's trace header."""
    if "elb" in event["requestContext"]:
        return TRACE
    return str(event["requestContext"]["requestId"])


@pytest.mark.parametrize("flavor", ["rest", "http", "alb"])
def test_lines_outside_a_route_are_correlated_by_the_http_request(
    flavor: str, capsys: pytest.CaptureFixture[str]
) -> None:
    router = observed(log_event=True)

    @router.not_found
    def missing(event: Any, ctx: Any) -> Response:
        log.info("no such page")
        return Response(404, {"message": "Not Found"})

    @router.middleware
    def audit(event: Any, ctx: Any, call_next: Any) -> Any:
        response = call_next(event, ctx)
        log.info("answered %s", response.status_code)
        return response

    @router.get("/books")
    def books(event: Any, ctx: Any) -> list[str]:
        return []

    headers = {"X-Amzn-Trace-Id": TRACE}
    unknown = testing.http("GET", "/nowhere", flavor=flavor, headers=headers)
    not_allowed = testing.http("DELETE", "/books", flavor=flavor, headers=headers)
    assert router.dispatch(unknown, context("req-404"))["statusCode"] == 404
    assert router.dispatch(not_allowed, context("req-405"))["statusCode"] == 405

    logs = output(capsys)[0]
    assert [line["message"] for line in logs] == [
        "Event received",
        "no such page",
        "answered 404",
        "Event received",
        "answered 405",
    ]
    expected = [_http_request_id(unknown)] * 3 + [_http_request_id(not_allowed)] * 2
    assert [line["correlation_id"] for line in logs] == expected
    assert not {"req-404", "req-405"} & set(expected)
    assert {line["function_request_id"] for line in logs} == {"req-404", "req-405"}


def test_an_eventbridge_event_correlates_the_lines_outside_its_handler(
    capsys: pytest.CaptureFixture[str],
) -> None:
    router = observed(log_event=True)

    @router.eventbridge()
    def handle(event: Any, ctx: Any) -> None:
        log.info("placed")

    event = testing.eventbridge({"orderId": "o-1"})
    router.dispatch(event, context())

    assert _correlations(capsys) == [event["id"], event["id"]]


def test_other_sources_are_correlated_by_the_request_id(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.s3(per_record=True)
    def handle(record: Any, ctx: Any) -> None:
        log.info("stored")

    @router.sqs()
    def whole(batch: Any, ctx: Any) -> None:
        log.info("a batch")

    router.dispatch(testing.s3(["a.txt"]), context("req-s3"))
    router.dispatch(testing.sqs(["x", "y"]), context("req-sqs"))

    assert _correlations(capsys) == ["req-s3", "req-sqs"]


def test_records_logged_after_the_handlers_are_the_invocations(
    capsys: pytest.CaptureFixture[str],
) -> None:
    router = observed()

    @router.sqs(per_record=True)
    def handle(message: Any, ctx: Any) -> None:
        raise ValueError("no")

    router.dispatch(testing.sqs(["a"]), context("req-9"))

    (warning,) = output(capsys)[0]
    assert warning["logger"] == "lambda_universal_router"
    assert warning["correlation_id"] == "req-9"
    assert "handler" not in warning


# --- concurrency ---------------------------------------------------------------------------------


def test_threads_each_log_their_own_record(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()
    barrier = threading.Barrier(4)

    @router.sqs(per_record=True, concurrency=4)
    def handle(message: Any, ctx: Any) -> None:
        log.info("start %s", message.message_id)
        barrier.wait(timeout=5)  # all four records are in flight at once
        log.info("end %s", message.message_id)

    router.dispatch(testing.sqs(["a", "b", "c", "d"]), context())

    lines = output(capsys)[0]
    assert len(lines) == 8
    for line in lines:
        assert line["message"].split()[1] == line["correlation_id"]
        assert line["function_request_id"] == "req-1"


def test_async_tasks_each_log_their_own_record(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.sqs(per_record=True, concurrency=3)
    async def handle(message: Any, ctx: Any) -> None:
        log.info("start %s", message.message_id)
        await asyncio.sleep(0.01)
        log.info("end %s", message.message_id)

    router.dispatch(testing.sqs(["a", "b", "c"]), context())

    lines = output(capsys)[0]
    assert len(lines) == 6
    assert [line["message"].split()[0] for line in lines[:3]] == ["start"] * 3  # interleaved
    for line in lines:
        assert line["message"].split()[1] == line["correlation_id"]


def test_dispatch_async_keeps_each_invocation_apart(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.get("/slow")
    async def slow(event: Any, ctx: Any) -> None:
        log.info("begin")
        await asyncio.sleep(0.02)
        log.info("done")

    async def both() -> None:
        await asyncio.gather(
            router.dispatch_async(testing.http("GET", "/slow"), context("first")),
            router.dispatch_async(testing.http("GET", "/slow"), context("second")),
        )

    asyncio.run(both())

    lines = output(capsys)[0]
    assert sorted(line["function_request_id"] for line in lines) == [
        "first",
        "first",
        "second",
        "second",
    ]


# --- Lambda's Advanced Logging Controls ----------------------------------------------------------


class LambdaLoggerHandler(logging.Handler):
    """Stands for the runtime's handler: its class name, and a sink of its own."""

    def __init__(self, formatter: logging.Formatter) -> None:
        super().__init__()
        self.log_sink = self
        self.lines: list[str] = []
        self.setFormatter(formatter)

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


class RuntimeJSON(logging.Formatter):
    """As the runtime's JSON format is documented: its keys, then the record's extra attributes."""

    plain = set(vars(logging.makeLogRecord({}))) | {"message", "aws_request_id"}

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "timestamp": "2026-01-01T00:00:00.000Z",
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
            "requestId": getattr(record, "aws_request_id", None),
        }
        line.update((k, v) for k, v in vars(record).items() if k not in self.plain)
        return json.dumps(line)


def test_json_mode_adds_our_keys_to_the_runtimes_records(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_LAMBDA_LOG_FORMAT", "JSON")
    runtime = LambdaLoggerHandler(RuntimeJSON())
    logging.getLogger().addHandler(runtime)
    router = observed()

    @router.sqs(per_record=True)
    def handle(message: Any, ctx: Any) -> None:
        log.info("handled", extra={"sku": "A-1"})

    event = testing.sqs(["a"])
    router.dispatch(event, context("req-7"))

    assert capsys.readouterr().out == ""  # no second stream
    assert logging.getLogger().handlers.count(runtime) == 1
    (line,) = [json.loads(text) for text in runtime.lines]
    assert line["message"] == "handled"
    assert line["sku"] == "A-1"
    assert line["service"] == "orders"
    assert line["function_request_id"] == "req-7"
    assert line["correlation_id"] == event["Records"][0]["messageId"]
    assert line["handler"].endswith(".handle")
    assert line["source"] == "sqs"


def test_text_mode_replaces_the_runtimes_handler(capsys: pytest.CaptureFixture[str]) -> None:
    runtime = LambdaLoggerHandler(logging.Formatter("[%(levelname)s] %(message)s"))
    logging.getLogger().addHandler(runtime)
    observed()

    log.warning("once")

    assert runtime not in logging.getLogger().handlers
    assert runtime.lines == []
    (line,) = output(capsys)[0]
    assert line["message"] == "once"


def test_a_second_router_does_not_write_each_line_twice(capsys: pytest.CaptureFixture[str]) -> None:
    observed()
    observed()

    log.warning("once")

    assert len(output(capsys)[0]) == 1


# --- levels --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argument", "lur", "lambda_level", "expected"),
    [
        ("ERROR", "DEBUG", "DEBUG", logging.ERROR),
        (None, "WARNING", "DEBUG", logging.WARNING),
        (None, None, "DEBUG", logging.DEBUG),
        (None, None, "TRACE", logging.DEBUG),
        (None, None, None, logging.INFO),
    ],
)
def test_the_level_comes_from_the_argument_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
    argument: str | None,
    lur: str | None,
    lambda_level: str | None,
    expected: int,
) -> None:
    for name, value in (("LUR_LOG_LEVEL", lur), ("AWS_LAMBDA_LOG_LEVEL", lambda_level)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)

    assert Observability(log_level=argument).level == expected


def test_records_below_the_level_are_not_written(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed(log_level="WARNING")

    @router.get("/")
    def home(event: Any, ctx: Any) -> None:
        log.info("quiet")
        log.warning("loud")

    router.dispatch(testing.http("GET", "/"), context())

    assert [line["message"] for line in output(capsys)[0]] == ["loud"]


def test_an_unknown_level_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigurationError, match="log_level="):
        Observability(log_level="LOUD")
    monkeypatch.setenv("LUR_LOG_LEVEL", "chatty")
    with pytest.raises(ConfigurationError, match="LUR_LOG_LEVEL"):
        Observability()


# --- options -------------------------------------------------------------------------------------


def test_log_event_logs_the_event_without_credentials(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed(log_event=True)

    @router.get("/me")
    def me(event: Any, ctx: Any) -> None:
        return None

    event = testing.http(
        "GET",
        "/me",
        headers={"Authorization": "Bearer secret-token", "X-Trace": "t1"},
        cookies={"session": "secret-cookie"},
    )
    router.dispatch(event, context())

    (line,) = output(capsys)[0]
    assert line["message"] == "Event received"
    assert line["event"]["path"] == "/me"
    assert line["event"]["headers"]["X-Trace"] == "t1"
    text = json.dumps(line)
    assert "secret-token" not in text and "secret-cookie" not in text
    assert "Authorization" in line["event"]["headers"]
    assert event["headers"]["Authorization"] == "Bearer secret-token"  # the event is unchanged


@pytest.mark.parametrize(("rate", "written"), [(1.0, ["details"]), (0.0, [])])
def test_debug_sample_rate_logs_sampled_invocations_at_debug(
    capsys: pytest.CaptureFixture[str], rate: float, written: list[str]
) -> None:
    router = observed(debug_sample_rate=rate)

    @router.get("/")
    def home(event: Any, ctx: Any) -> None:
        logger().debug("details")

    router.dispatch(testing.http("GET", "/"), context())

    assert [line["message"] for line in output(capsys)[0]] == written


def test_debug_sample_rate_must_be_a_share(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigurationError, match="debug_sample_rate"):
        Observability(debug_sample_rate=1.5)


def _buffering_router() -> Router:
    router = observed(buffer_debug=True, buffer_size=3)

    @router.sqs(per_record=True)
    def handle(message: Any, ctx: Any) -> None:
        logger().debug("step 1 of %s", message.body)
        logging.getLogger("botocore.endpoint").debug("third-party detail")
        logging.getLogger(__name__).debug("module detail of %s", message.body)
        if message.body == "error-log":
            log.error("could not charge")
        if message.body == "fail":
            raise ValueError("cannot place")

    return router


def test_buffered_debug_records_are_dropped_when_the_invocation_succeeds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _buffering_router().dispatch(testing.sqs(["ok"]), context())

    assert output(capsys)[0] == []


def test_buffered_debug_records_are_written_when_a_handler_fails(
    capsys: pytest.CaptureFixture[str],
) -> None:
    event = testing.sqs(["fail"])
    _buffering_router().dispatch(event, context())

    lines = output(capsys)[0]
    debug = [line for line in lines if line["level"] == "DEBUG"]
    assert [line["message"] for line in debug] == ["step 1 of fail", "module detail of fail"]
    assert all(line["correlation_id"] == event["Records"][0]["messageId"] for line in debug)
    assert not any("third-party" in line["message"] for line in lines)


def test_an_error_log_releases_the_buffer_before_itself(capsys: pytest.CaptureFixture[str]) -> None:
    _buffering_router().dispatch(testing.sqs(["error-log"]), context())

    messages = [line["message"] for line in output(capsys)[0]]
    assert messages == ["step 1 of error-log", "module detail of error-log", "could not charge"]


def test_the_buffer_keeps_the_newest_records_and_says_how_many_it_dropped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _buffering_router().dispatch(testing.sqs(["a", "b", "fail"]), context())

    lines = output(capsys)[0]
    assert [line["message"] for line in lines[:2]] == [
        "1 of 3 sqs records failed and are reported for retry",  # logged, not held
        "3 earlier DEBUG records of this invocation were dropped (buffer_size=3)",
    ]
    held = [line["message"] for line in lines if line["level"] == "DEBUG"]
    assert held == ["module detail of b", "step 1 of fail", "module detail of fail"]


def test_a_router_without_observability_leaves_logging_alone(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    router = Router()

    @router.get("/")
    def home(event: Any, ctx: Any) -> None:
        return None

    router.dispatch(testing.http("GET", "/"), context())

    assert (list(root.handlers), root.level) == before
    assert capsys.readouterr().out == ""


def test_logs_can_be_switched_off() -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    observed(logs=False)
    assert list(root.handlers) == before


def test_long_lines_from_threads_do_not_mix(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.sqs(per_record=True, concurrency=2)
    def handle(message: Any, ctx: Any) -> None:
        time.sleep(0.005)
        log.info("x" * 2000)

    router.dispatch(testing.sqs(["a", "b", "c", "d"]), context())

    assert len(output(capsys)[0]) == 4


def test_a_sequential_handler_beside_a_concurrent_one_keeps_its_ids(
    capsys: pytest.CaptureFixture[str],
) -> None:
    router = observed()
    barrier = threading.Barrier(2)

    @router.sqs(queue="fast", per_record=True, concurrency=2)
    def fast(message: Any, ctx: Any) -> None:
        return None

    @router.sqs(queue="orders", per_record=True)
    def orders(message: Any, ctx: Any) -> None:
        log.info("start %s", message.message_id)
        barrier.wait(timeout=5)  # the batch runs in threads: both records are in flight
        log.info("end %s", message.message_id)

    router.dispatch(testing.sqs(["a", "b"], queue="orders"), context())

    lines = output(capsys)[0]
    assert len(lines) == 4
    for line in lines:
        assert line["message"].split()[1] == line["correlation_id"]


def test_extra_values_json_cannot_hold_are_written_as_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import datetime
    import decimal

    observed()
    when = datetime.datetime(2026, 12, 6, 3, 0, tzinfo=datetime.timezone.utc)
    log.warning("typed", extra={"when": when, "price": decimal.Decimal("9.90"), "customer": "Zoë"})

    (line,) = output(capsys)[0]
    assert line["when"] == str(when)
    assert line["price"] == "9.90"
    assert line["customer"] == "Zoë"


def test_a_5xx_answer_releases_the_buffer(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed(buffer_debug=True)

    @router.exception_handler(KeyError)
    def quietly(exc: Exception, request: Any) -> Response:
        return Response(503, {"message": "try later"})  # no error is logged

    @router.get("/stock")
    def stock(event: Any, ctx: Any) -> None:
        logger().debug("checking the warehouse")
        raise KeyError("warehouse")

    assert router.dispatch(testing.http("GET", "/stock"), context())["statusCode"] == 503

    assert [line["message"] for line in output(capsys)[0]] == ["checking the warehouse"]


def test_an_extra_key_never_repeats_one_of_ours(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.get("/books/{isbn}")
    def book(event: Any, ctx: Any) -> None:
        log.info("clash", extra={"route": "/raw/path/42", "service": "other", "shelf": 2})

    router.dispatch(testing.http("GET", "/books/42"), context())

    text = capsys.readouterr().out
    assert text.count('"route"') == 1 and text.count('"service"') == 1
    line = json.loads(text)
    assert (line["route"], line["service"], line["shelf"]) == ("GET /books/{isbn}", "orders", 2)


@settings(max_examples=60, deadline=None)
@given(
    message=st.text(),
    extras=st.dictionaries(
        st.text(min_size=1).filter(lambda key: key not in _RESERVED),
        st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.none(), st.booleans()),
        max_size=4,
    ),
)
def test_every_line_is_one_json_object(message: str, extras: dict[str, Any]) -> None:
    from lambda_universal_router.observability._logs import _OURS, JSONFormatter

    record = logging.makeLogRecord({"name": "shop", "levelno": 20, "levelname": "INFO"})
    record.msg, record.args = message, None
    record.__dict__.update(extras)
    text = JSONFormatter("orders").format(record)

    assert "\n" not in text
    line = json.loads(text)
    assert line["message"] == message
    for key, value in extras.items():
        if key not in _OURS:  # the formatter's own keys win over extra= ones
            assert line[key] == value


_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def test_json_mode_writes_held_records_through_the_runtime(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_LAMBDA_LOG_FORMAT", "JSON")
    runtime = LambdaLoggerHandler(RuntimeJSON())
    logging.getLogger().addHandler(runtime)
    router = observed(buffer_debug=True)

    @router.sqs(per_record=True)
    def handle(message: Any, ctx: Any) -> None:
        logger().debug("about to fail")
        raise ValueError("no")

    event = testing.sqs(["a"])
    router.dispatch(event, context("req-8"))

    assert capsys.readouterr().out == ""
    lines = [json.loads(text) for text in runtime.lines]
    (held,) = [line for line in lines if line["message"] == "about to fail"]
    assert held["correlation_id"] == event["Records"][0]["messageId"]
    assert held["function_request_id"] == "req-8"
    assert held["handler"].endswith(".handle")
