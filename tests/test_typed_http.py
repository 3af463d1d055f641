"""Typed HTTP handlers: parameters bound from the request by name and type hint, 422 answers."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typing_extensions import NotRequired, TypedDict

from lambda_universal_router import (
    ConfigurationError,
    HTTPError,
    NotFound,
    RequestValidationError,
    Response,
    Router,
)
from lambda_universal_router.events import APIGatewayEvent
from lambda_universal_router.params import Body, Cookie, Field, Header, Query

FLAVORS = ["rest", "http", "url", "alb", "alb_multi", "lattice", "lattice_v2"]


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Size(enum.IntEnum):
    SMALL = 1
    LARGE = 2


@dataclass
class Line:
    sku: Annotated[str, Field(min_length=3, pattern="^[A-Z]+$")]
    qty: Annotated[int, Field(ge=1, le=10)]


@dataclass
class Order:
    customer: str
    lines: list[Line]
    total: Decimal
    note: str | None = None
    tags: set[str] = field(default_factory=set)


class Address(TypedDict):
    street: str
    zip: NotRequired[str]


class Partial(TypedDict, total=False):
    name: str
    age: int


def typed_router() -> Router:
    router = Router()

    @router.post("/shops/{shop_id}/orders", status_code=201)
    def create(shop_id: int, order: Order, dry_run: bool = False) -> Order:
        assert isinstance(order.lines[0], Line)
        return order

    @router.get("/search")
    def search(
        q: str,
        page: Annotated[int, Query(alias="page-size"), Field(ge=1, le=100)] = 20,
        tag: list[str] | None = None,
        color: Color | None = None,
        size: Size = Size.SMALL,
        kind: Literal["book", "film"] = "book",
        since: dt.date | None = None,
        at: dt.datetime | None = None,
        ref: uuid.UUID | None = None,
        price: Decimal | None = None,
        ratio: float = 1.0,
        flag: bool = False,
        ids: tuple[int, ...] = (),
    ) -> dict[str, Any]:
        return {
            "q": q,
            "page": page,
            "tag": tag,
            "color": color,
            "size": size,
            "kind": kind,
            "since": since,
            "at": at,
            "ref": ref,
            "price": price,
            "ratio": ratio,
            "flag": flag,
            "ids": ids,
        }

    @router.get("/whoami")
    def whoami(
        request_id: Annotated[str, Header(alias="X-Request-Id")],
        user_agent: Annotated[str | None, Header()] = None,
        session: Annotated[str | None, Cookie()] = None,
    ) -> dict[str, Any]:
        return {"request_id": request_id, "user_agent": user_agent, "session": session}

    @router.post("/pair")
    def pair(left: Address, right: Annotated[Partial, Body()]) -> list[Any]:
        return [left, right]

    @router.get("/raw/{name}")
    def raw(name: str, event: APIGatewayEvent, context: Any) -> dict[str, Any]:
        return {"name": name, "path": event.path, "context": context is not None}

    return router


@pytest.mark.parametrize("flavor", FLAVORS)
def test_path_and_body_bind_and_the_answer_has_the_route_status(flavor: str) -> None:
    client = typed_router().test_client(flavor)
    order = {"customer": "ann", "lines": [{"sku": "ABC", "qty": 2}], "total": "12.50"}

    response = client.post("/shops/7/orders", json=order, query={"dry_run": "yes"})

    assert response.status_code == 201
    assert response.json() == {**order, "total": 12.5, "note": None, "tags": []}


@pytest.mark.parametrize("flavor", FLAVORS)
def test_every_problem_is_reported_at_once_with_its_location(flavor: str) -> None:
    client = typed_router().test_client(flavor)
    order = {"customer": 5, "lines": [{"sku": "ab", "qty": 0}, {}], "total": "lots"}

    response = client.post("/shops/seven/orders", json=order, query={"dry_run": "perhaps"})

    assert response.status_code == 422
    body = response.json()
    assert body["message"] == "Request validation failed"
    locations = [error["location"] for error in body["errors"]]
    assert locations == [
        ["path", "shop_id"],
        ["body", "customer"],
        ["body", "lines", 0, "sku"],
        ["body", "lines", 0, "sku"],
        ["body", "lines", 0, "qty"],
        ["body", "lines", 1, "sku"],
        ["body", "lines", 1, "qty"],
        ["body", "total"],
        ["query", "dry_run"],
    ]
    kinds = {error["type"] for error in body["errors"]}
    assert {"int_parsing", "missing", "greater_than_equal", "too_short"} <= kinds
    assert all(error["message"] for error in body["errors"])


def test_a_body_that_is_not_json_is_still_a_400() -> None:
    client = typed_router().test_client()
    response = client.post("/shops/1/orders", body="{not json")
    assert response.status_code == 400


def test_a_missing_body_is_a_missing_error() -> None:
    response = typed_router().test_client().post("/shops/1/orders")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"location": ["body"], "message": "Field required", "type": "missing"}
    ]


# An ALB target group without multi-value headers receives one value per query key.
@pytest.mark.parametrize("flavor", [f for f in FLAVORS if f != "alb"])
def test_query_scalars_and_lists_convert_to_their_types(flavor: str) -> None:
    client = typed_router().test_client(flavor)
    response = client.get(
        "/search",
        query={
            "q": "dune",
            "page-size": "5",
            "tag": ["a", "b"],
            "color": "blue",
            "size": "2",
            "kind": "film",
            "since": "2024-02-29",
            "at": "2024-02-29T10:00:00Z",
            "ref": "12345678-1234-5678-1234-567812345678",
            "price": "9.99",
            "ratio": "0.5",
            "flag": "true",
            "ids": ["1", "2"],
        },
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "q": "dune",
        "page": 5,
        "tag": ["a", "b"],
        "color": "blue",
        "size": 2,
        "kind": "film",
        "since": "2024-02-29",
        "at": "2024-02-29T10:00:00+00:00",
        "ref": "12345678-1234-5678-1234-567812345678",
        "price": 9.99,
        "ratio": 0.5,
        "flag": True,
        "ids": [1, 2],
    }


def test_http_api_payload_2_repeated_query_keys_come_from_the_raw_query_string() -> None:
    router = typed_router()
    event = router.test_client("http")
    response = event.get("/search", query={"q": "x", "tag": ["a,b", "c"]})
    assert response.json()["tag"] == ["a,b", "c"]


def test_defaults_and_optional_values_apply_when_absent() -> None:
    response = typed_router().test_client().get("/search", query={"q": "x"})
    assert response.json()["page"] == 20
    assert response.json()["tag"] is None
    assert response.json()["size"] == 1


def test_query_errors_name_the_alias_and_the_constraint() -> None:
    client = typed_router().test_client()
    response = client.get(
        "/search", query={"page-size": "500", "color": "green", "kind": "game", "flag": "2"}
    )
    assert response.status_code == 422
    errors = {tuple(e["location"]): e["type"] for e in response.json()["errors"]}
    assert errors == {
        ("query", "q"): "missing",
        ("query", "page-size"): "less_than_equal",
        ("query", "color"): "enum",
        ("query", "kind"): "literal_error",
        ("query", "flag"): "bool_parsing",
    }


@pytest.mark.parametrize("flavor", FLAVORS)
def test_headers_match_without_regard_to_case_and_cookies_bind(flavor: str) -> None:
    client = typed_router().test_client(flavor)
    response = client.get(
        "/whoami",
        headers={"x-request-id": "r-1", "USER-AGENT": "curl"},
        cookies={"session": "s3"},
    )
    assert response.json() == {"request_id": "r-1", "user_agent": "curl", "session": "s3"}
    missing = client.get("/whoami")
    assert missing.json()["errors"][0]["location"] == ["header", "X-Request-Id"]


def test_several_body_parameters_are_members_of_the_body() -> None:
    client = typed_router().test_client()
    response = client.post("/pair", json={"left": {"street": "Main"}, "right": {}})
    assert response.json() == [{"street": "Main"}, {}]
    bad = client.post("/pair", json={"left": {"zip": 1}, "right": {"age": "x"}})
    assert [e["location"] for e in bad.json()["errors"]] == [
        ["body", "left", "street"],
        ["body", "left", "zip"],
        ["body", "right", "age"],
    ]
    assert client.post("/pair", json=[1]).json()["errors"][0]["location"] == ["body"]


def test_the_event_and_context_are_available_by_annotation_and_name() -> None:
    response = typed_router().test_client().get("/raw/x%20y")
    assert response.json() == {"name": "x y", "path": "/raw/x%20y", "context": True}


def test_a_validation_error_can_be_answered_by_an_exception_handler() -> None:
    router = typed_router()

    @router.exception_handler(RequestValidationError)
    def invalid(exc: RequestValidationError, event: Any) -> Any:
        return Response(400, {"problems": len(exc.errors)})

    response = router.test_client().get("/search")
    assert response.status_code == 400
    assert response.json() == {"problems": 1}


def test_request_validation_error_is_a_422_http_error() -> None:
    error = RequestValidationError([{"location": ["query", "q"], "message": "m", "type": "t"}])
    assert isinstance(error, HTTPError)
    assert error.status_code == 422
    assert "query.q" in str(error)


# --- answers -------------------------------------------------------------------------------------


@dataclass
class Book:
    isbn: str
    price: Decimal
    added: dt.date


def test_return_values_are_serialised_and_status_code_applies() -> None:
    router = Router()

    @router.get("/books")
    def books() -> list[Book]:
        return [Book("1", Decimal("2.50"), dt.date(2024, 1, 2))]

    @router.delete("/books/{isbn}", status_code=204)
    def remove(isbn: str) -> None:
        return None

    @router.get("/gone/{isbn}")
    def gone(isbn: str) -> Book:
        raise NotFound(f"no book {isbn}")

    @router.get("/answer")
    def answer() -> Response:
        return Response(202, "queued")

    client = router.test_client()
    assert client.get("/books").json() == [{"isbn": "1", "price": 2.5, "added": "2024-01-02"}]
    assert client.delete("/books/1").status_code == 204
    assert client.get("/gone/9").status_code == 404
    assert client.get("/answer").status_code == 202


def test_async_typed_handlers_are_awaited() -> None:
    router = Router()

    @router.get("/items/{item_id}", status_code=200)
    async def item(item_id: int) -> dict[str, int]:
        return {"id": item_id}

    assert router.test_client().get("/items/3").json() == {"id": 3}


def test_pydantic_models_validate_with_model_validate() -> None:
    pydantic = pytest.importorskip("pydantic")

    class Pet(pydantic.BaseModel):
        name: str
        age: int = pydantic.Field(ge=0)

    router = Router()

    def add(pet: Pet) -> Pet:
        return pet

    add.__annotations__ = {"pet": Pet, "return": Pet}
    router.post("/pets")(add)
    client = router.test_client()
    assert client.post("/pets", json={"name": "Rex", "age": 3}).json() == {"name": "Rex", "age": 3}
    bad = client.post("/pets", json={"age": -1})
    assert {tuple(e["location"]) for e in bad.json()["errors"]} == {
        ("body", "name"),
        ("body", "age"),
    }


# --- which handlers are typed --------------------------------------------------------------------


def test_handlers_in_the_1_0_form_are_called_with_event_and_context() -> None:
    router = Router()
    ok = {"ok": True}
    router.get("/a")(lambda m, c, ok=ok: ok)

    @router.get("/b")
    def b(event: Any, context: Any) -> Any:
        return {"b": event.path}

    @router.get("/c")
    def c(event: APIGatewayEvent, context: object) -> Any:
        return {"c": event.path}

    @router.get("/d")
    def d(request, ctx):  # type: ignore[no-untyped-def]
        return {"d": request.path}

    assert all(r.call is r.handler and r.binding is None for r in router.routes())
    client = router.test_client()
    assert client.get("/a").json() == ok
    assert client.get("/b").json() == {"b": "/b"}
    assert client.get("/c").json() == {"c": "/c"}
    assert client.get("/d").json() == {"d": "/d"}


def test_naming_a_path_parameter_makes_a_handler_typed() -> None:
    router = Router()

    @router.get("/users/{user_id}")
    def user(user_id):  # type: ignore[no-untyped-def]
        return {"user_id": user_id}

    assert router.routes()[0].binding is not None
    assert router.test_client().get("/users/9").json() == {"user_id": "9"}


def test_types_defined_after_the_handler_resolve_at_the_first_dispatch() -> None:
    router = Router()

    @router.post("/later")
    def later(thing: DefinedLater) -> DefinedLater:
        return thing

    assert router.test_client().post("/later", json={"x": 1}).json() == {"x": 1}


@dataclass
class DefinedLater:
    x: int


def test_an_undefined_type_fails_the_first_dispatch_with_a_configuration_error() -> None:
    router = Router()

    @router.post("/nowhere")
    def nowhere(thing: NeverDefined) -> None:  # type: ignore[name-defined]  # noqa: F821
        return None

    with pytest.raises(ConfigurationError, match="NeverDefined"):
        router.test_client().post("/nowhere", json={})


def test_unsupported_parameters_fail_at_registration() -> None:
    router = Router()
    with pytest.raises(ConfigurationError, match="must be a scalar"):

        @router.get("/bad")
        def bad(where: Annotated[dict[str, int], Query()]) -> None:
            return None

    with pytest.raises(ConfigurationError, match="cannot be a list"):

        @router.get("/p/{ids}")
        def listed(ids: list[int]) -> None:
            return None

    with pytest.raises(ConfigurationError, match="typed parameters"):

        @router.s3(per_record=True)
        def s3(record: Any, size: int) -> None:
            return None


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_an_int_query_parameter_round_trips(number: int) -> None:
    got = _ROUTER.test_client().get("/n", query={"n": str(number)}).json()
    assert got == {"n": number}


_ROUTER = typed_router()


@_ROUTER.get("/n")
def _number(n: int) -> dict[str, int]:
    return {"n": n}


# --- with the application layer -------------------------------------------------------------------


def test_a_422_passes_through_middleware_and_cors_with_its_errors() -> None:
    from lambda_universal_router import CORS

    router = Router(cors=CORS(allow_origins="https://shop.example"))
    seen: list[int] = []

    @router.middleware
    def record_status(event: Any, context: Any, call_next: Any) -> Any:
        response = call_next(event, context)
        seen.append(response.status_code)
        return response

    @router.get("/items/{item_id}")
    def item(item_id: int) -> dict[str, int]:
        return {"id": item_id}

    client = router.test_client()
    response = client.get("/items/x", headers={"Origin": "https://shop.example"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == ["path", "item_id"]
    assert response.headers["Access-Control-Allow-Origin"] == "https://shop.example"
    assert client.get("/items/4").json() == {"id": 4}
    assert seen == [422, 200]


def test_typed_routes_of_included_routers_bind_and_are_documented() -> None:
    child = Router()

    @child.post("/orders", status_code=201, tags=["orders"])
    def create(order: Order) -> Order:
        return order

    parent = Router()
    parent.include(child, prefix="/v1")
    order = {"customer": "c", "lines": [{"sku": "ABC", "qty": 1}], "total": 3}
    response = parent.test_client().post("/v1/orders", json=order)
    assert response.status_code == 201
    assert parent.test_client().post("/v1/orders", json={}).status_code == 422
    operation = parent.openapi()["paths"]["/v1/orders"]["post"]
    assert operation["tags"] == ["orders"]
    assert set(operation["responses"]) == {"201", "422"}


_FINITE = st.floats(allow_nan=False, allow_infinity=False)  # Infinity is not JSON: a 400
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | _FINITE | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
_ORDERS = typed_router()


@given(
    body=_JSON | st.fixed_dictionaries({"customer": _JSON, "lines": _JSON, "total": _JSON}),
    query=st.dictionaries(st.sampled_from(["q", "page-size", "tag", "color", "since"]), st.text()),
)
def test_any_request_is_answered_or_refused_never_a_500(body: Any, query: dict[str, str]) -> None:
    client = _ORDERS.test_client()
    created = client.post("/shops/1/orders", json=body)
    assert created.status_code in (201, 422)
    if created.status_code == 422:
        assert all(e["location"][0] in ("body", "query") for e in created.json()["errors"])
    searched = client.get("/search", query=query)
    assert searched.status_code in (200, 422)
