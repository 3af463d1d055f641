"""Checked by mypy --strict, never run: decorators return the function with its exact type."""

from __future__ import annotations

from typing import Any

from typing_extensions import assert_type

from lambda_universal_router import Router

router = Router()


@router.get("/users/{id}")
def get_user(event: Any, context: Any) -> dict[str, str]:
    return {"id": event.path_parameters["id"]}


@router.sqs()
def on_orders(event: Any, context: Any) -> int:
    return 1


assert_type(get_user(None, None), dict[str, str])
assert_type(on_orders(None, None), int)
