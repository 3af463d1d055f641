"""Registrations as data: what a decorator recorded, readable without calling anything.

The dispatcher compiles registrations; ``Router.routes()``, the CLI and the deployment template
generator read them.
"""

from __future__ import annotations

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from typing import Any

    from ._http.cors import CORS
    from ._typed.signature import Binding


class Registration:
    """One handler registered on a router, with everything its decorator was told."""

    __slots__ = (
        "binding",
        "call",
        "compress",
        "concurrency",
        "cors",
        "docs",
        "exception_handlers",
        "filters",
        "handler",
        "index",
        "methods",
        "middlewares",
        "path",
        "per_record",
        "source",
        "status_code",
        "target",
    )

    def __init__(
        self,
        source: str,
        handler: Callable[..., Any],
        *,
        index: int,
        filters: Mapping[str, Any] | None = None,
        per_record: bool = False,
        concurrency: int = 1,
        path: str | None = None,
        methods: tuple[str, ...] = (),
        status_code: int = 200,
        docs: Mapping[str, Any] | None = None,
        middlewares: Sequence[Callable[..., Any]] = (),
        cors: CORS | bool | None = None,
        compress: bool | int | None = None,
    ) -> None:
        #: Source name from the table in ``_sources`` (``"http"``, ``"sqs"``, ...).
        self.source = source
        #: The decorated function, unchanged.
        self.handler = handler
        #: What dispatchers call as ``call(event, context)``: the handler itself, or for a typed
        #: handler its binding adapter; the middleware chain around it once the router compiles.
        self.call: Callable[..., Any] = handler
        #: A typed handler's binding plan (``_typed.signature``); None for the 1.0 form.
        self.binding: Binding | None = None
        #: Position in registration order; breaks ties between equally specific handlers.
        self.index = index
        #: Filter keywords given to the decorator, without the ones left as None.
        self.filters: dict[str, Any] = {k: v for k, v in (filters or {}).items() if v is not None}
        #: Whether the handler takes one record at a time (partial batch responses).
        self.per_record = per_record
        #: How many records a per-record handler may process at once.
        self.concurrency = concurrency
        #: HTTP path template, for HTTP routes.
        self.path = path
        #: HTTP methods, upper case (``"ANY"`` for all), for HTTP routes.
        self.methods = methods
        #: The success status of an HTTP route's answers (``status_code=``).
        self.status_code = status_code
        #: What the OpenAPI document says of an HTTP route: ``tags``, ``operation_id``,
        #: ``deprecated``, ``include_in_schema``, ``responses``, as given to the decorator.
        self.docs: dict[str, Any] = dict(docs or {})
        #: What the middleware chain wraps (``call`` as registered); set when the router compiles.
        self.target: Callable[..., Any] | None = None
        #: Middleware of this handler, outermost first: those of the routers it was included
        #: from (outer to inner), then its own ``middlewares=``.
        self.middlewares: tuple[Callable[..., Any], ...] = tuple(middlewares)
        #: HTTP routes: the CORS settings (False: none), None to use the router's.
        self.cors = cors
        #: HTTP routes: compress answers (True, or the smallest body size in bytes), None to use
        #: the router's.
        self.compress = compress
        #: Exception handlers of the routers this route was included from, innermost first.
        self.exception_handlers: tuple[Mapping[type[BaseException], Callable[..., Any]], ...] = ()

    @property
    def name(self) -> str:
        """The handler's qualified name, as shown in listings and errors."""
        return qualified_name(self.handler)

    def describe(self) -> dict[str, Any]:
        """A JSON-friendly summary: source, handler, filters, HTTP method and path, and the
        options given to the decorator (those left at their default are not shown)."""
        summary: dict[str, Any] = {"source": self.source, "handler": self.name}
        if self.path is not None:
            summary["methods"] = list(self.methods)
            summary["path"] = self.path
            if self.status_code != 200:
                summary["status_code"] = self.status_code
            summary.update(_described_docs(self.docs))
        if self.filters:
            summary["filters"] = dict(self.filters)
        if self.per_record:
            summary["per_record"] = True
            summary["concurrency"] = self.concurrency
        if self.middlewares:
            summary["middlewares"] = [qualified_name(layer) for layer in self.middlewares]
        if self.cors is not None:
            from ._http.cors import CORS

            summary["cors"] = self.cors.describe() if isinstance(self.cors, CORS) else self.cors
        if self.compress is not None:
            summary["compress"] = self.compress
        return summary

    @property
    def path_names(self) -> tuple[str, ...]:
        """The parameter names of an HTTP route's path template (``{id}``, ``{rest+}``)."""
        if not self.path:
            return ()
        return tuple(
            part[1:-1].rstrip("+") for part in self.path.split("/") if part.startswith("{")
        )

    def __repr__(self) -> str:
        where = f" {'|'.join(self.methods)} {self.path}" if self.path is not None else ""
        return f"<Registration {self.source}{where} -> {self.name}>"


def qualified_name(function: Any) -> str:
    """``module.qualname`` of a handler or middleware, as listings and errors show it."""
    module = getattr(function, "__module__", None) or "?"
    qualname = getattr(function, "__qualname__", None) or repr(function)
    return f"{module}.{qualname}"


def _described_docs(docs: Mapping[str, Any]) -> dict[str, Any]:
    """The OpenAPI options of a route that differ from their defaults, as JSON values."""
    from collections.abc import Mapping

    shown: dict[str, Any] = {}
    if docs.get("tags") is not None:
        shown["tags"] = list(docs["tags"])
    if docs.get("operation_id") is not None:
        shown["operation_id"] = docs["operation_id"]
    if docs.get("deprecated"):
        shown["deprecated"] = True
    if docs.get("include_in_schema") is False:
        shown["include_in_schema"] = False
    responses = docs.get("responses")
    if isinstance(responses, Mapping):
        shown["responses"] = {str(code): str(text) for code, text in responses.items()}
    elif responses is not None:
        shown["responses"] = [getattr(error, "status_code", None) for error in responses]
    return shown


def binds_parameters(handler: Callable[..., Any], path_names: tuple[str, ...]) -> bool:
    """Whether ``handler`` is typed (parameters bound by name) rather than ``(event, context)``.

    The 1.0 form: at most two positional parameters without defaults, none named like a path
    parameter, the first unannotated, ``Any`` or an event/record class, the second unannotated,
    ``Any`` or a context type, any others with defaults and no annotation. Decided from the code
    object and annotations, without ``inspect`` or ``typing`` (cold start).
    """
    code = getattr(handler, "__code__", None)
    if code is None:  # a callable object or functools.partial: called as in 1.0
        return False
    bound = 1 if getattr(handler, "__self__", None) is not None else 0
    names = code.co_varnames[bound : code.co_argcount + code.co_kwonlyargcount]
    if any(name in path_names for name in names):
        return True
    positional = code.co_argcount - bound
    if not positional:
        return True
    defaults = len(getattr(handler, "__defaults__", None) or ())
    keyword_defaults = getattr(handler, "__kwdefaults__", None) or {}
    if positional - defaults > 2 or len(keyword_defaults) < code.co_kwonlyargcount:
        return True
    annotations = getattr(handler, "__annotations__", None) or {}
    scope = getattr(handler, "__globals__", None) or {}
    for index, name in enumerate(names):
        if name not in annotations:
            continue
        annotation = annotations[name]
        if isinstance(annotation, str):  # from __future__ import annotations
            annotation = scope.get(annotation.strip(), annotation)
        if index > 1 or not _plain(annotation, index):
            return True
    return False


#: Annotations of a 1.0 handler's parameters that do not make it typed.
_ANY = frozenset({"Any", "object"})


def _plain(annotation: Any, index: int) -> bool:
    """Whether ``annotation`` fits 1.0's first (event) or second (context) parameter.

    Text is an annotation not resolved yet; it is judged by its name.
    """
    if isinstance(annotation, str):
        name = annotation.rsplit(".", 1)[-1].strip()
    elif repr(annotation) in ("typing.Any", "typing_extensions.Any") or annotation is object:
        return True
    elif isinstance(annotation, type):
        if index == 0:
            return annotation.__module__.startswith("lambda_universal_router.events")
        name = annotation.__name__
    else:
        return False
    if name in _ANY:
        return True
    if index == 0:
        return name.endswith(("Event", "Record", "Message"))
    return "Context" in name or name == "dict"
