"""Checked by mypy --strict, never run: middleware, include, CORS and the route options of the
application layer keep the decorated function's type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from typing_extensions import assert_type

from lambda_universal_router import CORS, Response, Router
from lambda_universal_router.events import APIGatewayEvent, SQSMessage

router = Router(cors=CORS(allow_origins=("https://app.example.com",), max_age=600), compress=True)
child = Router()


@router.middleware
def timing(event: Any, context: Any, call_next: Callable[[Any, Any], Any]) -> Any:
    return call_next(event, context)


@router.middleware(sources=["http"])
def stamp(
    event: APIGatewayEvent, context: Any, call_next: Callable[[Any, Any], Response]
) -> Response:
    response = call_next(event, context)
    response.headers["X-Stamp"] = "1"
    return response


@router.middleware(sources=["sqs"])
async def awaiting(event: SQSMessage, context: Any, call_next: Callable[[Any, Any], Any]) -> Any:
    return await call_next(event, context)


@child.get("/{isbn}", middlewares=[stamp], cors=False, compress=2048)
def get_book(event: APIGatewayEvent, context: Any) -> dict[str, str]:
    return dict(event.path_parameters)


@child.sqs(queue="orders", per_record=True, middlewares=[timing])
def order(message: SQSMessage, context: Any) -> None:
    pass


@router.not_found
def missing(event: APIGatewayEvent, context: Any) -> tuple[str, int]:
    return "nothing here", 404


router.include(child, prefix="/books")

assert_type(stamp(APIGatewayEvent({}), None, lambda e, c: Response()), Response)
assert_type(get_book(APIGatewayEvent({}), None), dict[str, str])
assert_type(missing(APIGatewayEvent({}), None), tuple[str, int])
assert_type(router.cors, CORS | None)
assert_type(CORS().allow_origins, tuple[str, ...])
assert_type(Response().multi_value_headers, dict[str, list[str]])
