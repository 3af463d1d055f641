"""The test client calls real routes through every HTTP flavor and reads answers like a client."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambda_universal_router import NotFound, Response, Router
from lambda_universal_router.testing import (
    FLAVORS,
    Headers,
    LambdaContext,
    TestClient,
    TestResponse,
    sqs,
)
from lambda_universal_router.testing._client import _read


def make_router() -> Router:
    router = Router()

    @router.get("/users/{id}")
    def get_user(event: Any, context: Any) -> dict[str, Any]:
        return {
            "id": event.path_parameters["id"],
            "page": event.query_string_parameters.get("page"),
            "tags": event.multi_value_query_string_parameters.get("tag", []),
            "agent": event.headers.get("x-agent") or event.headers.get("X-Agent"),
            "request_id": context.aws_request_id,
        }

    @router.post("/echo")
    def echo(event: Any, context: Any) -> Response:
        content_type = next(
            (value for name, value in event.headers.items() if name.lower() == "content-type"),
            None,
        )
        return Response(
            201,
            event.decoded_body,
            headers={"X-Content-Type": content_type or ""},
            content_type="application/octet-stream",
        )

    @router.put("/items/{id}")
    def put_item(event: Any, context: Any) -> dict[str, Any]:
        return {"id": event.path_parameters["id"], "item": event.json_body}

    @router.delete("/items/{id}")
    def delete_item(event: Any, context: Any) -> None:
        return None

    @router.get("/missing")
    def missing(event: Any, context: Any) -> None:
        raise NotFound("no such thing")

    @router.get("/login")
    def login(event: Any, context: Any) -> Response:
        return Response(
            200,
            {"seen": event.cookies},
            headers={"X-One": "1"},
            cookies=["session=abc; Path=/; HttpOnly", "theme=dark"],
        )

    @router.get("/text")
    def plain(event: Any, context: Any) -> str:
        return "héllo"

    @router.get("/bytes")
    def raw(event: Any, context: Any) -> bytes:
        return b"\x00\xff\x10"

    return router


@pytest.fixture(params=FLAVORS)
def client(request: pytest.FixtureRequest) -> TestClient:
    return TestClient(make_router(), request.param)


def test_get_with_path_parameter_query_and_headers(client: TestClient) -> None:
    response = client.get(
        "/users/a%20b?page=2", query={"tag": ["x", "y"]}, headers={"X-Agent": "tests"}
    )

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["id"] == "a b"
    assert body["page"] == "2"
    # Without multi-value headers an ALB passes only the last value of a repeated parameter.
    assert body["tags"] == (["y"] if client.flavor == "alb" else ["x", "y"])
    assert body["agent"] == "tests"


def test_each_request_gets_a_fresh_context(client: TestClient) -> None:
    first = client.get("/users/1").json()["request_id"]
    second = client.get("/users/1").json()["request_id"]

    assert first != second


def test_put_json_round_trips(client: TestClient) -> None:
    response = client.put("/items/7", json={"name": "lamp", "price": 12.5})

    assert response.json() == {"id": "7", "item": {"name": "lamp", "price": 12.5}}


def test_post_bytes_and_form_data(client: TestClient) -> None:
    binary = client.post("/echo", body=b"\x00\x01\xfe")
    form = client.post("/echo", data={"a": "1", "b": "x y"})
    raw = client.post("/echo", data=b"raw bytes")

    assert binary.status_code == 201
    assert binary.body == b"\x00\x01\xfe"
    assert form.body == b"a=1&b=x+y"
    assert form.headers["x-content-type"] == "application/x-www-form-urlencoded"
    assert raw.body == b"raw bytes"


def test_delete_without_content_is_204_with_empty_body(client: TestClient) -> None:
    response = client.delete("/items/7")

    assert response.status_code == 204
    assert response.body == b"" and response.text == ""


def test_not_found_and_method_not_allowed(client: TestClient) -> None:
    assert client.get("/nowhere").status_code == 404
    assert client.get("/missing").status_code == 404
    refused = client.patch("/items/7")
    assert refused.status_code == 405
    allowed = {method.strip() for method in refused.headers["allow"].split(",")}
    assert {"PUT", "DELETE"} <= allowed and "GET" not in allowed


def test_head_answers_without_a_body(client: TestClient) -> None:
    response = client.head("/users/1")

    assert response.status_code == 200
    assert response.body == b""


def test_cookies_both_ways(client: TestClient) -> None:
    response = client.get("/login", cookies={"visit": "3", "lang": "en"})

    assert response.json() == {"seen": {"visit": "3", "lang": "en"}}
    assert response.cookies == {"session": "abc", "theme": "dark"}
    assert sorted(response.headers.get_list("Set-Cookie")) == [
        "session=abc; Path=/; HttpOnly",
        "theme=dark",
    ]
    assert response.headers["x-one"] == "1"


def test_text_and_binary_bodies(client: TestClient) -> None:
    text = client.get("/text")
    binary = client.get("/bytes")

    assert text.text == "héllo"
    assert text.headers["Content-Type"].startswith("text/plain")
    assert binary.body == b"\x00\xff\x10"


def test_client_headers_go_with_every_request() -> None:
    client = TestClient(make_router(), "http", headers={"X-Agent": "default"})

    assert client.get("/users/1").json()["agent"] == "default"
    assert client.get("/users/1", headers={"x-agent": "given"}).json()["agent"] == "given"


@pytest.mark.parametrize("flavor", ["rest", "http"])
def test_resource_resolved_by_api_gateway_reaches_the_same_route(flavor: str) -> None:
    client = TestClient(make_router(), flavor)

    response = client.get("/users/42", resource="/users/{id}")

    assert response.json()["id"] == "42"


def test_router_test_client_uses_the_flavor() -> None:
    client = make_router().test_client(flavor="alb")

    assert isinstance(client, TestClient)
    assert client.flavor == "alb"
    assert client.get("/users/1").raw["statusDescription"] == "200 OK"


def test_flavor_aliases_and_unknown_flavors() -> None:
    assert TestClient(Router(), "v2").flavor == "http"
    with pytest.raises(ValueError, match="Unknown HTTP flavor"):
        TestClient(Router(), "soap")


def test_body_and_data_together_are_refused() -> None:
    with pytest.raises(ValueError, match="either body= or data="):
        TestClient(make_router()).post("/echo", body="a", data=b"b")


def test_send_dispatches_any_event_with_a_context() -> None:
    router = Router()
    contexts: list[Any] = []

    @router.sqs()
    def on_batch(event: Any, context: Any) -> int:
        contexts.append(context)
        return len(event.records)

    client = TestClient(router)
    given_context = LambdaContext(function_name="worker")

    assert client.send(sqs(["a", "b"])) == 2
    assert client.send(sqs("c"), given_context) == 1
    assert isinstance(contexts[0], LambdaContext)
    assert contexts[1] is given_context


def test_custom_context_factory() -> None:
    client = TestClient(make_router(), context=lambda: LambdaContext(aws_request_id="fixed"))

    assert client.get("/users/1").json()["request_id"] == "fixed"


# --- reading answers -----------------------------------------------------------------------------


def test_headers_are_case_insensitive_and_keep_repeated_values() -> None:
    headers = Headers([("Set-Cookie", "a=1"), ("set-cookie", "b=2"), ("X-One", "1")])

    assert headers["SET-COOKIE"] == "a=1, b=2"
    assert headers.get_list("Set-Cookie") == ["a=1", "b=2"]
    assert headers.get_list("absent") == []
    assert "x-one" in headers and 3 not in headers
    assert list(headers) == ["Set-Cookie", "X-One"]
    assert len(headers) == 2
    assert "X-One" in repr(headers)


def test_multi_value_headers_take_precedence_over_single_ones() -> None:
    response = _read(
        {
            "statusCode": 200,
            "headers": {"X-A": "single", "X-B": "b"},
            "multiValueHeaders": {"x-a": ["m1", "m2"]},
            "body": "",
        },
        "rest",
    )

    assert response.headers.get_list("x-a") == ["m1", "m2"]
    assert response.headers["x-b"] == "b"


def test_a_payload_2_answer_without_status_code_is_200_json() -> None:
    response = _read({"hello": "world"}, "http")

    assert response.status_code == 200
    assert response.json() == {"hello": "world"}


def test_a_malformed_rest_answer_is_a_502() -> None:
    response = _read("not a response", "rest")

    assert response.status_code == 502
    assert response.json() == {"message": "Internal server error"}


def test_text_uses_the_declared_charset() -> None:
    response = TestResponse(
        200, Headers([("Content-Type", 'text/plain; charset="latin-1"')]), "é".encode("latin-1"), {}
    )

    assert response.text == "é"
    assert repr(response) == '<TestResponse 200 text/plain; charset="latin-1", 1 bytes>'


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=30)
@given(JSON_VALUES, st.sampled_from(FLAVORS))
def test_any_json_body_round_trips_in_every_flavor(item: Any, flavor: str) -> None:
    response = TestClient(make_router(), flavor).put("/items/1", json=item)

    assert response.json() == {"id": "1", "item": item}


def test_the_client_can_call_the_function_lambda_runs() -> None:
    router = make_router()

    def lambda_handler(event: Any, context: Any) -> Any:
        answer = router.dispatch(event, context)
        answer.setdefault("headers", {})["X-Wrapped"] = "yes"
        return answer

    response = TestClient(lambda_handler, "http").get("/users/7")

    assert response.status_code == 200
    assert response.headers["X-Wrapped"] == "yes"
    not_an_app: Any = 42
    with pytest.raises(TypeError, match="takes a Router or a lambda_handler"):
        TestClient(not_an_app)


def test_the_testing_guide_lists_every_flavor() -> None:
    from pathlib import Path

    from lambda_universal_router.testing._http_factory import FLAVORS

    guide = Path(__file__).resolve().parent.parent / "docs" / "testing.md"
    rows = guide.read_text(encoding="utf-8").split("## The HTTP test client", 1)[1]
    assert [flavor for flavor in FLAVORS if f'| `"{flavor}"`' not in rows] == []
