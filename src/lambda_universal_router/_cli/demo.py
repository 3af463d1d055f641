"""``lambda-router demo``: the bookstore example against generated events, one line per outcome."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TextIO


def _short(value: Any, width: int = 72) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= width else text[: width - 3] + "..."


def _http_line(response: dict[str, Any]) -> str:
    body = response.get("body") or ""
    headers = response.get("headers") or {}
    allow = f"  Allow: {headers['Allow']}" if "Allow" in headers else ""
    return f"{response['statusCode']} {_short(body, 60)}{allow}"


def run(out: TextIO) -> int:
    """Dispatch one event of each kind through the bookstore and print what happened."""
    import logging

    from lambda_universal_router.examples import bookstore
    from lambda_universal_router.testing import LambdaContext, dynamodb, http, s3, schedule, sqs

    bookstore.reset()
    router = bookstore.router
    steps: list[tuple[str, str, Callable[[], Any], Callable[[Any], str]]] = [
        (
            "HTTP",
            "GET /books/978-0132350884 via API Gateway REST",
            lambda: router.dispatch(http("GET", "/books/978-0132350884"), LambdaContext()),
            _http_line,
        ),
        (
            "HTTP",
            "GET /books/0000 via HTTP API",
            lambda: router.dispatch(http("GET", "/books/0000", flavor="http"), LambdaContext()),
            _http_line,
        ),
        (
            "HTTP",
            "POST /books via Function URL",
            lambda: router.dispatch(
                http(
                    "POST",
                    "/books",
                    flavor="url",
                    json={"isbn": "978-1491946008", "title": "Fluent Python", "stock": 1},
                    headers={"Authorization": f"Bearer {bookstore.STAFF_TOKEN}"},
                ),
                LambdaContext(),
            ),
            _http_line,
        ),
        (
            "HTTP",
            "PUT /books via ALB",
            lambda: router.dispatch(http("PUT", "/books", flavor="alb"), LambdaContext()),
            _http_line,
        ),
        (
            "SQS",
            "3 orders, one for a sold-out book",
            lambda: router.dispatch(
                sqs(
                    [
                        {"isbn": "978-0132350884", "quantity": 1},
                        {"isbn": "978-0201633610", "quantity": 1},
                        {"isbn": "978-1491946008", "quantity": 1},
                    ],
                    queue="orders",
                ),
                LambdaContext(),
            ),
            lambda result: (
                f"{len(result['batchItemFailures'])} message reported for retry, "
                f"shipped: {', '.join(bookstore.SHIPPED)}"
            ),
        ),
        (
            "DynamoDB",
            "INSERT, MODIFY and REMOVE on the Books table",
            lambda: router.dispatch(
                {
                    "Records": [
                        *dynamodb(
                            "INSERT",
                            new_image={"Id": "101", "Title": "Dune", "Price": 9},
                            table="Books",
                        )["Records"],
                        *dynamodb(
                            "MODIFY",
                            old_image={"Id": "101", "Title": "Dune", "Price": 9},
                            new_image={"Id": "101", "Title": "Dune", "Price": 8},
                            table="Books",
                        )["Records"],
                        *dynamodb(
                            "REMOVE",
                            old_image={"Id": "102", "Title": "Emma", "Price": 7},
                            table="Books",
                        )["Records"],
                    ]
                },
                LambdaContext(),
            ),
            lambda result: f"search index: {_short(bookstore.SEARCH_INDEX, 60)}",
        ),
        (
            "S3",
            "uploads covers/dune.jpg and notes/todo.txt",
            lambda: router.dispatch(
                s3(["covers/dune.jpg", "notes/todo.txt"], bucket="bookstore-uploads"),
                LambdaContext(),
            ),
            lambda result: f"covers stored: {', '.join(bookstore.COVERS) or 'none'}",
        ),
        (
            "Schedule",
            "nightly EventBridge rule",
            lambda: router.dispatch(schedule("nightly-report"), LambdaContext()),
            _short,
        ),
    ]
    print("lambda-universal-router demo: the bookstore example, one Lambda function\n", file=out)
    # The failed order is expected: keep its logged traceback out of the report.
    logger = logging.getLogger("lambda_universal_router")
    was_disabled, logger.disabled = logger.disabled, True
    try:
        for source, what, dispatch, describe in steps:
            print(f"  {source:<9} {what}", file=out)
            print(f"  {'':<9} -> {describe(dispatch())}\n", file=out)
    finally:
        logger.disabled = was_disabled
    print("Source: lambda_universal_router/examples/bookstore.py", file=out)
    return 0
