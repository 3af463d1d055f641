"""The HTTP factory renders one request in each shape Lambda receives HTTP requests."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router._classify import classify
from lambda_universal_router.testing import FLAVORS, http


@pytest.mark.parametrize(
    ("flavor", "variant"),
    [
        ("rest", "rest"),
        ("v1", "rest"),
        ("http", "http"),
        ("v2", "http"),
        ("alb", "alb"),
        ("alb_multi", "alb"),
        ("url", "url"),
        ("lattice", "lattice"),
        ("lattice_v1", "lattice"),
        ("lattice_v2", "lattice_v2"),
    ],
)
def test_every_flavor_classifies_as_its_variant(flavor: str, variant: str) -> None:
    source, found = classify(http("POST", "/a", flavor=flavor, json={"x": 1}))

    assert (source.name, found) == ("http", variant)


def test_unknown_flavor_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="rest, http, alb, alb_multi, url"):
        http(flavor="graphql")


# --- REST API ------------------------------------------------------------------------------------


def test_rest_proxy_resource_by_default() -> None:
    event = http("GET", "/users/1?page=2&tag=a&tag=b")

    assert event["resource"] == "/{proxy+}"
    assert event["pathParameters"] == {"proxy": "users/1"}
    assert event["path"] == "/users/1"
    assert event["queryStringParameters"] == {"page": "2", "tag": "b"}
    assert event["multiValueQueryStringParameters"] == {"page": ["2"], "tag": ["a", "b"]}
    assert event["body"] is None and event["isBase64Encoded"] is False
    assert event["stageVariables"] is None
    context = event["requestContext"]
    assert context["path"] == "/prod/users/1"
    assert context["resourcePath"] == "/{proxy+}"
    assert context["identity"]["sourceIp"] == "198.51.100.7"
    assert context["domainName"] == event["headers"]["Host"]


def test_rest_root_has_no_path_parameters_and_null_query() -> None:
    event = http("GET", "/")

    assert event["resource"] == "/"
    assert event["pathParameters"] is None
    assert event["queryStringParameters"] is None
    assert event["multiValueQueryStringParameters"] is None


def test_rest_resource_template_fills_path_parameters_decoded() -> None:
    event = http("GET", "/users/a%20b/files/x/y.txt", resource="/users/{id}/files/{path+}")

    assert event["resource"] == "/users/{id}/files/{path+}"
    assert event["pathParameters"] == {"id": "a b", "path": "x/y.txt"}
    assert event["path"] == "/users/a%20b/files/x/y.txt"


def test_a_path_outside_the_template_is_refused() -> None:
    with pytest.raises(ValueError, match="does not match"):
        http("GET", "/orders/1", resource="/users/{id}")


def test_rest_headers_keep_case_and_multiple_values() -> None:
    event = http(
        "GET", "/", headers={"X-Tag": ["a", "b"], "accept": "application/json"}, cookies={"s": "1"}
    )

    assert event["headers"]["X-Tag"] == "b"
    assert event["multiValueHeaders"]["X-Tag"] == ["a", "b"]
    assert event["headers"]["accept"] == "application/json"
    assert "Accept" not in event["headers"]
    assert event["headers"]["Cookie"] == "s=1"


def test_json_body_sets_content_type_and_length() -> None:
    event = http("POST", "/", json={"name": "Ada"})

    assert json.loads(event["body"]) == {"name": "Ada"}
    assert event["headers"]["Content-Type"] == "application/json"
    assert event["headers"]["Content-Length"] == str(len(event["body"]))


@pytest.mark.parametrize(("value", "sent"), [("", '""'), (None, "null"), ("x", '"x"'), (0, "0")])
def test_json_body_is_always_json_even_for_strings_and_null(value: Any, sent: str) -> None:
    assert http("POST", "/", flavor="http", json=value)["body"] == sent


def test_bytes_body_is_base64_encoded() -> None:
    event = http("PUT", "/blob", body=b"\x00\xff")

    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == b"\x00\xff"
    assert event["headers"]["Content-Length"] == "2"


def test_json_and_body_together_are_refused() -> None:
    with pytest.raises(ValueError, match="either json= or body="):
        http("POST", "/", json={}, body="x")


def test_stage_and_stage_variables() -> None:
    event = http("GET", "/x", stage="dev", stage_variables={"table": "t"})

    assert event["requestContext"]["stage"] == "dev"
    assert event["requestContext"]["path"] == "/dev/x"
    assert event["stageVariables"] == {"table": "t"}


# --- HTTP API ------------------------------------------------------------------------------------


def test_http_api_default_route_with_lowercase_headers_and_cookies_apart() -> None:
    event = http(
        "GET",
        "/users/1",
        flavor="http",
        query={"tag": ["a", "b"], "q": "x y"},
        headers={"X-Tag": ["1", "2"]},
        cookies={"s": "1", "t": "2"},
    )

    assert event["version"] == "2.0"
    assert event["routeKey"] == "$default"
    assert event["rawPath"] == "/users/1"
    assert event["rawQueryString"] == "tag=a&tag=b&q=x+y"
    assert event["queryStringParameters"] == {"tag": "a,b", "q": "x y"}
    assert event["cookies"] == ["s=1", "t=2"]
    assert event["headers"]["x-tag"] == "1,2"
    assert "cookie" not in event["headers"]
    assert "pathParameters" not in event and "body" not in event
    assert event["requestContext"]["http"]["method"] == "GET"
    assert event["requestContext"]["stage"] == "$default"
    assert event["requestContext"]["domainName"] == event["headers"]["host"]


def test_http_api_route_key_and_path_parameters_from_the_template() -> None:
    event = http("DELETE", "/users/a%20b", flavor="http", resource="/users/{id}")

    assert event["routeKey"] == "DELETE /users/{id}"
    assert event["requestContext"]["routeKey"] == "DELETE /users/{id}"
    assert event["pathParameters"] == {"id": "a b"}
    assert event["rawPath"] == "/users/a b"  # HTTP APIs decode the path


def test_http_api_named_stage_prefixes_the_raw_path() -> None:
    event = http("GET", "/x", flavor="http", stage="beta", stage_variables={"v": "1"})

    assert event["rawPath"] == "/beta/x"
    assert event["requestContext"]["http"]["path"] == "/beta/x"
    assert event["stageVariables"] == {"v": "1"}


# --- function URL --------------------------------------------------------------------------------


def test_function_url_keeps_the_path_encoded_and_has_no_route() -> None:
    event = http("POST", "/a%20b", flavor="url", body="hi")

    assert event["rawPath"] == "/a%20b"
    assert event["routeKey"] == "$default"
    assert event["body"] == "hi"
    context = event["requestContext"]
    assert ".lambda-url.us-east-1.on.aws" in context["domainName"]
    assert context["apiId"] == context["domainPrefix"] == context["domainName"].split(".")[0]
    assert context["accountId"] == "anonymous"


def test_resource_is_refused_where_there_is_no_route() -> None:
    with pytest.raises(ValueError, match="REST and HTTP APIs"):
        http("GET", "/x", flavor="url", resource="/x")


# --- ALB -----------------------------------------------------------------------------------------


def test_alb_passes_query_undecoded_and_uses_last_values() -> None:
    event = http("GET", "/search?q=a%20b&q=c", flavor="alb")

    assert event["queryStringParameters"] == {"q": "c"}
    assert "multiValueHeaders" not in event
    assert event["headers"]["host"].endswith(".elb.amazonaws.com")
    assert event["body"] == "" and event["isBase64Encoded"] is False
    assert event["requestContext"]["elb"]["targetGroupArn"].startswith(
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/"
    )


def test_alb_multi_value_sends_only_the_multi_value_maps() -> None:
    event = http("GET", "/search?q=a%20b&q=c", flavor="alb_multi", headers={"X-A": ["1", "2"]})

    assert event["multiValueQueryStringParameters"] == {"q": ["a%20b", "c"]}
    assert event["multiValueHeaders"]["x-a"] == ["1", "2"]
    assert "headers" not in event and "queryStringParameters" not in event


def test_alb_empty_query_is_an_empty_map() -> None:
    assert http("GET", "/", flavor="alb")["queryStringParameters"] == {}
    assert http("GET", "/", flavor="alb_multi")["multiValueQueryStringParameters"] == {}


# --- properties ----------------------------------------------------------------------------------

PARAMETER = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)
QUERY = st.dictionaries(
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=6),
    st.lists(PARAMETER, min_size=1, max_size=3),
    max_size=4,
)


@given(QUERY)
def test_query_values_reach_every_flavor_intact(query: dict[str, list[str]]) -> None:
    rest = http("GET", "/", query=query)
    v2 = http("GET", "/", flavor="http", query=query)
    alb = http("GET", "/", flavor="alb_multi", query=query)

    assert (rest["multiValueQueryStringParameters"] or {}) == query
    assert v2.get("queryStringParameters", {}) == {k: ",".join(v) for k, v in query.items()}
    decoded = {
        unquote(k.replace("+", " ")): [unquote(v.replace("+", " ")) for v in values]
        for k, values in alb["multiValueQueryStringParameters"].items()
    }
    assert decoded == query


@given(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=20))
def test_path_parameter_values_round_trip(value: str) -> None:
    from urllib.parse import quote

    path = "/items/" + quote(value, safe="")
    for flavor in ("rest", "http"):
        event: dict[str, Any] = http("GET", path, flavor=flavor, resource="/items/{id}")
        assert event["pathParameters"] == {"id": value}


def test_flavors_are_listed_in_order() -> None:
    assert FLAVORS == ("rest", "http", "alb", "alb_multi", "url", "lattice", "lattice_v2")
