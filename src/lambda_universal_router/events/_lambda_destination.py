"""Lambda destinations: the record of another function's asynchronous invocation.

A function invoked asynchronously can send a record of each invocation to a destination, on
success or once it has failed for good; when the destination is a function, that record is the
event it receives. It holds the original event (``requestPayload``), what the function returned
or the error it raised (``responsePayload``) and why the record was sent (``condition``). The
invocation is asynchronous: the return value is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from lambda_universal_router._exceptions import ConfigurationError
from lambda_universal_router._selection import Predicate

from ._base import Event, mapping
from ._fields import integer, text

#: Why Lambda sent the record: the function succeeded, or failed every attempt, or the event
#: waited longer than the function's maximum event age.
CONDITIONS = frozenset({"Success", "RetriesExhausted", "EventAgeExceeded"})


class LambdaDestinationEvent(Event):
    """The record of an asynchronous invocation of another function."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("function_name", "condition", "request_id")

    @property
    def version(self) -> str | None:
        """Version of the record format (``1.0``)."""
        return text(self.raw_event, "version")

    @property
    def timestamp(self) -> str | None:
        """When the record was made, ISO 8601."""
        return text(self.raw_event, "timestamp")

    @property
    def request_context(self) -> dict[str, Any]:
        """The invocation: ``requestId``, ``functionArn``, ``condition``, invoke count."""
        return mapping(self.raw_event, "requestContext")

    @property
    def request_id(self) -> str | None:
        """The request id of the original invocation."""
        return text(self.request_context, "requestId")

    @property
    def function_arn(self) -> str | None:
        """ARN of the function that was invoked, with its version or alias (``...:$LATEST``)."""
        return text(self.request_context, "functionArn")

    @property
    def function_name(self) -> str | None:
        """Name of the function that was invoked."""
        parts = (self.function_arn or "").split(":")
        return parts[6] if len(parts) > 6 and parts[5] == "function" else None

    @property
    def function_qualifier(self) -> str | None:
        """The version or alias the invocation ran (``$LATEST``, ``7``, ``live``), if any."""
        parts = (self.function_arn or "").split(":")
        return parts[7] if len(parts) > 7 and parts[5] == "function" else None

    @property
    def condition(self) -> str | None:
        """``Success``, ``RetriesExhausted`` or ``EventAgeExceeded``."""
        return text(self.request_context, "condition")

    @property
    def succeeded(self) -> bool:
        """Whether the invocation succeeded (an on-success record)."""
        return self.condition == "Success"

    @property
    def approximate_invoke_count(self) -> int | None:
        """How many times Lambda ran the function for this event."""
        return integer(self.request_context, "approximateInvokeCount")

    @property
    def request_payload(self) -> Any:
        """The original event the function was invoked with."""
        return self.raw_event.get("requestPayload")

    @property
    def response_context(self) -> dict[str, Any]:
        """How the last attempt ended: ``statusCode``, ``executedVersion``, ``functionError``."""
        return mapping(self.raw_event, "responseContext")

    @property
    def status_code(self) -> int | None:
        """The last attempt's invocation status code (200 even when the function raised)."""
        return integer(self.response_context, "statusCode")

    @property
    def executed_version(self) -> str | None:
        """The function version that ran."""
        return text(self.response_context, "executedVersion")

    @property
    def function_error(self) -> str | None:
        """``Unhandled`` when the function raised (None on success)."""
        return text(self.response_context, "functionError")

    @property
    def response_payload(self) -> Any:
        """What the function returned, or its error (``errorMessage``, ``errorType``...)."""
        return self.raw_event.get("responsePayload")

    @property
    def error_type(self) -> str | None:
        """The type of the error the function raised, when it raised."""
        payload = self.response_payload
        return (
            text(payload, "errorType")
            if self.function_error and isinstance(payload, dict)
            else None
        )

    @property
    def error_message(self) -> str | None:
        """The message of the error the function raised, when it raised."""
        payload = self.response_payload
        if self.function_error and isinstance(payload, dict):
            return text(payload, "errorMessage")
        return None


def conditions(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """``condition=`` checked against the conditions Lambda sends records for."""
    from lambda_universal_router._filters import names

    wanted = names("condition", value)
    if wanted is not None and not wanted <= CONDITIONS:
        unknown = ", ".join(sorted(wanted - CONDITIONS))
        known = ", ".join(sorted(CONDITIONS))
        raise ConfigurationError(f"condition= takes {known}; not {unknown}")
    return wanted


def _function(wanted: frozenset[str], event: LambdaDestinationEvent) -> bool:
    arn = event.function_arn
    if event.function_name in wanted or arn in wanted:
        return True
    unqualified = arn.rsplit(":", 1)[0] if arn and event.function_qualifier else None
    return unqualified in wanted


FILTERS: dict[str, Predicate] = {
    "condition": lambda wanted, event: event.condition in wanted,
    "function": _function,
}
