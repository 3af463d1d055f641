"""API Gateway Lambda authorizers: REST TOKEN and REQUEST, WebSocket ``$connect``, HTTP APIs.

One class covers every variant; attributes a variant does not carry read as None or empty. The
answer is built with the helpers: ``allow``/``deny`` (an IAM policy, every variant) or
``simple_response`` (HTTP APIs with simple responses enabled).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from lambda_universal_router._exceptions import InvalidEventError, InvalidResponseError

from ._base import UNSET, Event, mapping, text_listing, text_mapping
from ._fields import text
from ._request_parts import RequestParts

#: Allowed types of the values of an authorizer ``context`` (API Gateway rejects the rest).
_CONTEXT_TYPES = (str, int, float, bool)


class AuthorizerEvent(RequestParts, Event):
    """A request for API Gateway to authorize, before the integration runs."""

    __slots__ = ("_arn", "_headers")
    _repr_fields = ("variant", "arn")

    def __init__(self, raw_event: dict[str, Any]) -> None:
        super().__init__(raw_event)
        self._headers: Any = UNSET
        self._arn: Any = UNSET

    # --- what kind of authorizer --------------------------------------------------------------

    @property
    def variant(self) -> str:
        """``"token"`` (REST TOKEN), ``"request"`` (REST or WebSocket REQUEST, HTTP API payload
        1.0) or ``"http"`` (HTTP API payload 2.0)."""
        if "routeArn" in self.raw_event:
            return "http"
        return "token" if self.raw_event.get("type") == "TOKEN" else "request"

    @property
    def type(self) -> str | None:
        """``TOKEN`` or ``REQUEST``, as AWS sends it."""
        return text(self.raw_event, "type")

    @property
    def version(self) -> str | None:
        """The HTTP API payload format version (``"1.0"``, ``"2.0"``); None for REST."""
        return text(self.raw_event, "version")

    @property
    def is_websocket(self) -> bool:
        """Whether this authorizes a WebSocket ``$connect``."""
        return "connectionId" in self.request_context

    # --- the resource being called ------------------------------------------------------------

    @property
    def method_arn(self) -> str | None:
        """The ARN of the method (REST, WebSocket, HTTP API payload 1.0) being called."""
        return text(self.raw_event, "methodArn")

    @property
    def route_arn(self) -> str | None:
        """The ARN of the route (HTTP API payload 2.0) being called."""
        return text(self.raw_event, "routeArn")

    @property
    def arn(self) -> str | None:
        """``method_arn`` or ``route_arn``, whichever the variant sends."""
        arn = self.raw_event.get("methodArn") or self.raw_event.get("routeArn")
        return arn if isinstance(arn, str) else None

    def _arn_parts(self) -> tuple[str, list[str]]:
        """``("arn:aws:execute-api:region:account", [api, stage, method-or-route, ...])``."""
        if self._arn is UNSET:
            arn = self.arn or ""
            prefix, _, resource = arn.rpartition(":")
            if not prefix.startswith("arn:") or resource.count("/") < 2:
                raise InvalidEventError(
                    f"The authorizer event's method or route ARN {arn!r} is not an execute-api "
                    "ARN (arn:aws:execute-api:region:account:api/stage/...)."
                )
            self._arn = (prefix, resource.split("/"))
        parts: tuple[str, list[str]] = self._arn
        return parts

    @property
    def region(self) -> str | None:
        """The region, from the ARN."""
        return self._arn_parts()[0].split(":")[3] if self.arn else None

    @property
    def account_id(self) -> str | None:
        """The AWS account that owns the API, from the ARN."""
        return self._arn_parts()[0].split(":")[4] if self.arn else None

    @property
    def api_id(self) -> str | None:
        """The API's id, from the ARN."""
        return self._arn_parts()[1][0] if self.arn else None

    @property
    def stage(self) -> str | None:
        """The stage, from the ARN."""
        return self._arn_parts()[1][1] if self.arn else None

    @property
    def api_arn(self) -> str:
        """An ARN that covers the whole API stage: ``.../api/stage/*/*`` (``.../stage/*`` on
        WebSocket APIs). Allow it so that a cached policy serves every route of the API."""
        prefix, parts = self._arn_parts()
        rest = "*" if self.is_websocket else "*/*"
        return f"{prefix}:{parts[0]}/{parts[1]}/{rest}"

    def resource_arn(self, method: str = "*", path: str = "*") -> str:
        """The ARN of ``method`` on ``path`` in this API stage (``*`` wildcards welcome)."""
        prefix, parts = self._arn_parts()
        return f"{prefix}:{parts[0]}/{parts[1]}/{method}/{path.lstrip('/')}"

    # --- what the caller sent -----------------------------------------------------------------

    @property
    def authorization_token(self) -> str | None:
        """The caller's token: the configured header (TOKEN), or the identity sources joined
        with commas (HTTP API payload 1.0). None for other REQUEST authorizers."""
        return text(self.raw_event, "authorizationToken")

    @property
    def identity_source(self) -> list[str]:
        """The values of the identity sources (HTTP APIs), as a list."""
        value = self.raw_event.get("identitySource")
        if isinstance(value, list):
            return text_listing(self.raw_event, "identitySource")
        return value.split(",") if isinstance(value, str) and value else []

    @property
    def path_parameters(self) -> dict[str, str]:
        """Path parameters of the matched resource or route."""
        return text_mapping(self.raw_event, "pathParameters")

    @property
    def stage_variables(self) -> dict[str, str]:
        """Stage variables of the deployed stage."""
        return text_mapping(self.raw_event, "stageVariables")

    @property
    def request_context(self) -> dict[str, Any]:
        """The ``requestContext`` map (REQUEST and HTTP variants)."""
        return mapping(self.raw_event, "requestContext")

    @property
    def http_method(self) -> str | None:
        """The HTTP method called, whatever the variant (TOKEN: read from the ARN)."""
        method = text(self.raw_event, "httpMethod") or text(
            mapping(self.request_context, "http"), "method"
        )
        if method is None and self.variant == "token" and self.arn:
            parts = self._arn_parts()[1]
            method = parts[2] if len(parts) > 3 else None
        return method

    @property
    def path(self) -> str | None:
        """The request path (``rawPath`` on HTTP API payload 2.0)."""
        return text(self.raw_event, "path") or text(self.raw_event, "rawPath")

    @property
    def resource(self) -> str | None:
        """The REST resource template matched (``/orders/{id}``)."""
        return text(self.raw_event, "resource")

    @property
    def route_key(self) -> str | None:
        """The route matched: ``"POST /orders/{id}"`` (HTTP APIs) or ``$connect`` (WebSocket)."""
        return text(self.raw_event, "routeKey") or text(self.request_context, "routeKey")

    @property
    def raw_query_string(self) -> str | None:
        """The query string as sent (HTTP API payload 2.0)."""
        return text(self.raw_event, "rawQueryString")

    @property
    def cookies(self) -> list[str]:
        """The ``Cookie`` header split into ``name=value`` items (HTTP API payload 2.0)."""
        return text_listing(self.raw_event, "cookies")

    @property
    def source_ip(self) -> str | None:
        """The caller's IP address."""
        context = self.request_context
        return text(mapping(context, "identity"), "sourceIp") or text(
            mapping(context, "http"), "sourceIp"
        )

    # --- the answer ---------------------------------------------------------------------------

    def allow(
        self,
        principal_id: str,
        *,
        resource: str | Iterable[str] | None = None,
        context: Mapping[str, Any] | None = None,
        usage_identifier_key: str | None = None,
    ) -> dict[str, Any]:
        """An IAM policy allowing ``resource`` (default: the method or route being called)."""
        return self.policy("Allow", principal_id, resource, context, usage_identifier_key)

    def deny(
        self,
        principal_id: str,
        *,
        resource: str | Iterable[str] | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """An IAM policy denying ``resource`` (default: the method or route being called)."""
        return self.policy("Deny", principal_id, resource, context, None)

    def policy(
        self,
        effect: str,
        principal_id: str,
        resource: str | Iterable[str] | None = None,
        context: Mapping[str, Any] | None = None,
        usage_identifier_key: str | None = None,
    ) -> dict[str, Any]:
        """The IAM policy answer: ``principalId``, ``policyDocument`` and optional extras.

        ``context`` values must be strings, numbers or booleans (API Gateway's rule);
        ``usage_identifier_key`` is the API key for usage plans (REST APIs).
        """
        if effect not in ("Allow", "Deny"):
            raise InvalidResponseError(f"A policy effect is 'Allow' or 'Deny', not {effect!r}.")
        if resource is None:
            prefix, parts = self._arn_parts()
            resources = [f"{prefix}:{'/'.join(parts)}"]
        elif isinstance(resource, str):
            resources = [resource]
        else:
            resources = list(resource)
        statement = {"Action": "execute-api:Invoke", "Effect": effect, "Resource": resources}
        answer: dict[str, Any] = {
            "principalId": principal_id,
            "policyDocument": {"Version": "2012-10-17", "Statement": [statement]},
        }
        if context is not None:
            answer["context"] = checked_context(context)
        if usage_identifier_key is not None:
            answer["usageIdentifierKey"] = usage_identifier_key
        return answer

    def simple_response(
        self, authorized: bool, *, context: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """``{"isAuthorized": ..., "context": ...}``, for HTTP API payload 2.0 authorizers
        with simple responses enabled."""
        if self.variant != "http":
            raise InvalidResponseError(
                "Simple responses answer HTTP API authorizers (payload format 2.0) only; "
                "REST, WebSocket and payload 1.0 authorizers answer with an IAM policy: "
                "return event.allow(...) or event.deny(...)."
            )
        answer: dict[str, Any] = {"isAuthorized": bool(authorized)}
        if context is not None:
            answer["context"] = checked_context(context)
        return answer


def checked_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """``context`` as a dict, if every value is a string, number or boolean."""
    for key, value in context.items():
        if not isinstance(key, str) or not isinstance(value, _CONTEXT_TYPES):
            kind = type(value).__name__
            raise InvalidResponseError(
                f"Authorizer context {key!r} holds a {kind}; API Gateway accepts only string, "
                "number and boolean values. Flatten it, or send json.dumps(value) as a string."
            )
    return dict(context)


#: The variants ``@router.authorizer(type=...)`` accepts.
VARIANTS = frozenset({"token", "request", "http"})


def variants(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """The decorator's ``type=`` in lower case, checked against the three variants."""
    from lambda_universal_router._exceptions import ConfigurationError
    from lambda_universal_router._filters import names

    wanted = names("type", value)
    if wanted is None:
        return None
    lowered = frozenset(kind.lower() for kind in wanted)
    if not lowered <= VARIANTS:
        unknown = ", ".join(sorted(lowered - VARIANTS))
        raise ConfigurationError(f"type= takes 'token', 'request' and 'http', not {unknown}")
    return lowered


#: Filters for ``@router.authorizer(type=...)``.
FILTERS: dict[str, Callable[[Any, Any], bool]] = {
    "type": lambda wanted, event: event.variant in wanted,
}
