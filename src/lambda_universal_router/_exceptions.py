"""Every exception the library raises, in one hierarchy.

    RouterError
    ├── ConfigurationError (ValueError)      a registration is wrong; raised when it is made
    │   ├── InvalidRouteError                 a path template cannot be parsed
    │   ├── DuplicateRouteError               the same method on an equivalent template twice
    │   ├── DuplicateHandlerError             a handler that could never run (second custom(), ...)
    │   └── RouterFrozenError (RuntimeError)  registration after the first dispatch
    ├── EventError (ValueError)               the event handed to dispatch() is unusable
    │   ├── InvalidEventError                 not a JSON object, or a field has the wrong shape
    │   ├── NoHandlerError                    recognised or not, nothing is registered for it
    │   ├── UnmatchedEventError               handlers exist, none accepts it (unmatched="fail")
    │   │   └── UnknownOriginError            from a queue, stream, ... no identity filter names
    │   └── RecordValidationError             a record's payload does not fit a typed handler
    ├── BatchError                            records failed where Lambda cannot retry single ones
    ├── CustomResourceResponseError           a custom resource answer did not reach CloudFormation
    ├── InvalidResponseError (ValueError)     a handler's answer cannot take the shape AWS expects
    │   └── ResponseSerializationError        an HTTP answer holds a value JSON cannot carry
    ├── MetricError (ValueError)              metrics.add() got what CloudWatch would reject
    └── HTTPError                             raised by HTTP handlers; becomes that HTTP response
        ├── BadRequest (400), Unauthorized (401), Forbidden (403), NotFound (404),
        ├── MethodNotAllowed (405), Conflict (409), Gone (410), PayloadTooLarge (413),
        ├── UnsupportedMediaType (415), UnprocessableEntity (422), TooManyRequests (429)
        ├── RequestValidationError (422)      a request does not bind to a typed handler
        └── InternalServerError (500), ServiceUnavailable (503)

Configuration and event errors derive from ValueError because 1.0 raised plain ValueError there;
code that catches ValueError keeps working.
"""

from __future__ import annotations

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any


class RouterError(Exception):
    """Base class of every exception raised by lambda-universal-router."""


class ConfigurationError(RouterError, ValueError):
    """A handler registration is invalid. Raised at registration, never at dispatch."""


class InvalidRouteError(ConfigurationError):
    """A path template cannot be parsed."""

    def __init__(self, template: str, reason: str) -> None:
        self.template = template
        self.reason = reason
        super().__init__(f"Invalid route {template!r}: {reason}")


class DuplicateRouteError(ConfigurationError):
    """Two handlers claim the same method on equivalent path templates."""

    def __init__(self, method: str, existing: str, duplicate: str) -> None:
        self.method = method
        self.existing = existing
        self.duplicate = duplicate
        same = "" if existing == duplicate else f" (equivalent to {duplicate!r})"
        super().__init__(
            f"{method} {existing!r} is already registered{same}; remove one of the two handlers "
            "or give them different paths or methods"
        )


class DuplicateHandlerError(ConfigurationError):
    """A second handler would never be called because an earlier one catches the same events."""


class RouterFrozenError(ConfigurationError, RuntimeError):
    """Handlers were registered after the router began dispatching."""

    def __init__(self) -> None:
        super().__init__(
            "This router has already dispatched an event, so its routing tables are fixed. "
            "Register every handler at import time, before the first dispatch()."
        )


class EventError(RouterError, ValueError):
    """The event passed to dispatch() cannot be handled."""


class InvalidEventError(EventError):
    """The event is not a JSON object, or a field AWS always sends has the wrong shape."""


class NoHandlerError(EventError):
    """No registered handler (and no custom() handler) accepts the event."""

    def __init__(self, source: str | None, registered: Iterable[str]) -> None:
        self.source = source
        self.registered = tuple(registered)
        detected = f"detected source: {source}" if source else "the event matched no known source"
        have = ", ".join(self.registered) or "none"
        super().__init__(
            f"No handler found for the given event type ({detected}; registered handlers: "
            f"{have}). Register a handler for this source, or a @router.custom() fallback."
        )


class UnmatchedEventError(EventError):
    """Handlers of the event's source exist, but none accepts it, and ``unmatched="fail"``."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__(
            f"No {source} handler's filters accept this event and the router was created with "
            'unmatched="fail"; add a handler (or widen a filter) for it, or use unmatched="ack".'
        )


class UnknownOriginError(UnmatchedEventError):
    """Records came from a queue, stream, table, topic or bucket that no handler's filter names.

    The function is wired to something its code does not handle (a CloudFormation-named queue
    ``orders-prod-PaymentsQueue-1A2B3C`` for ``queue="payments"``, say). Raised, whatever
    ``unmatched=`` says, where Lambda cannot retry single records; elsewhere they are reported
    failed. ``origins`` names where the records came from, ``filters`` what the handlers name.
    """

    def __init__(self, source: str, keyword: str, origins: Iterable[str], filters: Iterable[str]):
        self.source = source
        self.keyword = keyword
        self.origins = tuple(origins)
        self.filters = tuple(filters)
        EventError.__init__(
            self,
            f"{source} records came from {', '.join(self.origins)}, which no {source} handler's "
            f"{keyword}= filter names ({keyword}= filters: {', '.join(self.filters)}). The "
            "function is wired to something its code does not handle, so the records are "
            f"reported failed and retried, never dropped: name it in a {keyword}= filter (name or "
            f"ARN), or register a {source} handler without {keyword}=.",
        )


def _locations(errors: list[dict[str, Any]]) -> str:
    shown = [
        f"{'.'.join(str(part) for part in error['location'])}: {error['message']}"
        for error in errors[:5]
    ]
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "; ".join(shown) + more


class RecordValidationError(EventError):
    """A record's payload does not fit the types of its per-record handler; the record fails.

    ``errors`` lists every problem as ``{"location": ["payload", ...], "message", "type"}``.
    """

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__(f"Record validation failed: {_locations(errors)}")


class BatchError(RouterError):
    """Some records failed, and the source (SNS, S3, EventBridge) cannot retry one alone.

    Raised so that Lambda retries the whole invocation (or sends it to its failure destination):
    nothing is lost. ``record_ids`` names the records that failed.
    """

    def __init__(self, source: str, record_ids: Iterable[str | None], total: int) -> None:
        self.source = source
        self.record_ids = list(record_ids)
        super().__init__(
            f"{len(self.record_ids)} of {total} {source} records were not processed "
            f"({', '.join(str(i) for i in self.record_ids[:10])}); the invocation fails so that "
            "Lambda retries it. The first error is chained as __cause__."
        )


class CustomResourceResponseError(RouterError):
    """CloudFormation's response URL did not take the answer, after every retry, or is unusable."""

    def __init__(self, status: int | None, detail: str, *, url: str | None = None) -> None:
        #: The HTTP status of the last attempt, None when no response came back.
        self.status = status
        #: The unusable ResponseURL (its query string left out), when that was the problem.
        self.url = url
        if url is not None:
            message = f"The custom resource answer was logged, not sent: {detail}"
        else:
            message = (
                f"Could not send the custom resource answer to CloudFormation's ResponseURL "
                f"({detail}); the stack waits until its timeout."
            )
        super().__init__(message)


class InvalidResponseError(RouterError, ValueError):
    """A handler returned (or built) an answer that the invoking service would reject."""


class ResponseSerializationError(InvalidResponseError):
    """An HTTP answer holds a value that cannot be written as JSON (NaN, an unknown type, ...).

    The dispatcher answers 500 and logs this message; ``path`` locates the value in the answer
    (``body["items"][2]["price"]``) and ``type_name`` names its type.
    """

    def __init__(self, path: str, type_name: str, reason: str) -> None:
        self.path = path
        self.type_name = type_name
        self.reason = reason
        super().__init__(f"{path} ({type_name}) {reason}")


class MetricError(RouterError, ValueError):
    """``metrics.add`` was given a name, value, unit or dimensions CloudWatch would reject."""


class HTTPError(RouterError):
    """Raise from an HTTP handler to answer with this status and a JSON error body."""

    status_code = 500
    default_message = "Internal Server Error"

    def __init__(
        self,
        status_code: int | None = None,
        message: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if status_code is not None:
            self.status_code = status_code
        self.message = message if message is not None else self.default_message
        self.headers = dict(headers or {})
        super().__init__(self.status_code, self.message)

    def __str__(self) -> str:
        return f"{self.status_code}: {self.message}"

    def body(self) -> dict[str, Any]:
        """The JSON body of the answer this error becomes."""
        return {"message": self.message, "statusCode": self.status_code}


class _StatusError(HTTPError):
    """An HTTPError whose status is fixed by its class: raise it with just a message."""

    def __init__(self, message: str | None = None, *, headers: Mapping[str, str] | None = None):
        super().__init__(None, message, headers=headers)


class BadRequest(_StatusError):
    """400 Bad Request."""

    status_code = 400
    default_message = "Bad Request"


class Unauthorized(_StatusError):
    """401 Unauthorized."""

    status_code = 401
    default_message = "Unauthorized"


class Forbidden(_StatusError):
    """403 Forbidden."""

    status_code = 403
    default_message = "Forbidden"


class NotFound(_StatusError):
    """404 Not Found."""

    status_code = 404
    default_message = "Not Found"


class MethodNotAllowed(_StatusError):
    """405 Method Not Allowed; `allowed` becomes the Allow header."""

    status_code = 405
    default_message = "Method Not Allowed"

    def __init__(
        self,
        message: str | None = None,
        *,
        allowed: Iterable[str] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.allowed = tuple(allowed)
        merged = {"Allow": ", ".join(self.allowed)} if self.allowed else {}
        merged.update(headers or {})
        super().__init__(message, headers=merged)


class Conflict(_StatusError):
    """409 Conflict."""

    status_code = 409
    default_message = "Conflict"


class Gone(_StatusError):
    """410 Gone."""

    status_code = 410
    default_message = "Gone"


class PayloadTooLarge(_StatusError):
    """413 Payload Too Large."""

    status_code = 413
    default_message = "Payload Too Large"


class UnsupportedMediaType(_StatusError):
    """415 Unsupported Media Type."""

    status_code = 415
    default_message = "Unsupported Media Type"


class UnprocessableEntity(_StatusError):
    """422 Unprocessable Entity."""

    status_code = 422
    default_message = "Unprocessable Entity"


class RequestValidationError(UnprocessableEntity):
    """A request does not bind to a typed handler: answered 422 listing every problem.

    ``errors`` holds ``{"location": [...], "message": ..., "type": ...}`` entries; a location
    starts with ``path``, ``query``, ``header``, ``cookie`` or ``body``.
    """

    default_message = "Request validation failed"

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__()
        self.errors = errors

    def __str__(self) -> str:
        return f"{self.status_code}: {self.message}: {_locations(self.errors)}"

    def body(self) -> dict[str, Any]:
        return {"message": self.message, "errors": self.errors}


class TooManyRequests(_StatusError):
    """429 Too Many Requests."""

    status_code = 429
    default_message = "Too Many Requests"


class InternalServerError(_StatusError):
    """500 Internal Server Error."""

    status_code = 500
    default_message = "Internal Server Error"


class ServiceUnavailable(_StatusError):
    """503 Service Unavailable."""

    status_code = 503
    default_message = "Service Unavailable"
