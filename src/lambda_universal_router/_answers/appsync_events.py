"""AppSync Events dispatch: answers a publish with the events to broadcast.

A publish handler may return the answer itself (``event.broadcast(...)``, ``event.reject(...)``),
a list of events to broadcast, or None to broadcast the published events unchanged (what AppSync
does without a handler). A subscribe handler returns None to allow the subscription or
``event.reject(message)`` to refuse it. A channel no handler's filters take follows
``unmatched=``: acknowledged (publish unchanged, subscription allowed) or failed.
"""

from __future__ import annotations

from typing import Any

from lambda_universal_router._dispatch import EventDispatcher, call
from lambda_universal_router._exceptions import InvalidResponseError


class AppSyncEventsDispatcher(EventDispatcher):
    """Shapes what a publish or subscribe handler returns into AppSync Events' answer."""

    __slots__ = ()

    def __call__(self, event: dict[str, Any], variant: str, context: Any) -> Any:
        typed = self.event_class(event)
        registration = self.candidates.select(typed)
        if registration is None:
            result = self.router.unmatched(self.source, event, context)
        else:
            result = call(registration.call, typed, context)
        if variant != "publish":
            return result
        if result is None:
            return typed.broadcast(typed.events)
        if isinstance(result, list):
            return typed.broadcast(result)
        if isinstance(result, dict):
            return result
        name = registration.name if registration is not None else "unmatched()"
        raise InvalidResponseError(
            f"{name} returned {type(result).__name__}; a publish handler returns None (broadcast "
            "the events unchanged), a list of events, or event.broadcast(...)/event.reject(...)."
        )
