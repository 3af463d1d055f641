"""Cognito dispatch: Cognito wants the event back, with ``response`` filled in.

A handler fills ``event.response`` and returns nothing (or the event); the router answers with
the raw event. A handler that returns a dict answers with that dict instead.

A handler naming exact trigger sources wins over one naming families (``PreSignUp``), which wins
over one without ``trigger=``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lambda_universal_router._dispatch import EventDispatcher, call, load
from lambda_universal_router._exceptions import InvalidResponseError

if TYPE_CHECKING:
    from lambda_universal_router._registry import Registration
    from lambda_universal_router._router import Router
    from lambda_universal_router._sources import Source


class CognitoDispatcher(EventDispatcher):
    """Prefers handlers of exact trigger sources, and answers Cognito with the event."""

    __slots__ = ("_exact",)

    def __init__(self, source: Source, registrations: Sequence[Registration], router: Router):
        from lambda_universal_router._selection import Candidates

        exact = [r for r in registrations if _names_exact_sources(r.filters.get("trigger"))]
        super().__init__(source, [r for r in registrations if r not in exact], router)
        predicates = load(source.filters) if source.filters else {}
        self._exact = Candidates(exact, predicates, source.name) if exact else None

    def __call__(self, event: dict[str, Any], variant: str, context: Any) -> Any:
        typed = self.event_class(event)
        registration = self._exact.select(typed) if self._exact is not None else None
        if registration is None:
            registration = self.candidates.select(typed)
        return answer_with_event(
            self,
            registration,
            typed,
            event,
            context,
            kind="Cognito trigger",
            change="fills in event.response",
        )


def answer_with_event(
    dispatcher: EventDispatcher,
    registration: Registration | None,
    typed: Any,
    event: dict[str, Any],
    context: Any,
    *,
    kind: str,
    change: str,
) -> Any:
    """Call the handler; answer with the (changed) event unless it returned a dict of its own.

    For services that take the event back (Cognito triggers, Cognito Sync). ``kind`` names the
    handler and ``change`` what it does to the event, for the error when it returns anything else.
    """
    if registration is None:
        result = dispatcher.router.unmatched(dispatcher.source, event, context)
        return event if result is None else result
    result = call(registration.call, typed, context)
    if result is None or result is typed:
        return event
    if isinstance(result, dict):
        return result
    raise InvalidResponseError(
        f"{registration.name} returned {type(result).__name__}; a {kind} handler {change} "
        "and returns None (the router answers with the event), or returns the whole answer as "
        "a dict."
    )


def _names_exact_sources(wanted: frozenset[str] | None) -> bool:
    """Whether a ``trigger=`` filter names trigger sources only (no families)."""
    return wanted is not None and all("_" in name for name in wanted)
