"""The Router: handlers register with decorators, ``dispatch`` sends each event to its handler."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from ._classify import classify
from ._dispatch import call, load
from ._exceptions import DuplicateHandlerError, NoHandlerError, RouterFrozenError
from ._registry import Registration
from ._sources import CUSTOM, SOURCES, Source

if TYPE_CHECKING:
    from ._routing import RouteTable

F = TypeVar("F", bound=Callable[..., Any])
Dispatcher = Callable[[dict[str, Any], str, Any], Any]

_SOURCE_BY_NAME: dict[str, Source] = {}
for _source in SOURCES:
    _SOURCE_BY_NAME.setdefault(_source.name, _source)

HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class Router:
    """Routes every event a Lambda function receives to the handler registered for it.

    Register handlers with the decorators, then call ``dispatch(event, context)`` from the
    function's handler. The routing tables are compiled on the first dispatch; registering after
    that raises :class:`RouterFrozenError`.
    """

    def __init__(self) -> None:
        self._registrations: list[Registration] = []
        self._custom: Registration | None = None
        self._route_table: RouteTable | None = None
        self._exception_handlers: dict[type[BaseException], Callable[..., Any]] = {}
        self._dispatchers: dict[str, Dispatcher] | None = None
        self._custom_event: Callable[[dict[str, Any]], Any] | None = None

    # --- registration ----------------------------------------------------------------------------

    def add_handler(self, source: str, handler: Callable[..., Any], **options: Any) -> Registration:
        """Register ``handler`` for events of ``source``; the decorators all end here.

        ``options`` are those of :class:`Registration` (filters, per_record, concurrency, path,
        methods). Returns the registration.
        """
        if self._dispatchers is not None:
            raise RouterFrozenError()
        if source != "custom" and source not in _SOURCE_BY_NAME:
            known = ", ".join(sorted(_SOURCE_BY_NAME))
            raise ValueError(f"Unknown event source {source!r}; known sources: {known}")
        registration = Registration(source, handler, index=len(self._registrations), **options)
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
            from ._routing import RouteTable

            self._route_table = RouteTable()
        return self._route_table

    def route(self, path: str, methods: str | Iterable[str] = ("GET",)) -> Callable[[F], F]:
        """Register an HTTP handler for ``path`` and ``methods`` (``"ANY"`` matches every method).

        ``path`` may hold ``{name}`` (one segment) and ``{name+}`` (the rest of the path); the
        values reach the handler, percent-decoded, in ``event.path_parameters``.
        """
        wanted = (methods,) if isinstance(methods, str) else tuple(methods)
        return self._register("http", path=path, methods=tuple(m.upper() for m in wanted))

    def apigateway(self, path: str, method: str = "GET") -> Callable[[F], F]:
        """Register an HTTP handler (the 1.0 name of :meth:`route` with one method)."""
        return self.route(path, (method,))

    def get(self, path: str) -> Callable[[F], F]:
        """Register an HTTP GET handler (HEAD requests are answered by it too)."""
        return self.route(path, ("GET",))

    def post(self, path: str) -> Callable[[F], F]:
        """Register an HTTP POST handler."""
        return self.route(path, ("POST",))

    def put(self, path: str) -> Callable[[F], F]:
        """Register an HTTP PUT handler."""
        return self.route(path, ("PUT",))

    def patch(self, path: str) -> Callable[[F], F]:
        """Register an HTTP PATCH handler."""
        return self.route(path, ("PATCH",))

    def delete(self, path: str) -> Callable[[F], F]:
        """Register an HTTP DELETE handler."""
        return self.route(path, ("DELETE",))

    def head(self, path: str) -> Callable[[F], F]:
        """Register an HTTP HEAD handler."""
        return self.route(path, ("HEAD",))

    def options(self, path: str) -> Callable[[F], F]:
        """Register an HTTP OPTIONS handler."""
        return self.route(path, ("OPTIONS",))

    def any(self, path: str) -> Callable[[F], F]:
        """Register an HTTP handler for every method on ``path``."""
        return self.route(path, ("ANY",))

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

    def sqs(self) -> Callable[[F], F]:
        """Register a handler for SQS batches; it receives an ``SQSEvent``."""
        return self._register("sqs")

    def s3(self) -> Callable[[F], F]:
        """Register a handler for S3 notifications; it receives an ``S3Event``."""
        return self._register("s3")

    def dynamodb(self) -> Callable[[F], F]:
        """Register a handler for DynamoDB Streams; it receives a ``DynamoDBStreamEvent``."""
        return self._register("dynamodb")

    def kinesis(self) -> Callable[[F], F]:
        """Register a handler for Kinesis Data Streams; it receives a ``KinesisStreamEvent``."""
        return self._register("kinesis")

    def sns(self) -> Callable[[F], F]:
        """Register a handler for SNS notifications; it receives an ``SNSEvent``."""
        return self._register("sns")

    def eventbridge(self) -> Callable[[F], F]:
        """Register a handler for EventBridge events; it receives an ``EventBridgeEvent``."""
        return self._register("eventbridge")

    def kafka(self) -> Callable[[F], F]:
        """Register a handler for MSK and self-managed Kafka; it receives a ``KafkaEvent``."""
        return self._register("kafka")

    # --- sources beyond 1.0: APIs, identity and conversations ----------------------------------

    def websocket(self, route_key: str | Iterable[str] | None = None) -> Callable[[F], F]:
        """Register a handler for API Gateway WebSocket routes; it receives a ``WebSocketEvent``.

        ``route_key="$default"`` also receives messages whose route key no handler names.
        """
        return self._register("websocket", filters={"route_key": route_key})

    # --- sources beyond 1.0: infrastructure and data pipelines ---------------------------------

    # --- sources beyond 1.0: notifications, deployments and configuration -----------------------

    def custom(self) -> Callable[[F], F]:
        """Register the fallback for events no other handler takes; it receives a ``CustomEvent``.

        Only one custom handler can be registered.
        """
        return self._register("custom")

    def routes(self) -> list[Registration]:
        """Every registration, in registration order (the custom handler included)."""
        return list(self._registrations)

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

    def fallback(self, source: Source, event: dict[str, Any], context: Any) -> Any:
        """Hand ``event`` to the custom handler, or raise :class:`NoHandlerError` without one."""
        if self._custom is None or self._custom_event is None:
            detected = None if source is CUSTOM else source.name
            raise NoHandlerError(detected, self._registered_sources())
        return call(self._custom.handler, self._custom_event(event), context)

    def unmatched(self, source: Source, event: dict[str, Any], context: Any) -> Any:
        """Answer an event of a source that has handlers, none of whose filters accept it."""
        return self.fallback(source, event, context)

    def _registered_sources(self) -> list[str]:
        names: list[str] = []
        for registration in self._registrations:
            if registration.source == "http":
                for method in registration.methods:
                    names.append(f"{method} {registration.path}")
            elif registration.source not in names:
                names.append(registration.source)
        return names

    def _compile(self) -> dict[str, Dispatcher]:
        by_source: dict[str, list[Registration]] = {}
        for registration in self._registrations:
            if registration.source != "custom":
                by_source.setdefault(registration.source, []).append(registration)
        dispatchers: dict[str, Dispatcher] = {}
        for name, registrations in by_source.items():
            source = _SOURCE_BY_NAME[name]
            dispatchers[name] = load(source.dispatcher)(source, registrations, self)
        if self._custom is not None:
            self._custom_event = load(CUSTOM.event)
        self._dispatchers = dispatchers
        return dispatchers
