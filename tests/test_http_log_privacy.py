"""Log lines of HTTP dispatch name route templates, never the request's path, query or body."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from lambda_universal_router import NotFound, Router
from lambda_universal_router.testing import http
from lambda_universal_router.testing._http_factory import FLAVORS

SECRET = "TOKEN-abc123"


def secret_request(flavor: str, path: str = f"/reset/{SECRET}") -> dict[str, Any]:
    return http(
        "POST",
        f"{path}?code={SECRET}",
        flavor=flavor,
        headers={"X-Reset": SECRET},
        cookies={"session": SECRET},
        json={"password": SECRET},
    )


def logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Every message logged, as formatted (tracebacks aside)."""
    return [record.getMessage() for record in caplog.records]


@pytest.fixture(autouse=True)
def _capture(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="lambda_universal_router")


@pytest.mark.parametrize("flavor", FLAVORS)
def test_the_500_line_names_the_method_and_template(
    flavor: str, caplog: pytest.LogCaptureFixture
) -> None:
    router = Router()

    @router.post("/reset/{token}")
    def reset(event: Any, context: Any) -> Any:
        raise RuntimeError(f"the reset failed for {event.json_body['password']!r}")

    response = router.dispatch(secret_request(flavor), None)
    assert response["statusCode"] == 500
    # The traceback carries the handler's own message; the line the router writes does not.
    exc_info = caplog.records[0].exc_info
    assert exc_info is not None and SECRET in str(exc_info[1])
    assert logged(caplog) == [
        "Unhandled RuntimeError in the HTTP handler for POST /reset/{token}; answered 500"
    ]


@pytest.mark.parametrize("flavor", FLAVORS)
def test_errors_before_a_route_matched_are_unmatched(
    flavor: str, caplog: pytest.LogCaptureFixture
) -> None:
    router = Router()
    router.get("/health")(lambda event, context: "ok")

    @router.exception_handler(NotFound)
    def broken(exc: Exception, event: Any) -> Any:
        raise KeyError("lookup")

    response = router.dispatch(secret_request(flavor), None)
    assert response["statusCode"] == 500
    assert logged(caplog) == [
        "Unhandled KeyError in the HTTP handler for POST <unmatched>; answered 500"
    ]


@pytest.mark.parametrize("flavor", FLAVORS)
def test_serialisation_failures_and_plain_answers_log_no_request_data(
    flavor: str, caplog: pytest.LogCaptureFixture
) -> None:
    router = Router()
    router.post("/reset/{token}")(lambda event, context: {"nan": float("nan")})
    router.post("/ok/{token}")(lambda event, context: event.json_body)
    router.dispatch(secret_request(flavor), None)
    for path in (f"/ok/{SECRET}", f"/nowhere/{SECRET}"):
        router.dispatch(secret_request(flavor, path), None)
    messages = logged(caplog)
    assert len(messages) == 1
    assert messages[0].startswith("The answer of the HTTP handler for POST /reset/{token} cannot")
    assert not [message for message in messages if SECRET in message]
