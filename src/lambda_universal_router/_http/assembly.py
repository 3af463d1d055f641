"""Preparing a router's HTTP routes for middleware, CORS and compression, once, when it compiles.

Each route that needs it gets its chain (see ``chain``) and the CORS and compression settings
that apply to it: the route's own, else the innermost including router's, else the dispatching
router's. The answers the router gives itself (404, 405, the OPTIONS ``Allow`` answer) pass through
the router's global HTTP middleware, and get its CORS headers; preflights are answered here,
before any middleware.
"""

from __future__ import annotations

from types import CoroutineType

from lambda_universal_router._dispatch import run_awaitable
from lambda_universal_router._exceptions import MethodNotAllowed, NotFound
from lambda_universal_router._http.response import Response, render

from .chain import Guard, route_chain
from .compress import Compression
from .cors import CORS, is_preflight
from .headers import add_vary, request_header, set_default

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from lambda_universal_router._http.flavors import Flavor
    from lambda_universal_router._http.response import Encode
    from lambda_universal_router._http.routing import RouteTable
    from lambda_universal_router._router import Router
    from lambda_universal_router.events._http import APIGatewayEvent

    Step = Callable[[Any, Any], Any]


def prepare(router: Router, table: RouteTable) -> Edges | None:
    """Set the chain, CORS and compression of ``table``'s routes that need them; the router's
    own answers when they need more than the defaults, else None."""
    from lambda_universal_router._batch.dispatch import is_async

    chains: dict[int, tuple[Step | None, CORS | None, Compression | None]] = {}
    router_handlers = router._exception_handlers
    any_cors = router.cors is not None
    for route in table.every_route():
        registration = route.registration
        prepared = chains.get(id(registration))
        if prepared is None:
            cors = router.cors if registration.cors is None else registration.cors
            compress = Compression.of(
                router.compress if registration.compress is None else registration.compress
            )
            layers = router.layers_for(registration)
            chain = None
            # NOTE: CORS alone needs no chain: the dispatcher marks the rendered answer.
            if layers or compress or registration.exception_handlers:
                target = registration.call
                chain = route_chain(
                    layers,
                    target,
                    is_async(target) or is_async(registration.handler),
                    Guard((*registration.exception_handlers, router_handlers), route.template.text),
                )
            prepared = chains[id(registration)] = (
                chain,
                cors if isinstance(cors, CORS) else None,
                compress,
            )
        route.chain, route.cors, route.compress = prepared
        any_cors = any_cors or route.cors is not None
    global_layers = [
        mw for mw, sources in router._middlewares if sources is None or "http" in sources
    ]
    if not (
        global_layers
        or any_cors
        or Compression.of(router.compress) is not None
        or router._not_found is not None
        or router._method_not_allowed is not None
    ):
        return None
    return Edges(router, table, global_layers, any_cors)


class Edges:
    """The answers a router gives itself: 404, 405, OPTIONS ``Allow``, and CORS preflights."""

    __slots__ = (
        "_method_not_allowed",
        "_not_found",
        "compress",
        "cors",
        "not_allowed_chain",
        "not_found_chain",
        "options_chain",
        "preflights",
        "table",
    )

    def __init__(
        self, router: Router, table: RouteTable, layers: list[Any], preflights: bool
    ) -> None:
        from lambda_universal_router._batch.dispatch import is_async

        self.table = table
        self.cors = router.cors
        self.compress = Compression.of(router.compress)
        #: Whether any route has CORS, so OPTIONS requests may be preflights.
        self.preflights = preflights
        self._not_found = router._not_found
        self._method_not_allowed = router._method_not_allowed
        guard = Guard((router._exception_handlers,), None)
        found = self._not_found
        not_allowed = self._method_not_allowed
        self.not_found_chain = route_chain(
            layers, self._answer_not_found, found is not None and is_async(found), guard
        )
        self.not_allowed_chain = route_chain(
            layers,
            self._answer_not_allowed,
            not_allowed is not None and is_async(not_allowed),
            guard,
        )
        self.options_chain = route_chain(layers, self._answer_options, False, guard)

    # --- targets of the chains -------------------------------------------------------------------

    def _answer_not_found(self, request: APIGatewayEvent, context: Any) -> Any:
        if self._not_found is None:
            raise NotFound()
        return self._not_found(request, context)

    def _answer_not_allowed(self, request: APIGatewayEvent, context: Any) -> Any:
        if self._method_not_allowed is None:
            raise MethodNotAllowed(allowed=self._allowed(request))
        result = self._method_not_allowed(request, context)
        if type(result) is CoroutineType:
            return self._with_allow_async(result, request)
        return self._with_allow(result, request)

    def _with_allow(self, result: Any, request: APIGatewayEvent) -> Response:
        from .chain import to_response

        response = to_response(result)
        set_default(response, "Allow", ", ".join(self._allowed(request)))
        return response

    async def _with_allow_async(self, result: Any, request: APIGatewayEvent) -> Response:
        return self._with_allow(await result, request)

    def _answer_options(self, request: APIGatewayEvent, context: Any) -> Response:
        return Response(204, headers={"Allow": ", ".join(self._allowed(request))})

    def _allowed(self, request: APIGatewayEvent) -> list[str]:
        from lambda_universal_router._http.dispatch import segments

        allowed = self.table.allowed(segments(request.raw_event, request._flavor))
        if allowed and "OPTIONS" not in allowed:
            allowed.append("OPTIONS")
        return allowed

    # --- answers ---------------------------------------------------------------------------------

    def unmatched(
        self,
        request: APIGatewayEvent,
        context: Any,
        method: str,
        allowed: list[str],
        encode: Encode | None = None,
    ) -> dict[str, Any]:
        """The rendered 404, 405 or OPTIONS answer, through the router's global middleware;
        ``encode`` writes JSON (the router's ``json_encoder``)."""
        if not allowed:
            chain = self.not_found_chain
        elif method == "OPTIONS":
            chain = self.options_chain
        else:
            chain = self.not_allowed_chain
        response = chain(request, context)
        if type(response) is CoroutineType:
            response = run_awaitable(response)
        head = method == "HEAD"
        if self.compress is not None:
            self.compress.apply(request, response, head, encode)
        if self.cors is not None:
            self.cors.apply(request, response)
        return render(response, request._flavor, request.raw_event, head, encode)

    def preflight(self, request: APIGatewayEvent, flavor: Flavor) -> dict[str, Any] | None:
        """The answer to a CORS preflight, or None when ``request`` is not one or an OPTIONS
        route of its own answers it."""
        origin = is_preflight(request)
        if origin is None:
            return None
        from lambda_universal_router._http.dispatch import segments

        path = segments(request.raw_event, flavor)
        explicit = self.table.match(path, "OPTIONS")
        if explicit is not None and explicit[0].method == "OPTIONS":
            return None
        allowed = self.table.allowed(path)
        if not allowed:
            response = Response(404, {"message": "Not Found", "statusCode": 404})
            if self.cors is not None:
                self.cors.apply(request, response)
            return render(response, flavor, request.raw_event)
        requested = (
            request_header(
                request, "access-control-request-method", "Access-Control-Request-Method"
            )
            or ""
        ).upper()
        candidates = [method for method in allowed if method != "ANY"]
        if "ANY" in allowed and requested not in candidates and requested.isalpha():
            candidates.append(requested)
        methods, vary, requested_cors = self._offered(path, candidates, origin, requested)
        if requested_cors is None:
            response = Response(403, {"message": "Forbidden", "statusCode": 403})
            if vary:
                add_vary(response, "Origin")
        else:
            response = requested_cors.preflight(request, origin, methods)
            if vary and not requested_cors.vary:
                add_vary(response, "Origin")
        return render(response, flavor, request.raw_event)

    def _offered(
        self, path: list[str], candidates: list[str], origin: str, requested: str
    ) -> tuple[list[str], bool, CORS | None]:
        """The methods of ``path`` whose route lets ``origin`` in, whether any route's CORS
        depends on the origin (then every preflight answer varies by it, a 403 too), and the
        CORS of the ``requested`` method's route."""
        methods: list[str] = []
        vary = False
        requested_cors = None
        for method in candidates:
            found = self.table.match(path, method)
            cors = found[0].cors if found is not None else None
            if cors is None:
                continue
            vary = vary or cors.vary
            if cors.allows(origin):
                methods.append(method)
            if method == requested:
                requested_cors = cors
        return methods, vary, requested_cors
