"""Bedrock agent dispatch: a handler's plain result becomes the answer Bedrock expects.

A handler may build the whole answer with ``event.response(...)``; anything else it returns
(a dict, a list, text, a number) becomes the response body of a default answer: status 200 for
OpenAPI operations, a ``TEXT`` body for functions, the session attributes carried over.
"""

from __future__ import annotations

from typing import Any

from lambda_universal_router._dispatch import EventDispatcher, call


class BedrockAgentDispatcher(EventDispatcher):
    """Picks the handler by operation or function, then wraps plain results."""

    __slots__ = ()

    def __call__(self, event: dict[str, Any], variant: str, context: Any) -> Any:
        typed = self.event_class(event)
        registration = self.candidates.select(typed)
        if registration is None:
            return self.router.unmatched(self.source, event, context)
        result = call(registration.call, typed, context)
        if isinstance(result, dict) and "messageVersion" in result and "response" in result:
            return result
        return typed.response(result)
