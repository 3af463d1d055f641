"""CORS, as the Fetch standard reads it."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import (
    CORS,
    ConfigurationError,
    Response,
    Router,
    Unauthorized,
    UnprocessableEntity,
    testing,
)

APP = "https://app.example.com"
CORS_HEADERS = (
    "Access-Control-Allow-Origin",
    "Access-Control-Allow-Credentials",
    "Access-Control-Expose-Headers",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Headers",
    "Access-Control-Max-Age",
)


def _cors(**options: Any) -> CORS:
    settings: dict[str, Any] = {
        "allow_origins": (APP, "https://*.example.org"),
        "allow_headers": ("Authorization", "Content-Type"),
        "expose_headers": ("X-Request-Id",),
        "allow_credentials": True,
        "max_age": 600,
    }
    settings.update(options)
    return CORS(**settings)


def _app(cors: CORS | None = None) -> Router:
    app = Router(cors=cors or _cors())

    @app.get("/books")
    def books(event: Any, context: Any) -> Any:
        return ["dune"]

    @app.post("/books")
    def add_book(event: Any, context: Any) -> Any:
        return "added", 201

    @app.get("/error")
    def error(event: Any, context: Any) -> Any:
        raise UnprocessableEntity("bad input")

    @app.get("/crash")
    def crash(event: Any, context: Any) -> Any:
        raise RuntimeError("boom")

    @app.delete("/other")
    def other(event: Any, context: Any) -> Any:
        return None

    return app


def _no_cors_headers(headers: Any) -> bool:
    return not any(name in headers for name in CORS_HEADERS)


# --- settings ----------------------------------------------------------------------------------


def test_settings_are_public_for_the_deployment_template() -> None:
    cors = _cors()
    app = Router(cors=cors)
    assert app.cors is cors
    assert cors.allow_origins == (APP, "https://*.example.org")
    assert cors.allow_headers == ("Authorization", "Content-Type")
    assert cors.expose_headers == ("X-Request-Id",)
    assert (cors.allow_credentials, cors.max_age) == (True, 600)


def test_credentials_with_any_origin_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="credentials"):
        CORS(allow_origins="*", allow_credentials=True)


@pytest.mark.parametrize(
    "origin",
    ["app.example.com", "https://app.example.com/", "https://a.*.example.com", "https://*", ""],
)
def test_origins_that_are_not_origins_are_refused(origin: str) -> None:
    with pytest.raises(ConfigurationError, match="allow_origins"):
        CORS(allow_origins=(origin,))


@pytest.mark.parametrize("bad", [-1, "60", 1.5])
def test_max_age_is_whole_seconds(bad: Any) -> None:
    with pytest.raises(ConfigurationError, match="max_age"):
        CORS(max_age=bad)


@pytest.mark.parametrize("bad", [True, "https://x.com", {"a": 1}])
def test_router_cors_takes_a_cors(bad: Any) -> None:
    with pytest.raises(ConfigurationError, match="cors"):
        Router(cors=bad)


# --- origins -----------------------------------------------------------------------------------

LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=20)


@given(LABEL)
def test_a_wildcard_matches_one_label(label: str) -> None:
    cors = _cors()
    assert cors.allows(f"https://{label}.example.org")
    assert not cors.allows(f"https://{label}.b.example.org")
    assert not cors.allows(f"http://{label}.example.org")
    assert not cors.allows(f"https://{label}.example.org.evil.com")


def test_a_wildcard_does_not_match_the_bare_domain() -> None:
    assert not _cors().allows("https://example.org")
    assert _cors().allows(APP)
    assert not _cors().allows("https://app.example.com.evil.com")


# --- actual requests ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/books", 200),
        ("POST", "/books", 201),
        ("GET", "/error", 422),
        ("GET", "/crash", 500),
        ("GET", "/nowhere", 404),
        ("PUT", "/books", 405),
    ],
)
@pytest.mark.parametrize("flavor", testing.FLAVORS)
def test_every_answer_to_an_allowed_origin_carries_cors_headers(
    method: str, path: str, status: int, flavor: str
) -> None:
    reply = _app().test_client(flavor).request(method, path, headers={"Origin": APP})
    assert reply.status_code == status
    assert reply.headers["Access-Control-Allow-Origin"] == APP
    assert reply.headers["Access-Control-Allow-Credentials"] == "true"
    assert reply.headers["Access-Control-Expose-Headers"] == "X-Request-Id"
    assert "Origin" in reply.headers["Vary"]


def test_a_disallowed_origin_gets_no_cors_headers_but_the_handler_runs() -> None:
    reply = _app().test_client().get("/books", headers={"Origin": "https://evil.com"})
    assert reply.json() == ["dune"]
    assert _no_cors_headers(reply.headers)
    assert reply.headers["Vary"] == "Origin"


def test_vary_origin_is_on_answers_without_an_origin_too() -> None:
    reply = _app().test_client().get("/books")
    assert reply.headers["Vary"] == "Origin"
    assert _no_cors_headers(reply.headers)


def test_any_origin_answers_star_without_vary() -> None:
    app = _app(CORS(allow_origins="*"))
    reply = app.test_client().get("/books", headers={"Origin": "https://anyone.net"})
    assert reply.headers["Access-Control-Allow-Origin"] == "*"
    assert "Vary" not in reply.headers


def test_origin_header_in_any_case() -> None:
    reply = _app().test_client().get("/books", headers={"ORIGIN": APP})
    assert reply.headers["Access-Control-Allow-Origin"] == APP


def test_cors_sits_outside_middleware_so_a_401_gets_the_headers() -> None:
    app = _app()

    @app.middleware
    def auth(event: Any, context: Any, call_next: Any) -> Any:
        raise Unauthorized()

    reply = app.test_client().get("/books", headers={"Origin": APP})
    assert reply.status_code == 401
    assert reply.headers["Access-Control-Allow-Origin"] == APP


def test_a_cors_header_the_handler_set_is_kept_and_not_duplicated() -> None:
    app = Router(cors=_cors())

    @app.get("/own")
    def own(event: Any, context: Any) -> Any:
        return Response(200, "x", headers={"access-control-allow-origin": "https://mine.com"})

    reply = app.test_client("alb_multi").get("/own", headers={"Origin": APP})
    assert reply.headers.get_list("Access-Control-Allow-Origin") == ["https://mine.com"]


# --- preflights --------------------------------------------------------------------------------


def _preflight(app: Router, path: str, method: str = "POST", **headers: str) -> Any:
    sent = {"Origin": APP, "Access-Control-Request-Method": method, **headers}
    return app.test_client().options(path, headers=sent)


def test_a_preflight_is_answered_before_any_middleware_with_the_paths_methods() -> None:
    app = _app()
    seen: list[str] = []

    @app.middleware
    def auth(event: Any, context: Any, call_next: Any) -> Any:
        seen.append(event.path)
        raise Unauthorized()

    reply = _preflight(app, "/books", **{"Access-Control-Request-Headers": "authorization"})

    assert seen == []
    assert reply.status_code == 204
    assert reply.headers["Access-Control-Allow-Methods"] == "GET, HEAD, POST"
    assert reply.headers["Access-Control-Allow-Origin"] == APP
    assert reply.headers["Access-Control-Allow-Headers"] == "Authorization, Content-Type"
    assert reply.headers["Access-Control-Max-Age"] == "600"
    assert reply.headers["Access-Control-Allow-Credentials"] == "true"
    assert reply.headers["Vary"] == "Origin"


def test_a_preflight_from_a_disallowed_origin_or_for_another_method_is_403() -> None:
    app = _app()
    refused = _preflight(app, "/books", Origin="https://evil.com")
    assert refused.status_code == 403 and _no_cors_headers(refused.headers)
    refused = _preflight(app, "/books", method="DELETE")
    assert refused.status_code == 403 and _no_cors_headers(refused.headers)


def test_every_403_preflight_varies_by_origin() -> None:
    app = _app()
    for refused in (
        _preflight(app, "/books", Origin="https://evil.com"),
        _preflight(app, "/books", method="DELETE"),  # an allowed origin, a method not accepted
        _preflight(app, "/books", method="PATCH", Origin="https://evil.com"),
    ):
        assert refused.status_code == 403 and _no_cors_headers(refused.headers)
        assert refused.headers["Vary"] == "Origin"


def test_a_403_preflight_with_only_star_allowed_does_not_vary() -> None:
    app = _app(CORS(allow_origins="*"))
    refused = _preflight(app, "/books", method="DELETE")
    assert refused.status_code == 403 and "Vary" not in refused.headers


def test_a_preflight_offers_only_the_methods_whose_route_allows_the_origin() -> None:
    app = Router(cors=_cors())
    other = CORS(allow_origins="https://other.example.com")

    @app.get("/items")
    def read(event: Any, context: Any) -> Any:
        return []

    @app.post("/items", cors=False)
    def create(event: Any, context: Any) -> Any:
        return "created", 201

    @app.put("/items", cors=other)
    def replace(event: Any, context: Any) -> Any:
        return "replaced"

    @app.delete("/items", cors=CORS(allow_origins="*"))
    def clear(event: Any, context: Any) -> Any:
        return "cleared"

    reply = _preflight(app, "/items", method="GET")
    assert reply.status_code == 204
    assert reply.headers["Access-Control-Allow-Methods"] == "GET, HEAD, DELETE"
    assert reply.headers["Vary"] == "Origin"
    reply = _preflight(app, "/items", method="PUT", Origin="https://other.example.com")
    assert reply.headers["Access-Control-Allow-Methods"] == "PUT, DELETE"
    refused = _preflight(app, "/items", method="POST")
    assert refused.status_code == 403 and _no_cors_headers(refused.headers)
    assert refused.headers["Vary"] == "Origin"
    # DELETE allows any origin, but the path's other routes do not: the answer still varies.
    reply = _preflight(app, "/items", method="DELETE", Origin="https://evil.com")
    assert reply.status_code == 204
    assert reply.headers["Access-Control-Allow-Methods"] == "DELETE"
    assert reply.headers["Vary"] == "Origin"


def test_a_preflight_for_an_unknown_path_is_404() -> None:
    assert _preflight(_app(), "/nowhere").status_code == 404


def test_an_explicit_options_route_answers_preflights_itself() -> None:
    app = _app()

    @app.options("/books")
    def options(event: Any, context: Any) -> Any:
        return Response(200, "mine")

    reply = _preflight(app, "/books")
    assert reply.text == "mine"
    assert reply.headers["Access-Control-Allow-Origin"] == APP


def test_an_any_route_does_not_stop_the_routers_preflight() -> None:
    app = Router(cors=_cors())

    @app.any("/all")
    def everything(event: Any, context: Any) -> Any:
        return "all"

    reply = _preflight(app, "/all", method="PATCH")
    assert reply.status_code == 204
    assert reply.headers["Access-Control-Allow-Methods"] == "PATCH"


def test_allow_headers_star_echoes_the_requested_headers() -> None:
    app = _app(_cors(allow_headers="*"))
    reply = _preflight(app, "/books", **{"Access-Control-Request-Headers": "x-one, x-two"})
    assert reply.headers["Access-Control-Allow-Headers"] == "x-one, x-two"


def test_plain_options_requests_still_get_allow() -> None:
    reply = _app().test_client().options("/books", headers={"Origin": APP})
    assert reply.status_code == 204
    assert reply.headers["Allow"] == "GET, HEAD, POST, OPTIONS"


# --- precedence ----------------------------------------------------------------------------------


def test_route_then_innermost_router_then_outer_ones() -> None:
    child_cors = CORS(allow_origins="https://child.example.com")
    route_cors = CORS(allow_origins="https://route.example.com")
    child = Router(cors=child_cors)

    @child.get("/inherits")
    def inherits(event: Any, context: Any) -> Any:
        return "child"

    @child.get("/own", cors=route_cors)
    def own(event: Any, context: Any) -> Any:
        return "own"

    @child.get("/none", cors=False)
    def none(event: Any, context: Any) -> Any:
        return "none"

    plain = Router()

    @plain.get("/plain")
    def from_plain(event: Any, context: Any) -> Any:
        return "plain"

    app = _app()
    app.include(child, prefix="/c")
    app.include(plain)
    client = app.test_client()

    def allowed(path: str, origin: str) -> str | None:
        return client.get(path, headers={"Origin": origin}).headers.get(
            "Access-Control-Allow-Origin"
        )

    assert allowed("/c/inherits", "https://child.example.com") == "https://child.example.com"
    assert allowed("/c/inherits", APP) is None
    assert allowed("/c/own", "https://route.example.com") == "https://route.example.com"
    assert allowed("/c/none", APP) is None
    assert allowed("/plain", APP) == APP


def test_route_cors_without_router_cors() -> None:
    app = Router()

    @app.get("/open", cors=CORS(allow_origins="*"))
    def open_route(event: Any, context: Any) -> Any:
        return "open"

    @app.get("/closed")
    def closed(event: Any, context: Any) -> Any:
        return "closed"

    client = app.test_client()
    assert client.get("/open", headers={"Origin": APP}).headers["Access-Control-Allow-Origin"]
    assert _no_cors_headers(client.get("/closed", headers={"Origin": APP}).headers)
    assert _preflight(app, "/open", method="GET").status_code == 204
    assert _preflight(app, "/closed", method="GET").status_code == 403


def test_route_cors_takes_a_cors_or_false() -> None:
    with pytest.raises(ConfigurationError, match="cors="):
        Router().get("/x", cors=True)


@pytest.mark.parametrize("flavor", testing.FLAVORS)
def test_a_handlers_own_response_dict_is_marked_in_a_copy(flavor: str) -> None:
    app = Router(cors=_cors())
    own = {
        "statusCode": 200,
        "headers": {"access-control-allow-origin": "https://mine.com", "Vary": "Cookie"},
        "body": "hi",
    }

    @app.get("/own")
    def handler(event: Any, context: Any) -> Any:
        return own

    reply = app.test_client(flavor).get("/own", headers={"Origin": APP})

    assert reply.headers.get_list("Access-Control-Allow-Origin") == ["https://mine.com"]
    assert "Origin" in ", ".join(reply.headers.get_list("Vary"))
    assert reply.headers["Access-Control-Allow-Credentials"] == "true"
    assert own["headers"] == {"access-control-allow-origin": "https://mine.com", "Vary": "Cookie"}
