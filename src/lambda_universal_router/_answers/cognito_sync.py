"""Cognito Sync dispatch: Cognito Sync stores the records of the event the function returns.

A handler changes records with ``record.replace()`` and ``record.remove()`` and returns nothing
(or the event); the router answers with the raw event, changes included. A handler that returns
a dict answers with that dict. An event no handler takes is answered unchanged (with
``unmatched="fail"``, the error stops the synchronization).
"""

from __future__ import annotations

from typing import Any

from lambda_universal_router._dispatch import EventDispatcher

from .cognito import answer_with_event


class CognitoSyncDispatcher(EventDispatcher):
    """Answers Cognito Sync with the event its handler may have changed."""

    __slots__ = ()

    def __call__(self, event: dict[str, Any], variant: str, context: Any) -> Any:
        typed = self.event_class(event)
        registration = self.candidates.select(typed)
        return answer_with_event(
            self,
            registration,
            typed,
            event,
            context,
            kind="Cognito Sync",
            change="changes event.records",
        )
