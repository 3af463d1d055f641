"""Gzip compression of HTTP answers."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import ConfigurationError, Response, Router, testing
from lambda_universal_router._http.compress import accepts_gzip

BIG = {"items": ["x" * 40] * 100}


def _app(**options: Any) -> Router:
    app = Router(compress=True, **options)

    @app.get("/big")
    def big(event: Any, context: Any) -> Any:
        return BIG

    @app.get("/small")
    def small(event: Any, context: Any) -> Any:
        return {"a": 1}

    @app.get("/image")
    def image(event: Any, context: Any) -> Any:
        return Response(200, b"\x89PNG" * 1000, content_type="image/png")

    @app.get("/svg")
    def svg(event: Any, context: Any) -> Any:
        return Response(200, "<svg/>" * 500, content_type="image/svg+xml")

    @app.get("/encoded")
    def encoded(event: Any, context: Any) -> Any:
        return Response(200, "x" * 5000, headers={"Content-Encoding": "br"})

    return app


@pytest.mark.parametrize("flavor", testing.FLAVORS)
def test_large_json_is_gzipped_in_every_flavor(flavor: str) -> None:
    client = _app().test_client(flavor)
    reply = client.get("/big", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert reply.headers["Content-Encoding"] == "gzip"
    assert reply.headers["Vary"] == "Accept-Encoding"
    assert reply.headers["Content-Type"] == "application/json"
    assert reply.raw["isBase64Encoded"] is True
    assert json.loads(gzip.decompress(reply.body)) == BIG


@pytest.mark.parametrize(
    ("accept", "compressed"),
    [
        (None, False),
        ("identity", False),
        ("gzip;q=0", False),
        ("gzip;q=0.5", True),
        ("*", True),
        ("*;q=0", False),
        ("br, *;q=0.1", True),
        ("gzip;q=0, *", False),
        ("GZIP", True),
    ],
)
def test_accept_encoding_and_q_values(accept: str | None, compressed: bool) -> None:
    headers = {} if accept is None else {"Accept-Encoding": accept}
    reply = _app().test_client().get("/big", headers=headers)
    assert ("Content-Encoding" in reply.headers) is compressed
    assert reply.headers["Vary"] == "Accept-Encoding"


@given(st.text(max_size=60))
def test_any_accept_encoding_value_is_read_without_error(header: str) -> None:
    assert accepts_gzip(header) in (True, False)


@pytest.mark.parametrize("path", ["/small", "/image", "/encoded"])
def test_small_precompressed_or_already_encoded_answers_are_left_alone(path: str) -> None:
    reply = _app().test_client().get(path, headers={"Accept-Encoding": "gzip"})
    assert reply.headers.get("Content-Encoding") in (None, "br")
    assert "Accept-Encoding" not in reply.headers.get("Vary", "")


def test_text_images_are_compressed() -> None:
    reply = _app().test_client().get("/svg", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(reply.body) == b"<svg/>" * 500
    assert reply.headers["Content-Type"] == "image/svg+xml"


def test_head_answers_are_left_alone() -> None:
    reply = _app().test_client().head("/big", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in reply.headers and reply.body == b""


def test_the_minimum_size_is_configurable_per_router_and_route() -> None:
    app = Router(compress=10)

    @app.get("/a")
    def a(event: Any, context: Any) -> Any:
        return {"a": "0123456789"}

    @app.get("/b", compress=False)
    def b(event: Any, context: Any) -> Any:
        return BIG

    client = testing.TestClient(app, headers={"Accept-Encoding": "gzip"})
    assert client.get("/a").headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in client.get("/b").headers


def test_route_compress_without_router_compress_and_middleware_sees_it_uncompressed() -> None:
    app = Router()
    seen: list[Any] = []

    @app.middleware
    def look(event: Any, context: Any, call_next: Any) -> Any:
        response = call_next(event, context)
        seen.append(response.body)
        return response

    @app.get("/big", compress=True)
    def big(event: Any, context: Any) -> Any:
        return BIG

    reply = app.test_client().get("/big", headers={"Accept-Encoding": "gzip"})
    assert reply.headers["Content-Encoding"] == "gzip"
    assert seen == [BIG]


def test_base64_bodies_are_compressed_from_their_bytes() -> None:
    app = Router(compress=True)

    @app.get("/csv")
    def csv(event: Any, context: Any) -> Any:
        import base64

        return {
            "statusCode": 200,
            "headers": {"Content-Type": "text/csv"},
            "body": base64.b64encode(b"a,b\n" * 1000).decode(),
            "isBase64Encoded": True,
        }

    reply = app.test_client().get("/csv", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(reply.body) == b"a,b\n" * 1000


def test_included_routers_keep_their_compress_setting() -> None:
    child = Router(compress=True)

    @child.get("/big")
    def big(event: Any, context: Any) -> Any:
        return BIG

    app = Router()
    app.include(child, prefix="/c")
    reply = app.test_client().get("/c/big", headers={"Accept-Encoding": "gzip"})
    assert reply.headers["Content-Encoding"] == "gzip"


def _big_router(**options: Any) -> Router:
    router = Router(**options)

    @router.get("/big")
    def big(event: Any, context: Any) -> Any:
        return BIG

    return router


@pytest.mark.parametrize(
    ("outer", "inner", "child", "compressed"),
    [
        ({"compress": True}, {}, {}, True),  # not set inside: the outer router's applies
        ({"compress": True}, {}, {"compress": False}, False),  # the innermost setting wins
        ({"compress": True}, {"compress": False}, {}, False),
        ({}, {"compress": True}, {}, True),
        ({"compress": False}, {"compress": True}, {}, True),
        ({}, {}, {}, False),
        ({"compress": False}, {}, {}, False),
    ],
)
def test_included_routers_inherit_compress_from_the_innermost_router_that_sets_it(
    outer: dict[str, Any], inner: dict[str, Any], child: dict[str, Any], compressed: bool
) -> None:
    leaf = _big_router(**child)
    middle = Router(**inner)
    middle.include(leaf, prefix="/c")
    app = Router(**outer)
    app.include(middle, prefix="/m")
    reply = app.test_client().get("/m/c/big", headers={"Accept-Encoding": "gzip"})
    assert ("Content-Encoding" in reply.headers) is compressed
    assert json.loads(gzip.decompress(reply.body) if compressed else reply.body) == BIG


@pytest.mark.parametrize(("router", "route"), [(True, False), (False, True), (None, True)])
def test_the_route_setting_wins_over_every_router(router: bool | None, route: bool) -> None:
    child = Router(compress=router)

    @child.get("/big", compress=route)
    def big(event: Any, context: Any) -> Any:
        return BIG

    app = Router(compress=not route)
    app.include(child, prefix="/c")
    reply = app.test_client().get("/c/big", headers={"Accept-Encoding": "gzip"})
    assert ("Content-Encoding" in reply.headers) is route


def test_compress_zero_compresses_every_body() -> None:
    app = Router(compress=0)

    @app.get("/tiny")
    def tiny(event: Any, context: Any) -> Any:
        return {"a": 1}

    reply = app.test_client().get("/tiny", headers={"Accept-Encoding": "gzip"})
    assert json.loads(gzip.decompress(reply.body)) == {"a": 1}


@pytest.mark.parametrize("bad", [-1, "yes", 1.5])
def test_compress_takes_a_bool_or_a_size(bad: Any) -> None:
    with pytest.raises(ConfigurationError, match="compress"):
        Router(compress=bad)
