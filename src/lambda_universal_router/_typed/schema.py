"""JSON Schema (2020-12, as OpenAPI 3.1 uses it) from the type hints typed handlers take.

Named types (dataclasses, TypedDicts, Enums, pydantic models) become ``$ref``s into
``components/schemas``; everything else is inlined. The schemas describe what the binder
accepts: a ``Decimal`` is a number or a string, a ``set`` an array of unique items.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
import uuid
from decimal import Decimal
from typing import Any, Literal, Union, get_args, get_origin

from lambda_universal_router.params import Field

from .convert import (
    is_model,
    is_typed_dict,
    strip_annotated,
    struct_hints,
    typed_dict_required,
    unwrap_required,
)
from .dump import dump

JSONSchema = dict[str, Any]

_SCALARS: dict[Any, JSONSchema] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    Decimal: {"type": ["number", "string"], "format": "decimal"},
    uuid.UUID: {"type": "string", "format": "uuid"},
    dt.datetime: {"type": "string", "format": "date-time"},
    dt.date: {"type": "string", "format": "date"},
    type(None): {"type": "null"},
}


class Schemas:
    """Builds schemas, collecting the named ones for ``components/schemas``."""

    def __init__(self) -> None:
        #: Component name -> schema.
        self.components: dict[str, JSONSchema] = {}
        self._names: dict[Any, str] = {}

    def of(self, hint: Any) -> JSONSchema:
        """The schema of values of ``hint`` (with its ``Field`` constraints)."""
        inner, metadata = strip_annotated(unwrap_required(hint))
        schema = self._of(inner)
        for item in metadata:
            if isinstance(item, Field):
                schema = _constrained(schema, item)
        return schema

    def _of(self, tp: Any) -> JSONSchema:
        if tp is Any or tp is object:
            return {}
        scalar = _SCALARS.get(tp)
        if scalar is not None:
            return dict(scalar)
        origin = get_origin(tp)
        if origin in (Union, types.UnionType):
            return {"anyOf": [self.of(arg) for arg in get_args(tp)]}
        if origin is Literal:
            values = [dump(value) for value in get_args(tp)]
            return {"const": values[0]} if len(values) == 1 else {"enum": values}
        container = self._container(tp, origin)
        if container is not None:
            return container
        if isinstance(tp, type):
            if issubclass(tp, enum.Enum):
                return self._named(tp, _enum)
            if is_model(tp):
                return self._model(tp)
            if dataclasses.is_dataclass(tp) or is_typed_dict(tp):
                return self._named(tp, self._struct)
        return {}

    def _container(self, tp: Any, origin: Any) -> JSONSchema | None:
        """The schema of a list, set, tuple or dict hint; None for any other hint."""
        if origin in (list, set, frozenset) or tp in (list, set, frozenset):
            args = get_args(tp)
            schema: JSONSchema = {"type": "array", "items": self.of(args[0]) if args else {}}
            if (origin or tp) is not list:
                schema["uniqueItems"] = True
            return schema
        if origin is tuple or tp is tuple:
            args = get_args(tp)
            if not args or (len(args) == 2 and args[1] is Ellipsis):
                return {"type": "array", "items": self.of(args[0]) if args else {}}
            items = [self.of(arg) for arg in args]
            return {
                "type": "array",
                "prefixItems": items,
                "minItems": len(items),
                "maxItems": len(items),
            }
        if origin is dict or tp is dict:
            args = get_args(tp)
            return {"type": "object", "additionalProperties": self.of(args[1]) if args else {}}
        return None

    def _named(self, tp: type, build: Any) -> JSONSchema:
        name = self._names.get(tp)
        if name is None:
            name = self._names[tp] = self._free_name(tp.__name__)
            self.components[name] = {}  # placeholder: recursive types refer to it
            self.components[name] = build(tp)
        return {"$ref": f"#/components/schemas/{name}"}

    def _free_name(self, name: str) -> str:
        taken = set(self.components)
        candidate, number = name, 2
        while candidate in taken:
            candidate, number = f"{name}{number}", number + 1
        return candidate

    def _struct(self, cls: type) -> JSONSchema:
        hints = struct_hints(cls)
        properties: dict[str, JSONSchema] = {}
        required: list[str] = []
        if is_typed_dict(cls):
            needed = typed_dict_required(cls, hints)
            for name, hint in hints.items():
                properties[name] = self.of(hint)
                if name in needed:
                    required.append(name)
        else:
            for field in dataclasses.fields(typing.cast(Any, cls)):
                if not field.init:
                    continue
                schema = self.of(hints[field.name])
                if field.default is not dataclasses.MISSING:
                    schema = {**schema, "default": dump(field.default)}
                elif field.default_factory is dataclasses.MISSING:
                    required.append(field.name)
                properties[field.name] = schema
        schema = {"type": "object", "title": cls.__name__, "properties": properties}
        if required:
            schema["required"] = required
        doc = cls.__doc__
        if doc and not doc.startswith(f"{cls.__name__}("):  # dataclasses invent a docstring
            schema["description"] = _clean(doc)
        return schema

    def _model(self, cls: Any) -> JSONSchema:
        name = self._names.get(cls)
        if name is None:
            name = self._names[cls] = self._free_name(cls.__name__)
            schema = cls.model_json_schema(ref_template="#/components/schemas/{model}")
            for inner, definition in schema.pop("$defs", {}).items():
                self.components.setdefault(inner, definition)
            self.components[name] = schema
        return {"$ref": f"#/components/schemas/{name}"}


def _enum(cls: type[enum.Enum]) -> JSONSchema:
    values = [dump(member.value) for member in cls]
    schema: JSONSchema = {"title": cls.__name__, "enum": values}
    kinds = {type(value) for value in values}
    if kinds == {str}:
        schema["type"] = "string"
    elif kinds == {int}:
        schema["type"] = "integer"
    return schema


_NUMERIC = {"ge": "minimum", "gt": "exclusiveMinimum", "le": "maximum", "lt": "exclusiveMaximum"}


def _constrained(schema: JSONSchema, field: Field) -> JSONSchema:
    out = dict(schema)
    array = out.get("type") == "array"
    for name, value in field.constraints().items():
        if name in _NUMERIC:
            out[_NUMERIC[name]] = value
        elif name == "min_length":
            out["minItems" if array else "minLength"] = value
        elif name == "max_length":
            out["maxItems" if array else "maxLength"] = value
        elif name == "pattern":
            out["pattern"] = value
    if field.description:
        out["description"] = field.description
    if field.examples:
        out["examples"] = [dump(example) for example in field.examples]
    if "$ref" in out and len(out) > 1:  # 2020-12 allows siblings of $ref; keep them apart
        out = {"allOf": [{"$ref": out.pop("$ref")}], **out}
    return out


def _clean(doc: str) -> str:
    import inspect

    return inspect.cleandoc(doc)
