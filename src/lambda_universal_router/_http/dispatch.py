"""HTTP dispatch: find the route, call its handler, turn what it returns or raises into the answer.

Where the platform already matched a route (REST ``resource``, HTTP API ``routeKey``) and that
template is registered as written, its route is taken with one dict lookup. Otherwise the path is
matched against the route tree (``$default`` and ``{proxy+}`` integrations, ALB, Function URLs).

Outcomes besides a handler's answer: no template matches, 404; templates match but none accepts the
method, 405 with ``Allow`` (OPTIONS is answered 204 with ``Allow`` instead). ``HTTPError`` raised
by a handler becomes its response; other exceptions go to the most specific handler registered with
``@router.exception_handler``, else become a 500 whose body says nothing of the cause while the
traceback goes to the ``lambda_universal_router`` logger. An answer that cannot be written as JSON
is a 500 too, logged as that (where in the answer, what type), not as the handler's failure.

Log lines name the route template (``GET /reset/{token}``), never the request's path: paths carry
tokens and identifiers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import CoroutineType
from typing import TYPE_CHECKING, Any

from lambda_universal_router._dispatch import logger, run_awaitable
from lambda_universal_router._exceptions import (
    HTTPError,
    InvalidEventError,
    MethodNotAllowed,
    NotFound,
    ResponseSerializationError,
)
from lambda_universal_router.events._base import text_mapping
from lambda_universal_router.events._http import APIGatewayEvent

from .flavors import FLAVORS, REST, Flavor, flavor_of
from .response import Encode, Response, render, render_response

if TYPE_CHECKING:
    from lambda_universal_router._registry import Registration
    from lambda_universal_router._router import Router
    from lambda_universal_router._sources import Source

    from .assembly import Edges
    from .routing import Route, RouteTable

JSON = dict[str, Any]


class HTTPDispatcher:
    """Dispatches the HTTP events of every flavor to the routes of one router."""

    __slots__ = ("_by_template", "_edges", "_encode", "_exception_handlers", "_table")

    def __init__(self, source: Source, registrations: Sequence[Registration], router: Router):
        table = router._route_table
        if table is None:  # registrations always create it; an empty table answers 404
            from .routing import RouteTable

            table = RouteTable()
        self._table: RouteTable = table
        self._by_template = table.by_template
        self._exception_handlers: dict[type[BaseException], Callable[..., Any]] = dict(
            router._exception_handlers
        )
        for route in table.every_route():
            route.handler = route.registration.call
        self._encode: Encode | None = None
        if router.json_encoder is not None:
            from .encoding import custom_encoder

            self._encode = custom_encoder(router.json_encoder)
        #: The router's own answers when middleware, CORS or custom handlers shape them.
        self._edges: Edges | None = None
        if _needs_assembly(router):
            from .assembly import prepare

            self._edges = prepare(router, table)

    # PERF: every HTTP request; one frame from flavor to answer (C901 opt-out), helpers only
    # for the rare branches (preflight, path matching, failures).
    def __call__(self, event: JSON, variant: str, context: Any) -> Any:  # noqa: C901
        flavor = FLAVORS.get(variant)
        if flavor is REST and "version" in event:
            flavor = flavor_of(event, variant)
        if flavor is None:
            raise InvalidEventError(f"HTTP events of kind {variant!r} are not supported")
        # PERF: REST, the most common flavor, read directly instead of through its readers.
        if flavor is REST:
            method = event.get("httpMethod")
            resolved = event.get("resource")
            if type(resolved) is not str:
                resolved = None
        else:
            method = flavor.method(event)
            resolved = flavor.resolved(event)
        if type(method) is not str:
            raise InvalidEventError(
                f"This {flavor.name} HTTP event has no HTTP method (got {method!r})"
            )
        edges = self._edges
        # NOTE: methods are case-sensitive; browsers send preflights as "OPTIONS".
        if method == "OPTIONS" and edges is not None and edges.preflights:
            answer = edges.preflight(APIGatewayEvent(event, {}, flavor), flavor)
            if answer is not None:
                return answer
        route: Route | None = None
        params: dict[str, str] | None = None
        if resolved is not None:
            methods = self._by_template.get(resolved)
            if methods is not None:
                route = methods.table.get(method) or methods.any
                if route is not None:
                    params = _resolved_params(route, event, flavor) if route.names else {}
        if route is None or params is None:
            found = self._match(event, flavor, method, context)
            if isinstance(found, dict):
                return found
            route, params = found
        request = APIGatewayEvent(event, params, flavor)
        chain = route.chain
        if chain is not None:
            # Middleware, compression or scoped exception handlers: the chain answers a Response.
            head = method == "HEAD"
            try:
                response = chain(request, context)
                if type(response) is CoroutineType:
                    response = run_awaitable(response)
                if route.compress is not None:
                    route.compress.apply(request, response, head, self._encode)
                if route.cors is not None:
                    route.cors.apply(request, response)
                return render_response(response, flavor, event, head, self._encode)
            except ResponseSerializationError as exc:
                return self._failure(exc, request, flavor, method, route)
        try:
            result = route.handler(request, context)
            if result is not None and type(result) is CoroutineType:
                result = run_awaitable(result)
            answer = render(result, flavor, event, method == "HEAD", self._encode)
        except Exception as exc:
            answer = self._failure(exc, request, flavor, method, route)
            result = answer  # NOTE: it may be an exception handler's own dict; never changed
        cors = route.cors
        if cors is None:
            return answer
        if type(result) is not dict or "statusCode" in result:
            return cors.mark(request, answer, given=type(result) is dict)
        # PERF: CORS's usual case inline: a handler's dict (rendered with the Content-Type as
        # its only header) answered to a listed origin, sent its headers made in advance.
        try:
            raw = event["headers"]
            origin = raw.get("origin") or raw.get("Origin")
        except (LookupError, AttributeError):  # no headers, or not an object: mark reads them
            origin = None
        # NOTE: not text (Lattice v2 sends lists): mark reads those too.
        listed = cors._plain_headers.get(origin) if type(origin) is str else None
        if listed is not None and "headers" in answer:
            answer["headers"] = listed.copy()
            return answer
        return cors.mark(request, answer, given=False)

    def _match(
        self, event: JSON, flavor: Flavor, method: str, context: Any
    ) -> tuple[Route, dict[str, str]] | JSON:
        """``(route, params)`` for the event's path, else the finished 404/405/OPTIONS answer."""
        path = segments(event, flavor)
        found = self._table.match(path, method)
        if found is None and not method.isupper():
            method = method.upper()
            found = self._table.match(path, method)
        if found is not None:
            route, values = found
            return route, dict(zip(route.names, values, strict=True))
        request = APIGatewayEvent(event, {}, flavor)
        allowed = self._table.allowed(path)
        if self._edges is not None:
            try:
                return self._edges.unmatched(request, context, method, allowed, self._encode)
            except ResponseSerializationError as exc:
                return self._failure(exc, request, flavor, method)
        if not allowed:
            return self._failure(NotFound(), request, flavor, method)
        if "OPTIONS" not in allowed:
            allowed.append("OPTIONS")
        if method == "OPTIONS":
            answer = Response(204, headers={"Allow": ", ".join(allowed)})
            return render(answer, flavor, event)
        return self._failure(MethodNotAllowed(allowed=allowed), request, flavor, method)

    def _failure(
        self,
        exc: Exception,
        request: APIGatewayEvent,
        flavor: Flavor,
        method: str,
        route: Route | None = None,
    ) -> JSON:
        """The answer for ``exc``: its exception handler's, its own (HTTPError), or a 500."""
        head = method == "HEAD"
        handler = None if isinstance(exc, ResponseSerializationError) else self._handler_for(exc)
        if handler is not None:
            try:
                result = handler(exc, request)
                if type(result) is CoroutineType:
                    result = run_awaitable(result)
                return render(result, flavor, request.raw_event, head, self._encode)
            except Exception as error:
                exc = error
        template = None if route is None else route.template.text
        if isinstance(exc, ResponseSerializationError):
            log_unserialisable(exc, method, template)
            answer = Response(500, {"message": "Internal Server Error", "statusCode": 500})
        elif isinstance(exc, HTTPError):
            answer = Response(exc.status_code, exc.body(), headers=exc.headers)
        else:
            log_unhandled(exc, method, template)
            answer = Response(500, {"message": "Internal Server Error", "statusCode": 500})
        return render(answer, flavor, request.raw_event, head)

    def _handler_for(self, exc: Exception) -> Callable[..., Any] | None:
        handlers = self._exception_handlers
        if handlers:
            for cls in type(exc).__mro__:
                handler = handlers.get(cls)
                if handler is not None:
                    return handler
        return None


def segments(event: JSON, flavor: Flavor) -> list[str]:
    """The decoded segments of the event's path, stage prefix removed."""
    path = flavor.path(event)
    if type(path) is not str:
        raise InvalidEventError(f"This {flavor.name} HTTP event has no path (got {path!r})")
    if flavor.staged:
        path = _strip_stage(event, path)
    stripped = path.strip("/")
    found = stripped.split("/") if stripped else []
    if not flavor.decoded_path and "%" in stripped:
        found = _decode(found)
    return found


def _needs_assembly(router: Router) -> bool:
    """Whether any route or answer of ``router`` goes through middleware, CORS or compression."""
    return bool(
        router._middlewares
        or router.cors is not None
        or _compresses(router.compress)
        or router._not_found is not None
        or router._method_not_allowed is not None
        or any(
            r.middlewares or r.cors or _compresses(r.compress) or r.exception_handlers
            for r in router._registrations
            if r.source == "http"
        )
    )


def _compresses(setting: bool | int | None) -> bool:
    # NOTE: ``compress=0`` (every body) is falsy but on; only None (not set) and False are off.
    return setting is not None and setting is not False


def _resolved_params(route: Route, event: JSON, flavor: Flavor) -> dict[str, str] | None:
    """The parameters of a route the platform resolved, or None to match the path instead."""
    if flavor.aws_params:
        given = event.get("pathParameters")
        if type(given) is not dict:
            return None
        for name in route.names:
            if type(given.get(name)) is not str:
                return None
        # Each entry is a parameter checked above, unless a hand-built event added others.
        return given if len(given) == len(route.names) else text_mapping(event, "pathParameters")
    path = flavor.path(event)
    if type(path) is not str:
        return None
    if route.last is not None:
        return _last_param(route.last, route.depth, path, flavor)
    return _params_at_offsets(route, path, flavor)


def _last_param(name: str, depth: int, path: str, flavor: Flavor) -> dict[str, str] | None:
    """The parameter ``name`` of a route whose only parameter is its last segment."""
    # Aligned from the right: behind a custom domain's base path mapping, `path` has a prefix.
    head, _, value = path.rpartition("/")
    if not value or head.count("/") < depth - 1:
        return None
    if "%" in value and not flavor.decoded_path:
        value = _decode([value])[0]
    return {name: value}


def _params_at_offsets(route: Route, path: str, flavor: Flavor) -> dict[str, str] | None:
    """The parameters of a route read at their offsets from the right of ``path``."""
    if "//" in path:
        return None
    parts = path.split("/")
    if not parts[-1]:
        parts.pop()
    if len(parts) <= route.depth:
        return None
    # PERF: a plain loop; comprehensions cost a function call each before Python 3.12.
    params = {}
    for name, offset in route.offsets:
        params[name] = parts[offset]
    if "%" in path and not flavor.decoded_path:
        for name, value in params.items():
            params[name] = _decode([value])[0]
    return params


def _strip_stage(event: JSON, path: str) -> str:
    """``path`` without the ``/{stage}`` prefix HTTP APIs add for named stages."""
    context = event.get("requestContext")
    if type(context) is not dict:
        return path
    stage = context.get("stage")
    if type(stage) is not str or not stage or stage == "$default":
        return path
    prefix = "/" + stage
    if not path.startswith(prefix) or path[len(prefix) : len(prefix) + 1] not in ("", "/"):
        return path
    domain = context.get("domainName")
    if type(domain) is str and ".execute-api." not in domain:
        return path  # custom domains map the stage themselves and send no prefix
    return path[len(prefix) :] or "/"


def _decode(segments: list[str]) -> list[str]:
    from urllib.parse import unquote

    return [unquote(segment) if "%" in segment else segment for segment in segments]


def route_name(method: str, template: str | None) -> str:
    """``GET /reset/{token}``: the method and the route template, or ``<unmatched>`` without one.

    NOTE: never the request's path, whose segments may be secrets (reset tokens, ids).
    """
    return f"{method} {'<unmatched>' if template is None else template}"


def log_unhandled(exc: BaseException, method: str, template: str | None) -> None:
    logger().error(
        "Unhandled %s in the HTTP handler for %s; answered 500",
        type(exc).__name__,
        route_name(method, template),
        exc_info=exc,
    )


def log_unserialisable(exc: ResponseSerializationError, method: str, template: str | None) -> None:
    logger().error(
        "The answer of the HTTP handler for %s cannot be serialised as JSON: %s; answered 500",
        route_name(method, template),
        exc,
        exc_info=exc.__cause__,
    )
