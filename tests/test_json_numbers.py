"""JSON as RFC 8259 defines it, wherever a request body or a record payload is parsed for handlers.

Python's parser takes ``NaN``, ``Infinity`` and numbers past a float's range (``1e999`` becomes
``inf``): values no JSON encoder writes back. One parser (``events._fields.loads_json``) refuses
them for HTTP bodies (a 400), WebSocket frames, and the payloads typed per-record handlers bind
(the record is reported failed, with the reason logged).
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any

import pytest

from lambda_universal_router import RecordValidationError, Router
from lambda_universal_router.events import WebSocketEvent
from lambda_universal_router.testing import http, kafka, kinesis, sns, sqs, websocket

NOT_JSON_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "2.5e308"]


@dataclass
class Order:
    id: int
    amount: float


@pytest.mark.parametrize("flavor", ["rest", "http", "alb", "url", "lattice"])
@pytest.mark.parametrize("number", ["1e999", "-1e999", "2.5e308"])
def test_json_body_refuses_numbers_past_a_floats_range_with_400(flavor: str, number: str) -> None:
    router = Router()
    router.post("/in")(lambda event, context: {"got": event.json_body})

    response = router.dispatch(http("POST", "/in", flavor=flavor, body='{"n": ' + number + "}"), {})

    assert response["statusCode"] == 400
    message = json.loads(response["body"])["message"]
    assert message == (
        f"The request body is not valid JSON: {number} is out of a JSON number's range "
        "(it overflows a float)"
    )
    ok = router.dispatch(http("POST", "/in", flavor=flavor, body='{"n": 1.7e308}'), {})
    assert json.loads(ok["body"]) == {"got": {"n": 1.7e308}}


@pytest.mark.parametrize("number", NOT_JSON_NUMBERS)
def test_typed_http_bodies_refuse_them_too(number: str) -> None:
    router = Router()

    @router.post("/orders")
    def place(order: Order) -> dict[str, Any]:
        return {"amount": order.amount}

    body = '{"id": 1, "amount": ' + number + "}"
    assert router.dispatch(http("POST", "/orders", body=body), {})["statusCode"] == 400
    ok = router.dispatch(http("POST", "/orders", body='{"id": 1, "amount": 2.5}'), {})
    assert json.loads(ok["body"]) == {"amount": 2.5}


@pytest.mark.parametrize("number", NOT_JSON_NUMBERS)
def test_websocket_frames_refuse_them(number: str) -> None:
    from lambda_universal_router import InvalidEventError

    event = WebSocketEvent(websocket("sendmessage", '{"n": ' + number + "}"))
    with pytest.raises(InvalidEventError, match="The WebSocket message body is not valid JSON"):
        _ = event.json_body


@pytest.mark.parametrize("variant", ["sync", "concurrent", "async"])
@pytest.mark.parametrize("number", NOT_JSON_NUMBERS)
def test_typed_sqs_payloads_with_them_are_reported_failed(
    number: str, variant: str, caplog: pytest.LogCaptureFixture
) -> None:
    router = Router()
    seen: list[Order] = []
    if variant == "async":

        @router.sqs(per_record=True)
        async def place(order: Order) -> None:
            await asyncio.sleep(0)
            seen.append(order)

    else:
        workers = 4 if variant == "concurrent" else 1

        @router.sqs(per_record=True, concurrency=workers)
        def place(order: Order) -> None:
            seen.append(order)

    event = sqs(['{"id": 1, "amount": ' + number + "}", '{"id": 2, "amount": 2.5}'])
    ids = [record["messageId"] for record in event["Records"]]

    with caplog.at_level(logging.WARNING, logger="lambda_universal_router"):
        assert router.dispatch(event, {}) == {"batchItemFailures": [{"itemIdentifier": ids[0]}]}

    assert seen == [Order(2, 2.5)]
    assert f"sqs record {ids[0]} failed validation: payload: The payload is not valid JSON" in (
        caplog.text
    )


def test_every_typed_record_payload_is_read_by_the_same_parser() -> None:
    payload = '{"id": 1, "amount": NaN}'
    router = Router()
    seen: list[Order] = []

    def place(order: Order) -> None:
        seen.append(order)

    for source in ("sns", "kinesis", "kafka"):
        getattr(router, source)(per_record=True)(place)

    kinesis_event = kinesis([payload])
    sequence = kinesis_event["Records"][0]["kinesis"]["sequenceNumber"]
    assert router.dispatch(kinesis_event, {}) == {
        "batchItemFailures": [{"itemIdentifier": sequence}]
    }
    kafka_event = kafka([payload], topic="orders")
    assert router.dispatch(kafka_event, {}) == {
        "batchItemFailures": [{"itemIdentifier": {"partition": "orders-0", "offset": 15}}]
    }
    sns_event = sns(["placeholder"])
    sns_event["Records"][0]["Sns"]["Message"] = payload
    with pytest.raises(RecordValidationError, match="The payload is not valid JSON: NaN"):
        router.dispatch(sns_event, {})  # SNS cannot retry one record: the invocation fails
    assert seen == []


def test_an_integer_past_a_floats_range_fails_a_float_field() -> None:
    typed = Router()
    seen: list[Order] = []

    @typed.sqs(per_record=True)
    def place(order: Order) -> None:
        seen.append(order)

    event = sqs(['{"id": 1, "amount": 1' + "0" * 400 + "}"])
    assert typed.dispatch(event, {}) == {
        "batchItemFailures": [{"itemIdentifier": event["Records"][0]["messageId"]}]
    }
    assert seen == []
