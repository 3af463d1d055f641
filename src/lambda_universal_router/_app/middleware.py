"""Middleware chains: composed once per handler when the router compiles, then called per event.

A middleware is ``mw(event, context, call_next)``; it returns what ``call_next(event, context)``
returned, or its own answer. :func:`compose` wraps a target (the handler, or what already wraps
it) in a list of middleware, outermost first, and is the one place chains are built: HTTP adds a
guard around every step so that ``call_next`` always returns a ``Response``, and observability
prepends its own layer to the list.

Sync and async mix as users expect: an ``async def`` middleware awaits ``call_next``, and a plain
middleware around an ``async def`` handler receives the finished result. Where a plain middleware
sits inside an async one and around async code, it runs in a worker thread while the code inside
it runs back on the event loop (as ``Router.dispatch_async`` does), so nothing blocks the loop;
so does a chain with a plain middleware outermost around async code when a batch runs its
records as tasks (see :func:`waiting_for_coroutines`).
"""

from __future__ import annotations

from ._sync import awaitable, finished, off_loop, threaded

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Any, Protocol

    from lambda_universal_router._registry import Registration
    from lambda_universal_router._router import Router

    Step = Callable[[Any, Any], Any]
    Middleware = Callable[[Any, Any, Step], Any]

    class Guard(Protocol):
        """Makes steps safe; HTTP's turns what they return or raise into a ``Response``."""

        def __call__(self, step: Step, asynchronous: bool) -> Step: ...

        def layer(self, middleware: Middleware, call_next: Step) -> Step:
            """A sync middleware and its guard as one step (one call fewer per layer)."""


def compose(
    middlewares: Sequence[Middleware],
    target: Step,
    asynchronous: bool,
    guard: Guard | None = None,
) -> tuple[Step, bool]:
    """``target`` wrapped in ``middlewares`` (outermost first), and whether the chain is async.

    ``asynchronous`` says whether ``target`` returns a coroutine. Without middleware or guard,
    ``target`` itself comes back: a handler without middleware keeps its direct call. An async
    chain comes back as an ``async def``: dispatchers and observability read that to choose
    how to call it.
    """
    from lambda_universal_router._batch.dispatch import is_async

    step, step_async = target, asynchronous
    if guard is not None:
        step = guard(step, step_async)
    kinds = [is_async(middleware) for middleware in middlewares]
    for index in range(len(middlewares) - 1, -1, -1):
        middleware = middlewares[index]
        if kinds[index]:
            step = _layer(middleware, step if step_async else awaitable(step))
            step_async = True
        elif step_async and any(kinds[:index]):
            step = threaded(middleware, step)
        else:
            call_next = finished(step) if step_async else step
            step_async = False
            if guard is not None:
                step = guard.layer(middleware, call_next)
                continue
            step = _layer(middleware, call_next)
        if guard is not None:
            step = guard(step, step_async)
    if step_async and not is_async(step):
        step = _coroutine_function(step)
    return step, step_async


def returns_coroutine(registration: Registration) -> bool:
    """Whether ``registration.call`` returns a coroutine, for the layers put around it later.

    A composed chain says so itself (see :func:`compose`); a plain middleware outermost makes it
    sync even around an ``async def`` handler. Without a chain, ``call`` may be a typed binding
    adapter returning the ``async def`` handler's coroutine.
    """
    from lambda_universal_router._batch.dispatch import is_async

    if registration.target is not None:
        return is_async(registration.call)
    return is_async(registration.call) or is_async(registration.handler)


def waiting_for_coroutines(registrations: Iterable[Registration]) -> dict[int, Step]:
    """By id, the per-record ``registrations`` whose ``call`` is plain code waiting for async
    code inside it (a plain middleware outermost around an ``async def`` handler), each with
    its call as an async step run off the loop: on the loop it would wait for that same loop."""
    from lambda_universal_router._batch.dispatch import is_async

    return {
        id(registration): off_loop(registration.call)
        for registration in registrations
        if registration.per_record
        and registration.target is not None
        and not is_async(registration.call)
        and (is_async(registration.target) or is_async(registration.handler))
    }


def _coroutine_function(step: Step) -> Step:
    """An async chain whose outermost step is a plain ``def`` returning a coroutine (an
    ``async def`` middleware's layer) as an ``async def``, so callers can tell it is async."""

    async def awaited(event: Any, context: Any) -> Any:
        return await step(event, context)

    return awaited


def _layer(middleware: Middleware, call_next: Step) -> Step:
    def layer(event: Any, context: Any) -> Any:
        return middleware(event, context, call_next)

    return layer


def check(middlewares: object, where: str) -> tuple[Middleware, ...]:
    """``middlewares`` as a tuple of callables, or a ConfigurationError naming ``where``."""
    from collections.abc import Iterable

    from lambda_universal_router._exceptions import ConfigurationError

    if not isinstance(middlewares, Iterable) or isinstance(middlewares, (str, bytes)):
        raise ConfigurationError(
            f"{where}: middlewares= takes a list of middleware functions, not {middlewares!r}"
        )
    found = tuple(middlewares)
    for middleware in found:
        if not callable(middleware):
            raise ConfigurationError(
                f"{where}: {middleware!r} in middlewares= is not a function; a middleware is "
                "def middleware(event, context, call_next)"
            )
    return found


def wrap_handlers(router: Router) -> None:
    """Compose the chain of every non-HTTP handler of ``router`` that has middleware.

    HTTP routes get theirs from the HTTP dispatcher, which guards every step (see
    ``_http.chain``). A registration without middleware keeps its direct call.
    """
    from lambda_universal_router._batch.dispatch import is_async

    for registration in router._registrations:
        if registration.source == "http":
            continue
        layers = router.layers_for(registration)
        if not layers:
            continue
        target = registration.target or registration.call
        registration.target = target
        asynchronous = is_async(target) or is_async(registration.handler)
        registration.call = compose(layers, target, asynchronous)[0]
