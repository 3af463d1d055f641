"""Lambda@Edge: the four triggers, CloudFront's header form, routing, and what CloudFront gets."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import ConfigurationError, InvalidEventError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router._exceptions import UnmatchedEventError
from lambda_universal_router.events import CloudFrontEvent, CloudFrontHeaders
from tests.conftest import load_event

TRIGGERS = {
    "viewer_request": "viewer-request",
    "origin_request": "origin-request",
    "origin_response": "origin-response",
    "viewer_response": "viewer-response",
}


def trigger(name: str) -> dict[str, Any]:
    event: dict[str, Any] = load_event(f"cloudfront/{name}.json")
    return event


@pytest.mark.parametrize("name", sorted(TRIGGERS))
def test_triggers_classify_as_cloudfront(name: str) -> None:
    source, variant = classify(trigger(name))
    assert (source.name, variant) == ("cloudfront", "")


@pytest.mark.parametrize(("name", "event_type"), sorted(TRIGGERS.items()))
def test_event_type_and_config(name: str, event_type: str) -> None:
    event = CloudFrontEvent(trigger(name))

    assert event.event_type == event_type
    assert event.distribution_id == "EDFDVBD6EXAMPLE"
    assert event.distribution_domain_name == "d111111abcdef8.cloudfront.net"
    assert event.request_id == "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ=="
    assert (event.response is None) == event_type.endswith("-request")


def test_viewer_request_reads_the_request() -> None:
    request = CloudFrontEvent(trigger("viewer_request")).request

    assert request.client_ip == "203.0.113.178"
    assert request.method == "GET"
    assert request.uri == "/products/42"
    assert request.querystring == "lang=de&utm_source=mail"
    assert request.headers["Host"] == "d111111abcdef8.cloudfront.net"
    assert request.headers["accept-language"] == "de-DE,de;q=0.9,en;q=0.8"
    assert request.headers.get_all("Cookie") == ["session=abc123", "theme=dark"]
    assert request.headers["USER-AGENT"].startswith("Mozilla/5.0")
    assert request.headers.get("X-Missing") is None
    assert request.body is None and not request.body_truncated
    assert request.origin == {}


def test_origin_request_has_origin_and_body() -> None:
    request = CloudFrontEvent(trigger("origin_request")).request

    assert request.origin["custom"]["domainName"] == "app.example.org"
    assert request.body == b'{"quantity": 2}'
    assert request.method == "POST"


def test_response_triggers_read_status_and_headers() -> None:
    event = CloudFrontEvent(trigger("viewer_response"))

    assert event.response is not None
    assert event.response.status == 404
    assert event.response.status_description == "Not Found"
    assert event.response.headers["X-Cache"] == "Error from cloudfront"
    assert event.request.client_ip == "2001:db8::1"


def test_repr_shows_the_trigger_and_request_line_only() -> None:
    text = repr(CloudFrontEvent(trigger("viewer_request")))

    assert text == (
        "CloudFrontEvent(event_type='viewer-request', distribution_id='EDFDVBD6EXAMPLE', "
        "request=CloudFrontRequest(method='GET', uri='/products/42'))"
    )
    assert "session=abc123" not in repr(CloudFrontEvent(trigger("viewer_request")).request.headers)


def test_changed_request_is_what_cloudfront_gets() -> None:
    # Given a viewer-request handler that rewrites the URI and sets a header
    router = Router()

    @router.cloudfront("viewer-request")
    def localise(event: CloudFrontEvent, context: Any) -> Any:
        request = event.request
        request.uri = "/de" + (request.uri or "")
        request.querystring = ""
        request.headers["X-Language"] = "de"
        del request.headers["cookie"]
        return request

    # When CloudFront invokes the function
    answer = router.dispatch(trigger("viewer_request"), {})

    # Then CloudFront receives the request dict in its own shape
    assert answer["uri"] == "/de/products/42"
    assert answer["querystring"] == ""
    assert answer["headers"]["x-language"] == [{"key": "X-Language", "value": "de"}]
    assert "cookie" not in answer["headers"]
    assert answer["headers"]["host"] == [{"key": "Host", "value": "d111111abcdef8.cloudfront.net"}]
    assert set(answer) == {"clientIp", "headers", "method", "querystring", "uri"}


def test_generated_response_answers_the_viewer() -> None:
    router = Router()

    @router.cloudfront("viewer-request")
    def redirect(event: CloudFrontEvent, context: Any) -> dict[str, Any]:
        return event.respond(
            302, headers={"Location": "https://example.com/de/", "Cache-Control": "max-age=60"}
        )

    answer = router.dispatch(trigger("viewer_request"), {})

    assert answer == {
        "status": "302",
        "statusDescription": "Found",
        "headers": {
            "location": [{"key": "Location", "value": "https://example.com/de/"}],
            "cache-control": [{"key": "Cache-Control", "value": "max-age=60"}],
        },
    }


def test_generated_bodies_are_text_or_base64() -> None:
    event = CloudFrontEvent(trigger("viewer_request"))

    text = event.respond(200, body="<h1>hi</h1>", headers={"Set-Cookie": ["a=1", "b=2"]})
    binary = event.respond(599, body=b"\x89PNG")

    assert (text["body"], text["bodyEncoding"]) == ("<h1>hi</h1>", "text")
    assert len(text["headers"]["set-cookie"]) == 2
    assert binary["body"] == base64.b64encode(b"\x89PNG").decode()
    assert (binary["bodyEncoding"], binary["statusDescription"]) == ("base64", "")


def test_changed_response_and_none() -> None:
    router = Router()

    @router.cloudfront("origin-response")
    def secure(event: CloudFrontEvent, context: Any) -> Any:
        assert event.response is not None
        event.response.headers["Strict-Transport-Security"] = "max-age=63072000"
        return event.response

    @router.cloudfront("viewer-response")
    def observe(event: CloudFrontEvent, context: Any) -> None:
        return None

    secured = router.dispatch(trigger("origin_response"), {})
    untouched = router.dispatch(trigger("viewer_response"), {})

    assert secured["headers"]["strict-transport-security"][0]["value"] == "max-age=63072000"
    assert secured["status"] == "200"
    assert untouched == trigger("viewer_response")["Records"][0]["cf"]["response"]


def test_none_from_a_request_trigger_passes_the_request_on() -> None:
    router = Router()
    router.cloudfront()(lambda event, context: None)

    answer = router.dispatch(trigger("origin_request"), {})

    assert answer == trigger("origin_request")["Records"][0]["cf"]["request"]


def test_replace_body_and_status_setters() -> None:
    event = CloudFrontEvent(trigger("origin_response"))
    event.request.replace_body("new")
    assert event.response is not None
    event.response.status = 503
    event.response.status_description = "Service Unavailable"

    assert event.request.body == b"new"
    assert event.request.raw_record["body"]["action"] == "replace"
    assert event.response.raw_record["status"] == "503"


def test_wrong_return_type_is_a_clear_error() -> None:
    router = Router()
    router.cloudfront()(lambda event, context: 200)

    with pytest.raises(TypeError, match="A Lambda@Edge handler returns the request"):
        router.dispatch(trigger("viewer_request"), {})


def test_routes_by_trigger_and_distribution() -> None:
    router = Router()
    router.cloudfront(["viewer-request", "origin-request"])(lambda e, c: {"who": "requests"})
    router.cloudfront("origin-response", distribution_id="EDFDVBD6EXAMPLE")(
        lambda e, c: {"who": "this distribution"}
    )
    router.cloudfront("origin-response")(lambda e, c: {"who": "any distribution"})

    assert router.dispatch(trigger("viewer_request"), {}) == {"who": "requests"}
    assert router.dispatch(trigger("origin_request"), {}) == {"who": "requests"}
    assert router.dispatch(trigger("origin_response"), {}) == {"who": "this distribution"}


def test_unmatched_trigger_passes_through_or_fails() -> None:
    acking = Router()
    acking.cloudfront("viewer-request")(lambda e, c: {"status": "403"})
    failing = Router(unmatched="fail")
    failing.cloudfront("viewer-request")(lambda e, c: {"status": "403"})

    answer = acking.dispatch(trigger("origin_response"), {})

    assert answer["status"] == "200"
    with pytest.raises(UnmatchedEventError):
        failing.dispatch(trigger("origin_response"), {})


def test_event_type_is_checked_at_registration() -> None:
    with pytest.raises(ConfigurationError, match="event_type= takes viewer-request"):
        Router().cloudfront("viewer_request")


def test_corrupt_body_is_a_clear_error() -> None:
    event = trigger("origin_request")
    event["Records"][0]["cf"]["request"]["body"]["data"] = "not base64!"

    with pytest.raises(InvalidEventError, match="request body data is not valid base64"):
        _ = CloudFrontEvent(event).request.body


def test_missing_headers_are_created_on_write() -> None:
    raw: dict[str, Any] = {"Records": [{"cf": {"config": {}, "request": {"uri": "/"}}}]}
    request = CloudFrontEvent(raw).request

    request.headers["X-A"] = "1"
    request.headers.add("x-a", "2")

    assert raw["Records"][0]["cf"]["request"]["headers"] == {
        "x-a": [{"key": "X-A", "value": "1"}, {"key": "x-a", "value": "2"}]
    }


@given(st.dictionaries(st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,20}", fullmatch=True), st.text()))
def test_headers_round_trip_through_cloudfront_form(headers: dict[str, str]) -> None:
    raw: dict[str, Any] = {}
    view = CloudFrontHeaders(raw)
    for name, value in headers.items():
        view[name] = value

    for name in headers:
        last = [v for n, v in headers.items() if n.lower() == name.lower()][-1]
        assert view[name.upper()] == last
        assert view.get_all(name) == [last]
    assert set(view) == {name.lower() for name in headers}
