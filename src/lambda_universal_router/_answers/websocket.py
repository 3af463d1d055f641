"""WebSocket dispatch: the ``$default`` route for unnamed messages, and the proxy answer.

API Gateway sends a message to its ``$default`` route when no route matches; one function often
serves several routes, so a handler registered for ``"$default"`` here likewise receives every
message whose route key no handler names. Connects and disconnects never go to ``$default``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lambda_universal_router._dispatch import EventDispatcher, call
from lambda_universal_router._exceptions import HTTPError

if TYPE_CHECKING:
    from lambda_universal_router._registry import Registration
    from lambda_universal_router._router import Router
    from lambda_universal_router._sources import Source


class WebSocketDispatcher(EventDispatcher):
    """Routes by route key, then answers in the shape the Lambda proxy integration expects."""

    __slots__ = ("_named",)

    def __init__(self, source: Source, registrations: Sequence[Registration], router: Router):
        super().__init__(source, registrations, router)
        named: set[str] = set()
        for registration in registrations:
            named.update(registration.filters.get("route_key", ()))
        named.discard("$default")
        self._named = frozenset(named)

    def __call__(self, event: dict[str, Any], variant: str, context: Any) -> Any:
        typed = self.event_class(event)
        if typed.event_type == "MESSAGE" and typed.route_key not in self._named:
            typed._default_route = True
        registration = self.candidates.select(typed)
        if registration is None:
            return proxy_answer(self.router.unmatched(self.source, event, context))
        try:
            result = call(registration.call, typed, context)
        except HTTPError as error:
            return _error(error)
        return proxy_answer(result)


def proxy_answer(result: Any) -> Any:
    """``None`` -> 200; a dict with ``statusCode`` as is; anything else becomes a 200 body, in
    JSON as HTTP answers are written (Decimal, datetime, dataclasses, ...; NaN refused)."""
    if result is None:
        return {"statusCode": 200}
    if isinstance(result, dict) and "statusCode" in result:
        return result
    if isinstance(result, str):
        return {"statusCode": 200, "body": result}
    from lambda_universal_router._http.encoding import encode_json

    return {"statusCode": 200, "body": encode_json(result)}


def _error(error: HTTPError) -> dict[str, Any]:
    import json

    answer: dict[str, Any] = {
        "statusCode": error.status_code,
        "body": json.dumps({"message": error.message}),
    }
    if error.headers:
        answer["headers"] = dict(error.headers)
    return answer
