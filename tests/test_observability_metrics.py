"""Observability metrics: EMF documents valid by the specification, one flush per invocation."""

from __future__ import annotations

import io
import json
import sys
import time
from typing import Any

import pytest

from lambda_universal_router import BatchError, MetricError, NotFound, Router, testing
from lambda_universal_router.observability import Observability, metrics
from lambda_universal_router.observability._emf import documents
from tests.observability_support import check_emf, metric, output

pytestmark = pytest.mark.usefixtures("observability_reset")


def context(request_id: str = "req-1") -> testing.LambdaContext:
    return testing.LambdaContext(function_name="orders-fn", aws_request_id=request_id)


def observed(**options: Any) -> Router:
    options.setdefault("logs", False)
    return Router(observability=Observability(service="orders", namespace="Shop", **options))


def name_of(function: Any) -> str:
    return f"{function.__module__}:{function.__qualname__}"


def test_http_answers_are_counted_per_route_template(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.get("/books/{isbn}")
    def book(event: Any, ctx: Any) -> dict[str, str]:
        isbn = event.path_parameters["isbn"]
        if isbn == "missing":
            raise NotFound()
        if isbn == "broken":
            raise RuntimeError("database down")
        return {"isbn": isbn}

    route = "GET /books/{isbn}"
    for isbn, status in (("1", 200), ("missing", 404), ("broken", 500)):
        answer = router.dispatch(testing.http("GET", f"/books/{isbn}"), context())
        assert answer["statusCode"] == status
        found = output(capsys)[1]
        counts = [
            metric(found, name, service="orders", route=route)
            for name in ("Invocations", "Errors", "ClientErrors")
        ]
        assert counts == [1, int(status >= 500), int(400 <= status < 500)]
        (duration,) = [d for d in found if d.get("route") == route]
        assert duration["Duration"] >= 0
        units = {m["Name"]: m["Unit"] for m in duration["_aws"]["CloudWatchMetrics"][0]["Metrics"]}
        assert units["Duration"] == "Milliseconds"
        assert units["Invocations"] == "Count"


@pytest.mark.parametrize(("method", "status"), [("GET", 404), ("DELETE", 405)])
def test_requests_no_route_takes_are_unmatched(
    capsys: pytest.CaptureFixture[str], method: str, status: int
) -> None:
    router = observed()

    @router.get("/books")
    def books(event: Any, ctx: Any) -> list[str]:
        return []

    path = "/nowhere" if status == 404 else "/books"
    assert router.dispatch(testing.http(method, path), context())["statusCode"] == status

    found = output(capsys)[1]
    assert metric(found, "ClientErrors", service="orders", route="UNMATCHED") == 1
    assert metric(found, "Errors", service="orders", route="UNMATCHED") == 0


def test_cold_start_is_counted_once_per_process(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.get("/")
    def home(event: Any, ctx: Any) -> None:
        return None

    router.dispatch(testing.http("GET", "/"), context())
    first = output(capsys)[1]
    router.dispatch(testing.http("GET", "/"), context())
    second = output(capsys)[1]

    assert metric(first, "ColdStart", service="orders", function_name="orders-fn") == 1
    assert not any("ColdStart" in document for document in second)


def test_per_record_handlers_are_counted_per_record(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.sqs(per_record=True)
    def place(message: Any, ctx: Any) -> None:
        if message.body == "bad":
            raise ValueError("rejected")

    answer = router.dispatch(testing.sqs(["a", "bad", "c", "bad"]), context())
    assert len(answer["batchItemFailures"]) == 2

    found = output(capsys)[1]
    dims = {"service": "orders", "handler": name_of(place)}
    assert metric(found, "Invocations", **dims) == 4
    assert metric(found, "Errors", **dims) == 2
    assert len(metric(found, "Duration", **dims)) == 4
    assert metric(found, "Records", **dims) == 4
    assert metric(found, "FailedRecords", **dims) == 2


def test_a_whole_batch_handler_is_one_invocation_of_many_records(
    capsys: pytest.CaptureFixture[str],
) -> None:
    router = observed()

    @router.kinesis()
    def load(batch: Any, ctx: Any) -> None:
        return None

    router.dispatch(testing.kinesis(["a", "b", "c"]), context())

    found = output(capsys)[1]
    dims = {"service": "orders", "handler": name_of(load)}
    assert metric(found, "Invocations", **dims) == 1
    assert metric(found, "Records", **dims) == 3
    assert metric(found, "FailedRecords", **dims) == 0


def test_a_batch_that_fails_whole_counts_every_record_failed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    router = observed()

    @router.s3(per_record=True)
    def store(record: Any, ctx: Any) -> None:
        raise OSError("disk full")

    with pytest.raises(BatchError):  # S3 cannot retry single records
        router.dispatch(testing.s3(["a.txt", "b.txt"]), context())

    found = output(capsys)[1]
    dims = {"service": "orders", "handler": name_of(store)}
    assert metric(found, "Errors", **dims) == 2
    assert metric(found, "FailedRecords", **dims) == 2


def test_user_metrics_join_the_invocations_flush(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.sqs(per_record=True)
    def place(message: Any, ctx: Any) -> None:
        metrics.add("OrdersPlaced", 1)
        metrics.add("OrderValue", 12.5, unit="None", dimensions={"currency": "EUR"})

    real = sys.stdout
    writes: list[str] = []

    class Recorder(io.StringIO):
        def write(self, text: str) -> int:
            writes.append(text)
            return real.write(text)

    sys.stdout = Recorder()
    try:
        router.dispatch(testing.sqs(["a", "b"]), context())
    finally:
        sys.stdout = real

    assert len([text for text in writes if "_aws" in text]) == 1  # one flush
    found = output(capsys)[1]
    assert metric(found, "OrdersPlaced", service="orders") == [1, 1]
    assert metric(found, "OrderValue", service="orders", currency="EUR") == [12.5, 12.5]


def test_metrics_added_outside_an_invocation_go_out_with_the_next(
    capsys: pytest.CaptureFixture[str],
) -> None:
    router = observed()

    @router.get("/")
    def home(event: Any, ctx: Any) -> None:
        return None

    metrics.add("ConfigLoaded", 1)
    router.dispatch(testing.http("GET", "/"), context())

    assert metric(output(capsys)[1], "ConfigLoaded", service="orders") == 1


def test_more_than_a_hundred_metrics_are_split_into_documents(
    capsys: pytest.CaptureFixture[str],
) -> None:
    router = observed()

    @router.get("/")
    def home(event: Any, ctx: Any) -> None:
        for number in range(250):
            metrics.add(f"Metric{number}", number)

    router.dispatch(testing.http("GET", "/"), context())

    user = [d for d in output(capsys)[1] if "route" not in d and "function_name" not in d]
    assert [len(d["_aws"]["CloudWatchMetrics"][0]["Metrics"]) for d in user] == [100, 100, 50]
    names = [m["Name"] for d in user for m in d["_aws"]["CloudWatchMetrics"][0]["Metrics"]]
    assert sorted(names) == sorted(f"Metric{number}" for number in range(250))


def test_more_than_a_hundred_values_are_split_into_documents() -> None:
    groups: Any = {(("service", "orders"),): {"Latency": ("Milliseconds", list(range(250)))}}
    lines = documents("Shop", 1_700_000_000_000, groups)

    parsed = [json.loads(line) for line in lines]
    for document in parsed:
        check_emf(document)
    assert [len(d["Latency"]) for d in parsed] == [100, 100, 50]


def test_at_most_thirty_dimensions() -> None:
    with pytest.raises(MetricError, match="more than 30 dimensions"):
        metrics.add("Wide", 1, dimensions={f"d{i}": "x" for i in range(30)})
    metrics.add("Wide", 1, dimensions={f"d{i}": "x" for i in range(29)})  # service makes 30


@pytest.mark.parametrize(
    ("name", "value", "unit", "dimensions", "message"),
    [
        ("", 1, "Count", None, "metric name"),
        ("Orders", float("nan"), "Count", None, "finite number"),
        ("Orders", True, "Count", None, "finite number"),
        ("Orders", "1", "Count", None, "finite number"),
        ("Orders", 1, "Things", None, "not a CloudWatch unit"),
        ("Orders", 1, "Count", {"region": ""}, "non-empty"),
        ("Orders", 1, "Count", {"Orders": "x"}, "cannot also be"),
    ],
)
def test_bad_metrics_are_refused_clearly(
    name: str, value: Any, unit: str, dimensions: Any, message: str
) -> None:
    with pytest.raises(MetricError, match=message):
        metrics.add(name, value, unit=unit, dimensions=dimensions)


def test_metrics_can_be_switched_off(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed(metrics=False)

    @router.get("/")
    def home(event: Any, ctx: Any) -> None:
        return None

    router.dispatch(testing.http("GET", "/"), context())

    assert output(capsys)[1] == []


def test_service_and_namespace_come_from_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LUR_SERVICE", "payments")
    monkeypatch.setenv("LUR_NAMESPACE", "Billing")
    router = Router(observability=Observability(logs=False))

    @router.get("/")
    def home(event: Any, ctx: Any) -> None:
        return None

    router.dispatch(testing.http("GET", "/"), context())

    found = output(capsys)[1]
    assert {d["_aws"]["CloudWatchMetrics"][0]["Namespace"] for d in found} == {"Billing"}
    assert metric(found, "Invocations", service="payments", route="GET /") == 1


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LUR_SERVICE", "payments")
    monkeypatch.setenv("LUR_NAMESPACE", "Billing")
    config = Observability(service="orders", namespace="Shop")
    assert (config.service, config.namespace) == ("orders", "Shop")


def test_the_namespace_defaults_to_the_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LUR_NAMESPACE", raising=False)
    assert Observability(service="orders").namespace == "orders"


def test_durations_are_in_milliseconds(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.get("/slow")
    def slow(event: Any, ctx: Any) -> None:
        time.sleep(0.02)

    @router.sqs(per_record=True)
    def slow_record(message: Any, ctx: Any) -> None:
        time.sleep(0.02)

    router.dispatch(testing.http("GET", "/slow"), context())
    router.dispatch(testing.sqs(["a", "b"]), context())

    found = output(capsys)[1]
    assert 20 <= metric(found, "Duration", service="orders", route="GET /slow") < 2000
    durations = metric(found, "Duration", service="orders", handler=name_of(slow_record))
    assert len(durations) == 2
    assert all(20 <= value < 2000 for value in durations)
