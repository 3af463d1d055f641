"""Whatever an HTTP-looking event holds, dispatch answers or raises one of the library's errors."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambda_universal_router import Router, RouterError
from lambda_universal_router.events import APIGatewayEvent
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

#: What JSON can carry (events arrive as JSON): no NaN or infinities, which answers that echo the
#: event could not carry back either.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
json_like = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
paths = st.one_of(
    st.sampled_from(["/", "/users/7", "/users/me/", "//", "/a%2Fb/%E2%82%AC", "/%zz", "/v1/x"]),
    st.text(alphabet="/ab%2F+{}?", max_size=12),
    json_like,
)
methods = st.one_of(st.sampled_from(["GET", "HEAD", "OPTIONS", "post", "PATCH", ""]), json_like)
string_maps = st.one_of(
    json_like,
    st.dictionaries(st.text(max_size=8), st.one_of(st.text(max_size=8), st.lists(json_like))),
)
context = st.one_of(
    json_like,
    st.fixed_dictionaries(
        {},
        optional={
            "stage": st.one_of(st.sampled_from(["$default", "v1", ""]), json_like),
            "domainName": st.one_of(
                st.sampled_from(["x.execute-api.eu-west-1.amazonaws.com", "x.lambda-url.on.aws"]),
                json_like,
            ),
            "http": st.one_of(
                json_like, st.fixed_dictionaries({}, optional={"method": methods, "path": paths})
            ),
            "elb": json_like,
            "identity": string_maps,
            "authorizer": json_like,
            "requestTimeEpoch": json_like,
            "serviceNetworkArn": json_like,
        },
    ),
)
http_events = st.fixed_dictionaries(
    {},
    optional={
        "httpMethod": methods,
        "path": paths,
        "resource": st.one_of(st.sampled_from(["/users/{id}", "/{proxy+}", "/"]), json_like),
        "rawPath": paths,
        "routeKey": st.one_of(st.sampled_from(["$default", "GET /users/{id}"]), json_like),
        "version": st.one_of(st.sampled_from(["1.0", "2.0"]), json_like),
        "requestContext": context,
        "headers": string_maps,
        "multiValueHeaders": string_maps,
        "queryStringParameters": string_maps,
        "multiValueQueryStringParameters": string_maps,
        "rawQueryString": st.one_of(st.text(max_size=12), json_like),
        "pathParameters": string_maps,
        "stageVariables": string_maps,
        "cookies": st.one_of(st.lists(st.text(max_size=10)), json_like),
        "body": st.one_of(st.text(max_size=20), st.just('{"a": 1}'), json_like),
        "isBase64Encoded": json_like,
        "method": methods,
        "raw_path": paths,
        "query_string_parameters": string_maps,
        "is_base64_encoded": json_like,
    },
)


@st.composite
def damaged_fixtures(draw: st.DrawFn) -> dict[str, Any]:
    """A realistic event of some flavor with a few fields replaced by arbitrary JSON values."""
    event: dict[str, Any] = load_event(f"http/{draw(st.sampled_from(KINDS))}.json")
    for key in draw(st.lists(st.sampled_from(sorted(event)), max_size=3, unique=True)):
        event[key] = draw(json_like)
    context = event.get("requestContext")
    if isinstance(context, dict) and context:
        for key in draw(st.lists(st.sampled_from(sorted(context)), max_size=2, unique=True)):
            context[key] = draw(json_like)
    return event


def read_everything(event: APIGatewayEvent) -> dict[str, Any]:
    context = event.request_context
    identity = context.identity
    return {
        "fields": [
            event.flavor,
            event.version,
            event.resource,
            event.path,
            event.http_method,
            event.headers,
            event.multi_value_headers,
            event.query_string_parameters,
            event.multi_value_query_string_parameters,
            event.path_parameters,
            event.stage_variables,
            event.body,
            event.is_base64_encoded,
            event.cookies,
            event.get_header("Content-Type"),
            repr(event),
        ],
        "context": [
            context.account_id,
            context.stage,
            context.http_method,
            context.path,
            context.request_time,
            context.request_time_epoch,
            context.target_group_arn,
            context.authorizer,
            repr(context),
        ],
        "identity": [identity.source_ip, identity.user_agent, identity.user_arn, repr(identity)],
        "body": [len(event.decoded_body), event.json_body is None],
    }


def build() -> Router:
    router = Router()
    router.any("/{path+}")(lambda event, context: read_everything(event))
    router.get("/")(lambda event, context: str(read_everything(event)))
    router.get("/users/{id}")(lambda event, context: (read_everything(event), 201))
    return router


ROUTER = build()


def answers_or_raises_a_router_error(event: dict[str, Any]) -> None:
    try:
        response = ROUTER.dispatch(event, {})
    except RouterError:
        return
    assert isinstance(response, dict)
    assert type(response["statusCode"]) is int
    # Handlers read every field: a 500 here would be the library failing on the event.
    assert response["statusCode"] != 500, response


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(http_events)
def test_http_looking_dicts_answer_or_raise_a_router_error(event: dict[str, Any]) -> None:
    answers_or_raises_a_router_error(event)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_fixtures())
def test_damaged_real_events_answer_or_raise_a_router_error(event: dict[str, Any]) -> None:
    answers_or_raises_a_router_error(event)


@settings(max_examples=200)
@given(http_events)
def test_every_field_of_a_hand_made_event_reads_without_errors(event: dict[str, Any]) -> None:
    with contextlib.suppress(RouterError):  # BadRequest for bodies that are not JSON or base64
        read_everything(APIGatewayEvent(event))


@pytest.fixture(autouse=True)
def _quiet(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.CRITICAL, logger="lambda_universal_router")
