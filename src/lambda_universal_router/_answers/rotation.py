"""Secrets Manager rotation steps that no handler takes fail, whatever ``unmatched=`` says.

Secrets Manager takes a step that returns as done and goes on to the next one; acknowledging a
step nobody handled would leave a rotation half done while reporting success.
"""

from __future__ import annotations

from typing import Any

from lambda_universal_router._dispatch import EventDispatcher, call
from lambda_universal_router._exceptions import EventError


class RotationDispatcher(EventDispatcher):
    """Like :class:`EventDispatcher`, but a step no handler accepts raises."""

    __slots__ = ()

    def __call__(self, event: dict[str, Any], variant: str, context: Any) -> Any:
        typed = self.event_class(event)
        registration = self.candidates.select(typed)
        if registration is None:
            raise EventError(
                f"No secrets_rotation handler takes step {typed.step!r}, so the rotation stops "
                "here. Register a handler for every step (createSecret, setSecret, testSecret, "
                "finishSecret), or one without step= for the rest."
            )
        return call(registration.call, typed, context)
