"""APIGatewayEvent: every flavor read through API Gateway 1.0's names, maps never None."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from lambda_universal_router import BadRequest, Router
from lambda_universal_router.events import (
    APIGatewayEvent,
    APIGatewayRequestContext,
    RequestIdentity,
)
from tests.conftest import load_event

KINDS = [
    "rest",
    "http_api",
    "http_api_named_stage",
    "http_api_v1_payload",
    "function_url",
    "alb",
    "alb_multi_value",
]


def received(raw: dict[str, Any]) -> APIGatewayEvent:
    """The event a catch-all handler receives for ``raw``."""
    router = Router()
    seen: list[APIGatewayEvent] = []
    router.any("/{path+}")(lambda event, context: seen.append(event))
    router.dispatch(raw, {})
    assert len(seen) == 1
    return seen[0]


def test_rest_event() -> None:
    event = APIGatewayEvent(load_event("http/rest.json"))
    assert event.flavor == "rest"
    assert event.version is None
    assert event.resource == "/users/{id}"
    assert event.path == "/users/J%C3%BCrgen%20M"
    assert event.http_method == "GET"
    assert event.headers["User-Agent"] == "curl/8.5.0"
    assert event.multi_value_headers["Accept"] == ["application/json"]
    assert event.query_string_parameters == {"fields": "name,email", "tag": "b"}
    assert event.multi_value_query_string_parameters["tag"] == ["a", "b"]
    assert event.path_parameters == {"id": "Jürgen M"}
    assert event.stage_variables == {"table": "users-prod"}
    assert event.body is None
    assert event.is_base64_encoded is False
    assert event.decoded_body == b""
    assert event.json_body is None
    assert event.cookies == {"session": "3f9a1c", "theme": "dark"}
    context = event.request_context
    assert isinstance(context, APIGatewayRequestContext)
    assert context.account_id == "123456789012"
    assert context.api_id == "b7k2x9w4qa"
    assert context.resource_id == "q1w2e3"
    assert context.resource_path == "/users/{id}"
    assert context.stage == "prod"
    assert context.request_id == "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
    assert context.extended_request_id == "Cz8qLGHzDoEFqNw="
    assert context.http_method == "GET"
    assert context.path == "/prod/users/J%C3%BCrgen%20M"
    assert context.protocol == "HTTP/1.1"
    assert context.domain_name == "b7k2x9w4qa.execute-api.eu-west-1.amazonaws.com"
    assert context.domain_prefix == "b7k2x9w4qa"
    assert context.request_time == "26/Nov/2024:10:15:30 +0000"
    assert context.request_time_epoch == 1732616130123
    assert context.authorizer == {"principalId": "user-7", "integrationLatency": 12}
    assert context.route_key is None
    assert context.target_group_arn is None
    identity = context.identity
    assert isinstance(identity, RequestIdentity)
    assert identity.source_ip == "198.51.100.23"
    assert identity.user_agent == "curl/8.5.0"
    assert identity.user_arn is None
    assert identity.api_key is None


def test_http_api_event_uses_the_1_0_names() -> None:
    event = APIGatewayEvent(load_event("http/http_api.json"))
    assert event.flavor == "http"
    assert event.version == "2.0"
    assert event.resource == "/users/{id}"
    assert event.path == "/users/Jürgen M"
    assert event.http_method == "POST"
    assert event.headers["content-type"] == "application/json"
    assert event.multi_value_headers["accept"] == ["application/json"]
    assert event.query_string_parameters == {"note": "café", "tag": "a,b"}
    assert event.multi_value_query_string_parameters == {"tag": ["a", "b"], "note": ["café"]}
    assert event.path_parameters == {"id": "Jürgen M"}
    assert event.stage_variables == {}
    assert event.json_body == {"name": "Jürgen", "age": 7}
    assert event.cookies == {"session": "3f9a1c", "theme": "dark"}
    context = event.request_context
    assert context.http_method == "POST"
    assert context.path == "/users/Jürgen M"
    assert context.protocol == "HTTP/1.1"
    assert context.route_key == "POST /users/{id}"
    assert context.stage == "$default"
    assert context.request_time == "26/Nov/2024:12:41:02 +0000"
    assert context.request_time_epoch == 1732624862001
    assert context.authorizer["jwt"]["scopes"] == ["users/write"]
    assert context.identity.source_ip == "203.0.113.77"
    assert context.identity.user_agent == "python-requests/2.32.3"


def test_http_api_iam_caller_is_mapped_onto_the_identity() -> None:
    raw = load_event("http/http_api.json")
    raw["requestContext"]["authorizer"] = {
        "iam": {
            "accessKey": "ASIAEXAMPLE",
            "accountId": "111122223333",
            "callerId": "AROAEXAMPLE:alice",
            "cognitoIdentity": {"identityId": "eu-west-1:abc", "identityPoolId": "eu-west-1:pool"},
            "principalOrgId": "o-example",
            "userArn": "arn:aws:sts::111122223333:assumed-role/dev/alice",
            "userId": "AROAEXAMPLE:alice",
        }
    }
    identity = APIGatewayEvent(raw).request_context.identity
    assert identity.access_key == "ASIAEXAMPLE"
    assert identity.account_id == "111122223333"
    assert identity.caller == "AROAEXAMPLE:alice"
    assert identity.user == "AROAEXAMPLE:alice"
    assert identity.user_arn == "arn:aws:sts::111122223333:assumed-role/dev/alice"
    assert identity.principal_org_id == "o-example"
    assert identity.cognito_identity_id == "eu-west-1:abc"
    assert identity.cognito_identity_pool_id == "eu-west-1:pool"
    assert identity.source_ip == "203.0.113.77"


def test_http_api_payload_1_0_event() -> None:
    event = received(load_event("http/http_api_v1_payload.json"))
    assert event.flavor == "http"
    assert event.version == "1.0"
    assert event.path == "/v1/users/Jürgen M"
    assert event.http_method == "DELETE"
    assert event.query_string_parameters == {}
    assert event.multi_value_query_string_parameters == {}
    assert event.stage_variables == {}
    assert event.path_parameters == {"path": "users/Jürgen M"}
    assert event.request_context.stage == "v1"
    assert event.request_context.identity.user_agent == "okhttp/4.12.0"
    assert event.cookies == {"session": "3f9a1c"}


def test_function_url_event() -> None:
    event = APIGatewayEvent(load_event("http/function_url.json"))
    assert event.flavor == "url"
    assert event.path == "/users/J%C3%BCrgen%20M"
    assert event.http_method == "GET"
    assert event.resource == "$default"
    assert event.query_string_parameters == {"verbose": "1"}
    assert event.multi_value_query_string_parameters == {"verbose": ["1"]}
    assert event.path_parameters == {}
    assert event.cookies == {"session": "3f9a1c"}
    assert event.request_context.account_id == "anonymous"
    assert event.request_context.identity.source_ip == "198.51.100.61"


def test_alb_event_decodes_its_query_string() -> None:
    event = APIGatewayEvent(load_event("http/alb.json"))
    assert event.flavor == "alb"
    assert event.resource is None
    assert event.http_method == "GET"
    assert event.query_string_parameters == {"q": "café au lait", "page": "2"}
    assert event.multi_value_query_string_parameters == {"q": ["café au lait"], "page": ["2"]}
    assert event.multi_value_headers["accept"] == ["application/json"]
    assert event.cookies == {"session": "3f9a1c", "theme": "dark"}
    context = event.request_context
    assert context.target_group_arn == (
        "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/users-api/6d0ecf831eec9f09"
    )
    assert context.http_method == "GET"
    assert context.path == "/users/J%C3%BCrgen%20M"
    assert context.stage is None
    # ALB appends the address it saw to X-Forwarded-For.
    assert context.identity.source_ip == "198.51.100.50"
    assert context.identity.user_agent.startswith("Mozilla/5.0")


def test_alb_multi_value_event_fills_the_single_value_maps() -> None:
    event = APIGatewayEvent(load_event("http/alb_multi_value.json"))
    assert event.headers["content-type"] == "application/json"
    assert event.headers["cookie"] == "theme=dark"  # the last value, as API Gateway does
    assert event.multi_value_headers["cookie"] == ["session=3f9a1c", "theme=dark"]
    assert event.query_string_parameters == {"tag": "c", "dry_run": "true"}
    assert event.multi_value_query_string_parameters == {"tag": ["a b", "c"], "dry_run": ["true"]}
    assert event.cookies == {"session": "3f9a1c", "theme": "dark"}
    assert event.is_base64_encoded is True
    assert event.decoded_body == b'{"name": "Ada"}'
    assert event.json_body == {"name": "Ada"}


@pytest.mark.parametrize("kind", KINDS)
def test_maps_are_never_none(kind: str) -> None:
    raw = load_event(f"http/{kind}.json")
    for key in (
        "headers",
        "multiValueHeaders",
        "queryStringParameters",
        "multiValueQueryStringParameters",
        "pathParameters",
        "stageVariables",
    ):
        if key in raw:
            raw[key] = None
    raw.pop("cookies", None)
    event = APIGatewayEvent(raw)
    assert event.headers == {}
    assert event.multi_value_headers == {}
    assert event.query_string_parameters.get("name", "World") == "World"
    assert event.path_parameters == {}
    assert event.stage_variables == {}
    assert event.cookies == {}
    assert event.get_header("Host") is None


def test_a_short_hand_written_event_reads_without_errors() -> None:
    event = APIGatewayEvent({"httpMethod": "GET", "path": "/hello"})
    assert event.flavor == "rest"
    assert event.headers == {}
    assert event.request_context.stage is None
    assert event.request_context.http_method == "GET"
    assert event.request_context.path == "/hello"
    assert event.request_context.identity.source_ip is None
    assert event.request_context.request_time_epoch is None
    assert repr(event) == "APIGatewayEvent(flavor='rest', http_method='GET', resource=None)"


def test_get_header_ignores_case() -> None:
    event = APIGatewayEvent(load_event("http/rest.json"))
    assert event.get_header("user-agent") == "curl/8.5.0"
    assert event.get_header("USER-AGENT") == "curl/8.5.0"
    assert event.get_header("x-missing", "none") == "none"


def test_json_body_is_parsed_once() -> None:
    raw = load_event("http/http_api.json")
    event = APIGatewayEvent(raw)
    first = event.json_body
    assert event.json_body is first


def test_malformed_json_raises_bad_request() -> None:
    raw = load_event("http/http_api.json")
    raw["body"] = '{"name": '
    with pytest.raises(BadRequest, match="not valid JSON") as raised:
        _ = APIGatewayEvent(raw).json_body
    assert raised.value.status_code == 400


def test_base64_bodies_are_decoded() -> None:
    raw = load_event("http/function_url.json")
    raw.update(body=base64.b64encode(b"\x89PNG\r\n").decode(), isBase64Encoded=True)
    assert APIGatewayEvent(raw).decoded_body == b"\x89PNG\r\n"


def test_invalid_base64_raises_bad_request() -> None:
    raw = load_event("http/function_url.json")
    raw.update(body="not base64!", isBase64Encoded=True)
    with pytest.raises(BadRequest, match="base64"):
        _ = APIGatewayEvent(raw).decoded_body


def test_cookie_header_parsing_keeps_the_first_of_a_name_and_skips_junk() -> None:
    raw = {"httpMethod": "GET", "path": "/", "headers": {"Cookie": 'a=1; junk; =x; a=2; b="q"'}}
    assert APIGatewayEvent(raw).cookies == {"a": "1", "b": "q"}


def test_a_dict_body_in_a_hand_written_event_is_its_json_body() -> None:
    event = APIGatewayEvent({"httpMethod": "POST", "path": "/", "body": {"a": 1}})
    assert event.json_body == {"a": 1}
    assert event.body is None


def test_repr_shows_the_template_but_no_path_body_or_headers() -> None:
    raw = load_event("http/http_api.json")
    text = repr(APIGatewayEvent(raw))
    assert text == "APIGatewayEvent(flavor='http', http_method='POST', resource='/users/{id}')"
    assert "request_id='CrzeWhz3IAMEb1Q='" in repr(APIGatewayEvent(raw).request_context)
