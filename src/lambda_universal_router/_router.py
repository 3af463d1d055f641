"""The Router: handlers register with decorators, ``dispatch`` sends each event to its handler."""

from __future__ import annotations

from ._classify import classify
from ._decorators import Decorators
from ._dispatch import UNMATCHED, call, load, logger
from ._exceptions import (
    ConfigurationError,
    DuplicateHandlerError,
    NoHandlerError,
    RouterFrozenError,
    UnmatchedEventError,
)
from ._registry import Registration, binds_parameters
from ._sources import BY_NAME, CARRIER_SOURCES, CUSTOM, INNER_SOURCES, Source

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from typing import Any, TypeVar, overload

    from ._http.cors import CORS
    from ._http.routing import RouteTable
    from .observability import Observability
    from .observability._invocation import Instrumented
    from .testing import TestClient

    F = TypeVar("F", bound=Callable[..., Any])
    Dispatcher = Callable[[dict[str, Any], str, Any], Any]
    Middleware = Callable[..., Any]


class Router(Decorators):
    """Routes every event a Lambda function receives to the handler registered for it.

    Register handlers with the decorators, then call ``dispatch(event, context)`` from the
    function's handler. The routing tables are compiled on the first dispatch; registering after
    that raises :class:`RouterFrozenError`.

    ``cors`` (a :class:`CORS`) answers browsers for every HTTP route, included ones too;
    ``compress`` gzips HTTP answers (True: bodies of 1 KiB or more; a number: that many bytes;
    False: never, even where an including router compresses; None: as the including router does).
    ``observability`` (an ``Observability`` from ``lambda_universal_router.observability``)
    gives every handler JSON logs with correlation ids, CloudWatch metrics and traces.
    """

    def __init__(
        self,
        *,
        unmatched: str = "ack",
        cors: CORS | None = None,
        compress: bool | int | None = None,
        json_encoder: Callable[[Any], str | bytes] | None = None,
        observability: Observability | None = None,
    ) -> None:
        if unmatched not in ("ack", "fail"):
            raise ConfigurationError(f'unmatched= takes "ack" or "fail", not {unmatched!r}')
        if json_encoder is not None and not callable(json_encoder):
            raise ConfigurationError(
                f"json_encoder= takes a function (value -> str or bytes), not {json_encoder!r}"
            )
        #: Writes the JSON of HTTP answers instead of the built-in encoder (e.g. ``orjson.dumps``).
        self.json_encoder = json_encoder
        #: The CORS settings of every HTTP route without its own (None: no CORS).
        self.cors: CORS | None = None
        #: Whether HTTP answers are compressed (True, or the smallest body size in bytes), False
        #: never, None not set (an including router's setting applies, else no compression).
        self.compress: bool | int | None = None
        if cors is not None or compress is not None:
            from ._app.settings import checked_compress, checked_cors

            self.cors = checked_cors(cors, "Router(cors=...)")
            if compress is not None:
                self.compress = checked_compress(compress, "Router(compress=...)")
        #: What happens to records and events that handlers of their source exist for but whose
        #: filters all decline them: "ack" (logged at debug level) or "fail" (reported failed).
        self.unmatched_policy = unmatched
        self._registrations: list[Registration] = []
        self._custom: Registration | None = None
        self._route_table: RouteTable | None = None
        self._exception_handlers: dict[type[BaseException], Callable[..., Any]] = {}
        self._dispatchers: dict[str, Dispatcher] | None = None
        self._custom_event: Callable[[dict[str, Any]], Any] | None = None
        self._middlewares: list[tuple[Middleware, frozenset[str] | None]] = []
        #: ``@router.not_found`` and ``@router.method_not_allowed`` handlers.
        self._not_found: Callable[..., Any] | None = None
        self._method_not_allowed: Callable[..., Any] | None = None
        #: The instrumented dispatch when observability is on; None keeps the plain one.
        self._instrumented: Instrumented | None = None
        if observability is not None:
            from .observability._invocation import instrument

            self._instrumented = instrument(self, observability)
            # PERF: an instance attribute shadows the method, so routers without observability
            # dispatch exactly as before.
            setattr(self, "dispatch", self._instrumented)  # noqa: B010

    # --- registration ----------------------------------------------------------------------------

    def add_handler(self, source: str, handler: Callable[..., Any], **options: Any) -> Registration:
        """Register ``handler`` for events of ``source``; the decorators all end here.

        ``options`` are those of :class:`Registration` (filters, per_record, concurrency, path,
        methods). Returns the registration.
        """
        if self._dispatchers is not None:
            raise RouterFrozenError()
        if source != "custom" and source not in BY_NAME:
            known = ", ".join(sorted(BY_NAME))
            raise ConfigurationError(f"Unknown event source {source!r}; known sources: {known}")
        if options.get("middlewares"):
            from ._app.middleware import check

            options["middlewares"] = check(options["middlewares"], f"@router.{source}")
        registration = Registration(source, handler, index=len(self._registrations), **options)
        if binds_parameters(handler, registration.path_names):
            from ._typed.signature import bind

            bind(registration)
        if source == "http":
            self._routes().add(registration)
        elif source == "custom":
            if self._custom is not None:
                raise DuplicateHandlerError(
                    "Only one custom handler can be registered "
                    f"(already registered: {self._custom.name})"
                )
            self._custom = registration
        self._registrations.append(registration)
        return registration

    def _register(self, source: str, **options: Any) -> Callable[[F], F]:
        def decorator(handler: F) -> F:
            self.add_handler(source, handler, **options)
            return handler

        return decorator

    def _routes(self) -> RouteTable:
        if self._route_table is None:
            from ._http.routing import RouteTable

            self._route_table = RouteTable()
        return self._route_table

    def exception_handler(self, exception: type[BaseException]) -> Callable[[F], F]:
        """Turn ``exception`` (and subclasses) raised by HTTP handlers into a response.

        The function is called as ``function(exc, event)`` and returns anything an HTTP handler
        may return. The most derived registered class wins.
        """

        def decorator(handler: F) -> F:
            if self._dispatchers is not None:
                raise RouterFrozenError()
            self._exception_handlers[exception] = handler
            return handler

        return decorator

    if TYPE_CHECKING:

        @overload
        def middleware(self, function: F) -> F: ...
        @overload
        def middleware(
            self, function: None = None, *, sources: Iterable[str] | None = None
        ) -> Callable[[F], F]: ...

    def middleware(
        self, function: F | None = None, *, sources: Iterable[str] | None = None
    ) -> F | Callable[[F], F]:
        """Run ``function(event, context, call_next)`` around every handler of this router.

        Handlers of routers included in this one are covered too; ``sources`` limits it to those
        sources (``["http"]``, ``["sqs", "kinesis"]``). Use as ``@router.middleware`` or
        ``@router.middleware(sources=[...])``. Middleware runs in registration order, outermost
        first, before the middleware of included routers and of the handler itself.
        """
        if function is not None:
            self.add_middleware(function)
            return function
        from ._app.settings import checked_sources

        wanted = checked_sources(sources)

        def decorator(function: F) -> F:
            self.add_middleware(function, wanted)
            return function

        return decorator

    def add_middleware(self, function: Middleware, sources: Iterable[str] | None = None) -> None:
        """Register ``function`` as middleware of this router (see :meth:`middleware`)."""
        if self._dispatchers is not None:
            raise RouterFrozenError()
        from ._app.middleware import check
        from ._app.settings import checked_sources

        (function,) = check([function], "@router.middleware")
        self._middlewares.append((function, checked_sources(sources)))

    def include(self, router: Router, *, prefix: str | None = None) -> None:
        """Add every registration of ``router`` to this one, HTTP paths under ``prefix``.

        ``router``'s middleware, exception handlers and CORS and compression settings keep
        applying to its own handlers only. What ``router`` holds is copied now: register on it
        first, include it last. Raises :class:`ConfigurationError` when a route or the custom
        handler conflicts with one already here.
        """
        from ._app.include import include

        include(self, router, prefix)

    def not_found(self, handler: F) -> F:
        """Answer requests for unknown paths with ``handler(event, context)`` instead of 404."""
        if self._dispatchers is not None:
            raise RouterFrozenError()
        self._not_found = handler
        return handler

    def method_not_allowed(self, handler: F) -> F:
        """Answer requests whose path exists, but not for their method, with ``handler``."""
        if self._dispatchers is not None:
            raise RouterFrozenError()
        self._method_not_allowed = handler
        return handler

    def routes(self) -> list[Registration]:
        """Every registration, in registration order (the custom handler included)."""
        return list(self._registrations)

    def openapi(
        self,
        *,
        title: str = "API",
        version: str = "0.1.0",
        servers: Iterable[str | Mapping[str, Any]] | None = None,
        description: str | None = None,
    ) -> dict[str, Any]:
        """The OpenAPI 3.1 document of the HTTP routes, as a dict (see docs/typed-handlers.md).

        ``servers`` are URLs (or OpenAPI server objects). Typed handlers give parameters and
        schemas; routes registered with ``include_in_schema=False`` are left out.
        """
        from ._typed.openapi import build

        return build(self, title=title, version=version, servers=servers, description=description)

    def enable_docs(
        self,
        path: str = "/docs",
        *,
        openapi_path: str = "/openapi.json",
        title: str = "API",
        version: str = "0.1.0",
        assets_url: str | None = None,
    ) -> None:
        """Serve a Swagger UI page at ``path`` and the OpenAPI document at ``openapi_path``.

        The page loads Swagger UI's script and stylesheet from ``assets_url`` (default: the
        jsDelivr CDN's ``swagger-ui-dist@5``); point it at your own copy to avoid the CDN.
        """
        from ._typed.docs_ui import DEFAULT_ASSETS, enable

        enable(
            self,
            path=path,
            openapi_path=openapi_path,
            title=title,
            version=version,
            assets_url=assets_url or DEFAULT_ASSETS,
        )

    def test_client(self, flavor: str = "rest") -> TestClient:
        """A client that calls this router's HTTP routes through ``flavor``'s events, for tests."""
        from .testing import TestClient

        return TestClient(self, flavor)

    # --- dispatch --------------------------------------------------------------------------------

    def dispatch(self, event: Any, context: Any = None) -> Any:
        """Send ``event`` to its handler and return what Lambda expects back.

        ``context`` is the Lambda context (any object, or ``{}`` in tests) and is passed through
        to the handler. Raises :class:`NoHandlerError` when nothing is registered for the event
        and there is no custom handler, :class:`InvalidEventError` when it is not a dict.
        """
        dispatchers = self._dispatchers
        if dispatchers is None:
            dispatchers = self._compile()
        source, variant = classify(event)
        dispatcher = dispatchers.get(source.name)
        if dispatcher is None:
            return self.fallback(source, event, context)
        return dispatcher(event, variant, context)

    async def dispatch_async(self, event: Any, context: Any = None) -> Any:
        """``dispatch`` for callers already inside an event loop (``await router.dispatch_async``).

        The dispatch runs in a worker thread; ``async def`` handlers run on the caller's loop.
        """
        from ._dispatch import dispatch_in_thread

        return await dispatch_in_thread(self.dispatch, event, context)

    def fallback(self, source: Source, event: dict[str, Any], context: Any) -> Any:
        """Hand ``event`` to the custom handler, or raise :class:`NoHandlerError` without one."""
        if self._custom is None or self._custom_event is None:
            detected = None if source is CUSTOM else source.name
            raise NoHandlerError(detected, self._registered_sources())
        return call(self._custom.call, self._custom_event(event), context)

    def unmatched(self, source: Source, event: dict[str, Any], context: Any) -> Any:
        """Answer an event of a source that has handlers, none of whose filters accept it."""
        if self.unmatched_policy == "fail":
            raise UnmatchedEventError(source.name)
        logger().debug(
            'No %s handler matched the event; acknowledged (unmatched="ack")',
            source.name,
            extra=UNMATCHED,
        )
        return None

    def registrations_for(self, source: str) -> list[Registration]:
        """The registrations for ``source``, in registration order."""
        return [r for r in self._registrations if r.source == source]

    def _registered_sources(self) -> list[str]:
        names: list[str] = []
        for registration in self._registrations:
            if registration.source == "http":
                for method in registration.methods:
                    names.append(f"{method} {registration.path}")
            elif registration.source not in names:
                names.append(registration.source)
        return names

    def layers_for(self, registration: Registration) -> list[Middleware]:
        """The middleware around ``registration``'s handler when this router dispatches it,
        outermost first: this router's own for its source, then the registration's."""
        source = registration.source
        layers = [mw for mw, sources in self._middlewares if sources is None or source in sources]
        layers.extend(registration.middlewares)
        return layers

    def _compile(self) -> dict[str, Dispatcher]:
        if self._middlewares or any(r.middlewares for r in self._registrations):
            from ._app.middleware import wrap_handlers

            wrap_handlers(self)
        by_source = self._by_source()
        for registration in self._registrations:
            if registration.binding is not None:
                registration.binding.finish()
        if self._instrumented is not None:
            self._instrumented.compose(self._registrations)
        dispatchers: dict[str, Dispatcher] = {}
        for name, registrations in by_source.items():
            source = BY_NAME[name]
            dispatchers[name] = load(source.dispatcher)(source, registrations, self)
        if self._custom is not None:
            self._custom_event = load(CUSTOM.event)
        if self._instrumented is not None and self._route_table is not None:
            self._instrumented.enclose_chains(self._route_table)
        self._dispatchers = dispatchers
        return dispatchers

    def _by_source(self) -> dict[str, list[Registration]]:
        """The registrations of each source that needs a dispatcher (custom has none)."""
        by_source: dict[str, list[Registration]] = {}
        for registration in self._registrations:
            if registration.source != "custom":
                by_source.setdefault(registration.source, []).append(registration)
        if self._not_found is not None or self._method_not_allowed is not None:
            by_source.setdefault("http", [])  # they answer HTTP requests even without routes
        if by_source.keys() & INNER_SOURCES:
            # Envelopes: S3, SNS and EventBridge handlers also receive what SQS, SNS and
            # EventBridge carry, so carriers need a dispatcher even without handlers of their own.
            for carrier in CARRIER_SOURCES:
                by_source.setdefault(carrier, [])
        return by_source
