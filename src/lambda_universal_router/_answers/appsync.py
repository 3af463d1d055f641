"""AppSync dispatch: one field, or a batch of fields each resolved by its own handler.

With batching on a direct Lambda resolver, AppSync sends a list of resolver contexts and expects
a list of the same length and order, each item ``{"data": ...}`` or, for an item that failed,
``{"data": None, "errorMessage": ..., "errorType": ...}`` (AppSync then reports that field as an
error and resolves the others). An exception in one handler becomes the error entry of its item.
"""

from __future__ import annotations

from typing import Any

from lambda_universal_router._dispatch import EventDispatcher, call


class AppSyncDispatcher(EventDispatcher):
    """Resolves a single field as is, and a batch item by item."""

    __slots__ = ()

    def __call__(self, event: Any, variant: str, context: Any) -> Any:
        if variant != "batch":
            return super().__call__(event, variant, context)
        return [self._resolve(item, context) for item in event]

    def _resolve(self, item: dict[str, Any], context: Any) -> dict[str, Any]:
        typed = self.event_class(item)
        registration = self.candidates.select(typed)
        try:
            if registration is None:
                data = self.router.unmatched(self.source, item, context)
            else:
                data = call(registration.call, typed, context)
        except Exception as error:
            return {
                "data": None,
                "errorMessage": str(error) or type(error).__name__,
                "errorType": type(error).__name__,
            }
        return {"data": data}
