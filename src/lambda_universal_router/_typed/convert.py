"""Converters compiled from type hints: a value from a request or record in, a typed value out.

A converter is a function of one value that returns the converted value or raises
:class:`Invalid` carrying every problem found, each located relative to the value
(``("items", 0, "qty")``), so a handler's caller can report all of them at once.

Two kinds of input: JSON values (bodies and record payloads) and text (path, query, header and
cookie values, where ``"42"`` is an int and ``"yes"`` a bool). Nothing here imports pydantic:
a class with ``model_validate`` is validated by it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, Union, cast, get_args, get_origin

from lambda_universal_router.params import Field

from .constraints import constrained

#: A problem: where (relative to the converted value), what is wrong, and a stable kind name.
Problem = tuple[tuple[str | int, ...], str, str]
Converter = Callable[[Any], Any]

JSON, TEXT = "json", "text"

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})
_NONE = type(None)


class Invalid(Exception):
    """A value did not convert; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def fail(message: str, kind: str) -> Invalid:
    return Invalid([((), message, kind)])


class UnsupportedType(TypeError):
    """A type hint the binder cannot convert to; reported as a ConfigurationError."""


def is_model(tp: object) -> bool:
    """Whether ``tp`` is a pydantic v2 model class (checked without importing pydantic)."""
    return isinstance(tp, type) and hasattr(tp, "model_validate") and hasattr(tp, "model_fields")


def is_typed_dict(tp: object) -> bool:
    return isinstance(tp, type) and issubclass(tp, dict) and hasattr(tp, "__total__")


def is_structured(tp: object) -> bool:
    """Dataclass, TypedDict, pydantic model, or a dict/list/tuple/set of anything: a JSON body."""
    tp = strip_annotated(tp)[0]
    if isinstance(tp, type) and (dataclasses.is_dataclass(tp) or is_typed_dict(tp) or is_model(tp)):
        return True
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return any(is_structured(arg) for arg in get_args(tp) if arg is not _NONE)
    if origin in (list, tuple, set, frozenset):
        return any(is_structured(arg) for arg in get_args(tp) if arg is not Ellipsis)
    return tp is dict or origin is dict


def strip_annotated(tp: Any) -> tuple[Any, tuple[Any, ...]]:
    """``(T, metadata)`` for ``Annotated[T, ...]``; ``(tp, ())`` otherwise."""
    if get_origin(tp) is typing.Annotated:
        args = get_args(tp)
        inner, more = strip_annotated(args[0])
        return inner, more + tuple(args[1:])
    return tp, ()


def struct_hints(cls: type) -> dict[str, Any]:
    """The type hints of a dataclass's fields or a TypedDict's keys, ``Annotated`` kept."""
    return typing.get_type_hints(cls, include_extras=True)


def typed_dict_required(cls: type, hints: dict[str, Any]) -> frozenset[str]:
    """A TypedDict's required keys, from its hints (right under ``from __future__ import
    annotations`` too, where Python 3.10 and 3.11 get ``__required_keys__`` wrong)."""
    total = getattr(cls, "__total__", True)
    required = set()
    for name, hint in hints.items():
        marker = _requirement(hint)
        if marker == "Required" or (total and marker != "NotRequired"):
            required.add(name)
    return frozenset(required)


def _requirement(hint: Any) -> str | None:
    """``"Required"``, ``"NotRequired"`` or None for a TypedDict key's hint.

    NOTE: compared by name so ``typing_extensions``' markers (Python 3.10) count too.
    """
    name = getattr(get_origin(hint), "_name", None)
    return name if name in ("Required", "NotRequired") else None


def unwrap_required(tp: Any) -> Any:
    """``T`` for ``Required[T]`` / ``NotRequired[T]``."""
    return get_args(tp)[0] if _requirement(tp) else tp


class Compiler:
    """Compiles type hints into converters for one kind of input, reusing them per type."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self._structs: dict[type, _Struct] = {}

    def compile(self, tp: Any) -> Converter:
        """The converter for ``tp``; raises :class:`UnsupportedType` for a hint it cannot take."""
        inner, metadata = strip_annotated(unwrap_required(tp))
        converter = self._compile(inner)
        for item in metadata:
            if isinstance(item, Field) and item.constraints():
                converter = constrained(converter, item)
        return converter

    def _compile(self, tp: Any) -> Converter:
        if tp is Any or tp is object:
            return _identity
        scalar = (_TEXT_SCALARS if self.mode == TEXT else _JSON_SCALARS).get(tp)
        if scalar is not None:
            return scalar
        origin = get_origin(tp)
        if origin in (Union, types.UnionType):
            return self._union(get_args(tp))
        if origin is Literal:
            return _literal(get_args(tp), self.mode)
        converter = self._container(tp, origin)
        if converter is None and isinstance(tp, type):
            converter = self._class(tp)
        if converter is not None:
            return converter
        if tp is _NONE:
            return _none
        raise UnsupportedType(f"cannot convert to {tp!r}")

    def _container(self, tp: Any, origin: Any) -> Converter | None:
        """The converter for a list, set, tuple or dict hint; None for any other hint."""
        if origin in (list, set, frozenset) or tp in (list, set, frozenset):
            args = get_args(tp)
            item = self.compile(args[0]) if args else _identity
            return _sequence(item, origin or tp)
        if origin is tuple or tp is tuple:
            return self._tuple(get_args(tp))
        if origin is dict or tp is dict:
            args = get_args(tp)
            return _mapping(self.compile(args[1]) if len(args) == 2 else _identity)
        return None

    def _class(self, tp: type) -> Converter | None:
        """The converter for an enum, a model, a dataclass or a TypedDict; None for others."""
        if issubclass(tp, enum.Enum):
            return _enum(tp, self.mode)
        if is_model(tp):
            return _model(tp)
        if dataclasses.is_dataclass(tp) or is_typed_dict(tp):
            return self._struct(tp)
        return None

    def _union(self, args: tuple[Any, ...]) -> Converter:
        optional = _NONE in args
        choices = [self.compile(arg) for arg in args if arg is not _NONE]
        if len(choices) == 1:
            only = choices[0]
            if not optional:
                return only

            def optional_value(value: Any) -> Any:
                return None if value is None else only(value)

            return optional_value

        def union(value: Any) -> Any:
            if value is None and optional:
                return None
            problems: list[Problem] = []
            for choice in choices:
                try:
                    return choice(value)
                except Invalid as invalid:
                    problems.extend(invalid.problems)
            messages = "; ".join(message for _, message, _ in problems)
            raise fail(f"Input matches none of the allowed types ({messages})", "union")

        return union

    def _tuple(self, args: tuple[Any, ...]) -> Converter:
        if not args or (len(args) == 2 and args[1] is Ellipsis):
            item = self.compile(args[0]) if args else _identity
            return _sequence(item, tuple)
        items = [self.compile(arg) for arg in args]

        def fixed(value: Any) -> tuple[Any, ...]:
            if type(value) not in (list, tuple):
                raise fail("Input should be a valid array", "list_type")
            if len(value) != len(items):
                raise fail(f"Input should have exactly {len(items)} items", "tuple_length")
            return tuple(_each(items, value))

        return fixed

    def _struct(self, cls: type) -> Converter:
        struct = self._structs.get(cls)
        if struct is None:
            # Registered before its fields compile, so recursive types find themselves.
            struct = self._structs[cls] = _Struct(cls)
            struct.build(self)
        return struct


def _each(items: list[Converter], values: Any) -> list[Any]:
    out = []
    problems: list[Problem] = []
    for index, (convert, value) in enumerate(zip(items, values, strict=True)):
        try:
            out.append(convert(value))
        except Invalid as invalid:
            problems.extend(((index, *where), m, k) for where, m, k in invalid.problems)
    if problems:
        raise Invalid(problems)
    return out


class _Struct:
    """Converts a JSON object to a dataclass instance or a TypedDict-shaped dict."""

    __slots__ = ("cls", "fields", "make")

    def __init__(self, cls: type) -> None:
        self.cls = cls
        #: (key, converter, required, default factory) per field.
        self.fields: list[tuple[str, Converter, bool, Callable[[], Any] | None]] = []
        self.make: Callable[[dict[str, Any]], Any] = cls if is_typed_dict(cls) else _init(cls)

    def build(self, compiler: Compiler) -> None:
        hints = struct_hints(self.cls)
        if is_typed_dict(self.cls):
            required = typed_dict_required(self.cls, hints)
            for name, hint in hints.items():
                self.fields.append((name, _compile_field(compiler, hint), name in required, None))
            return
        for field in dataclasses.fields(cast(Any, self.cls)):
            if not field.init:
                continue
            default: Callable[[], Any] | None = None
            if field.default is not dataclasses.MISSING:
                default = _constant(field.default)
            elif field.default_factory is not dataclasses.MISSING:
                default = field.default_factory
            convert = _compile_field(compiler, hints[field.name])
            self.fields.append((field.name, convert, default is None, default))

    def __call__(self, value: Any) -> Any:
        if type(value) is not dict:
            if isinstance(value, self.cls) and not is_typed_dict(self.cls):
                return value
            raise fail("Input should be an object", "model_type")
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        for name, convert, required, default in self.fields:
            raw = value.get(name, _ABSENT)
            if raw is _ABSENT:
                if required:
                    problems.append(((name,), "Field required", "missing"))
                elif default is not None:
                    values[name] = default()
                continue
            try:
                values[name] = convert(raw)
            except Invalid as invalid:
                problems.extend(((name, *where), m, k) for where, m, k in invalid.problems)
        if problems:
            raise Invalid(problems)
        return self.make(values)


def _compile_field(compiler: Compiler, hint: Any) -> Converter:
    try:
        return compiler.compile(hint)
    except UnsupportedType:
        raise
    except TypeError as error:  # pragma: no cover - defensive: odd hints from typing
        raise UnsupportedType(str(error)) from None


def _init(cls: type) -> Callable[[dict[str, Any]], Any]:
    def make(values: dict[str, Any]) -> Any:
        try:
            return cls(**values)
        except (TypeError, ValueError) as error:  # __post_init__ checks
            raise fail(str(error), "value_error") from None

    return make


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


_ABSENT = object()


def _identity(value: Any) -> Any:
    return value


def _none(value: Any) -> None:
    if value is not None:
        raise fail("Input should be null", "none_required")


def _sequence(item: Converter, kind: Any) -> Converter:
    def sequence(value: Any) -> Any:
        if type(value) not in (list, tuple):
            raise fail("Input should be a valid array", "list_type")
        items = _each([item] * len(value), value) if item is not _identity else list(value)
        return items if kind is list else kind(items)

    return sequence


def _mapping(item: Converter) -> Converter:
    def mapping(value: Any) -> dict[str, Any]:
        if type(value) is not dict:
            raise fail("Input should be an object", "dict_type")
        if item is _identity:
            return dict(value)
        out = {}
        problems: list[Problem] = []
        for key, member in value.items():
            try:
                out[key] = item(member)
            except Invalid as invalid:
                problems.extend(((key, *where), m, k) for where, m, k in invalid.problems)
        if problems:
            raise Invalid(problems)
        return out

    return mapping


def _model(cls: Any) -> Converter:
    def model(value: Any) -> Any:
        try:
            return cls.model_validate(value)
        except ValueError as error:  # pydantic's ValidationError derives from ValueError
            errors = getattr(error, "errors", None)
            if errors is None:
                raise fail(str(error), "value_error") from None
            raise Invalid(
                [
                    (tuple(e.get("loc", ())), str(e.get("msg", "")), str(e.get("type", "")))
                    for e in errors(include_url=False)
                ]
            ) from None

    return model


def _enum(cls: type[enum.Enum], mode: str) -> Converter:
    members = {member.value: member for member in cls}
    if mode == TEXT:
        members = {str(member.value): member for member in cls}
    allowed = ", ".join(repr(value) for value in members)

    def convert(value: Any) -> Any:
        try:
            member = members.get(value)
        except TypeError:  # unhashable
            member = None
        if member is None or (type(value) is bool and mode == JSON):
            raise fail(f"Input should be {allowed}", "enum")
        return member

    return convert


def _literal(options: tuple[Any, ...], mode: str) -> Converter:
    by_value = {
        (str(option) if mode == TEXT else (type(option), option)): option for option in options
    }
    allowed = ", ".join(repr(option) for option in options)

    def literal(value: Any) -> Any:
        key = value if mode == TEXT else (type(value), value)
        try:
            if key in by_value:
                return by_value[key]
        except TypeError:
            pass
        raise fail(f"Input should be {allowed}", "literal_error")

    return literal


# --- scalars ------------------------------------------------------------------------------------


def _json_str(value: Any) -> str:
    if type(value) is not str:
        raise fail("Input should be a valid string", "string_type")
    return value


def _json_int(value: Any) -> int:
    kind = type(value)
    if kind is int or (kind is float and value.is_integer()):
        return int(value)
    raise fail("Input should be a valid integer", "int_type")


def _json_float(value: Any) -> float:
    kind = type(value)
    if kind is float or kind is int:
        try:
            return float(value)
        except OverflowError:  # an integer of hundreds of digits: JSON allows it, floats do not
            raise fail("Input should be a finite number", "finite_number") from None
    raise fail("Input should be a valid number", "float_type")


def _json_bool(value: Any) -> bool:
    if type(value) is not bool:
        raise fail("Input should be a valid boolean", "bool_type")
    return value


def _text_int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise fail("Input should be a valid integer", "int_parsing") from None


def _text_float(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise fail("Input should be a valid number", "float_parsing") from None


def _text_bool(value: str) -> bool:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise fail("Input should be a valid boolean (true/false, 1/0, yes/no)", "bool_parsing")


def _decimal(value: Any) -> Decimal:
    kind = type(value)
    if kind is str or kind is int or kind is float:
        try:
            number = Decimal(str(value) if kind is float else value)
        except InvalidOperation:
            pass
        else:
            if number.is_finite():
                return number
    raise fail("Input should be a valid decimal", "decimal_parsing")


def _uuid(value: Any) -> uuid.UUID:
    if type(value) is str:
        try:
            return uuid.UUID(value)
        except ValueError:
            pass
    raise fail("Input should be a valid UUID", "uuid_parsing")


def _datetime(value: Any) -> dt.datetime:
    if type(value) is str:
        text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError:
            pass
    raise fail("Input should be a valid ISO 8601 datetime", "datetime_parsing")


def _date(value: Any) -> dt.date:
    if type(value) is str:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise fail("Input should be a valid ISO 8601 date (YYYY-MM-DD)", "date_parsing")


_COMMON: dict[Any, Converter] = {
    Decimal: _decimal,
    uuid.UUID: _uuid,
    dt.datetime: _datetime,
    dt.date: _date,
}
_JSON_SCALARS: dict[Any, Converter] = {
    str: _json_str,
    int: _json_int,
    float: _json_float,
    bool: _json_bool,
    **_COMMON,
}
_TEXT_SCALARS: dict[Any, Converter] = {
    str: _identity,
    int: _text_int,
    float: _text_float,
    bool: _text_bool,
    **_COMMON,
}
#: Types a text value (path, query, header, cookie) converts to directly.
SCALARS = frozenset(_TEXT_SCALARS)
