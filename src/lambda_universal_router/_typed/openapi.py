"""The OpenAPI 3.1 document of a router's HTTP routes, read from its registrations.

Typed handlers give parameters, request bodies and response schemas; 1.0-form handlers give
their path parameters and a plain success response. Route options (``status_code``, ``tags``,
``operation_id``, ``deprecated``, ``responses``, ``include_in_schema``) and the handler's
docstring (summary, then description) fill in the rest.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from .schema import JSONSchema, Schemas

if TYPE_CHECKING:
    from lambda_universal_router._exceptions import HTTPError
    from lambda_universal_router._registry import Registration
    from lambda_universal_router._router import Router

    from .signature import BoundParameter

#: The methods an ``ANY`` route documents.
ANY_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")

_VALIDATION_ERROR: JSONSchema = {
    "type": "object",
    "title": "ValidationError",
    "properties": {
        "message": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "location": {
                        "type": "array",
                        "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                    },
                    "message": {"type": "string"},
                    "type": {"type": "string"},
                },
                "required": ["location", "message", "type"],
            },
        },
    },
    "required": ["message", "errors"],
}
_HTTP_ERROR: JSONSchema = {
    "type": "object",
    "title": "HTTPError",
    "properties": {"message": {"type": "string"}, "statusCode": {"type": "integer"}},
    "required": ["message", "statusCode"],
}


def build(
    router: Router,
    *,
    title: str,
    version: str,
    servers: Iterable[str | Mapping[str, Any]] | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``router``'s HTTP routes (included routers' too)."""
    info: dict[str, Any] = {"title": title, "version": version}
    if description:
        info["description"] = description
    document: dict[str, Any] = {"openapi": "3.1.0", "info": info}
    if servers:
        document["servers"] = [
            {"url": server} if isinstance(server, str) else dict(server) for server in servers
        ]
    schemas = Schemas()
    paths: dict[str, dict[str, Any]] = {}
    operation_ids: set[str] = set()
    for registration in router.routes():
        if registration.source != "http" or not registration.docs.get("include_in_schema", True):
            continue
        if registration.binding is not None:
            registration.binding.finish()
        path = _openapi_path(registration.path or "/")
        methods = [m.lower() for m in registration.methods]
        if "any" in methods:
            methods = list(ANY_METHODS)
        for method in methods:
            operation = _operation(registration, method, schemas, operation_ids)
            paths.setdefault(path, {})[method] = operation
    document["paths"] = paths
    if schemas.components:
        document["components"] = {"schemas": schemas.components}
    return document


def _openapi_path(template: str) -> str:
    """``/files/{path+}`` as OpenAPI writes it: ``/files/{path}``."""
    return template.replace("+}", "}")


def _operation(
    registration: Registration, method: str, schemas: Schemas, taken: set[str]
) -> dict[str, Any]:
    docs = registration.docs
    operation: dict[str, Any] = {}
    summary, description = _docstring(registration.handler)
    if docs.get("tags"):
        operation["tags"] = list(docs["tags"])
    if summary:
        operation["summary"] = summary
    if description:
        operation["description"] = description
    operation["operationId"] = _operation_id(registration, method, taken)
    binding = registration.binding
    bound = {p.name: p for p in binding.parameters} if binding is not None else {}
    parameters, bodies = _inputs(registration, bound, schemas)
    if parameters:
        operation["parameters"] = parameters
    if bodies:
        operation["requestBody"] = _request_body(bodies, schemas)
    operation["responses"] = _responses(registration, schemas, validates=bool(bound))
    if docs.get("deprecated"):
        operation["deprecated"] = True
    return operation


def _inputs(
    registration: Registration, bound: dict[str, BoundParameter], schemas: Schemas
) -> tuple[list[dict[str, Any]], list[BoundParameter]]:
    """The operation's parameters (path ones first) and the bound parameters read from the body."""
    parameters = []
    for name in registration.path_names:
        parameter = bound.get(name)
        schema = (
            schemas.of(parameter.hint)
            if parameter is not None and parameter.location == "path"
            else {"type": "string"}
        )
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    bodies = []
    for parameter in bound.values():
        if parameter.location in ("query", "header", "cookie"):
            parameters.append(_parameter(parameter, schemas))
        elif parameter.location == "body":
            bodies.append(parameter)
    return parameters, bodies


def _parameter(parameter: BoundParameter, schemas: Schemas) -> dict[str, Any]:
    schema = schemas.of(parameter.hint)
    if not parameter.required:
        from .dump import dump

        default = dump(parameter.default)
        if default is not None:
            schema = {**schema, "default": default}
    described: dict[str, Any] = {
        "name": parameter.key,
        "in": parameter.location,
        "required": parameter.required,
        "schema": schema,
    }
    field = parameter.field
    if field is not None and field.description:
        described["description"] = field.description
    if parameter.many and parameter.location == "query":
        described["style"] = "form"
        described["explode"] = True
    return described


def _request_body(bodies: list[BoundParameter], schemas: Schemas) -> dict[str, Any]:
    if len(bodies) == 1:
        schema = schemas.of(bodies[0].hint)
        required = bodies[0].required
    else:
        schema = {
            "type": "object",
            "properties": {p.key: schemas.of(p.hint) for p in bodies},
        }
        names = [p.key for p in bodies if p.required]
        if names:
            schema["required"] = names
        required = bool(names)
    return {"required": required, "content": {"application/json": {"schema": schema}}}


def _responses(registration: Registration, schemas: Schemas, *, validates: bool) -> dict[str, Any]:
    status = registration.status_code
    binding = registration.binding
    returns = binding.returns if binding is not None else None
    success: dict[str, Any] = {"description": _phrase(status)}
    if returns is not None and returns is not type(None) and status != 204:
        success["content"] = {"application/json": {"schema": schemas.of(returns)}}
    responses: dict[str, Any] = {str(status): success}
    if validates:
        schemas.components.setdefault("ValidationError", _VALIDATION_ERROR)
        responses["422"] = _error_response(_phrase(422), "ValidationError")
    documented = registration.docs.get("responses")
    if isinstance(documented, Mapping):
        for code, text in documented.items():
            responses[str(code)] = {"description": str(text)}
    elif documented is not None:
        schemas.components.setdefault("HTTPError", _HTTP_ERROR)
        for error in documented:
            responses[str(error.status_code)] = _error_response(_message(error), "HTTPError")
    return responses


def _message(error: type[HTTPError] | HTTPError) -> str:
    """What ``error`` says of its status: its own ``default_message`` when the class giving it
    is no further up than the one giving ``status_code`` (``class Gone(HTTPError): status_code =
    410`` inherits the 500's message), else the status's reason phrase."""
    ancestry = (error if isinstance(error, type) else type(error)).__mro__
    message_from = next(i for i, cls in enumerate(ancestry) if "default_message" in vars(cls))
    status_from = next(i for i, cls in enumerate(ancestry) if "status_code" in vars(cls))
    if message_from <= status_from:
        return error.default_message
    return _phrase(error.status_code)


def _error_response(description: str, component: str) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{component}"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Status {status}"


def _docstring(handler: Any) -> tuple[str | None, str | None]:
    doc = inspect.getdoc(handler)
    if not doc:
        return None, None
    summary, _, rest = doc.partition("\n\n")
    return " ".join(summary.split()), rest.strip() or None


def _operation_id(registration: Registration, method: str, taken: set[str]) -> str:
    given = registration.docs.get("operation_id")
    base = given or getattr(registration.handler, "__name__", "operation").strip("<>")
    candidate = base
    if candidate in taken or (len(registration.methods) != 1 and not given):
        candidate = f"{base}_{method}"
    number = 2
    while candidate in taken:
        candidate, number = f"{base}_{method}_{number}", number + 1
    taken.add(candidate)
    return candidate
