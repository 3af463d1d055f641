"""Calling handlers, and the dispatcher for sources that hand one event to one handler.

A dispatcher is compiled once per source from that source's registrations (see
``Router._compile``) and then called for every event of the source as
``dispatcher(event, variant, context)``.
"""

from __future__ import annotations

from contextvars import ContextVar
from types import CoroutineType

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    import logging
    from collections.abc import Callable, Sequence
    from typing import Any

    from ._registry import Registration
    from ._router import Router
    from ._sources import Source


#: ``extra=`` of log lines about a record or event that reached no handler: ``lambda-router
#: invoke`` shows them as warnings whatever the log level.
UNMATCHED = {"unmatched": True}


def logger() -> logging.Logger:
    """The library's logger; ``logging`` is imported on first use, as it costs milliseconds."""
    import logging

    return logging.getLogger("lambda_universal_router")


def load(reference: str) -> Any:
    """Import ``"package.module:attribute"`` and return the attribute."""
    from importlib import import_module

    module, _, attribute = reference.partition(":")
    return getattr(import_module(module), attribute)


#: The caller's event loop while ``dispatch_async`` runs the dispatch in a worker thread.
_CALLER_LOOP: ContextVar[Any] = ContextVar("lambda_universal_router_loop", default=None)


async def dispatch_in_thread(dispatch: Callable[[Any, Any], Any], event: Any, context: Any) -> Any:
    """Run ``dispatch`` off the event loop, running async handlers back on that same loop."""
    import asyncio

    token = _CALLER_LOOP.set(asyncio.get_running_loop())
    try:
        return await asyncio.to_thread(dispatch, event, context)
    finally:
        _CALLER_LOOP.reset(token)


def run_awaitable(result: Any) -> Any:
    """Finish a coroutine returned by an ``async def`` handler.

    Under ``dispatch_async`` it runs on the caller's event loop (so loop-bound clients work);
    otherwise in a fresh loop, as Lambda's Python runtime has none running. Plain code running
    on a loop cannot wait for it without blocking that loop forever, so that raises instead.
    """
    import asyncio

    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        loop = _CALLER_LOOP.get()
        if loop is not None:
            return asyncio.run_coroutine_threadsafe(result, loop).result()
        return asyncio.run(result)
    result.close()
    if running is _CALLER_LOOP.get():
        raise RuntimeError(
            "Plain (sync) code running on the event loop of router.dispatch_async() waited for "
            "an async handler, which would block that loop forever"
        )
    raise RuntimeError(
        "An async handler was dispatched with router.dispatch() from inside a running event "
        "loop; use `await router.dispatch_async(event, context)` there instead."
    )


def call(handler: Callable[..., Any], argument: Any, context: Any) -> Any:
    """Call ``handler(argument, context)``, running it to completion if it is ``async def``."""
    result = handler(argument, context)
    if type(result) is CoroutineType:
        return run_awaitable(result)
    return result


class EventDispatcher:
    """Hands the typed event to the most specific handler whose filters accept it.

    With no filters anywhere this is the 1.0 behaviour: the first registered handler gets it.
    """

    __slots__ = ("candidates", "event_class", "router", "source")

    def __init__(self, source: Source, registrations: Sequence[Registration], router: Router):
        from ._selection import Candidates

        self.source = source
        self.router = router
        self.event_class: Callable[[dict[str, Any]], Any] = load(source.event)
        from ._names import filter_predicates

        predicates = filter_predicates(source)
        self.candidates = Candidates(registrations, predicates, source.name)

    def __call__(self, event: dict[str, Any], variant: str, context: Any) -> Any:
        typed = self.event_class(event)
        registration = self.candidates.select(typed)
        if registration is None:
            return self.router.unmatched(self.source, event, context)
        return call(registration.call, typed, context)
