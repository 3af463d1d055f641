"""Route templates and matching: registration errors, specificity, backtracking, 404/405."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import (
    ConfigurationError,
    DuplicateRouteError,
    InvalidRouteError,
    Router,
)


def rest(method: str, path: str, **extra: Any) -> dict[str, Any]:
    """A REST proxy event that leaves the matching to the router (``{proxy+}`` resource)."""
    return {"httpMethod": method, "path": path, "resource": "/{proxy+}", **extra}


def named(router: Router, method: str, path: str) -> tuple[str, dict[str, str]]:
    """Register a handler answering its own name and the path parameters it received."""

    def handler(event: Any, context: Any) -> dict[str, Any]:
        return {"route": f"{method} {path}", "params": event.path_parameters}

    router.route(path, [method])(handler)
    return f"{method} {path}", {}


def winner(router: Router, method: str, path: str) -> Any:
    response = router.dispatch(rest(method, path), {})
    assert response["statusCode"] == 200, response
    return json.loads(response["body"])


# --- registration errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("users", "must start with '/' (write '/users')"),
        ("", "must start with '/'"),
        ("/files/{path+}/meta", "must be last"),
        ("/users/{id}/posts/{id}", "'id' appears twice"),
        ("/users/{id", "unbalanced braces"),
        ("/users/id}", "unbalanced braces"),
        ("/files/{name}.txt", "whole segment"),
        ("/files/{a}{b}", "whole segment"),
        ("/users/{}", "invalid parameter name"),
        ("/users/{+}", "invalid parameter name"),
        ("/users/{a b}", "invalid parameter name"),
        ("/users//posts", "empty segment"),
        ("/search?q={q}", "'?' cannot appear"),
    ],
)
def test_bad_templates_fail_at_registration_with_a_reason(template: str, reason: str) -> None:
    router = Router()
    with pytest.raises(InvalidRouteError) as raised:
        router.get(template)(lambda event, context: None)
    assert reason in str(raised.value)
    assert raised.value.template == template
    assert isinstance(raised.value, ConfigurationError)
    assert isinstance(raised.value, ValueError)  # 1.0 raised ValueError


def test_a_bad_method_fails_at_registration() -> None:
    with pytest.raises(InvalidRouteError, match="not an HTTP method"):
        Router().route("/users", ["GET POST"])(lambda event, context: None)


def test_a_duplicate_on_an_equivalent_template_fails_immediately() -> None:
    router = Router()
    router.get("/users/{id}")(lambda event, context: None)
    with pytest.raises(DuplicateRouteError) as raised:
        router.get("/users/{uid}/")(lambda event, context: None)
    error = raised.value
    assert (error.method, error.existing, error.duplicate) == (
        "GET",
        "/users/{id}",
        "/users/{uid}/",
    )
    assert "equivalent to '/users/{uid}/'" in str(error)


def test_any_twice_on_one_template_is_a_duplicate() -> None:
    router = Router()
    router.any("/items")(lambda event, context: None)
    with pytest.raises(DuplicateRouteError, match="ANY '/items' is already registered"):
        router.route("/items", "any")(lambda event, context: None)


def test_different_methods_on_equivalent_templates_coexist() -> None:
    router = Router()
    named(router, "GET", "/users/{id}")
    named(router, "POST", "/users/{uid}")
    named(router, "ANY", "/users/{user}")
    assert winner(router, "GET", "/users/7") == {"route": "GET /users/{id}", "params": {"id": "7"}}
    assert winner(router, "POST", "/users/7")["params"] == {"uid": "7"}
    assert winner(router, "PUT", "/users/7")["params"] == {"user": "7"}


def test_static_and_greedy_templates_are_not_duplicates() -> None:
    router = Router()
    named(router, "GET", "/files/{name}")
    named(router, "GET", "/files/{path+}")
    named(router, "GET", "/files/readme")
    assert winner(router, "GET", "/files/readme")["route"] == "GET /files/readme"
    assert winner(router, "GET", "/files/a")["route"] == "GET /files/{name}"
    assert winner(router, "GET", "/files/a/b")["route"] == "GET /files/{path+}"


# --- specificity and backtracking --------------------------------------------------------------

SPECIFIC = [
    ("GET", "/users/me"),
    ("GET", "/users/{id}"),
    ("GET", "/users/{id}/posts"),
    ("GET", "/users/me/settings"),
    ("GET", "/users/{path+}"),
    ("GET", "/{proxy+}"),
    ("GET", "/"),
    ("GET", "/users/{id}/posts/{post}"),
    ("GET", "/users/me/posts/latest"),
]

#: request path -> winning template, whatever order SPECIFIC is registered in
EXPECTED = {
    "/": "/",
    "/users/me": "/users/me",
    "/users/42": "/users/{id}",
    "/users/me/posts": "/users/{id}/posts",  # static 'me' branch has no /posts: backtrack
    "/users/me/settings": "/users/me/settings",
    "/users/42/settings": "/users/{path+}",
    "/users/me/posts/latest": "/users/me/posts/latest",
    "/users/me/posts/first": "/users/{id}/posts/{post}",
    "/users/42/posts/7/comments": "/users/{path+}",
    "/other/thing": "/{proxy+}",
    "/users": "/{proxy+}",
}


@given(st.permutations(SPECIFIC))
def test_the_most_specific_route_wins_whatever_the_registration_order(
    order: list[tuple[str, str]],
) -> None:
    router = Router()
    for method, template in order:
        named(router, method, template)
    for path, template in EXPECTED.items():
        assert winner(router, "GET", path)["route"] == f"GET {template}", path


def test_a_method_mismatch_continues_to_less_specific_templates() -> None:
    router = Router()
    named(router, "GET", "/users/me")
    named(router, "POST", "/users/{id}")
    assert winner(router, "POST", "/users/me") == {
        "route": "POST /users/{id}",
        "params": {"id": "me"},
    }


def test_greedy_captures_the_rest_and_needs_at_least_one_segment() -> None:
    router = Router()
    named(router, "GET", "/files/{path+}")
    assert winner(router, "GET", "/files/a/b/c.txt")["params"] == {"path": "a/b/c.txt"}
    assert router.dispatch(rest("GET", "/files"), {})["statusCode"] == 404
    assert router.dispatch(rest("GET", "/files/"), {})["statusCode"] == 404


def test_trailing_slashes_do_not_matter_on_either_side() -> None:
    router = Router()
    named(router, "GET", "/users/")
    named(router, "GET", "/teams/{id}")
    assert winner(router, "GET", "/users")["route"] == "GET /users/"
    assert winner(router, "GET", "/users/")["route"] == "GET /users/"
    assert winner(router, "GET", "/teams/7/")["params"] == {"id": "7"}


def test_empty_segments_never_match_parameters() -> None:
    router = Router()
    named(router, "GET", "/a/{x}/b")
    assert router.dispatch(rest("GET", "/a//b"), {})["statusCode"] == 404


def test_paths_are_case_sensitive() -> None:
    router = Router()
    named(router, "GET", "/Users")
    assert router.dispatch(rest("GET", "/users"), {})["statusCode"] == 404


# --- percent-decoding --------------------------------------------------------------------------


def test_parameters_are_percent_decoded_once() -> None:
    router = Router()
    named(router, "GET", "/users/{name}/files/{path+}")
    body = winner(router, "GET", "/users/J%C3%BCrgen%20M/files/a%2520b/c%2Fd")
    assert body["params"] == {"name": "Jürgen M", "path": "a%20b/c/d"}


def test_static_segments_compare_decoded() -> None:
    router = Router()
    named(router, "GET", "/café/menu")
    named(router, "GET", "/caf%C3%A9/{x}")  # the same static text written encoded
    assert winner(router, "GET", "/caf%C3%A9/menu")["route"] == "GET /café/menu"
    assert winner(router, "GET", "/café/menu")["route"] == "GET /café/menu"
    assert winner(router, "GET", "/caf%c3%a9/soup")["params"] == {"x": "soup"}


def test_a_plus_in_a_path_stays_a_plus() -> None:
    router = Router()
    named(router, "GET", "/tags/{tag}")
    assert winner(router, "GET", "/tags/c%2B%2B+x")["params"] == {"tag": "c+++x"}


# --- 404, 405, HEAD, OPTIONS --------------------------------------------------------------------


def error_body(response: dict[str, Any]) -> Any:
    assert response["headers"]["Content-Type"] == "application/json"
    return json.loads(response["body"])


def test_an_unknown_path_is_404_with_a_json_body() -> None:
    router = Router()
    named(router, "GET", "/users")
    response = router.dispatch(rest("GET", "/nowhere"), {})
    assert response["statusCode"] == 404
    assert error_body(response) == {"message": "Not Found", "statusCode": 404}


def test_a_known_path_with_another_method_is_405_with_allow() -> None:
    router = Router()
    named(router, "GET", "/users/me")
    named(router, "POST", "/users/{id}")
    named(router, "DELETE", "/users/{path+}")
    response = router.dispatch(rest("PUT", "/users/me"), {})
    assert response["statusCode"] == 405
    assert response["headers"]["Allow"] == "GET, HEAD, POST, DELETE, OPTIONS"
    assert error_body(response) == {"message": "Method Not Allowed", "statusCode": 405}


def test_405_lists_only_templates_that_match_the_path() -> None:
    router = Router()
    named(router, "GET", "/users/me")
    named(router, "POST", "/users/{id}")
    response = router.dispatch(rest("DELETE", "/users/7"), {})
    assert response["headers"]["Allow"] == "POST, OPTIONS"


def test_head_falls_back_to_get_without_a_body() -> None:
    router = Router()
    calls = []
    router.get("/users")(lambda event, context: calls.append(event.http_method) or {"a": 1})
    response = router.dispatch(rest("HEAD", "/users"), {})
    assert calls == ["HEAD"]
    assert response["statusCode"] == 200
    assert response["body"] == ""
    assert response["headers"]["Content-Type"] == "application/json"


def test_an_explicit_head_handler_wins_over_get() -> None:
    router = Router()
    router.get("/users")(lambda event, context: "get")
    router.head("/users")(lambda event, context: ("", 204))
    assert router.dispatch(rest("HEAD", "/users"), {})["statusCode"] == 204


def test_options_on_a_known_path_is_answered_with_allow() -> None:
    router = Router()
    named(router, "GET", "/users")
    named(router, "POST", "/users")
    response = router.dispatch(rest("OPTIONS", "/users"), {})
    assert response["statusCode"] == 204
    assert response["headers"] == {"Allow": "GET, HEAD, POST, OPTIONS"}
    assert response["body"] == ""
    assert router.dispatch(rest("OPTIONS", "/elsewhere"), {})["statusCode"] == 404


def test_an_options_handler_or_any_takes_options() -> None:
    router = Router()
    router.options("/a")(lambda event, context: ("preflight", 200))
    router.any("/b")(lambda event, context: event.http_method)
    assert router.dispatch(rest("OPTIONS", "/a"), {})["body"] == "preflight"
    assert router.dispatch(rest("OPTIONS", "/b"), {})["body"] == "OPTIONS"


def test_a_lower_case_method_in_a_hand_written_event_still_routes() -> None:
    router = Router()
    named(router, "POST", "/users")
    assert winner(router, "post", "/users")["route"] == "POST /users"


# --- what the platform already resolved ---------------------------------------------------------


def test_a_rest_resource_that_is_registered_is_taken_as_resolved() -> None:
    router = Router()
    named(router, "GET", "/users/me")
    named(router, "GET", "/users/{id}")
    # API Gateway matched its own /users/{id} resource: that choice stands.
    event = {"httpMethod": "GET", "path": "/users/me", "resource": "/users/{id}"}
    assert json.loads(router.dispatch(event, {})["body"]) == {
        "route": "GET /users/{id}",
        "params": {"id": "me"},
    }


def test_rest_parameters_are_read_from_the_right_behind_a_base_path() -> None:
    router = Router()
    named(router, "GET", "/users/{id}/posts/{post}")
    event = {
        "httpMethod": "GET",
        "path": "/api/v2/users/J%C3%BCrgen/posts/7/",
        "resource": "/users/{id}/posts/{post}",
    }
    body = json.loads(router.dispatch(event, {})["body"])
    assert body["params"] == {"id": "Jürgen", "post": "7"}


def test_a_resource_that_disagrees_with_the_path_falls_back_to_matching() -> None:
    router = Router()
    named(router, "GET", "/users/{id}/posts/{post}")
    named(router, "GET", "/{proxy+}")
    event = {"httpMethod": "GET", "path": "/posts", "resource": "/users/{id}/posts/{post}"}
    assert json.loads(router.dispatch(event, {})["body"])["route"] == "GET /{proxy+}"


def test_an_unregistered_resource_falls_back_to_matching_the_path() -> None:
    router = Router()
    named(router, "GET", "/users/{id}")
    event = {"httpMethod": "GET", "path": "/users/9", "resource": "/{proxy+}"}
    assert json.loads(router.dispatch(event, {})["body"])["params"] == {"id": "9"}


def test_routes_lists_http_registrations() -> None:
    router = Router()
    named(router, "GET", "/users/{id}")
    assert [r.describe() for r in router.routes()] == [
        {
            "source": "http",
            "handler": "tests.test_http_routing.named.<locals>.handler",
            "methods": ["GET"],
            "path": "/users/{id}",
        }
    ]
