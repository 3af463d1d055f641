"""Joining sync and async steps of a middleware chain."""

from __future__ import annotations

from lambda_universal_router._dispatch import dispatch_in_thread, run_awaitable

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    Step = Callable[[Any, Any], Any]


def awaitable(step: Step) -> Step:
    """A sync ``step`` as one returning a coroutine, for an ``async def`` middleware to await."""

    async def awaited(event: Any, context: Any) -> Any:
        return step(event, context)

    return awaited


def finished(step: Step) -> Step:
    """An async ``step`` as one returning its finished result, for a plain middleware."""

    def finish(event: Any, context: Any) -> Any:
        return run_awaitable(step(event, context))

    return finish


def off_loop(step: Step) -> Step:
    """A plain ``step`` that waits for async code inside it, as an async step: it runs in a
    worker thread, and the async code inside it back on the calling loop."""

    async def run(event: Any, context: Any) -> Any:
        return await dispatch_in_thread(step, event, context)

    return run


def threaded(middleware: Callable[[Any, Any, Step], Any], step: Step) -> Step:
    """A plain middleware between async code, run in a worker thread off the event loop.

    Its ``call_next`` runs the async ``step`` back on the loop and waits for the result.
    """
    call_next = finished(step)

    def run(event: Any, context: Any) -> Any:
        return middleware(event, context, call_next)

    async def layer(event: Any, context: Any) -> Any:
        return await dispatch_in_thread(run, event, context)

    return layer
