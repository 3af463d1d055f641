"""Typed handlers: what binding and validation from type hints cost per request, three ways.

One route, ``POST /shops/{shop_id}/orders?page=2&source=app`` with a 5-field JSON body, written:

- typed, on this library's ``Router``: ``shop_id: int``, two query parameters and a dataclass body,
  bound and validated from the signature;
- by hand, on the same ``Router``: an ``(event, context)`` handler doing the same parsing and
  checks itself (int conversion, the body's fields and their types, a 422 listing problems);
- on Powertools' ``APIGatewayRestResolver(enable_validation=True)`` with an equivalent pydantic
  model and ``Query()`` parameters.

Every system must answer each benchmark event with status 201 and the same JSON body before it is
timed. Samples are interleaved; a ratio is the median of the ratios within each round.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from _report import Report, Target, micros, ratio, table
from _stats import LAMBDA_CONTEXT, interleaved, median, ns_per_call, paired_ratio, shared_loops

TYPED, HAND, POWERTOOLS = "typed", "by hand", "Powertools (validation on)"
SYSTEMS = (TYPED, HAND, POWERTOOLS)
EVENTS = 100

#: The issue's targets: typed at most 1.5x by hand, and at least 5x cheaper than Powertools.
HAND_TARGET = 1.5
POWERTOOLS_TARGET = 0.2

Handler = Callable[[dict[str, Any], Any], Any]


@dataclass
class Order:
    customer: str
    sku: str
    qty: int
    price: float
    gift: bool


def _answer(shop_id: int, order: Order, page: int, source: str) -> dict[str, Any]:
    return {"shop": shop_id, "customer": order.customer, "qty": order.qty, "page": page,
            "source": source}  # fmt: skip


def _typed() -> Handler:
    from lambda_universal_router import Router

    router = Router()

    @router.post("/shops/{shop_id}/orders", status_code=201)
    def create(shop_id: int, order: Order, page: int = 1, source: str = "web") -> dict[str, Any]:
        return _answer(shop_id, order, page, source)

    return router.dispatch


_FIELDS = {"customer": str, "sku": str, "qty": int, "price": float, "gift": bool}


def _by_hand() -> Handler:
    from lambda_universal_router import RequestValidationError, Response, Router

    router = Router()

    @router.post("/shops/{shop_id}/orders")
    def create(event: Any, context: Any) -> Any:
        errors = []
        try:
            shop_id = int(event.path_parameters["shop_id"])
        except ValueError:
            errors.append({"location": ["path", "shop_id"], "message": "int", "type": "int"})
        query = event.query_string_parameters
        try:
            page = int(query.get("page", 1))
        except ValueError:
            errors.append({"location": ["query", "page"], "message": "int", "type": "int"})
        source = query.get("source", "web")
        body = event.json_body
        if type(body) is not dict:
            raise RequestValidationError([{"location": ["body"], "message": "obj", "type": "o"}])
        values = {}
        for name, kind in _FIELDS.items():
            value = body.get(name)
            if kind is float and type(value) is int:
                value = float(value)
            if type(value) is not kind:
                errors.append({"location": ["body", name], "message": "type", "type": "t"})
            values[name] = value
        if errors:
            raise RequestValidationError(errors)
        return Response(201, _answer(shop_id, Order(**values), page, source))

    return router.dispatch


def _powertools() -> Handler:
    from aws_lambda_powertools.event_handler import APIGatewayRestResolver
    from aws_lambda_powertools.event_handler.openapi.params import Query
    from pydantic import BaseModel

    class PydanticOrder(BaseModel):
        customer: str
        sku: str
        qty: int
        price: float
        gift: bool

    app = APIGatewayRestResolver(enable_validation=True)

    def create(
        shop_id: int,
        order: PydanticOrder,
        page: Annotated[int, Query()] = 1,
        source: Annotated[str, Query()] = "web",
    ) -> tuple[dict[str, Any], int]:
        return _answer(shop_id, Order(**order.model_dump()), page, source), 201

    # NOTE: this module's annotations are text; Powertools needs the objects, local ones too.
    create.__annotations__ = {
        "shop_id": int,
        "order": PydanticOrder,
        "page": Annotated[int, Query()],
        "source": Annotated[str, Query()],
        "return": tuple[dict[str, Any], int],
    }
    app.post("/shops/<shop_id>/orders")(create)
    return app.resolve


BUILDERS: dict[str, Callable[[], Handler]] = {
    TYPED: _typed,
    HAND: _by_hand,
    POWERTOOLS: _powertools,
}


def _events() -> list[dict[str, Any]]:
    events = []
    for index in range(EVENTS):
        shop = str(index % 17 + 1)
        body = {"customer": f"c{index}", "sku": "SKU-1", "qty": index % 5 + 1,
                "price": 9.5 + index, "gift": index % 2 == 0}  # fmt: skip
        query = {"page": str(index % 3 + 1), "source": "app"}
        events.append(
            {
                "resource": "/shops/{shop_id}/orders",
                "path": f"/shops/{shop}/orders",
                "httpMethod": "POST",
                "headers": {"Content-Type": "application/json"},
                "multiValueHeaders": {"Content-Type": ["application/json"]},
                "queryStringParameters": query,
                "multiValueQueryStringParameters": {k: [v] for k, v in query.items()},
                "pathParameters": {"shop_id": shop},
                "stageVariables": None,
                "requestContext": {
                    "resourcePath": "/shops/{shop_id}/orders",
                    "httpMethod": "POST",
                    "path": f"/prod/shops/{shop}/orders",
                    "stage": "prod",
                    "requestId": f"r-{index}",
                    "identity": {"sourceIp": "203.0.113.9"},
                },
                "body": json.dumps(body),
                "isBase64Encoded": False,
            }
        )
    return events


def _expected(event: dict[str, Any]) -> dict[str, Any]:
    body = json.loads(event["body"])
    query = event["queryStringParameters"]
    return {"shop": int(event["pathParameters"]["shop_id"]), "customer": body["customer"],
            "qty": body["qty"], "page": int(query["page"]), "source": query["source"]}  # fmt: skip


def verify(system: str, handler: Handler, events: list[dict[str, Any]]) -> None:
    """Fail unless ``handler`` answers every event with 201 and the expected body."""
    for event in events:
        before = copy.deepcopy(event)
        response = handler(event, LAMBDA_CONTEXT)
        if response.get("statusCode") != 201:
            raise SystemExit(f"{system}: status {response.get('statusCode')}: {response}")
        if json.loads(response["body"]) != _expected(event):
            raise SystemExit(f"{system}: unexpected body {response['body']!r}")
        if event != before:
            raise SystemExit(f"{system}: the handler changed the event")
    bad = copy.deepcopy(events[0])
    bad["body"] = json.dumps({"customer": 1})
    if handler(bad, LAMBDA_CONTEXT).get("statusCode") != 422:
        raise SystemExit(f"{system}: an invalid body was not answered 422")


def run(quick: bool) -> Report:
    rounds, min_ns = (5, 2e6) if quick else (60, 5e6)
    events = _events()
    handlers = {system: build() for system, build in BUILDERS.items()}
    for system, handler in handlers.items():
        verify(system, handler, events)
    loops = shared_loops([(handler, events) for handler in handlers.values()], min_ns)
    samplers = {system: _sampler(handler, events, loops) for system, handler in handlers.items()}
    samples = interleaved(samplers, rounds)
    typed, hand, powertools = (samples[system] for system in SYSTEMS)
    targets = [
        Target("typed route ÷ the same route by hand", paired_ratio(typed, hand), HAND_TARGET),
        Target(
            "typed route ÷ Powertools with enable_validation",
            paired_ratio(typed, powertools),
            POWERTOOLS_TARGET,
        ),
    ]
    rows = [
        [system, micros(median(samples[system])), ratio(paired_ratio(samples[system], hand))]
        for system in SYSTEMS
    ]
    body = (
        "Median time per request, REST API events for `POST /shops/{shop_id}/orders` with a path"
        " int, two query parameters and a 5-field JSON body:\n\n"
        + table(["System", "Per request", "÷ by hand"], rows, align="lrr")
        + "\n\n"
        + table(
            ["Target", "Measured", "Limit", ""],
            [[t.name, ratio(t.measured), f"≤ {t.limit:g}x", t.verdict()] for t in targets],
            align="lrrl",
        )
        + f"\n\n{rounds} interleaved rounds; each sample runs {EVENTS} precomputed events"
        f" (repeated to last at least {min_ns / 1e6:g} ms), garbage collector paused while"
        " timing. Ratios are medians of the ratios within each round. Powertools' ratio limit"
        f' of {POWERTOOLS_TARGET:g}x is the issue\'s "at least 5x cheaper".'
    )
    return Report("typed", "Typed handlers", body, targets)


def _sampler(handler: Handler, events: list[dict[str, Any]], loops: int) -> Callable[[], float]:
    return lambda: ns_per_call(handler, events, loops)
