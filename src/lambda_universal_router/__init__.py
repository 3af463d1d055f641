"""lambda-universal-router: one AWS Lambda function, every event source.

    from lambda_universal_router import Router

    router = Router()

    @router.get("/hello/{name}")
    def hello(event, context):
        return {"hello": event.path_parameters["name"]}

    def lambda_handler(event, context):
        return router.dispatch(event, context)

Only the router core is imported here; everything else loads on first use.
"""

from __future__ import annotations

from ._exceptions import (
    BadRequest,
    BatchError,
    ConfigurationError,
    Conflict,
    CustomResourceResponseError,
    DuplicateHandlerError,
    DuplicateRouteError,
    EventError,
    Forbidden,
    Gone,
    HTTPError,
    InternalServerError,
    InvalidEventError,
    InvalidResponseError,
    InvalidRouteError,
    MethodNotAllowed,
    MetricError,
    NoHandlerError,
    NotFound,
    PayloadTooLarge,
    RecordValidationError,
    RequestValidationError,
    ResponseSerializationError,
    RouterError,
    RouterFrozenError,
    ServiceUnavailable,
    TooManyRequests,
    Unauthorized,
    UnknownOriginError,
    UnmatchedEventError,
    UnprocessableEntity,
    UnsupportedMediaType,
)
from ._registry import Registration
from ._router import Router

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from typing import Any

    from ._http.cors import CORS
    from ._http.response import Response

__version__ = "2.0.0"

__all__ = [
    "BadRequest",
    "BatchError",
    "CORS",
    "ConfigurationError",
    "Conflict",
    "CustomResourceResponseError",
    "DuplicateHandlerError",
    "DuplicateRouteError",
    "EventError",
    "Forbidden",
    "Gone",
    "HTTPError",
    "InternalServerError",
    "InvalidEventError",
    "InvalidResponseError",
    "InvalidRouteError",
    "MethodNotAllowed",
    "MetricError",
    "NoHandlerError",
    "NotFound",
    "PayloadTooLarge",
    "RecordValidationError",
    "Registration",
    "RequestValidationError",
    "Response",
    "ResponseSerializationError",
    "Router",
    "RouterError",
    "RouterFrozenError",
    "ServiceUnavailable",
    "TooManyRequests",
    "Unauthorized",
    "UnknownOriginError",
    "UnmatchedEventError",
    "UnprocessableEntity",
    "UnsupportedMediaType",
    "__version__",
]

#: Public names whose modules load on first access, to keep ``import`` cheap.
_LAZY = {
    "CORS": "lambda_universal_router._http.cors",
    "Response": "lambda_universal_router._http.response",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'lambda_universal_router' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
