"""The classifier tells every source apart from its look-alikes, whatever is registered."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import InvalidEventError
from lambda_universal_router._classify import classify

REST = {
    "resource": "/users/{id}",
    "path": "/users/1",
    "httpMethod": "GET",
    "requestContext": {"resourceId": "abc", "stage": "prod", "apiId": "a1"},
}
ALB = {
    "httpMethod": "GET",
    "path": "/users/1",
    "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:tg"}},
}
HTTP_API = {
    "version": "2.0",
    "routeKey": "GET /users/{id}",
    "rawPath": "/users/1",
    "requestContext": {"domainName": "a1.execute-api.us-east-1.amazonaws.com", "http": {}},
}
FUNCTION_URL = {
    "version": "2.0",
    "routeKey": "$default",
    "rawPath": "/users/1",
    "requestContext": {"domainName": "abc.lambda-url.us-east-1.on.aws", "http": {}},
}
EVENTBRIDGE = {"version": "0", "detail-type": "OrderPlaced", "source": "shop", "detail": {}}

CASES: list[tuple[str, Any, str, str]] = [
    ("sqs record", {"Records": [{"eventSource": "aws:sqs", "body": "x"}]}, "sqs", ""),
    ("sns record", {"Records": [{"EventSource": "aws:sns", "Sns": {}}]}, "sns", ""),
    ("s3 record", {"Records": [{"eventSource": "aws:s3", "s3": {}}]}, "s3", ""),
    ("dynamodb record", {"Records": [{"eventSource": "aws:dynamodb"}]}, "dynamodb", ""),
    ("kinesis record", {"Records": [{"eventSource": "aws:kinesis"}]}, "kinesis", ""),
    ("1.0 short MODIFY", {"Records": [{"eventName": "MODIFY", "dynamodb": {}}]}, "dynamodb", ""),
    ("1.0 short kinesis", {"Records": [{"kinesis": {"data": ""}}]}, "kinesis", ""),
    ("1.0 short sns", {"Records": [{"Sns": {"Message": "hi"}}]}, "sns", ""),
    ("1.0 short s3", {"Records": [{"eventName": "ObjectRemoved:Delete", "s3": {}}]}, "s3", ""),
    ("sqs without source", {"Records": [{"messageId": "1", "body": "x"}]}, "sqs", ""),
    ("rest v1", REST, "http", "rest"),
    ("alb", ALB, "http", "alb"),
    ("http api v2", HTTP_API, "http", "http"),
    ("function url", FUNCTION_URL, "http", "url"),
    ("eventbridge", EVENTBRIDGE, "eventbridge", ""),
    ("msk", {"eventSource": "aws:kafka", "records": {}}, "kafka", ""),
    ("self-managed kafka", {"eventSource": "SelfManagedKafka", "records": {}}, "kafka", ""),
    (
        "rest request authorizer",
        {**REST, "type": "REQUEST", "methodArn": "arn:aws:execute-api:x"},
        "authorizer",
        "request",
    ),
    (
        "token authorizer",
        {"type": "TOKEN", "authorizationToken": "t", "methodArn": "arn"},
        "authorizer",
        "token",
    ),
    (
        "http api authorizer",
        {**HTTP_API, "type": "REQUEST", "routeArn": "arn"},
        "authorizer",
        "http",
    ),
    (
        "bedrock agent",
        {"agent": {}, "actionGroup": "g", "apiPath": "/x", "httpMethod": "GET"},
        "bedrock_agent",
        "openapi",
    ),
    ("source without detail-type", {"source": "my.app", "id": "1"}, "custom", ""),
    ("detail-type without source", {"detail-type": "x"}, "custom", ""),
    ("empty records", {"Records": []}, "custom", ""),
    ("records not a list", {"Records": "nope"}, "custom", ""),
    ("unknown record", {"Records": [{"hello": "world"}]}, "custom", ""),
    ("1.0 custom example", {"type": "user.created", "data": {"user_id": "123"}}, "custom", ""),
    ("empty dict", {}, "custom", ""),
]


@pytest.mark.parametrize(("name", "event", "source", "variant"), CASES, ids=[c[0] for c in CASES])
def test_classify_tells_look_alikes_apart(name: str, event: Any, source: str, variant: str) -> None:
    detected, detected_variant = classify(event)
    assert (detected.name, detected_variant) == (source, variant)


@pytest.mark.parametrize("event", [None, "{}", 42, b"{}", [], [1, 2]])
def test_classify_rejects_non_objects_with_a_clear_error(event: Any) -> None:
    with pytest.raises(InvalidEventError, match="needs the event as a dict"):
        classify(event)


def test_appsync_batch_is_a_list_of_resolver_calls() -> None:
    call = {"info": {"fieldName": "getPost", "parentTypeName": "Query"}, "arguments": {}}
    source, variant = classify([call, call])
    assert (source.name, variant) == ("appsync", "batch")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
AWS_KEYS = (
    "Records",
    "httpMethod",
    "rawPath",
    "detail-type",
    "source",
    "eventSource",
    "requestContext",
    "methodArn",
    "routeArn",
    "type",
    "triggerSource",
    "ResponseURL",
    "awslogs",
    "records",
    "deliveryStreamArn",
    "invocationSchemaVersion",
    "info",
    "invocationSource",
    "agent",
    "actionGroup",
    "Details",
    "Name",
    "method",
    "raw_path",
    "Sns",
    "dynamodb",
    "kinesis",
    "s3",
)
aws_keys = st.sampled_from(AWS_KEYS)


@given(st.dictionaries(aws_keys | st.text(max_size=10), json_values, max_size=6))
def test_classify_never_fails_on_any_json_object(event: dict[str, Any]) -> None:
    source, variant = classify(event)
    assert isinstance(source.name, str)
    assert isinstance(variant, str)
