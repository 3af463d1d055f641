"""Accessors typed ``list[str]``, ``dict[str, str]`` or ``dict[str, list[str]]`` hold only text.

An element that is not text (null, a number, an object, a list) is left out, as if AWS had not
sent it: the rule of text fields, where a value that is not text reads as None, carried to the
entries of lists and maps. Events come from the testing catalog with one container replaced.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambda_universal_router import InvalidEventError, Router
from lambda_universal_router.events import (
    APIGatewayEvent,
    AppSyncEvent,
    AppSyncEventsEvent,
    AuthorizerEvent,
    BedrockAgentEvent,
    CloudFrontEvent,
    CloudWatchLogsEvent,
    CognitoEvent,
    ConfigRuleEvent,
    ConnectEvent,
    DocumentDBEvent,
    IoTAuthorizerEvent,
    LexEvent,
    SESEvent,
    WebSocketEvent,
)
from lambda_universal_router.events._base import text_list_mapping, text_listing, text_mapping
from lambda_universal_router.testing import generate
from lambda_universal_router.testing._catalog import assign

NOT_TEXT: list[Any] = [None, 5, {"a": 1}, ["x"]]

#: What each container kind is given, and what its accessor must then return.
INJECTED: dict[str, Any] = {
    "list": ["a", *NOT_TEXT, "b"],
    "map": {"a": "1", "none": None, "five": 5, "object": {"a": 1}, "list": ["x"], "b": "2"},
    "multi": {
        "a": ["1", *NOT_TEXT, "2"],
        "none": None,
        "five": 5,
        "text": "solo",
        "object": {"a": 1},
        "b": [],
    },
}
EXPECTED: dict[str, Any] = {
    "list": ["a", "b"],
    "map": {"a": "1", "b": "2"},
    "multi": {"a": ["1", "2"], "b": []},
}


def put_in_json_text(field: str, path: str) -> Callable[[dict[str, Any], Any], None]:
    """Put a value at ``path`` of the JSON document held as text in the event's ``field``."""

    def put(raw: dict[str, Any], value: Any) -> None:
        document = json.loads(raw[field])
        assign(document, path, value)
        raw[field] = json.dumps(document)

    return put


def put_in_awslogs(path: str) -> Callable[[dict[str, Any], Any], None]:
    """Put a value at ``path`` of a CloudWatch Logs event's gzipped, base64 ``data``."""

    def put(raw: dict[str, Any], value: Any) -> None:
        document = json.loads(gzip.decompress(base64.b64decode(raw["awslogs"]["data"])))
        assign(document, path, value)
        raw["awslogs"]["data"] = base64.b64encode(
            gzip.compress(json.dumps(document).encode())
        ).decode()

    return put


@dataclass(frozen=True)
class Accessor:
    """One accessor: the catalog event it reads, where its container is, and how it is read."""

    event: str
    where: str | Callable[[dict[str, Any], Any], None]
    read: Callable[[dict[str, Any]], object]
    kind: str

    def given(self, value: Any) -> object:
        raw = generate(self.event)
        if callable(self.where):
            self.where(raw, value)
        else:
            assign(raw, self.where, value)
        return self.read(raw)


def put_cloudfront_values(name: str) -> Callable[[dict[str, Any], Any], None]:
    """Give a CloudFront request's header ``name`` one entry per item of a list (and one entry
    with no value at all)."""

    def put(raw: dict[str, Any], values: list[Any]) -> None:
        entries = [{"key": name, "value": value} for value in values]
        assign(raw, f"Records.0.cf.request.headers.{name.lower()}", [*entries, {"key": name}])

    return put


SES_HEADERS = "Records.0.ses.mail.commonHeaders"

ACCESSORS: dict[str, Accessor] = {
    # HTTP: REST (payload 1.0 names), HTTP API 2.0, ALB
    "APIGatewayEvent.headers": Accessor(
        "http:rest", "headers", lambda raw: APIGatewayEvent(raw).headers, "map"
    ),
    "APIGatewayEvent.multi_value_headers": Accessor(
        "http:rest",
        "multiValueHeaders",
        lambda raw: APIGatewayEvent(raw).multi_value_headers,
        "multi",
    ),
    "APIGatewayEvent.query_string_parameters": Accessor(
        "http:rest",
        "queryStringParameters",
        lambda raw: APIGatewayEvent(raw).query_string_parameters,
        "map",
    ),
    "APIGatewayEvent.multi_value_query_string_parameters": Accessor(
        "http:rest",
        "multiValueQueryStringParameters",
        lambda raw: APIGatewayEvent(raw).multi_value_query_string_parameters,
        "multi",
    ),
    "APIGatewayEvent.path_parameters": Accessor(
        "http:rest", "pathParameters", lambda raw: APIGatewayEvent(raw).path_parameters, "map"
    ),
    "APIGatewayEvent.stage_variables": Accessor(
        "http:rest", "stageVariables", lambda raw: APIGatewayEvent(raw).stage_variables, "map"
    ),
    "APIGatewayEvent.headers (HTTP API 2.0)": Accessor(
        "http:http", "headers", lambda raw: APIGatewayEvent(raw).headers, "map"
    ),
    "APIGatewayEvent.query_string_parameters (HTTP API 2.0)": Accessor(
        "http:http",
        "queryStringParameters",
        lambda raw: APIGatewayEvent(raw).query_string_parameters,
        "map",
    ),
    "APIGatewayEvent.query_string_parameters (ALB)": Accessor(
        "http:alb",
        "queryStringParameters",
        lambda raw: APIGatewayEvent(raw).query_string_parameters,
        "map",
    ),
    "APIGatewayEvent.multi_value_headers (ALB)": Accessor(
        "http:alb_multi",
        "multiValueHeaders",
        lambda raw: APIGatewayEvent(raw).multi_value_headers,
        "multi",
    ),
    "APIGatewayEvent.multi_value_query_string_parameters (ALB)": Accessor(
        "http:alb_multi",
        "multiValueQueryStringParameters",
        lambda raw: APIGatewayEvent(raw).multi_value_query_string_parameters,
        "multi",
    ),
    # API Gateway's request parts outside HTTP: authorizers and WebSocket $connect
    "AuthorizerEvent.headers": Accessor(
        "authorizer:request", "headers", lambda raw: AuthorizerEvent(raw).headers, "map"
    ),
    "AuthorizerEvent.multi_value_headers": Accessor(
        "authorizer:request",
        "multiValueHeaders",
        lambda raw: AuthorizerEvent(raw).multi_value_headers,
        "multi",
    ),
    "AuthorizerEvent.query_string_parameters": Accessor(
        "authorizer:request",
        "queryStringParameters",
        lambda raw: AuthorizerEvent(raw).query_string_parameters,
        "map",
    ),
    "AuthorizerEvent.multi_value_query_string_parameters": Accessor(
        "authorizer:request",
        "multiValueQueryStringParameters",
        lambda raw: AuthorizerEvent(raw).multi_value_query_string_parameters,
        "multi",
    ),
    "AuthorizerEvent.path_parameters": Accessor(
        "authorizer:request",
        "pathParameters",
        lambda raw: AuthorizerEvent(raw).path_parameters,
        "map",
    ),
    "AuthorizerEvent.stage_variables": Accessor(
        "authorizer:request",
        "stageVariables",
        lambda raw: AuthorizerEvent(raw).stage_variables,
        "map",
    ),
    "AuthorizerEvent.identity_source": Accessor(
        "authorizer:http",
        "identitySource",
        lambda raw: AuthorizerEvent(raw).identity_source,
        "list",
    ),
    "AuthorizerEvent.cookies": Accessor(
        "authorizer:http", "cookies", lambda raw: AuthorizerEvent(raw).cookies, "list"
    ),
    "WebSocketEvent.headers": Accessor(
        "websocket:connect", "headers", lambda raw: WebSocketEvent(raw).headers, "map"
    ),
    "WebSocketEvent.multi_value_query_string_parameters": Accessor(
        "websocket:connect",
        "multiValueQueryStringParameters",
        lambda raw: WebSocketEvent(raw).multi_value_query_string_parameters,
        "multi",
    ),
    # AppSync
    "AppSyncEvent.groups": Accessor(
        "appsync", "identity.groups", lambda raw: AppSyncEvent(raw).groups, "list"
    ),
    "AppSyncEvent.source_ip": Accessor(
        "appsync", "identity.sourceIp", lambda raw: AppSyncEvent(raw).source_ip, "list"
    ),
    "AppSyncEvent.request_headers": Accessor(
        "appsync", "request.headers", lambda raw: AppSyncEvent(raw).request_headers, "map"
    ),
    "AppSyncEvent.selection_set_list": Accessor(
        "appsync",
        "info.selectionSetList",
        lambda raw: AppSyncEvent(raw).selection_set_list,
        "list",
    ),
    "AppSyncEventsEvent.channel_segments": Accessor(
        "appsync_events",
        "info.channel.segments",
        lambda raw: AppSyncEventsEvent(raw).channel_segments,
        "list",
    ),
    # Bedrock agents, Lex, Connect
    "BedrockAgentEvent.session_attributes": Accessor(
        "bedrock_agent",
        "sessionAttributes",
        lambda raw: BedrockAgentEvent(raw).session_attributes,
        "map",
    ),
    "BedrockAgentEvent.prompt_session_attributes": Accessor(
        "bedrock_agent",
        "promptSessionAttributes",
        lambda raw: BedrockAgentEvent(raw).prompt_session_attributes,
        "map",
    ),
    "LexEvent.session_attributes (V1)": Accessor(
        "lex:v1", "sessionAttributes", lambda raw: LexEvent(raw).session_attributes, "map"
    ),
    "LexEvent.session_attributes (V2)": Accessor(
        "lex:v2",
        "sessionState.sessionAttributes",
        lambda raw: LexEvent(raw).session_attributes,
        "map",
    ),
    "LexEvent.request_attributes": Accessor(
        "lex:v2", "requestAttributes", lambda raw: LexEvent(raw).request_attributes, "map"
    ),
    "ConnectEvent.parameters": Accessor(
        "connect", "Details.Parameters", lambda raw: ConnectEvent(raw).parameters, "map"
    ),
    "ConnectEvent.attributes": Accessor(
        "connect",
        "Details.ContactData.Attributes",
        lambda raw: ConnectEvent(raw).attributes,
        "map",
    ),
    # Cognito
    "CognitoEvent.user_attributes": Accessor(
        "cognito:TokenGeneration_v3",
        "request.userAttributes",
        lambda raw: CognitoEvent(raw).request.user_attributes,
        "map",
    ),
    "CognitoEvent.validation_data": Accessor(
        "cognito:PreSignUp_SignUp",
        "request.validationData",
        lambda raw: CognitoEvent(raw).request.validation_data,
        "map",
    ),
    "CognitoEvent.client_metadata": Accessor(
        "cognito:TokenGeneration_v3",
        "request.clientMetadata",
        lambda raw: CognitoEvent(raw).request.client_metadata,
        "map",
    ),
    "CognitoEvent.groups": Accessor(
        "cognito:TokenGeneration_v3",
        "request.groupConfiguration.groupsToOverride",
        lambda raw: CognitoEvent(raw).request.groups,
        "list",
    ),
    "CognitoEvent.scopes": Accessor(
        "cognito:TokenGeneration_v3",
        "request.scopes",
        lambda raw: CognitoEvent(raw).request.scopes,
        "list",
    ),
    "CognitoEvent.private_challenge_parameters": Accessor(
        "cognito:VerifyAuthChallengeResponse_Authentication",
        "request.privateChallengeParameters",
        lambda raw: CognitoEvent(raw).request.private_challenge_parameters,
        "map",
    ),
    # SES
    **{
        f"SESMail.common_headers.{name}": Accessor(
            "ses",
            f"{SES_HEADERS}.{key}",
            lambda raw, name=name: getattr(SESEvent(raw).mail.common_headers, name),
            "list",
        )
        for name, key in [
            ("from_", "from"),
            ("to", "to"),
            ("cc", "cc"),
            ("bcc", "bcc"),
            ("reply_to", "replyTo"),
            ("sender", "sender"),
        ]
    },
    "SESMail.destination": Accessor(
        "ses",
        "Records.0.ses.mail.destination",
        lambda raw: SESEvent(raw).mail.destination,
        "list",
    ),
    "SESReceipt.recipients": Accessor(
        "ses",
        "Records.0.ses.receipt.recipients",
        lambda raw: SESEvent(raw).receipt.recipients,
        "list",
    ),
    # The rest
    "IoTAuthorizerEvent.protocols": Accessor(
        "iot:authorizer", "protocols", lambda raw: IoTAuthorizerEvent(raw).protocols, "list"
    ),
    "DocumentDBRecord.removed_fields": Accessor(
        "documentdb",
        "events.0.event.updateDescription.removedFields",
        lambda raw: DocumentDBEvent(raw).records[0].removed_fields,
        "list",
    ),
    "ConfigurationItem.tags": Accessor(
        "config_rule:change",
        put_in_json_text("invokingEvent", "configurationItem.tags"),
        lambda raw: _configuration_item_tags(ConfigRuleEvent(raw)),
        "map",
    ),
    "CloudWatchLogsEvent.subscription_filters": Accessor(
        "cloudwatch_logs",
        put_in_awslogs("subscriptionFilters"),
        lambda raw: CloudWatchLogsEvent(raw).subscription_filters,
        "list",
    ),
    "CloudFrontHeaders.get_all": Accessor(
        "cloudfront:viewer-request",
        put_cloudfront_values("X-Tag"),
        lambda raw: CloudFrontEvent(raw).request.headers.get_all("X-Tag"),
        "list",
    ),
}


def _configuration_item_tags(event: ConfigRuleEvent) -> dict[str, str]:
    item = event.configuration_item
    assert item is not None
    return item.tags


def _all_text(value: object, kind: str) -> bool:
    """Whether ``value`` is of the container type ``kind`` promises, holding only text."""
    if kind == "list":
        return type(value) is list and all(type(item) is str for item in value)
    if type(value) is not dict or not all(type(name) is str for name in value):
        return False
    if kind == "map":
        return all(type(item) is str for item in value.values())
    return all(_all_text(items, "list") for items in value.values())


@pytest.mark.parametrize("name", ACCESSORS)
def test_elements_that_are_not_text_are_left_out(name: str) -> None:
    accessor = ACCESSORS[name]

    got = accessor.given(INJECTED[accessor.kind])

    assert got == EXPECTED[accessor.kind]


@pytest.mark.parametrize("name", ACCESSORS)
def test_an_all_text_container_reads_as_sent(name: str) -> None:
    accessor = ACCESSORS[name]
    sent = EXPECTED[accessor.kind]

    got = accessor.given(sent)

    assert got == sent
    assert _all_text(got, accessor.kind)


@pytest.mark.parametrize(
    ("helper", "kind"),
    [(text_listing, "list"), (text_mapping, "map"), (text_list_mapping, "multi")],
)
def test_the_helpers_hand_back_an_all_text_container_itself(
    helper: Callable[[dict[str, Any], str], object], kind: str
) -> None:
    sent = EXPECTED[kind]

    assert helper({"field": sent}, "field") is sent
    assert helper({"field": INJECTED[kind]}, "field") == EXPECTED[kind]
    assert helper({"field": "text"}, "field") == ([] if kind == "list" else {})
    assert helper({}, "field") == ([] if kind == "list" else {})


def test_a_header_that_is_not_text_reads_as_absent() -> None:
    raw = generate("http:rest")
    raw["headers"] = {"X-Request-Id": None, "Accept": "text/html"}
    event = APIGatewayEvent(raw)

    assert event.get_header("x-request-id") is None
    assert event.get_header("x-request-id", "none sent") == "none sent"
    assert event.get_header("accept") == "text/html"


def test_path_parameters_aws_resolved_hold_only_text() -> None:
    router = Router()

    @router.get("/users/{user_id}")
    def user(event: APIGatewayEvent, context: Any) -> dict[str, Any]:
        return dict(event.path_parameters)

    raw = generate("http:http")
    raw.update(routeKey="GET /users/{user_id}", rawPath="/users/42")
    raw["requestContext"]["http"].update(method="GET", path="/users/42")
    raw["pathParameters"] = {"user_id": "42", "extra": None, "count": 5}

    answer = router.dispatch(raw, None)

    assert json.loads(answer["body"]) == {"user_id": "42"}


def test_cookies_that_are_not_text_are_left_out() -> None:
    raw = generate("http:http")
    raw["cookies"] = ["theme=dark", None, 5, {"a": 1}, ["x=1"], "lang=en"]

    assert APIGatewayEvent(raw).cookies == {"theme": "dark", "lang": "en"}


# --- any JSON value where a container is expected ---------------------------------------------

json_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=6)
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=16,
)

#: One list, one map, one multi-value map, and the HTTP headers of each flavor's reader.
REPRESENTATIVE = [
    "SESMail.common_headers.to",
    "CognitoEvent.user_attributes",
    "APIGatewayEvent.multi_value_headers",
    "APIGatewayEvent.headers",
    "APIGatewayEvent.headers (HTTP API 2.0)",
]
HEADER_READERS: dict[str, Callable[[APIGatewayEvent], object]] = {
    "headers": lambda event: event.headers,
    "multi_value_headers": lambda event: event.multi_value_headers,
    "query_string_parameters": lambda event: event.query_string_parameters,
    "multi_value_query_string_parameters": lambda event: event.multi_value_query_string_parameters,
    "cookies": lambda event: event.cookies,
}
HEADER_KINDS = {
    "headers": "map",
    "multi_value_headers": "multi",
    "query_string_parameters": "map",
    "multi_value_query_string_parameters": "multi",
    "cookies": "map",
}


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(REPRESENTATIVE), value=json_values)
def test_any_json_value_reads_as_the_declared_type(name: str, value: Any) -> None:
    accessor = ACCESSORS[name]

    try:
        got = accessor.given(value)
    except InvalidEventError:
        return

    assert _all_text(got, accessor.kind)


HTTP_FIELDS = ["headers", "multiValueHeaders", "queryStringParameters", "cookies"]


@settings(max_examples=150, deadline=None)
@given(
    flavor=st.sampled_from(["http:rest", "http:http", "http:url", "http:alb", "http:lattice"]),
    fields=st.dictionaries(st.sampled_from(HTTP_FIELDS), json_values, max_size=4),
)
def test_http_maps_are_text_whatever_each_flavor_is_sent(
    flavor: str, fields: dict[str, Any]
) -> None:
    raw = generate(flavor)
    raw.update(fields)
    if flavor == "http:alb":
        raw["multiValueQueryStringParameters"] = fields.get("queryStringParameters")
    event = APIGatewayEvent(raw)

    for reader, read in HEADER_READERS.items():
        assert _all_text(read(event), HEADER_KINDS[reader]), reader
    for name in ("host", "cookie", "x-anything"):
        assert event.get_header(name) is None or type(event.get_header(name)) is str


def test_cloudfront_headers_iterate_only_the_names_a_lookup_finds() -> None:
    raw = generate("cloudfront:viewer-request")
    headers = raw["Records"][0]["cf"]["request"]["headers"]
    headers["x-empty"] = [{"key": "X-Empty", "value": None}]
    headers["x-odd"] = "not a list"
    mapping = CloudFrontEvent(raw).request.headers

    names = list(mapping)

    assert "x-empty" not in names and "x-odd" not in names
    assert len(mapping) == len(names)
    assert dict(mapping) == {name: mapping[name] for name in names}  # no KeyError on the way


def test_ses_headers_hold_only_entries_whose_name_and_value_are_text() -> None:
    raw = generate("ses")
    mail = raw["Records"][0]["ses"]["mail"]
    good = [{"name": "Subject", "value": "Hello"}, {"name": "X-Tag", "value": "a"}]
    mail["headers"] = [good[0], None, {"name": 5, "value": "x"}, {"name": "X-Null"}, good[1]]
    read = SESEvent(raw).records[0].mail

    assert read.headers == good
    assert read.header("x-tag") == "a"
    assert read.header("x-null") is None

    mail["headers"] = good
    assert SESEvent(raw).records[0].mail.headers is good  # all text: the list AWS sent
