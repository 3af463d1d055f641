"""API Gateway Lambda authorizers: every variant, routing by type, and the answers."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import (
    ConfigurationError,
    InvalidEventError,
    InvalidResponseError,
    Router,
    UnmatchedEventError,
)
from lambda_universal_router._classify import classify
from lambda_universal_router.events import AuthorizerEvent
from lambda_universal_router.testing._factories_api import authorizer
from tests.conftest import load_event

FIXTURES = [
    ("token", "token"),
    ("request", "request"),
    ("http_v1", "request"),
    ("http_v2", "http"),
    ("websocket_request", "request"),
]


@pytest.mark.parametrize(("name", "variant"), FIXTURES)
def test_every_variant_is_recognised(name: str, variant: str) -> None:
    source, detected = classify(load_event(f"authorizer/{name}.json"))
    assert (source.name, detected) == ("authorizer", variant)
    assert AuthorizerEvent(load_event(f"authorizer/{name}.json")).variant == variant


@pytest.mark.parametrize("kind", ["token", "request", "websocket", "http", "http_v1"])
def test_factory_events_are_recognised(kind: str) -> None:
    expected = {"websocket": "request", "http_v1": "request"}.get(kind, kind)
    assert classify(authorizer(kind)) == (classify(authorizer(kind))[0], expected)
    assert classify(authorizer(kind))[0].name == "authorizer"


def test_token_attributes() -> None:
    event = AuthorizerEvent(load_event("authorizer/token.json"))

    assert event.type == "TOKEN"
    assert event.authorization_token is not None
    assert event.authorization_token.startswith("Bearer ")
    assert event.method_arn == (
        "arn:aws:execute-api:us-west-2:123456789012:ymy8tbxw7b/prod/GET/orders/42"
    )
    assert event.route_arn is None
    assert (event.region, event.account_id, event.api_id, event.stage) == (
        "us-west-2",
        "123456789012",
        "ymy8tbxw7b",
        "prod",
    )
    assert event.http_method == "GET"
    assert event.headers == {}
    assert event.version is None
    assert "Bearer" not in repr(event)


def test_rest_request_attributes() -> None:
    event = AuthorizerEvent(load_event("authorizer/request.json"))

    assert event.headers["headerauth1"] == "headerValue1"
    assert event.multi_value_headers["Accept"] == ["*/*"]
    assert event.query_string_parameters == {"QueryString1": "queryValue1"}
    assert event.multi_value_query_string_parameters == {"QueryString1": ["queryValue1"]}
    assert event.stage_variables == {"StageVar1": "stageValue1"}
    assert event.path_parameters == {}
    assert event.resource == "/request"
    assert event.path == "/request"
    assert event.http_method == "GET"
    assert event.source_ip == "198.51.100.7"
    assert event.request_context["resourceId"] == "05c7jb"
    assert event.authorization_token is None
    assert not event.is_websocket


def test_http_v2_attributes() -> None:
    event = AuthorizerEvent(load_event("authorizer/http_v2.json"))

    assert event.version == "2.0"
    assert event.route_arn is not None
    assert event.arn == event.route_arn
    assert event.identity_source == ["Bearer token-abc", "tenant-7"]
    assert event.route_key == "POST /orders/{id}"
    assert event.path == "/orders/42"
    assert (event.raw_query_string or "").startswith("parameter1")
    assert event.cookies == ["session=abc123", "theme=dark"]
    assert event.http_method == "POST"
    assert event.source_ip == "198.51.100.7"
    assert event.path_parameters == {"id": "42"}
    assert event.stage == "$default"


def test_http_v1_identity_source_is_split() -> None:
    event = AuthorizerEvent(load_event("authorizer/http_v1.json"))

    assert event.identity_source == ["Bearer token-abc", "tenant-7"]
    assert event.authorization_token == "Bearer token-abc,tenant-7"


def test_websocket_authorizer() -> None:
    event = AuthorizerEvent(load_event("authorizer/websocket_request.json"))

    assert event.is_websocket
    assert event.route_key == "$connect"
    assert event.query_string_parameters == {"token": "ticket-123"}
    assert event.api_arn == "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/production/*"


# --- answers ---------------------------------------------------------------------------------


def test_allow_defaults_to_the_called_method() -> None:
    event = AuthorizerEvent(load_event("authorizer/token.json"))

    answer = event.allow("user-42", context={"tier": "gold", "quota": 5, "admin": False})

    assert answer == {
        "principalId": "user-42",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": "execute-api:Invoke",
                    "Effect": "Allow",
                    "Resource": [event.method_arn],
                }
            ],
        },
        "context": {"tier": "gold", "quota": 5, "admin": False},
    }


def test_allow_the_whole_api_with_a_usage_plan_key() -> None:
    event = AuthorizerEvent(load_event("authorizer/request.json"))

    answer = event.allow("user-42", resource=event.api_arn, usage_identifier_key="key-123")

    statement = answer["policyDocument"]["Statement"][0]
    assert statement["Resource"] == [
        "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/*/*"
    ]
    assert answer["usageIdentifierKey"] == "key-123"


def test_deny_several_resources() -> None:
    event = AuthorizerEvent(load_event("authorizer/http_v2.json"))
    resources = [event.resource_arn("DELETE", "/orders/*"), event.resource_arn("PUT")]

    answer = event.deny("anonymous", resource=resources)

    statement = answer["policyDocument"]["Statement"][0]
    assert statement["Effect"] == "Deny"
    assert statement["Resource"] == [
        "arn:aws:execute-api:us-east-1:123456789012:abcdef123/$default/DELETE/orders/*",
        "arn:aws:execute-api:us-east-1:123456789012:abcdef123/$default/PUT/*",
    ]
    assert "context" not in answer


def test_simple_response_for_http_apis() -> None:
    event = AuthorizerEvent(load_event("authorizer/http_v2.json"))

    assert event.simple_response(True, context={"user": "u-1"}) == {
        "isAuthorized": True,
        "context": {"user": "u-1"},
    }
    assert event.simple_response(False) == {"isAuthorized": False}


def test_simple_response_is_refused_where_api_gateway_wants_a_policy() -> None:
    event = AuthorizerEvent(load_event("authorizer/token.json"))

    with pytest.raises(InvalidResponseError, match="IAM policy"):
        event.simple_response(True)


@pytest.mark.parametrize("bad", [{"nested": {"a": 1}}, {"items": [1, 2]}, {"none": None}])
def test_context_values_must_be_scalars(bad: dict[str, Any]) -> None:
    event = AuthorizerEvent(load_event("authorizer/token.json"))

    with pytest.raises(InvalidResponseError, match="string, number and boolean"):
        event.allow("user", context=bad)


def test_a_bad_effect_is_refused() -> None:
    event = AuthorizerEvent(load_event("authorizer/token.json"))

    with pytest.raises(InvalidResponseError, match="'Allow' or 'Deny'"):
        event.policy("allow", "user")


def test_an_event_without_an_arn_cannot_build_a_policy() -> None:
    event = AuthorizerEvent({"type": "TOKEN", "authorizationToken": "t", "methodArn": "nope"})

    with pytest.raises(InvalidEventError, match="not an execute-api ARN"):
        event.allow("user")


# --- routing ---------------------------------------------------------------------------------


def test_handlers_are_chosen_by_type() -> None:
    router = Router(unmatched="fail")

    @router.authorizer(type="token")
    def token(event: AuthorizerEvent, context: Any) -> dict[str, Any]:
        return event.allow("token-user")

    @router.authorizer(type=["http"])
    def http(event: AuthorizerEvent, context: Any) -> dict[str, Any]:
        return event.simple_response(True)

    assert router.dispatch(load_event("authorizer/token.json"))["principalId"] == "token-user"
    assert router.dispatch(load_event("authorizer/http_v2.json")) == {"isAuthorized": True}
    with pytest.raises(UnmatchedEventError):
        router.dispatch(load_event("authorizer/request.json"))


@pytest.mark.parametrize("kind", ["TOKEN", ["Http", "request"]])
def test_type_is_case_insensitive(kind: Any) -> None:
    router = Router()

    @router.authorizer(type=kind)
    def handler(event: AuthorizerEvent, context: Any) -> dict[str, Any]:
        return event.deny("x")

    assert router.routes()[0].filters["type"] <= {"token", "request", "http"}


@pytest.mark.parametrize("kind", ["cognito", "", []])
def test_unknown_types_are_refused_at_registration(kind: Any) -> None:
    with pytest.raises(ConfigurationError, match="type="):
        Router().authorizer(type=kind)


def test_one_handler_for_every_variant() -> None:
    router = Router()

    @router.authorizer()
    def any_kind(event: AuthorizerEvent, context: Any) -> dict[str, Any]:
        return event.deny("anonymous")

    for name, _ in FIXTURES:
        answer = router.dispatch(load_event(f"authorizer/{name}.json"))
        assert answer["policyDocument"]["Statement"][0]["Effect"] == "Deny"


@given(
    region=st.sampled_from(["us-east-1", "eu-west-1", "ap-southeast-2"]),
    api_id=st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=10, max_size=10),
    stage=st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12),
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE"]),
    path=st.lists(st.text("abcdefgh{}0123", min_size=1, max_size=8), max_size=4),
    kind=st.sampled_from(["token", "request", "http", "http_v1"]),
)
def test_api_arn_covers_the_stage(
    region: str, api_id: str, stage: str, method: str, path: list[str], kind: str
) -> None:
    event = AuthorizerEvent(
        authorizer(
            kind,
            region=region,
            api_id=api_id,
            stage=stage,
            method=method,
            path="/" + "/".join(path),
        )
    )
    assert event.api_arn == f"arn:aws:execute-api:{region}:123456789012:{api_id}/{stage}/*/*"
    assert event.allow("p")["policyDocument"]["Statement"][0]["Resource"] == [event.arn]
