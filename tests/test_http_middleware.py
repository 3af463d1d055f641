"""HTTP middleware sees ``Response`` objects; ``call_next`` never raises; custom 404 and 405."""

from __future__ import annotations

import asyncio
import base64
import logging
from typing import Any

import pytest

from lambda_universal_router import (
    BadRequest,
    Response,
    Router,
    Unauthorized,
    testing,
)

Next = Any
PNG = b"\x89PNG\r\n\x1a\n"


def _recorder(seen: list[Any]) -> Any:
    def record(event: Any, context: Any, call_next: Next) -> Any:
        response = call_next(event, context)
        seen.append(response)
        return response

    return record


@pytest.mark.parametrize(
    ("answer", "status", "body"),
    [
        ({"a": 1}, 200, b'{"a": 1}'),
        ("text", 200, b"text"),
        (None, 204, b""),
        (("made", 201, {"X-Made": "yes"}), 201, b"made"),
        (Response(202, {"b": 2}), 202, b'{"b": 2}'),
        ({"statusCode": 203, "body": "raw", "headers": {"X-Raw": "1"}}, 203, b"raw"),
    ],
)
def test_call_next_returns_a_response_whatever_the_handler_returned(
    answer: Any, status: int, body: bytes
) -> None:
    seen: list[Any] = []
    app = Router()
    app.middleware(_recorder(seen))

    @app.get("/x")
    def handler(event: Any, context: Any) -> Any:
        return answer

    reply = app.test_client().get("/x")

    assert type(seen[0]) is Response and seen[0].status_code == status
    assert (reply.status_code, reply.body) == (status, body)


def test_a_middleware_reads_and_sets_headers() -> None:
    app = Router()

    @app.middleware
    def stamp(event: Any, context: Any, call_next: Next) -> Any:
        response = call_next(event, context)
        response.headers["X-Seen-Type"] = response.get_header("content-type") or "none"
        return response

    @app.get("/x")
    def handler(event: Any, context: Any) -> Any:
        return {"a": 1}

    assert app.test_client().get("/x").headers["X-Seen-Type"] == "none"


@pytest.mark.parametrize("flavor", testing.FLAVORS)
def test_multi_value_headers_and_base64_bodies_survive_the_chain(flavor: str) -> None:
    app = Router()
    app.middleware(_recorder([]))

    @app.get("/x")
    def handler(event: Any, context: Any) -> Any:
        return {
            "statusCode": 200,
            "multiValueHeaders": {"X-Many": ["a", "b"], "Set-Cookie": ["c=1", "d=2"]},
            "headers": {"Content-Type": "image/png"},
            "body": base64.b64encode(PNG).decode(),
            "isBase64Encoded": True,
        }

    reply = app.test_client(flavor).get("/x")

    assert reply.body == PNG
    assert reply.headers["Content-Type"] == "image/png"
    assert reply.headers.get_list("X-Many") in (["a", "b"], ["a, b"])
    assert sorted(reply.headers.get_list("Set-Cookie")) == ["c=1", "d=2"]


def test_errors_inside_come_back_as_responses_and_every_middleware_sees_the_status(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[Any] = []
    app = Router()
    app.middleware(_recorder(seen))
    app.middleware(_recorder(seen))

    @app.get("/http-error")
    def http_error(event: Any, context: Any) -> Any:
        raise BadRequest("no")

    @app.get("/crash")
    def crash(event: Any, context: Any) -> Any:
        raise RuntimeError("secret detail")

    @app.get("/handled")
    def handled(event: Any, context: Any) -> Any:
        raise KeyError("k")

    @app.exception_handler(KeyError)
    def keys(exc: Exception, event: Any) -> Any:
        return "handled", 418

    client = app.test_client()
    with caplog.at_level(logging.ERROR, logger="lambda_universal_router"):
        assert client.get("/http-error").status_code == 400
        crashed = client.get("/crash")
        assert client.get("/handled").status_code == 418

    assert [r.status_code for r in seen] == [400, 400, 500, 500, 418, 418]
    assert crashed.json() == {"message": "Internal Server Error", "statusCode": 500}
    assert "secret detail" not in crashed.text
    assert len([r for r in caplog.records if r.levelno == logging.ERROR]) == 1


def test_a_middleware_short_circuits_with_a_response_or_an_http_error() -> None:
    app = Router()
    seen: list[Any] = []
    app.middleware(_recorder(seen))

    @app.middleware
    def auth(event: Any, context: Any, call_next: Next) -> Any:
        token = event.get_header("authorization")
        if token is None:
            raise Unauthorized(headers={"WWW-Authenticate": "Bearer"})
        if token == "teapot":
            return Response(418, "short")
        return call_next(event, context)

    @app.get("/x")
    def handler(event: Any, context: Any) -> Any:
        return "in"

    client = app.test_client()
    refused = client.get("/x")
    assert (refused.status_code, refused.headers["WWW-Authenticate"]) == (401, "Bearer")
    assert client.get("/x", headers={"Authorization": "teapot"}).text == "short"
    assert client.get("/x", headers={"Authorization": "ok"}).text == "in"
    assert [r.status_code for r in seen] == [401, 418, 200]


def test_404_405_and_options_pass_the_routers_global_http_middleware() -> None:
    seen: list[Any] = []
    app = Router()
    app.middleware(sources=["http"])(_recorder(seen))
    child = Router()
    child_seen: list[Any] = []
    child.middleware(_recorder(child_seen))

    @child.get("/x")
    def handler(event: Any, context: Any) -> Any:
        return "x"

    app.include(child, prefix="/c")
    client = app.test_client()

    assert client.get("/nowhere").status_code == 404
    assert client.post("/c/x").headers["Allow"] == "GET, HEAD, OPTIONS"
    assert client.options("/c/x").status_code == 204
    assert [r.status_code for r in seen] == [404, 405, 204]
    assert child_seen == []


def test_custom_not_found_and_method_not_allowed_handlers() -> None:
    app = Router()

    @app.get("/x")
    def handler(event: Any, context: Any) -> Any:
        return "x"

    @app.not_found
    def missing(event: Any, context: Any) -> Any:
        return {"missing": event.path}, 404

    @app.method_not_allowed
    def wrong(event: Any, context: Any) -> Any:
        return Response(405, {"wrong": event.http_method})

    client = app.test_client()
    assert client.get("/y").json() == {"missing": "/y"}
    refused = client.delete("/x")
    assert refused.json() == {"wrong": "DELETE"}
    assert refused.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert client.get("/x").text == "x"


def test_async_custom_not_found() -> None:
    app = Router()

    @app.get("/x")
    def handler(event: Any, context: Any) -> Any:
        return "x"

    @app.not_found
    async def missing(event: Any, context: Any) -> Any:
        await asyncio.sleep(0)
        return "gone", 404

    assert app.test_client().get("/y").text == "gone"


def test_async_http_middleware_and_handler() -> None:
    app = Router()

    @app.middleware
    async def stamp(event: Any, context: Any, call_next: Next) -> Any:
        response = await call_next(event, context)
        response.headers["X-Async"] = str(response.status_code)
        return response

    @app.get("/ok")
    async def ok(event: Any, context: Any) -> Any:
        return {"ok": True}

    @app.get("/fail")
    async def fail(event: Any, context: Any) -> Any:
        raise BadRequest("no")

    client = app.test_client()
    assert client.get("/ok").headers["X-Async"] == "200"
    assert client.get("/fail").headers["X-Async"] == "400"


def test_head_requests_through_middleware_have_no_body() -> None:
    app = Router()
    app.middleware(_recorder([]))

    @app.get("/x")
    def handler(event: Any, context: Any) -> Any:
        return {"a": 1}

    reply = app.test_client().head("/x")
    assert (reply.status_code, reply.body) == (200, b"")


def test_route_middlewares_apply_to_that_route_only() -> None:
    app = Router()
    seen: list[Any] = []

    @app.get("/a", middlewares=[_recorder(seen)])
    def a(event: Any, context: Any) -> Any:
        return "a"

    @app.get("/b")
    def b(event: Any, context: Any) -> Any:
        return "b"

    client = app.test_client()
    client.get("/a")
    client.get("/b")
    assert len(seen) == 1


def test_a_custom_not_found_answers_even_without_routes() -> None:
    app = Router()

    @app.not_found
    def missing(event: Any, context: Any) -> Any:
        return "nothing yet", 404

    reply = app.test_client().get("/anything")
    assert (reply.status_code, reply.text) == (404, "nothing yet")
