"""Binding plans: a typed handler's signature, read once, turned into per-call steps.

The plan is started at registration (the parameters and their defaults) and finished when the
type hints resolve: at registration when they can, else at the router's first dispatch, so types
defined later in the module work. A :class:`Binding` is the registration's ``call``: dispatchers
call it as ``binding(event, context)``; it fetches each parameter's value, converts it, collects
every problem, and calls the handler with keyword arguments.
"""

from __future__ import annotations

import contextlib
import inspect
import typing
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from lambda_universal_router._exceptions import (
    ConfigurationError,
    RecordValidationError,
    RequestValidationError,
)
from lambda_universal_router._http.response import Response
from lambda_universal_router.params import Field, _Param

from .convert import (
    JSON,
    SCALARS,
    TEXT,
    Compiler,
    Converter,
    Invalid,
    Problem,
    UnsupportedType,
    is_structured,
    strip_annotated,
)

if TYPE_CHECKING:
    from lambda_universal_router._registry import Registration

#: A value the request or record does not hold.
ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "ABSENT"})()
#: The default of a parameter that must be given.
REQUIRED: Any = inspect.Parameter.empty

Fetch = Callable[[Any, Any], Any]
#: (parameter name or None for a check only, fetch, convert, default, error location prefix)
Step = tuple["str | None", Fetch, Converter, Any, tuple[str, ...]]


class BoundParameter:
    """One handler parameter and where its value comes from (read by the OpenAPI builder)."""

    __slots__ = ("default", "field", "hint", "key", "location", "many", "name")

    def __init__(self, name: str, location: str, key: str, hint: Any, default: Any) -> None:
        #: The Python parameter name.
        self.name = name
        #: ``path``, ``query``, ``header``, ``cookie``, ``body``, ``payload``, ``event``,
        #: ``record`` or ``context``.
        self.location = location
        #: The name in the request (alias, header name).
        self.key = key
        #: The type hint, ``Annotated`` metadata kept.
        self.hint = hint
        #: The default, or ``REQUIRED``.
        self.default = default
        #: Constraints and documentation from ``Field``/markers, merged.
        self.field: Field | None = next(
            (m for m in strip_annotated(hint)[1] if isinstance(m, Field)), None
        )
        #: Whether a query or header parameter takes every repeated value (a list).
        self.many = False

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


class Binding:
    """A typed handler's adapter, called by dispatchers as ``binding(event, context)``."""

    def __init__(
        self, handler: Callable[..., Any], source: str, path_names: tuple[str, ...] = ()
    ) -> None:
        self.handler = handler
        self.source = source
        self.path_names = path_names
        #: The success status of an HTTP route (``status_code=``).
        self.status_code = 200
        self.parameters: list[BoundParameter] = []
        #: The return annotation (None when absent), for the OpenAPI document.
        self.returns: Any = None
        self._signature = inspect.signature(handler)
        self._steps: tuple[Step, ...] | None = None
        self._asynchronous = inspect.iscoroutinefunction(handler)
        with contextlib.suppress(NameError):  # a type defined later: finished at first dispatch
            self.prepare()

    @property
    def http(self) -> bool:
        return self.source == "http"

    # --- the plan ------------------------------------------------------------------------------

    def prepare(self) -> None:
        """Resolve the type hints and compile the steps; idempotent.

        Raises :class:`ConfigurationError` for a parameter that cannot be bound, and NameError
        (at registration only) while a hint names a type not defined yet.
        """
        if self._steps is not None:
            return
        hints = typing.get_type_hints(self.handler, include_extras=True)
        self.returns = hints.pop("return", None)
        parameters = [self._locate(p, hints.get(p.name, Any)) for p in self._values()]
        try:
            steps = self._compile(parameters)
        except UnsupportedType as error:
            raise ConfigurationError(f"{self._describe()}: {error}") from None
        self.parameters = parameters
        self._steps = tuple(steps)

    def finish(self) -> None:
        """``prepare`` at the first dispatch, where a hint naming nothing is an error."""
        try:
            self.prepare()
        except NameError as error:
            raise ConfigurationError(
                f"{self._describe()}: a type hint names something not defined ({error})"
            ) from None

    def _values(self) -> list[inspect.Parameter]:
        values = []
        for parameter in self._signature.parameters.values():
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            if parameter.kind is parameter.POSITIONAL_ONLY:
                raise ConfigurationError(
                    f"{self._describe()}: parameter {parameter.name!r} is positional-only; "
                    "typed handlers receive their values by name"
                )
            values.append(parameter)
        return values

    def _describe(self) -> str:
        name = getattr(self.handler, "__qualname__", repr(self.handler))
        return f"Typed handler {name}"

    def _locate(self, parameter: inspect.Parameter, hint: Any) -> BoundParameter:
        """Where the value of ``parameter`` comes from, by marker, name and annotation."""
        name = parameter.name
        default = parameter.default
        inner, metadata = strip_annotated(hint)
        marker = next((m for m in metadata if isinstance(m, _Param)), None)
        if marker is not None:
            if not self.http:
                raise ConfigurationError(
                    f"{self._describe()}: {type(marker).__name__}() is for HTTP routes; a record "
                    "handler's value comes from the record's payload"
                )
            location = marker.location
            key = marker.alias or (name.replace("_", "-") if location == "header" else name)
            bound = BoundParameter(name, location, key, hint, default)
        elif _is_event_class(inner) or (name == "event" and self.http):
            bound = BoundParameter(name, "event" if self.http else "record", name, hint, default)
        elif name == "record" and not self.http:
            bound = BoundParameter(name, "record", name, hint, default)
        elif name == "context":
            bound = BoundParameter(name, "context", name, hint, default)
        elif not self.http:
            if inner is Any and parameter.annotation is inspect.Parameter.empty:
                raise ConfigurationError(
                    f"{self._describe()}: parameter {name!r} has no annotation; annotate it with "
                    "the payload's type, or name it `record` or `context`"
                )
            bound = BoundParameter(name, "payload", name, hint, default)
        elif name in self.path_names:
            bound = BoundParameter(name, "path", name, hint, default)
        elif is_structured(inner):
            bound = BoundParameter(name, "body", name, hint, default)
        else:
            bound = BoundParameter(name, "query", name, hint, default)
        return bound

    def _compile(self, parameters: list[BoundParameter]) -> list[Step]:
        text = Compiler(TEXT)
        json = Compiler(JSON)
        bodies = [p for p in parameters if p.location == "body"]
        payloads = [p for p in parameters if p.location == "payload"]
        if len(payloads) > 1:
            names = ", ".join(p.name for p in payloads)
            raise ConfigurationError(
                f"{self._describe()}: only one parameter receives the payload ({names})"
            )
        steps: list[Step] = []
        if len(bodies) > 1:
            steps.append((None, _body_object, _identity, None, ("body",)))
        for parameter in parameters:
            location = parameter.location
            inner = _optional_inner(strip_annotated(parameter.hint)[0])
            if location in ("path", "query", "header", "cookie"):
                parameter.many = _is_sequence(inner)
                if location == "path" and parameter.many:
                    raise UnsupportedType(f"path parameter {parameter.name!r} cannot be a list")
                if not parameter.many and not _is_text(inner):
                    raise UnsupportedType(
                        f"{location} parameter {parameter.name!r} must be a scalar "
                        f"(str, int, float, bool, Decimal, UUID, date, datetime, Enum, Literal) "
                        f"or a list of them, not {inner!r}"
                    )
                convert = text.compile(parameter.hint)
            elif location in ("body", "payload"):
                convert = json.compile(parameter.hint)
            else:
                convert = _identity
            fetch = _fetcher(parameter, self.source, whole_body=len(bodies) == 1)
            prefix: tuple[str, ...] = (location,)
            if location == "body" and len(bodies) > 1:
                prefix = ("body", parameter.key)
            elif location in ("path", "query", "header", "cookie"):
                prefix = (location, parameter.key)
            steps.append((parameter.name, fetch, convert, parameter.default, prefix))
        return steps

    # --- per call ------------------------------------------------------------------------------

    # PERF: every call of a typed handler; the binding loop stays inline (C901 opt-out).
    def __call__(self, event: Any, context: Any) -> Any:  # noqa: C901
        steps = self._steps
        if steps is None:
            self.finish()
            return self(event, context)
        arguments: dict[str, Any] = {}
        problems: list[dict[str, Any]] | None = None
        for name, fetch, convert, default, prefix in steps:
            try:
                raw = fetch(event, context)
                if raw is ABSENT:
                    if default is REQUIRED:
                        raise Invalid([((), "Field required", "missing")])
                    if name is not None:
                        arguments[name] = default
                    continue
                value = convert(raw)
                if name is not None:
                    arguments[name] = value
            except Invalid as invalid:
                if problems is None:
                    problems = []
                problems.extend(_located(prefix, invalid.problems))
        if problems is not None:
            if self.http:
                raise RequestValidationError(problems)
            raise RecordValidationError(problems)
        result = self.handler(**arguments)
        if not self.http:
            return result
        if self._asynchronous:
            return self._answer_later(result)
        return self._answer(result)

    async def _answer_later(self, result: Coroutine[Any, Any, Any]) -> Any:
        return self._answer(await result)

    def _answer(self, result: Any) -> Any:
        """An HTTP handler's return value, with the route's success status."""
        kind = type(result)
        if kind is str or kind is bytes or kind is tuple or kind is Response:
            return result
        if kind is dict and "statusCode" in result:
            return result
        if isinstance(result, Response):
            return result
        status = self.status_code
        if result is None:
            return None if status == 200 else Response(status)
        # Dataclasses, models, Decimal, dates, sets...: written by the router's JSON encoder.
        return result if status == 200 else Response(status, result)


def _identity(value: Any) -> Any:
    return value


def _located(prefix: tuple[str, ...], problems: list[Problem]) -> list[dict[str, Any]]:
    return [
        {"location": [*prefix, *where], "message": message, "type": kind}
        for where, message, kind in problems
    ]


def _body_object(event: Any, context: Any) -> Any:
    """A check: several body parameters need a JSON object body to pick their members from."""
    body = event.json_body
    if body is not None and type(body) is not dict:
        raise Invalid([((), "The body should be a JSON object", "model_type")])
    return True


def _fetcher(parameter: BoundParameter, source: str, *, whole_body: bool) -> Fetch:
    key = parameter.key
    location = parameter.location
    if location == "path":
        return lambda event, context: event.path_parameters.get(key, ABSENT)
    if location == "query":
        if parameter.many:
            return lambda event, context: event.multi_value_query_string_parameters.get(key, ABSENT)
        return lambda event, context: event.query_string_parameters.get(key, ABSENT)
    if location == "header":
        return _header_fetcher(key, parameter.many)
    if location == "cookie":
        return lambda event, context: event.cookies.get(key, ABSENT)
    if location == "body":
        return _body_fetcher(key, whole_body)
    if location == "payload":
        from .records import PAYLOADS

        read = PAYLOADS[source]
        return lambda record, context: read(record)
    if location == "context":
        return lambda event, context: context
    return lambda event, context: event  # event, record


def _header_fetcher(key: str, many: bool) -> Fetch:
    if many:
        lowered = key.lower()

        def headers(event: Any, context: Any) -> Any:
            for name, values in event.multi_value_headers.items():
                if name.lower() == lowered:
                    return values
            return ABSENT

        return headers

    def header(event: Any, context: Any) -> Any:
        value = event.get_header(key)
        return ABSENT if value is None else value

    return header


def _body_fetcher(key: str, whole_body: bool) -> Fetch:
    if whole_body:

        def body(event: Any, context: Any) -> Any:
            value = event.json_body
            return ABSENT if value is None else value

        return body

    def member(event: Any, context: Any) -> Any:
        value = event.json_body
        return value.get(key, ABSENT) if type(value) is dict else ABSENT

    return member


def _is_event_class(tp: Any) -> bool:
    from lambda_universal_router.events._base import Event, Record

    return isinstance(tp, type) and issubclass(tp, (Event, Record))


def _optional_inner(tp: Any) -> Any:
    """``T`` for ``T | None``; ``tp`` otherwise."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, type(int | None)) and type(None) in args:
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) == 1:
            return strip_annotated(rest[0])[0]
    return tp


def _is_sequence(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    return origin in (list, tuple, set, frozenset) or tp in (list, tuple, set, frozenset)


def _is_text(tp: Any) -> bool:
    import enum

    if tp in SCALARS or tp is Any:
        return True
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return True
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return True
    if origin in (typing.Union, type(int | None)):
        return all(_is_text(strip_annotated(arg)[0]) for arg in typing.get_args(tp))
    return False


#: Sources whose per-record handlers may be typed (their payload readers are in ``records``).
RECORD_SOURCES = ("sqs", "sns", "kinesis", "eventbridge", "kafka", "mq")


def bind(registration: Registration) -> None:
    """Make ``registration`` typed: its ``call`` becomes the binding adapter of its handler."""
    source = registration.source
    if source != "http" and not (registration.per_record and source in RECORD_SOURCES):
        where = ", ".join(RECORD_SOURCES)
        raise ConfigurationError(
            f"{registration.name} takes typed parameters, which HTTP routes and per_record=True "
            f"handlers of {where} support; give it the 1.0 form `(event, context)` instead"
        )
    binding = Binding(registration.handler, source, registration.path_names)
    binding.status_code = registration.status_code
    registration.binding = binding
    registration.call = binding
