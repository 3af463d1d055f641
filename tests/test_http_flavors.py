"""One set of routes serves every HTTP flavor: the routing matrix and each flavor's answer shape."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote

import pytest

from lambda_universal_router import Response, Router
from tests.conftest import load_event

#: Fixture name -> (flavor reported to handlers, response format).
FLAVORS = {
    "rest": ("rest", "rest"),
    "http_api": ("http", "v2"),
    "http_api_named_stage": ("http", "v2"),
    "http_api_v1_payload": ("http", "rest"),
    "function_url": ("url", "v2"),
    "alb": ("alb", "alb"),
    "alb_multi_value": ("alb", "alb_multi"),
}
#: Flavors whose paths arrive percent-encoded.
ENCODED = {"rest", "function_url", "alb", "alb_multi_value"}


def request(kind: str, method: str, path: str, *, body: str | None = None) -> dict[str, Any]:
    """The fixture ``kind`` turned into ``method path`` (``path`` decoded), with the routing left
    to the router, the way a ``{proxy+}`` or ``$default`` integration sends it."""
    event: dict[str, Any] = load_event(f"http/{kind}.json")
    sent = quote(path, safe="/") if kind in ENCODED else path
    context = event.get("requestContext", {})
    if kind in ("rest", "http_api_v1_payload"):
        prefix = "/v1" if kind == "http_api_v1_payload" else ""
        event.update(httpMethod=method, path=prefix + sent, resource="/{proxy+}")
        event["pathParameters"] = {"proxy": path.lstrip("/")}
        context.update(httpMethod=method, path=f"/{context['stage']}{sent}")
        context.update(resourcePath="/{proxy+}")
    elif kind.startswith("alb"):
        event.update(httpMethod=method, path=sent)
    else:
        prefix = "/staging" if kind == "http_api_named_stage" else ""
        event.update(rawPath=prefix + sent, routeKey="$default")
        event.pop("pathParameters", None)
        context.update(routeKey="$default")
        context["http"].update(method=method, path=prefix + sent)
    event["body"] = body
    event["isBase64Encoded"] = False
    return event


def headers_of(response: dict[str, Any]) -> dict[str, str]:
    """Response headers, lower-cased, whichever map the flavor uses (first value of lists)."""
    found = {name.lower(): value for name, value in (response.get("headers") or {}).items()}
    for name, values in (response.get("multiValueHeaders") or {}).items():
        found.setdefault(name.lower(), values[0])
    return found


def set_cookies(response: dict[str, Any]) -> list[str]:
    """Every Set-Cookie of a response, whichever way the flavor carries them."""
    cookies = list(response.get("cookies", []))
    for name, value in (response.get("headers") or {}).items():
        if name.lower() == "set-cookie":
            cookies.append(value)
    for name, values in (response.get("multiValueHeaders") or {}).items():
        if name.lower() == "set-cookie":
            cookies.extend(values)
    return cookies


def build_router() -> Router:
    router = Router()

    @router.get("/health")
    def health(event: Any, context: Any) -> str:
        return f"ok from {event.flavor}"

    @router.get("/users/{id}")
    def get_user(event: Any, context: Any) -> dict[str, Any]:
        return {"id": event.path_parameters["id"], "method": event.http_method}

    @router.post("/users/{id}")
    def create_user(event: Any, context: Any) -> Response:
        return Response(
            201,
            {"created": event.path_parameters["id"], "name": event.json_body["name"]},
            cookies=["session=abc; Path=/; HttpOnly", "theme=dark; Path=/"],
        )

    @router.put("/users/{id}")
    def replace_user(event: Any, context: Any) -> tuple[Any, ...]:
        return {"replaced": event.path_parameters["id"]}, 202, {"X-Version": "3"}

    @router.delete("/users/{id}")
    def delete_user(event: Any, context: Any) -> None:
        return None

    @router.get("/files/{path+}")
    def download(event: Any, context: Any) -> bytes:
        return event.path_parameters["path"].encode() + b"\x00\xff"

    @router.get("/legacy/{id}")
    def legacy(event: Any, context: Any) -> dict[str, Any]:
        return {"statusCode": 200, "body": {"id": event.path_parameters["id"]}}

    return router


ROUTER = build_router()


def dispatch(kind: str, method: str, path: str, body: str | None = None) -> dict[str, Any]:
    response = ROUTER.dispatch(request(kind, method, path, body=body), {})
    assert isinstance(response["statusCode"], int)
    fmt = FLAVORS[kind][1]
    if fmt.startswith("alb"):
        code = response["statusCode"]
        assert response["statusDescription"].startswith(f"{code} ")
        assert ("headers" in response) is (fmt == "alb")
        assert ("multiValueHeaders" in response) is (fmt == "alb_multi")
    else:
        assert "statusDescription" not in response
    return response


every_flavor = pytest.mark.parametrize("kind", list(FLAVORS))


@every_flavor
def test_static_route_returning_text(kind: str) -> None:
    response = dispatch(kind, "GET", "/health")
    assert response["statusCode"] == 200
    assert response["body"] == f"ok from {FLAVORS[kind][0]}"
    assert headers_of(response)["content-type"] == "text/plain; charset=utf-8"
    assert response["isBase64Encoded"] is False


@every_flavor
def test_parameter_route_returning_a_dict_gets_the_decoded_value(kind: str) -> None:
    response = dispatch(kind, "GET", "/users/Jürgen M")
    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {"id": "Jürgen M", "method": "GET"}
    assert headers_of(response)["content-type"] == "application/json"


@every_flavor
def test_greedy_route_returning_bytes_is_sent_base64(kind: str) -> None:
    response = dispatch(kind, "GET", "/files/reports/2024 Q3/summary.pdf")
    assert response["statusCode"] == 200
    assert response["isBase64Encoded"] is True
    assert base64.b64decode(response["body"]) == b"reports/2024 Q3/summary.pdf\x00\xff"
    assert headers_of(response)["content-type"] == "application/octet-stream"


@every_flavor
def test_response_object_with_cookies(kind: str) -> None:
    response = dispatch(kind, "POST", "/users/7", body='{"name": "Ada"}')
    assert response["statusCode"] == 201
    assert json.loads(response["body"]) == {"created": "7", "name": "Ada"}
    assert set_cookies(response) == ["session=abc; Path=/; HttpOnly", "theme=dark; Path=/"]


@every_flavor
def test_tuple_with_status_and_headers(kind: str) -> None:
    response = dispatch(kind, "PUT", "/users/7")
    assert response["statusCode"] == 202
    assert json.loads(response["body"]) == {"replaced": "7"}
    assert headers_of(response)["x-version"] == "3"


@every_flavor
def test_none_is_204_without_a_body(kind: str) -> None:
    response = dispatch(kind, "DELETE", "/users/7")
    assert response["statusCode"] == 204
    assert response["body"] == ""
    assert "content-type" not in headers_of(response)


@every_flavor
def test_a_status_code_dict_is_passed_through_with_its_body_serialised(kind: str) -> None:
    response = dispatch(kind, "GET", "/legacy/9")
    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {"id": "9"}
    assert headers_of(response)["content-type"] == "application/json"


@every_flavor
def test_unknown_path_is_404(kind: str) -> None:
    response = dispatch(kind, "GET", "/nowhere/at/all")
    assert response["statusCode"] == 404
    assert json.loads(response["body"]) == {"message": "Not Found", "statusCode": 404}


@every_flavor
def test_known_path_wrong_method_is_405_with_allow(kind: str) -> None:
    response = dispatch(kind, "PATCH", "/users/7")
    assert response["statusCode"] == 405
    assert headers_of(response)["allow"] == "GET, HEAD, POST, PUT, DELETE, OPTIONS"
    assert json.loads(response["body"])["statusCode"] == 405


@every_flavor
def test_head_drops_the_body(kind: str) -> None:
    response = dispatch(kind, "HEAD", "/users/7")
    assert response["statusCode"] == 200
    assert response["body"] == ""


@every_flavor
def test_the_fixture_as_aws_sends_it_reaches_its_route(kind: str) -> None:
    """Each fixture unchanged: REST and HTTP API resolved the route themselves, the others not."""
    router = Router()
    seen: list[Any] = []
    router.any("/users/{id}")(lambda event, context: seen.append(event) or "user")
    router.get("/users/{id}/files/{path+}")(lambda event, context: seen.append(event) or "file")
    response = router.dispatch(load_event(f"http/{kind}.json"), {})
    assert response["statusCode"] == 200
    event = seen[0]
    if kind == "http_api_named_stage":
        assert response["body"] == "file"
        assert event.path_parameters == {"id": "42", "path": "reports/2024/q3.pdf"}
    elif kind == "alb_multi_value":
        assert event.path_parameters == {"id": "42"}
    else:
        assert event.path_parameters == {"id": "Jürgen M"}
    assert event.flavor == FLAVORS[kind][0]


def test_cookies_in_single_value_alb_answers_use_distinct_header_spellings() -> None:
    response = dispatch("alb", "POST", "/users/7", body='{"name": "Ada"}')
    names = [name for name in response["headers"] if name.lower() == "set-cookie"]
    assert len(names) == len(set(names)) == 2


def test_alb_multi_value_answers_carry_every_header_as_a_list() -> None:
    response = dispatch("alb_multi_value", "POST", "/users/7", body='{"name": "Ada"}')
    assert response["multiValueHeaders"] == {
        "Content-Type": ["application/json"],
        "Set-Cookie": ["session=abc; Path=/; HttpOnly", "theme=dark; Path=/"],
    }
    assert response["statusDescription"] == "201 Created"


def test_rest_answers_cookies_as_multi_value_set_cookie() -> None:
    response = dispatch("rest", "POST", "/users/7", body='{"name": "Ada"}')
    assert response["multiValueHeaders"] == {
        "Set-Cookie": ["session=abc; Path=/; HttpOnly", "theme=dark; Path=/"]
    }
    assert response["headers"] == {"Content-Type": "application/json"}


def test_v2_answers_cookies_as_a_list() -> None:
    response = dispatch("http_api", "POST", "/users/7", body='{"name": "Ada"}')
    assert response["cookies"] == ["session=abc; Path=/; HttpOnly", "theme=dark; Path=/"]
    assert "multiValueHeaders" not in response


def test_a_named_stage_prefix_is_stripped_but_a_custom_domain_path_is_kept() -> None:
    router = Router()
    router.get("/staging/users")(lambda event, context: "kept")
    router.get("/users")(lambda event, context: "stripped")
    event = request("http_api_named_stage", "GET", "/users")
    assert router.dispatch(event, {})["body"] == "stripped"
    event = request("http_api", "GET", "/staging/users")
    event["requestContext"].update(stage="staging", domainName="api.example.com")
    assert router.dispatch(event, {})["body"] == "kept"


def test_http_api_paths_are_not_decoded_twice() -> None:
    router = Router()
    router.get("/files/{name}")(lambda event, context: event.path_parameters["name"])
    assert router.dispatch(request("http_api", "GET", "/files/100%25"), {})["body"] == "100%25"
    assert router.dispatch(request("rest", "GET", "/files/100%25"), {})["body"] == "100%25"


def test_lattice_events_are_routed_too() -> None:
    router = Router()
    router.get("/users/{id}")(lambda event, context: {"id": event.path_parameters["id"]})
    v1 = {
        "raw_path": "/users/a%20b?x=1",
        "method": "GET",
        "headers": {"user-agent": "curl/8.5.0"},
        "query_string_parameters": {"x": "1"},
        "body": "",
        "is_base64_encoded": False,
    }
    response = router.dispatch(v1, {})
    assert (response["statusCode"], response["statusDescription"]) == (200, "200 OK")
    assert json.loads(response["body"]) == {"id": "a b"}
    v2 = {
        "version": "2.0",
        "path": "/users/7",
        "method": "GET",
        "headers": {"user-agent": ["curl/8.5.0"]},
        "queryStringParameters": {"x": ["1", "2"]},
        "body": "",
        "isBase64Encoded": False,
        "requestContext": {
            "serviceNetworkArn": "arn:aws:vpc-lattice:eu-west-1:123456789012:servicenetwork/sn-1",
            "targetGroupArn": "arn:aws:vpc-lattice:eu-west-1:123456789012:targetgroup/tg-1",
        },
    }
    assert json.loads(router.dispatch(v2, {})["body"]) == {"id": "7"}
