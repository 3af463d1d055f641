"""Observability with the application layer: outermost around middleware, typed handlers."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from lambda_universal_router import Response, Router, testing
from lambda_universal_router.observability import Observability
from tests.observability_support import metric, output

pytestmark = pytest.mark.usefixtures("observability_reset")

log = logging.getLogger("shop.middleware")


def context() -> testing.LambdaContext:
    return testing.LambdaContext(function_name="orders-fn", aws_request_id="req-1")


def observed() -> Router:
    return Router(observability=Observability(service="orders", namespace="Shop"))


def test_http_middleware_logs_name_the_route(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.middleware
    def audit(event: Any, ctx: Any, call_next: Any) -> Any:
        log.info("before")
        response = call_next(event, ctx)
        log.info("after %s", response.status_code)
        return response

    @router.get("/books/{isbn}")
    def book(event: Any, ctx: Any) -> dict[str, str]:
        log.info("inside")
        return {}

    router.dispatch(testing.http("GET", "/books/1"), context())

    logs, metrics = output(capsys)
    assert [line["message"] for line in logs] == ["before", "inside", "after 200"]
    assert {line["route"] for line in logs} == {"GET /books/{isbn}"}
    assert {line["handler"].rpartition(".")[2] for line in logs} == {"book"}
    assert metric(metrics, "Invocations", service="orders", route="GET /books/{isbn}") == 1


def test_a_middleware_answer_is_counted_under_its_route(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.middleware(sources=["http"])
    def deny(event: Any, ctx: Any, call_next: Any) -> Response:
        return Response(401, {"message": "no"})

    @router.get("/books")
    def books(event: Any, ctx: Any) -> list[str]:
        raise AssertionError("not reached")

    assert router.dispatch(testing.http("GET", "/books"), context())["statusCode"] == 401

    metrics = output(capsys)[1]
    assert metric(metrics, "ClientErrors", service="orders", route="GET /books") == 1


def test_record_middleware_logs_carry_the_record_id(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.middleware(sources=["sqs"])
    def trace(event: Any, ctx: Any, call_next: Any) -> Any:
        log.info("middleware")
        return call_next(event, ctx)

    @router.sqs(per_record=True)
    def place(message: Any, ctx: Any) -> None:
        return None

    event = testing.sqs(["a", "b"])
    router.dispatch(event, context())

    logs, metrics = output(capsys)
    assert [line["correlation_id"] for line in logs] == [r["messageId"] for r in event["Records"]]
    name = f"{place.__module__}:{place.__qualname__}"
    assert metric(metrics, "Invocations", service="orders", handler=name) == 2


def test_a_failing_middleware_counts_as_a_failed_call(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.middleware(sources=["sqs"])
    def reject(event: Any, ctx: Any, call_next: Any) -> Any:
        raise ValueError("rejected by middleware")

    @router.sqs(per_record=True)
    def place(message: Any, ctx: Any) -> None:
        return None

    answer = router.dispatch(testing.sqs(["a"]), context())

    assert len(answer["batchItemFailures"]) == 1
    name = f"{place.__module__}:{place.__qualname__}"
    metrics = output(capsys)[1]
    assert metric(metrics, "Errors", service="orders", handler=name) == 1
    assert metric(metrics, "FailedRecords", service="orders", handler=name) == 1


def test_typed_handlers_are_named_by_their_function(capsys: pytest.CaptureFixture[str]) -> None:
    router = observed()

    @router.get("/books/{isbn}")
    def book(isbn: str) -> dict[str, str]:
        log.info("typed %s", isbn)
        return {"isbn": isbn}

    answer = router.dispatch(testing.http("GET", "/books/42"), context())

    assert answer["statusCode"] == 200
    (line,) = output(capsys)[0]
    assert line["handler"] == f"{book.__module__}:{book.__qualname__}"
    assert line["route"] == "GET /books/{isbn}"


def test_answers_are_the_same_with_observability_on() -> None:
    plain, observed_router = Router(), observed()
    for router in (plain, observed_router):

        @router.get("/books/{isbn}")
        def book(event: Any, ctx: Any) -> dict[str, str]:
            return {"isbn": event.path_parameters["isbn"]}

        @router.sqs(per_record=True)
        def place(message: Any, ctx: Any) -> None:
            if message.body == "bad":
                raise ValueError("bad")

    for event in (
        testing.http("GET", "/books/1"),
        testing.http("GET", "/nowhere"),
        testing.http("POST", "/books/1"),
        testing.sqs(["ok", "bad"]),
    ):
        assert observed_router.dispatch(event, context()) == plain.dispatch(event, context())


def test_included_routers_are_observed_by_the_including_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    books = Router()

    @books.get("/{isbn}")
    def book(event: Any, ctx: Any) -> dict[str, str]:
        log.info("child route")
        return {}

    app = observed()
    app.include(books, prefix="/books")
    app.dispatch(testing.http("GET", "/books/1"), context())

    logs, metrics = output(capsys)
    (line,) = logs
    assert line["route"] == "GET /books/{isbn}"
    assert line["handler"] == f"{book.__module__}:{book.__qualname__}"
    assert metric(metrics, "Invocations", service="orders", route="GET /books/{isbn}") == 1
