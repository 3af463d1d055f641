"""What HTTP handlers raise: HTTPError responses, exception handlers, 500s that hide and log."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from lambda_universal_router import (
    BadRequest,
    Conflict,
    HTTPError,
    InvalidEventError,
    MethodNotAllowed,
    NotFound,
    Response,
    Router,
    TooManyRequests,
)
from tests.conftest import load_event


def get(path: str = "/thing", method: str = "GET", **extra: Any) -> dict[str, Any]:
    return {"httpMethod": method, "path": path, **extra}


def answer(router: Router, event: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
    response = router.dispatch(event, {})
    return response["statusCode"], json.loads(response["body"] or "null"), response["headers"]


def raising(exc: BaseException) -> Router:
    router = Router()

    @router.get("/thing")
    def handler(event: Any, context: Any) -> None:
        raise exc

    return router


def test_http_error_becomes_its_response_with_its_headers() -> None:
    router = raising(TooManyRequests("Slow down", headers={"Retry-After": "30"}))
    status, body, headers = answer(router, get())
    assert status == 429
    assert body == {"message": "Slow down", "statusCode": 429}
    assert headers == {"Retry-After": "30", "Content-Type": "application/json"}


def test_http_error_with_any_status() -> None:
    status, body, _ = answer(raising(HTTPError(418, "I'm a teapot")), get())
    assert (status, body) == (418, {"message": "I'm a teapot", "statusCode": 418})


def test_method_not_allowed_raised_by_a_handler_sets_allow() -> None:
    _, _, headers = answer(raising(MethodNotAllowed(allowed=["GET", "PUT"])), get())
    assert headers["Allow"] == "GET, PUT"


def test_an_uncaught_exception_is_a_500_that_hides_details_and_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    router = raising(KeyError("db-password=hunter2"))
    with caplog.at_level(logging.ERROR, logger="lambda_universal_router"):
        response = router.dispatch(get(), {})
    assert response["statusCode"] == 500
    assert json.loads(response["body"]) == {"message": "Internal Server Error", "statusCode": 500}
    assert "hunter2" not in json.dumps(response)
    (record,) = caplog.records
    assert record.name == "lambda_universal_router"
    assert "KeyError" in record.getMessage() and "GET /thing" in record.getMessage()
    assert record.exc_info is not None and "hunter2" in str(record.exc_info[1])


def test_a_broken_return_value_is_a_logged_500(caplog: pytest.LogCaptureFixture) -> None:
    router = Router()
    router.get("/thing")(lambda event, context: ("body", 200, {}, "extra"))
    router.get("/other")(lambda event, context: {"not": object()})
    with caplog.at_level(logging.ERROR, logger="lambda_universal_router"):
        assert router.dispatch(get(), {})["statusCode"] == 500
        assert router.dispatch(get("/other"), {})["statusCode"] == 500
    assert "tuple of 4 items" in caplog.text


def test_malformed_json_is_a_400_not_a_500() -> None:
    router = Router()
    router.post("/thing")(lambda event, context: event.json_body)
    status, body, _ = answer(router, get(method="POST", body="{'single': 'quotes'}"))
    assert status == 400
    assert body["message"].startswith("The request body is not valid JSON")


def test_exception_handler_maps_an_exception_to_a_response() -> None:
    class OutOfStock(Exception):
        def __init__(self, sku: str) -> None:
            self.sku = sku

    router = raising(OutOfStock("A-1"))
    seen: list[Any] = []

    @router.exception_handler(OutOfStock)
    def out_of_stock(exc: OutOfStock, event: Any) -> Any:
        seen.append(event)
        return {"error": "out of stock", "sku": exc.sku}, 409

    status, body, _ = answer(router, get())
    assert (status, body) == (409, {"error": "out of stock", "sku": "A-1"})
    assert seen[0].path == "/thing"


def test_the_most_derived_exception_handler_wins() -> None:
    class AppError(Exception):
        pass

    class PaymentError(AppError):
        pass

    class CardDeclined(PaymentError):
        pass

    router = raising(CardDeclined())
    router.exception_handler(Exception)(lambda exc, event: ("exception", 500))
    router.exception_handler(PaymentError)(lambda exc, event: ("payment", 402))
    router.exception_handler(AppError)(lambda exc, event: ("app", 400))
    assert router.dispatch(get(), {})["body"] == "payment"


def test_exception_handlers_can_reshape_http_errors_and_the_router_404() -> None:
    router = raising(Conflict("taken"))
    router.exception_handler(NotFound)(
        lambda exc, event: Response(404, f"<h1>No {event.path}</h1>", content_type="text/html")
    )
    router.exception_handler(HTTPError)(
        lambda exc, event: {"error": exc.message, "code": exc.status_code}
    )
    response = router.dispatch(get("/missing"), {})
    assert response["statusCode"] == 404
    assert response["body"] == "<h1>No /missing</h1>"
    assert response["headers"] == {"Content-Type": "text/html"}
    assert answer(router, get())[:2] == (200, {"error": "taken", "code": 409})


def test_an_exception_handler_that_raises_http_error_answers_with_it() -> None:
    router = raising(ValueError("x"))

    @router.exception_handler(ValueError)
    def invalid(exc: ValueError, event: Any) -> None:
        raise BadRequest("Invalid input")

    assert answer(router, get())[:2] == (400, {"message": "Invalid input", "statusCode": 400})


def test_an_exception_handler_that_fails_gives_a_logged_500(
    caplog: pytest.LogCaptureFixture,
) -> None:
    router = raising(ValueError("x"))
    router.exception_handler(ValueError)(lambda exc, event: 1 / 0)
    with caplog.at_level(logging.ERROR, logger="lambda_universal_router"):
        assert router.dispatch(get(), {})["statusCode"] == 500
    assert "ZeroDivisionError" in caplog.records[0].getMessage()


def test_base_exceptions_are_not_swallowed() -> None:
    with pytest.raises(KeyboardInterrupt):
        raising(KeyboardInterrupt()).dispatch(get(), {})


def test_async_handlers_and_exception_handlers_are_awaited() -> None:
    router = Router()

    @router.get("/thing")
    async def thing(event: Any, context: Any) -> dict[str, str]:
        return {"async": "yes"}

    @router.get("/fails")
    async def fails(event: Any, context: Any) -> None:
        raise LookupError("gone")

    @router.exception_handler(LookupError)
    async def lookup(exc: LookupError, event: Any) -> tuple[str, int]:
        return "handled", 410

    assert answer(router, get())[:2] == (200, {"async": "yes"})
    response = router.dispatch(get("/fails"), {})
    assert (response["statusCode"], response["body"]) == (410, "handled")


@pytest.mark.parametrize(
    "event",
    [
        {"httpMethod": None, "path": "/thing"},
        {"httpMethod": "GET", "path": None},
        {"httpMethod": "GET"},
        {"version": "2.0", "rawPath": "/thing", "requestContext": {"http": {}}},
        {"version": "2.0", "rawPath": 5, "requestContext": {"http": {"method": "GET"}}},
    ],
)
def test_an_event_without_method_or_path_is_an_invalid_event(event: dict[str, Any]) -> None:
    router = Router()
    router.get("/thing")(lambda event, context: "ok")
    with pytest.raises(InvalidEventError, match="HTTP event has no"):
        router.dispatch(event, {})


def test_exception_handler_registration_freezes_with_the_router() -> None:
    router = Router()
    router.get("/thing")(lambda event, context: "ok")
    router.dispatch(load_event("http/rest.json"), {})
    with pytest.raises(Exception, match="already dispatched"):
        router.exception_handler(ValueError)(lambda exc, event: None)
