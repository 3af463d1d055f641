"""AppSync Lambda authorizers: decide whether a GraphQL request may run.

An AppSync API whose authorization mode is ``AWS_LAMBDA`` invokes the function with the token
the client sent in the ``Authorization`` header and the GraphQL operation, and waits for
``isAuthorized``. The answer may also hide fields from this caller (``deniedFields``), hand the
resolvers a ``resolverContext`` (``$ctx.identity.resolverContext``, ``event.resolver_context``
in a Lambda resolver) and set how long AppSync caches it. ``allow()`` and ``deny()`` build it.

The token never appears in ``repr``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from ._base import Event, mapping
from ._fields import text

#: AppSync caches an answer for at most this many seconds.
MAX_TTL = 3600


class AppSyncAuthorizerEvent(Event):
    """A GraphQL request to an AppSync API, for the function to authorize."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("api_id", "operation_name", "request_id")

    @property
    def authorization_token(self) -> str | None:
        """The ``Authorization`` header the client sent, as it sent it."""
        return text(self.raw_event, "authorizationToken")

    @property
    def request_context(self) -> dict[str, Any]:
        """The request: API, account, request id, the GraphQL document and its variables."""
        return mapping(self.raw_event, "requestContext")

    @property
    def api_id(self) -> str | None:
        """The AppSync API the request is for."""
        return text(self.request_context, "apiId")

    @property
    def account_id(self) -> str | None:
        """The AWS account that owns the API."""
        return text(self.request_context, "accountId")

    @property
    def request_id(self) -> str | None:
        """AppSync's id for the request."""
        return text(self.request_context, "requestId")

    @property
    def query_string(self) -> str | None:
        """The GraphQL document, as the client sent it."""
        return text(self.request_context, "queryString")

    @property
    def operation_name(self) -> str | None:
        """The operation of the document to run, when the client named one."""
        return text(self.request_context, "operationName")

    @property
    def variables(self) -> dict[str, Any]:
        """The operation's variables."""
        return mapping(self.request_context, "variables")

    @property
    def request_headers(self) -> dict[str, Any]:
        """The HTTP headers of the request (lower-case names), when AppSync sends them."""
        return mapping(self.raw_event, "requestHeaders")

    @staticmethod
    def allow(
        *,
        resolver_context: Mapping[str, Any] | None = None,
        denied_fields: Iterable[str] | None = None,
        ttl_override: int | None = None,
    ) -> dict[str, Any]:
        """Let the request run.

        ``resolver_context`` reaches the resolvers; ``denied_fields`` (``"Type.field"`` or field
        ARNs) resolve to null for this caller; ``ttl_override`` (0 to 3600 seconds) replaces the
        API's cache time for this answer, 0 turning caching off.
        """
        answer: dict[str, Any] = {"isAuthorized": True}
        if resolver_context is not None:
            answer["resolverContext"] = dict(resolver_context)
        if denied_fields is not None:
            answer["deniedFields"] = list(denied_fields)
        return _with_ttl(answer, ttl_override)

    @staticmethod
    def deny(*, ttl_override: int | None = None) -> dict[str, Any]:
        """Refuse the request: AppSync answers the client with an unauthorized error."""
        return _with_ttl({"isAuthorized": False}, ttl_override)


def _with_ttl(answer: dict[str, Any], ttl: int | None) -> dict[str, Any]:
    if ttl is None:
        return answer
    if isinstance(ttl, bool) or not isinstance(ttl, int) or not 0 <= ttl <= MAX_TTL:
        from lambda_universal_router._exceptions import InvalidResponseError

        raise InvalidResponseError(
            f"ttl_override must be a whole number of seconds from 0 to {MAX_TTL}, not {ttl!r}"
        )
    answer["ttlOverride"] = ttl
    return answer
