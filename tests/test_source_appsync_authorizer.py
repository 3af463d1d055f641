"""AppSync Lambda authorizers: requests typed, not confused with their neighbours, answered."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import InvalidResponseError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import AppSyncAuthorizerEvent
from lambda_universal_router.testing._factories_extra import appsync_authorizer
from tests.conftest import load_event

FIXTURES = ["appsync_authorizer/request.json", "appsync_authorizer/without_headers.json"]
FIELD_ARN = "arn:aws:appsync:eu-west-1:210987654321:apis/q3rl/types/Post/fields/draft"


@pytest.mark.parametrize("name", FIXTURES)
def test_requests_are_recognised(name: str) -> None:
    source, variant = classify(load_event(name))
    assert (source.name, variant) == ("appsync_authorizer", "")


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("authorizer/token.json", "authorizer"),  # API Gateway TOKEN: authorizationToken too
        ("authorizer/http_v1.json", "authorizer"),
        ("appsync/query_cognito.json", "appsync"),  # what the authorized request then runs
        ("websocket/connect.json", "websocket"),
    ],
)
def test_neighbours_keep_their_source(name: str, source: str) -> None:
    assert classify(load_event(name))[0].name == source


def test_request_is_typed() -> None:
    event = AppSyncAuthorizerEvent(load_event("appsync_authorizer/request.json"))

    assert event.authorization_token == "Bearer tok-7a1c9e"
    assert event.api_id == "q3rlxm6w2nfhbdyuk5ocsezt4a"
    assert event.account_id == "210987654321"
    assert event.request_id == "2b6e0c1d-8f3a-4d7b-9c5e-a1b2c3d4e5f6"
    assert event.operation_name == "AddComment"
    assert event.query_string is not None
    assert event.query_string.startswith("mutation AddComment")
    assert event.variables == {"post": "post-17", "text": "Nice write-up"}
    assert event.request_headers["content-type"] == "application/json"
    assert "tok-7a1c9e" not in repr(event)
    assert repr(event) == (
        "AppSyncAuthorizerEvent(api_id='q3rlxm6w2nfhbdyuk5ocsezt4a', "
        "operation_name='AddComment', request_id='2b6e0c1d-8f3a-4d7b-9c5e-a1b2c3d4e5f6')"
    )


def test_partial_request_reads_as_empty() -> None:
    event = AppSyncAuthorizerEvent(load_event("appsync_authorizer/without_headers.json"))

    assert event.operation_name is None
    assert event.request_headers == {}
    assert AppSyncAuthorizerEvent({}).variables == {}


def test_answers() -> None:
    assert AppSyncAuthorizerEvent.deny() == {"isAuthorized": False}
    assert AppSyncAuthorizerEvent.deny(ttl_override=0) == {"isAuthorized": False, "ttlOverride": 0}
    assert AppSyncAuthorizerEvent.allow() == {"isAuthorized": True}
    assert AppSyncAuthorizerEvent.allow(
        resolver_context={"user": "ada", "tier": "gold"},
        denied_fields=[
            "Mutation.deletePost",
            FIELD_ARN,
        ],
        ttl_override=300,
    ) == {
        "isAuthorized": True,
        "resolverContext": {"user": "ada", "tier": "gold"},
        "deniedFields": [
            "Mutation.deletePost",
            FIELD_ARN,
        ],
        "ttlOverride": 300,
    }


@pytest.mark.parametrize("ttl", [-1, 3601, 1.5, True, "60"])
def test_cache_times_appsync_would_reject_are_refused(ttl: Any) -> None:
    with pytest.raises(InvalidResponseError, match="0 to 3600"):
        AppSyncAuthorizerEvent.allow(ttl_override=ttl)


def test_handler_answers_appsync() -> None:
    # Given an authorizer that knows one token
    router = Router()

    @router.appsync_authorizer()
    def authorize(event: AppSyncAuthorizerEvent, context: Any) -> dict[str, Any]:
        if event.authorization_token != "Bearer tok-7a1c9e":
            return event.deny()
        return event.allow(resolver_context={"user": "ada"}, denied_fields=["Post.draft"])

    # When requests come in, then only the known token passes
    allowed = router.dispatch(load_event("appsync_authorizer/request.json"), {})
    assert allowed == {
        "isAuthorized": True,
        "resolverContext": {"user": "ada"},
        "deniedFields": ["Post.draft"],
    }
    assert router.dispatch(load_event("appsync_authorizer/without_headers.json"), {}) == {
        "isAuthorized": False
    }


def test_factory_event_is_recognised_and_typed() -> None:
    raw = appsync_authorizer("tok", operation_name="Feed", api_id="api123")
    assert classify(raw)[0].name == "appsync_authorizer"
    event = AppSyncAuthorizerEvent(raw)
    assert (event.authorization_token, event.operation_name, event.api_id) == (
        "tok",
        "Feed",
        "api123",
    )


@given(token=st.text(min_size=1, max_size=60))
def test_the_token_never_reaches_repr(token: str) -> None:
    raw = load_event("appsync_authorizer/request.json")
    raw["authorizationToken"] = token
    event = AppSyncAuthorizerEvent(raw)

    assert event.authorization_token == token
    assert repr(event).startswith("AppSyncAuthorizerEvent(api_id='q3rlxm6w2nfhbdyuk5ocsezt4a'")
    assert repr(event).count("=") == 3
