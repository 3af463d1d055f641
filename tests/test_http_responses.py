"""Handler return values shaped into each flavor's response format."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lambda_universal_router import Response, Router
from tests.conftest import load_event

REST = {"httpMethod": "GET", "path": "/r"}
ALB_MULTI = {
    "httpMethod": "GET",
    "path": "/r",
    "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:tg"}},
    "multiValueHeaders": {"accept": ["*/*"]},
}
ALB = {k: v for k, v in ALB_MULTI.items() if k != "multiValueHeaders"}


def returning(value: Any, event: dict[str, Any] | None = None) -> dict[str, Any]:
    router = Router()
    router.any("/r")(lambda event, context: value)
    response = router.dispatch(dict(event or REST), {})
    assert isinstance(response, dict)
    return response


@pytest.mark.parametrize(
    ("value", "status", "body", "content_type"),
    [
        ({"a": [1, 2]}, 200, '{"a": [1, 2]}', "application/json"),
        ([1, "two"], 200, '[1, "two"]', "application/json"),
        (3.5, 200, "3.5", "application/json"),
        (True, 200, "true", "application/json"),
        ("héllo", 200, "héllo", "text/plain; charset=utf-8"),
        (None, 204, "", None),
        (("created", 201), 201, "created", "text/plain; charset=utf-8"),
        (({"id": 1}, 201), 201, '{"id": 1}', "application/json"),
        ((None, 202), 202, "", None),
        (Response(), 200, "", None),
        (Response(404, "gone"), 404, "gone", "text/plain; charset=utf-8"),
        (
            Response(body={"x": 1}, content_type="application/vnd.api+json"),
            200,
            '{"x": 1}',
            "application/vnd.api+json",
        ),
    ],
)
def test_return_values(value: Any, status: int, body: str, content_type: str | None) -> None:
    response = returning(value)
    assert response["statusCode"] == status
    assert response["body"] == body
    assert response["headers"].get("Content-Type") == content_type
    assert response["isBase64Encoded"] is False


def test_bytes_are_base64_with_a_binary_default_type() -> None:
    response = returning(bytearray(b"\x00\x01\x02"))
    assert response == {
        "statusCode": 200,
        "headers": {"Content-Type": "application/octet-stream"},
        "body": "AAEC",
        "isBase64Encoded": True,
    }
    image = returning(Response(body=b"\x89PNG", content_type="image/png"))
    assert image["headers"] == {"Content-Type": "image/png"}
    assert image["isBase64Encoded"] is True


def test_a_content_type_in_headers_is_kept_whatever_its_case() -> None:
    response = returning(("<p>hi</p>", 200, {"content-type": "text/html", "X-A": "1"}))
    assert response["headers"] == {"content-type": "text/html", "X-A": "1"}
    override = returning(Response(body="x", headers={"content-type": "a/b"}, content_type="c/d"))
    assert override["headers"] == {"Content-Type": "c/d"}


def test_a_status_code_dict_with_a_string_body_is_passed_through_untouched() -> None:
    value = {"statusCode": 302, "headers": {"Location": "/elsewhere"}, "body": ""}
    router = Router()
    router.get("/r")(lambda event, context: value)
    assert router.dispatch(dict(REST), {}) is value


def test_a_status_code_dict_with_an_object_body_gets_json_and_a_content_type() -> None:
    value = {"statusCode": 200, "body": {"id": 1}}
    response = returning(value)
    assert response == {
        "statusCode": 200,
        "body": '{"id": 1}',
        "isBase64Encoded": False,
        "headers": {"Content-Type": "application/json"},
    }
    assert value == {"statusCode": 200, "body": {"id": 1}}  # the handler's dict is not changed


def test_a_status_code_dict_keeps_its_own_content_type_and_base64_encodes_bytes() -> None:
    typed = returning({"statusCode": 200, "headers": {"Content-Type": "x/y"}, "body": [1]})
    assert typed["headers"] == {"Content-Type": "x/y"}
    assert typed["body"] == "[1]"
    binary = returning({"statusCode": 200, "body": b"\xff"})
    assert (binary["body"], binary["isBase64Encoded"]) == ("/w==", True)
    assert binary["headers"] == {"Content-Type": "application/octet-stream"}


def test_head_drops_the_body_of_a_status_code_dict() -> None:
    router = Router()
    value = {"statusCode": 200, "body": "data"}
    router.get("/r")(lambda event, context: value)
    response = router.dispatch({"httpMethod": "HEAD", "path": "/r"}, {})
    assert response["body"] == ""
    assert value["body"] == "data"


def test_alb_status_code_dicts_get_a_status_description() -> None:
    response = returning({"statusCode": 418, "body": "tea"}, ALB)
    assert response["statusDescription"] == "418 I'm a Teapot"
    unknown = returning({"statusCode": 299, "body": ""}, ALB)
    assert unknown["statusDescription"] == "299"


def test_alb_multi_value_status_code_dicts_get_multi_value_headers() -> None:
    response = returning({"statusCode": 200, "headers": {"X-A": "1"}, "body": "ok"}, ALB_MULTI)
    assert response == {
        "statusCode": 200,
        "statusDescription": "200 OK",
        "multiValueHeaders": {"X-A": ["1"]},
        "body": "ok",
    }
    own = {"statusCode": 200, "statusDescription": "200 Fine", "multiValueHeaders": {}, "body": ""}
    assert returning(own, ALB_MULTI) is own


def test_v2_answers() -> None:
    event = load_event("http/http_api.json")
    event["routeKey"] = "ANY /r"
    event["rawPath"] = "/r"
    response = returning(Response(200, "hi", headers={"X-A": "1"}, cookies=["a=1"]), event)
    assert response == {
        "statusCode": 200,
        "headers": {"X-A": "1", "Content-Type": "text/plain; charset=utf-8"},
        "body": "hi",
        "isBase64Encoded": False,
        "cookies": ["a=1"],
    }


def test_alb_single_value_cookies_merge_with_a_set_cookie_header() -> None:
    response = returning(
        Response(body="x", headers={"Set-Cookie": "first=1"}, cookies=["second=2", "third=3"]), ALB
    )
    cookies = [v for k, v in response["headers"].items() if k.lower() == "set-cookie"]
    assert cookies == ["first=1", "second=2", "third=3"]
    assert len({k for k in response["headers"] if k.lower() == "set-cookie"}) == 3


def test_response_repr_and_defaults() -> None:
    response = Response()
    assert repr(response) == "Response(status_code=200)"
    assert (response.headers, response.cookies, response.body) == ({}, [], None)


def test_json_answer_round_trips_unicode() -> None:
    body = returning({"name": "Jürgen"})["body"]
    assert json.loads(body) == {"name": "Jürgen"}
