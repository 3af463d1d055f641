"""Lambda@Edge: hand the handler the event, and CloudFront back a request or a response.

A handler returns the (changed) ``event.request`` or ``event.response``, a response of its own
(``event.respond(...)`` or a dict in CloudFront's shape), or None to let the request or response
through unchanged. Typed objects are returned as the dicts they wrap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lambda_universal_router._dispatch import EventDispatcher, call
from lambda_universal_router.events._cloudfront import CloudFrontRequest, CloudFrontResponse

if TYPE_CHECKING:
    from lambda_universal_router.events._cloudfront import CloudFrontEvent


class CloudFrontDispatcher(EventDispatcher):
    """Routes by trigger and distribution, then answers in the shape CloudFront expects."""

    __slots__ = ()

    def __call__(self, event: dict[str, Any], variant: str, context: Any) -> Any:
        typed: CloudFrontEvent = self.event_class(event)
        registration = self.candidates.select(typed)
        if registration is None:
            self.router.unmatched(self.source, event, context)  # raises for unmatched="fail"
            return answer(typed, None)
        return answer(typed, call(registration.call, typed, context))


def answer(event: CloudFrontEvent, returned: Any) -> dict[str, Any]:
    """What CloudFront receives for a handler's return value (see the module docs)."""
    if returned is None:
        response = event.response
        return response.raw_record if response is not None else event.request.raw_record
    if isinstance(returned, (CloudFrontRequest, CloudFrontResponse)):
        return returned.raw_record
    if isinstance(returned, dict):
        return returned
    raise TypeError(
        "A Lambda@Edge handler returns the request, a response (event.respond(...) or a dict) "
        f"or None, not {type(returned).__name__}"
    )
