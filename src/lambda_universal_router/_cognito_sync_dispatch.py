"""Cognito Sync dispatch: Cognito Sync stores the records of the event the function returns.

A handler changes records with ``record.replace()`` and ``record.remove()`` and returns nothing
(or the event); the router answers with the raw event, changes included. A handler that returns
a dict answers with that dict. An event no handler takes is answered unchanged (with
``unmatched="fail"``, the error stops the synchronization).
"""

from __future__ import annotations

from typing import Any

from ._dispatch import EventDispatcher, call
from ._exceptions import InvalidResponseError


class CognitoSyncDispatcher(EventDispatcher):
    """Answers Cognito Sync with the event its handler may have changed."""

    __slots__ = ()

    def __call__(self, event: dict[str, Any], variant: str, context: Any) -> Any:
        typed = self.event_class(event)
        registration = self.candidates.select(typed)
        if registration is None:
            result = self.router.unmatched(self.source, event, context)
            return event if result is None else result
        result = call(registration.handler, typed, context)
        if result is None or result is typed:
            return event
        if isinstance(result, dict):
            return result
        raise InvalidResponseError(
            f"{registration.name} returned {type(result).__name__}; a Cognito Sync handler "
            "changes event.records and returns None (the router answers with the event), or "
            "returns the whole event as a dict."
        )
