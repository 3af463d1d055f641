"""HTTP middleware chains, in which every step answers a ``Response`` whatever happens inside it.

As Starlette's exception middleware sits just outside the routes, a guard sits around the
handler and around each middleware: what they return becomes a ``Response``, and what they raise
becomes the ``Response`` it makes (an ``HTTPError``'s own, an exception handler's, or a 500 logged
once, where it was raised). So ``call_next`` never raises, and every middleware sees the final
status, 404, 405 and 500 included.
"""

from __future__ import annotations

from types import CoroutineType

from lambda_universal_router._dispatch import run_awaitable
from lambda_universal_router._exceptions import HTTPError
from lambda_universal_router._http.response import Response, ok_response, tuple_parts

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from typing import Any

    from lambda_universal_router.events._http import APIGatewayEvent

    Step = Callable[[Any, Any], Any]
    Handlers = Mapping[type[BaseException], Callable[..., Any]]


def to_response(result: Any) -> Response:
    """Anything an HTTP handler may return, as a ``Response`` (see ``_http.response``)."""
    if type(result) is Response:
        return result
    kind = type(result)
    if kind is dict:
        return _from_dict(result) if "statusCode" in result else Response(200, result)
    if result is None:
        return Response(204)
    if isinstance(result, Response):
        return result
    if kind is tuple:
        body, status, headers = tuple_parts(result)
        return Response(status, body, headers)
    return Response(200, result)


def _from_dict(result: dict[str, Any]) -> Response:
    """A handler's own response dict (any flavor's shape) as a ``Response``."""
    from collections.abc import Mapping

    body = result.get("body")
    headers = result.get("headers")
    multi = result.get("multiValueHeaders")
    cookies = result.get("cookies")
    response = Response(
        result["statusCode"],
        body,
        {str(k): str(v) for k, v in headers.items()} if isinstance(headers, Mapping) else None,
        [str(c) for c in cookies] if isinstance(cookies, list) else None,
        multi_value_headers=(
            {
                str(name): [str(v) for v in values] if isinstance(values, list) else [str(values)]
                for name, values in multi.items()
            }
            if isinstance(multi, Mapping)
            else None
        ),
        is_base64_encoded=bool(result.get("isBase64Encoded")) and type(body) is str,
    )
    response._bare = body is None or type(body) is str
    return response


class Guard:
    """Makes steps of one route's chain answer a ``Response`` (``guard(step, is_async)``).

    ``handlers`` are exception handler maps, tried in order (an included router's before the
    including one's); in each, the most derived registered class wins. ``template`` is the route's
    path template, which log lines name (None for the router's own 404 and 405 answers).
    """

    __slots__ = ("handlers", "template")

    def __init__(self, handlers: Sequence[Handlers], template: str | None) -> None:
        self.handlers = tuple(found for found in handlers if found)
        self.template = template

    def __call__(self, step: Step, asynchronous: bool) -> Step:
        if asynchronous:
            answer_async = self.answer_async

            async def guarded_async(request: APIGatewayEvent, context: Any) -> Response:
                try:
                    result = await step(request, context)
                    return result if type(result) is Response else to_response(result)
                except Exception as exc:
                    return await answer_async(exc, request)

            return guarded_async

        answer = self.answer

        def guarded(request: APIGatewayEvent, context: Any) -> Response:
            try:
                result = step(request, context)
                # PERF: the most common answer first, made without __init__.
                if type(result) is dict and "statusCode" not in result:
                    return ok_response(result)
                if result is not None and type(result) is CoroutineType:
                    result = run_awaitable(result)
                return result if type(result) is Response else to_response(result)
            except Exception as exc:
                return answer(exc, request)

        return guarded

    def layer(self, middleware: Callable[..., Any], call_next: Step) -> Step:
        """A sync middleware and its guard as one step."""
        answer = self.answer

        def guarded_layer(request: APIGatewayEvent, context: Any) -> Response:
            try:
                result = middleware(request, context, call_next)
                return result if type(result) is Response else to_response(result)
            except Exception as exc:
                return answer(exc, request)

        return guarded_layer

    def answer(self, exc: Exception, request: APIGatewayEvent) -> Response:
        """The answer for ``exc``: its exception handler's, its own (HTTPError), or a 500."""
        handler = self._handler_for(exc)
        if handler is not None:
            try:
                result = handler(exc, request)
                if type(result) is CoroutineType:
                    result = run_awaitable(result)
                return to_response(result)
            except Exception as error:
                exc = error
        return error_response(exc, request, self.template)

    async def answer_async(self, exc: Exception, request: APIGatewayEvent) -> Response:
        """``answer`` inside an event loop, awaiting ``async def`` exception handlers."""
        handler = self._handler_for(exc)
        if handler is not None:
            try:
                result = handler(exc, request)
                if type(result) is CoroutineType:
                    result = await result
                return to_response(result)
            except Exception as error:
                exc = error
        return error_response(exc, request, self.template)

    def _handler_for(self, exc: Exception) -> Callable[..., Any] | None:
        for handlers in self.handlers:
            for cls in type(exc).__mro__:
                handler = handlers.get(cls)
                if handler is not None:
                    return handler
        return None


def error_response(exc: Exception, request: APIGatewayEvent, template: str | None) -> Response:
    """An ``HTTPError``'s own answer; for anything else a 500 that says nothing of the cause,
    with the traceback logged under the route ``template``."""
    if isinstance(exc, HTTPError):
        return Response(exc.status_code, exc.body(), headers=exc.headers)
    from lambda_universal_router._http.dispatch import log_unhandled

    log_unhandled(exc, request.http_method, template)
    return Response(500, {"message": "Internal Server Error", "statusCode": 500})


def route_chain(
    layers: Sequence[Callable[..., Any]], target: Step, asynchronous: bool, guard: Guard
) -> Step:
    """The chain of one HTTP route: ``target`` inside ``layers``, each step guarded."""
    from lambda_universal_router._app.middleware import compose

    return compose(layers, target, asynchronous, guard)[0]
