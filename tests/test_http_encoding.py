"""JSON answers always serialise: the types handlers return, exactly, and NaN refused by name."""

from __future__ import annotations

import dataclasses
import enum
import json
import logging
import uuid
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import (
    ConfigurationError,
    Response,
    ResponseSerializationError,
    Router,
)
from lambda_universal_router._http.encoding import encode_json
from lambda_universal_router.testing import http
from lambda_universal_router.testing._http_factory import FLAVORS

LOGGER = "lambda_universal_router"


class Color(enum.Enum):
    RED = "red"
    DARK = {"shade": Decimal("0.9")}


class Size(enum.IntEnum):
    LARGE = 3


@dataclasses.dataclass
class Price:
    amount: Decimal
    currency: str
    valid_until: date


class Model:
    """Stands for a pydantic v2 model: only ``model_dump(mode="json")`` is used."""

    def model_dump(self, *, mode: str = "python") -> dict[str, Any]:
        assert mode == "json"
        return {"id": uuid.UUID(int=7), "tags": {"b", "a"}}


class Legacy:
    def to_dict(self) -> dict[str, Any]:
        return {"created": datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)}


#: Every type the encoder adds, nested, and the JSON it becomes.
EVERY_TYPE: dict[str, Any] = {
    "decimal": Decimal("1.10"),
    "big": Decimal("123456789012345678901234567890.000000000000000000001"),
    "tiny": Decimal("1E-40"),
    "negative_zero": Decimal("-0"),
    "datetime": datetime(2024, 5, 1, 12, 30, 15, 250000, tzinfo=timezone(timedelta(hours=2))),
    "date": date(2024, 5, 1),
    "time": time(8, 15),
    "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "enum": Color.RED,
    "enum_of_decimal": Color.DARK,
    "int_enum": Size.LARGE,
    "set": {3, 1, 2},
    "frozenset": frozenset({"b", "a"}),
    "mixed_set": {1, "a", None},
    "dataclass": Price(Decimal("29.99"), "EUR", date(2024, 12, 31)),
    "model": Model(),
    "to_dict": Legacy(),
    "list": [Decimal("2"), (Decimal("3.0"),)],
    "keys": {Decimal("1.5"): 1, date(2024, 1, 1): 2, Color.RED: 3, uuid.UUID(int=0): 4, 5: 5},
}
EXPECTED_TEXT = (
    '{"decimal": 1.10, '
    '"big": 123456789012345678901234567890.000000000000000000001, '
    '"tiny": 1E-40, "negative_zero": -0, '
    '"datetime": "2024-05-01T12:30:15.250000+02:00", "date": "2024-05-01", "time": "08:15:00", '
    '"uuid": "12345678-1234-5678-1234-567812345678", "enum": "red", '
    '"enum_of_decimal": {"shade": 0.9}, "int_enum": 3, "set": [1, 2, 3], '
    '"frozenset": ["a", "b"], "mixed_set": ["a", 1, null], '
    '"dataclass": {"amount": 29.99, "currency": "EUR", "valid_until": "2024-12-31"}, '
    '"model": {"id": "00000000-0000-0000-0000-000000000007", "tags": ["a", "b"]}, '
    '"to_dict": {"created": "2024-05-01T12:00:00+00:00"}, "list": [2, [3.0]], '
    '"keys": {"1.5": 1, "2024-01-01": 2, "red": 3, '
    '"00000000-0000-0000-0000-000000000000": 4, "5": 5}}'
)


def answer_to(value: Any, flavor: str = "rest", **options: Any) -> dict[str, Any]:
    router = Router(**options)
    router.get("/items/{item_id}")(lambda event, context: value)
    response = router.dispatch(http("GET", "/items/secret-42", flavor=flavor), None)
    assert isinstance(response, dict)
    return response


def body_of(response: dict[str, Any]) -> Any:
    assert response["statusCode"] == 200, response
    return json.loads(response["body"], parse_float=Decimal)


def test_every_type_is_written_as_json_exactly() -> None:
    assert encode_json(EVERY_TYPE) == EXPECTED_TEXT


@pytest.mark.parametrize("flavor", FLAVORS)
def test_every_type_serialises_in_every_flavor(flavor: str) -> None:
    response = answer_to(EVERY_TYPE, flavor)
    assert response["body"] == EXPECTED_TEXT
    assert body_of(response)["decimal"] == Decimal("1.10")


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(
    "wrap",
    [
        pytest.param(lambda body: Response(201, body), id="Response"),
        pytest.param(lambda body: (body, 201), id="tuple"),
        pytest.param(lambda body: {"statusCode": 201, "body": body}, id="status-dict"),
        pytest.param(lambda body: [body], id="list"),
    ],
)
def test_every_way_of_answering_uses_the_same_encoder(flavor: str, wrap: Any) -> None:
    response = answer_to(wrap({"price": Decimal("1.10"), "day": date(2024, 1, 2)}), flavor)
    assert response["body"] in (
        '{"price": 1.10, "day": "2024-01-02"}',
        '[{"price": 1.10, "day": "2024-01-02"}]',
    )


def test_plain_answers_are_written_as_json_dumps_writes_them() -> None:
    value = {"a": [1, 2.5, "é", None, True], "b": {"c": (1, 2)}, 3: "x"}
    assert encode_json(value) == json.dumps(value)
    assert answer_to(value)["body"] == json.dumps(value)


#: Finite decimals of every sign, length and exponent, trailing zeros included.
DECIMALS = st.decimals(allow_nan=False, allow_infinity=False) | st.builds(
    lambda sign, digits, exponent: Decimal((sign, tuple(digits), exponent)),
    st.integers(min_value=0, max_value=1),
    st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=80),
    st.integers(min_value=-400, max_value=400),
)


@given(DECIMALS)
def test_decimals_keep_their_exact_digits(number: Decimal) -> None:
    text = encode_json({"n": number})
    parsed = json.loads(text, parse_float=Decimal, parse_int=Decimal)["n"]
    assert parsed.as_tuple() == number.as_tuple()


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(
    ("bad", "shown"),
    [
        (float("nan"), "(float) is NaN"),
        (float("inf"), "(float) is inf"),
        (float("-inf"), "(float) is -inf"),
        (Decimal("NaN"), "(Decimal) is NaN"),
        (Decimal("-Infinity"), "(Decimal) is -Infinity"),
    ],
)
def test_nan_and_infinities_are_refused_naming_the_field(
    flavor: str, bad: Any, shown: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        response = answer_to({"items": [1, 2, {"price": bad}]}, flavor)
    assert response["statusCode"] == 500
    assert json.loads(response["body"]) == {"message": "Internal Server Error", "statusCode": 500}
    [record] = caplog.records
    message = record.getMessage()
    assert message.startswith(
        "The answer of the HTTP handler for GET /items/{item_id} cannot be serialised as JSON: "
        'body["items"][2]["price"] ' + shown
    )
    assert "Unhandled" not in message
    assert record.exc_info is None
    assert "secret-42" not in message


@pytest.mark.parametrize(
    ("value", "path", "type_name", "reason"),
    [
        (object(), "body", "object", "is not a type JSON can represent"),
        ({"a": [b"raw"]}, 'body["a"][0]', "bytes", "is not a type JSON can represent"),
        ({"a": {"b": {(1, 2): 1}}}, 'body["a"]["b"]', "dict", "has the key (1, 2)"),
        ({"a": {float("nan"): 1}}, 'body["a"]', "dict", "has the key nan, which is NaN"),
        ({"n": 10**5000}, 'body["n"]', "int", "has too many digits"),
        ({"s": {1, object()}}, 'body["s"]', "object", "is not a type JSON can represent"),
    ],
)
def test_refusals_name_the_path_and_the_type(
    value: Any, path: str, type_name: str, reason: str
) -> None:
    with pytest.raises(ResponseSerializationError) as raised:
        encode_json(value)
    assert raised.value.path == path
    assert raised.value.type_name == type_name
    assert reason in raised.value.reason


def test_cycles_and_deep_nesting_are_refused() -> None:
    looped: list[Any] = [Decimal(1)]
    looped.append({"again": looped})
    with pytest.raises(ResponseSerializationError, match="circular") as raised:
        encode_json(looped)
    assert raised.value.path == 'body[1]["again"]'
    deep: Any = Decimal(1)
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(ResponseSerializationError, match="nested too deeply"):
        encode_json(deep)


def test_a_failing_model_dump_is_a_serialisation_failure_with_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Broken:
        def model_dump(self, **options: Any) -> Any:
            raise RuntimeError("validation state lost")

    with caplog.at_level(logging.ERROR, logger=LOGGER):
        response = answer_to({"ok": 1, "model": Broken()})
    assert response["statusCode"] == 500
    [record] = caplog.records
    assert 'body["model"] (Broken) raised RuntimeError in model_dump()' in record.getMessage()
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], RuntimeError)


def test_serialisation_failures_skip_exception_handlers(caplog: pytest.LogCaptureFixture) -> None:
    router = Router()
    seen: list[BaseException] = []

    @router.exception_handler(Exception)
    def everything(exc: Exception, event: Any) -> Any:
        seen.append(exc)
        return Response(418, "teapot")

    router.get("/nan")(lambda event, context: {"x": float("nan")})
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        response = router.dispatch(http("GET", "/nan"), None)
    assert response["statusCode"] == 500
    assert seen == []
    assert "cannot be serialised as JSON" in caplog.records[0].getMessage()


def test_an_exception_handlers_unserialisable_answer_is_a_500(
    caplog: pytest.LogCaptureFixture,
) -> None:
    router = Router()
    router.exception_handler(KeyError)(lambda exc, event: {"missing": {object()}})
    router.get("/boom")(lambda event, context: {}["nothing"])
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        response = router.dispatch(http("GET", "/boom"), None)
    assert response["statusCode"] == 500
    message = caplog.records[0].getMessage()
    assert 'GET /boom cannot be serialised as JSON: body["missing"][0] (object)' in message


@pytest.mark.parametrize("flavor", FLAVORS)
def test_a_json_encoder_replaces_the_built_in_one(flavor: str) -> None:
    def upper(value: Any) -> bytes:
        return json.dumps(value, default=str).upper().encode("utf-8")

    response = answer_to({"price": Decimal("1.5"), "name": "tea"}, flavor, json_encoder=upper)
    assert response["body"] == '{"PRICE": "1.5", "NAME": "TEA"}'
    answer = answer_to(Response(body=["ok"]), flavor, json_encoder=lambda value: "[1]")
    assert answer["body"] == "[1]"


def test_a_pydantic_model_is_written_in_its_own_json_form() -> None:
    from pydantic import BaseModel, HttpUrl, SecretStr, field_serializer

    class Line(BaseModel):
        sku: uuid.UUID
        price: Decimal
        link: HttpUrl

    class Order(BaseModel):
        lines: list[Line]
        placed: datetime
        token: SecretStr

        @field_serializer("placed", when_used="json")
        def _epoch(self, placed: datetime) -> int:
            return int(placed.timestamp())

    order = Order(
        lines=[Line(sku=uuid.UUID(int=1), price=Decimal("19.90"), link="https://example.com/a")],
        placed=datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc),
        token="s3cret",
    )
    assert answer_to({"order": order})["body"] == (
        '{"order": {"lines": [{"sku": "00000000-0000-0000-0000-000000000001", "price": "19.90", '
        '"link": "https://example.com/a"}], "placed": 1714554000, "token": "**********"}}'
    )


def test_typed_handlers_answers_are_written_by_the_same_encoder() -> None:
    router = Router()

    @router.get("/prices/{sku}", status_code=201)
    def price(sku: str) -> Price:
        return Price(Decimal("12345678901234567890.10"), sku, date(2024, 1, 2))

    response = router.dispatch(http("GET", "/prices/A-1"), None)
    assert response["statusCode"] == 201
    assert response["body"] == (
        '{"amount": 12345678901234567890.10, "currency": "A-1", "valid_until": "2024-01-02"}'
    )


def test_orjson_can_be_the_json_encoder() -> None:
    import orjson

    response = answer_to(
        {"when": datetime(2024, 5, 1, tzinfo=timezone.utc)}, json_encoder=orjson.dumps
    )
    assert response["body"] == '{"when":"2024-05-01T00:00:00+00:00"}'


@pytest.mark.parametrize(
    ("encoder", "reason"),
    [
        (lambda value: 1 / 0, "was refused by the json_encoder (division by zero)"),
        (lambda value: 42, "into int, not str or bytes"),
        (lambda value: b"\xff", "bytes that are not UTF-8"),
    ],
)
def test_a_failing_json_encoder_is_a_serialisation_failure(
    encoder: Any, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        response = answer_to({"a": 1}, json_encoder=encoder)
    assert response["statusCode"] == 500
    message = caplog.records[0].getMessage()
    assert "GET /items/{item_id} cannot be serialised as JSON: body (dict)" in message
    assert reason in message


def test_json_encoder_must_be_callable() -> None:
    not_a_function: Any = "orjson"
    with pytest.raises(ConfigurationError, match="json_encoder= takes a function"):
        Router(json_encoder=not_a_function)


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_body_rejects_nan_and_infinities_with_400(flavor: str, constant: str) -> None:
    router = Router()
    router.post("/in")(lambda event, context: {"got": event.json_body})
    body = '{"price": [1, ' + constant + "]}"
    response = router.dispatch(http("POST", "/in", flavor=flavor, body=body), None)
    assert response["statusCode"] == 400
    message = json.loads(response["body"])["message"]
    assert message.startswith(f"The request body is not valid JSON: {constant} is not a JSON")
    ok = router.dispatch(http("POST", "/in", flavor=flavor, body='{"price": 1.5e3}'), None)
    assert json.loads(ok["body"]) == {"got": {"price": 1500.0}}


def test_the_encoder_imports_none_of_the_modules_of_the_types_it_writes() -> None:
    import subprocess
    import sys

    script = (
        "import sys; from lambda_universal_router._http.encoding import encode_json, "
        "custom_encoder; encode_json({'a': {1, 2}}); "
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert not {"decimal", "datetime", "uuid", "dataclasses", "inspect"} & set(loaded)


def _with_middleware(router: Router) -> Router:
    @router.middleware
    def passing(event: Any, context: Any, call_next: Any) -> Any:
        return call_next(event, context)

    return router


#: Ways a router may be set up: each sends answers through a different path to the encoder.
SETUPS = {
    "plain": Router,
    "middleware": lambda: _with_middleware(Router()),
    "compress": lambda: Router(compress=1),
}


@pytest.mark.parametrize("setup", SETUPS)
def test_middleware_and_compression_answers_use_the_same_encoder(
    setup: str, caplog: pytest.LogCaptureFixture
) -> None:
    router = SETUPS[setup]()
    router.get("/items/{item_id}")(lambda event, context: {"price": Decimal("1.10")})
    router.get("/nan/{item_id}")(lambda event, context: {"price": float("nan")})
    router.not_found(lambda event, context: ({"missing": float("inf")}, 404))
    ok = router.dispatch(http("GET", "/items/secret-42", headers={"Accept-Encoding": "gzip"}), None)
    body = ok["body"] if not ok["isBase64Encoded"] else _gunzip(ok["body"])
    assert body == '{"price": 1.10}'
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        refused = router.dispatch(http("GET", "/nan/secret-42"), None)
        unmatched = router.dispatch(http("GET", "/nowhere/secret-42"), None)
    assert refused["statusCode"] == unmatched["statusCode"] == 500
    first, second = (record.getMessage() for record in caplog.records)
    assert first.startswith("The answer of the HTTP handler for GET /nan/{item_id} cannot")
    assert second.startswith("The answer of the HTTP handler for GET <unmatched> cannot")
    assert 'body["missing"] (float) is inf' in second


def _gunzip(text: str) -> str:
    import base64
    import gzip

    return gzip.decompress(base64.b64decode(text)).decode("utf-8")


def test_a_json_encoder_writes_middleware_answers_too() -> None:
    router = Router(json_encoder=lambda value: "[]")
    _with_middleware(router)
    router.get("/x")(lambda event, context: {"a": 1})
    assert router.dispatch(http("GET", "/x"), None)["body"] == "[]"
