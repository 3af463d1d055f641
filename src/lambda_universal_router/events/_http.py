"""HTTP requests from every integration, seen through the names of API Gateway's 1.0 payload.

API Gateway REST APIs, HTTP APIs (payload 1.0 and 2.0), Lambda Function URLs, Application Load
Balancers (with or without multi-value headers) and VPC Lattice all send HTTP requests, each in its
own shape (see ``_http.flavors``). Handlers see one class, :class:`APIGatewayEvent`, whatever sent
the request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, cast

from lambda_universal_router._http.flavors import Flavor, as_text, detect, nested

from ._base import JSON, UNSET, Event, mapping, text_mapping

T = TypeVar("T")


class APIGatewayEvent(Event):
    """An HTTP request, from any HTTP integration, with API Gateway 1.0's field names.

    Maps are never None (``{}`` when AWS sends null or nothing), so
    ``event.query_string_parameters.get("name", "World")`` always works. ``path_parameters``
    holds the parameters of the matched route template, percent-decoded.
    """

    # PERF: one lazily created cache dict instead of a slot per derived value keeps building the
    # event (once per request) to three slot stores.
    __slots__ = ("_cache", "_flavor", "_path_parameters")
    # The template, not the path: paths can carry tokens (/reset/{token}).
    _repr_fields: ClassVar[tuple[str, ...]] = ("flavor", "http_method", "resource")

    def __init__(
        self,
        raw_event: JSON,
        path_parameters: dict[str, str] | None = None,
        flavor: Flavor | None = None,
    ) -> None:
        self.raw_event = raw_event
        self._flavor = detect(raw_event) if flavor is None else flavor
        self._path_parameters = path_parameters
        self._cache: dict[str, Any] | None = None

    def _cached(self, key: str, compute: Callable[[JSON], T]) -> T:
        cache = self._cache
        if cache is None:
            cache = self._cache = {}
        value = cache.get(key, UNSET)
        if value is UNSET:
            value = cache[key] = compute(self.raw_event)
        return cast(T, value)

    @property
    def flavor(self) -> str:
        """What sent the request: ``rest``, ``http`` (HTTP API, either payload version), ``url``
        (Function URL), ``alb``, ``lattice`` or ``lattice_v2``."""
        return self._flavor.name

    @property
    def version(self) -> str | None:
        """Payload format version (``"1.0"``/``"2.0"`` from HTTP APIs; None from REST and ALB)."""
        return as_text(self.raw_event.get("version"))

    @property
    def resource(self) -> str | None:
        """The route template API Gateway matched (``/users/{id}``, ``$default``), else None."""
        return self._flavor.resource(self.raw_event)

    @property
    def path(self) -> str:
        """The request path as AWS sent it (REST, ALB and Function URLs keep it percent-encoded;
        HTTP APIs decode it and prefix a named stage)."""
        path = self._flavor.path(self.raw_event)
        return path if isinstance(path, str) else ""

    @property
    def http_method(self) -> str:
        """The request method, upper case (``GET``, ``POST``, ...)."""
        method = self._flavor.method(self.raw_event)
        return method.upper() if isinstance(method, str) else ""

    @property
    def headers(self) -> dict[str, str]:
        """Request headers, one value per name (see ``get_header`` for case-insensitive reads)."""
        return self._cached("headers", self._flavor.headers)

    @property
    def multi_value_headers(self) -> dict[str, list[str]]:
        """Request headers with every value of repeated names, as lists."""
        return self._cached("mv_headers", self._flavor.multi_value_headers)

    @property
    def query_string_parameters(self) -> dict[str, str]:
        """Query-string parameters, decoded, one value per name."""
        return self._cached("query", self._flavor.query)

    @property
    def multi_value_query_string_parameters(self) -> dict[str, list[str]]:
        """Query-string parameters, decoded, with every value of repeated names."""
        return self._cached("mv_query", self._flavor.multi_value_query)

    @property
    def path_parameters(self) -> dict[str, str]:
        """Values of the matched template's ``{name}`` parameters, percent-decoded."""
        params = self._path_parameters
        if params is None:
            params = self._path_parameters = text_mapping(self.raw_event, "pathParameters")
        return params

    @property
    def stage_variables(self) -> dict[str, str]:
        """The API stage's configured variables (API Gateway only)."""
        return text_mapping(self.raw_event, "stageVariables")

    @property
    def request_context(self) -> APIGatewayRequestContext:
        """Who called, through which API and stage, with which request id."""
        return self._cached("context", self._context)

    def _context(self, raw: JSON) -> APIGatewayRequestContext:
        return APIGatewayRequestContext(mapping(raw, "requestContext"), self)

    @property
    def body(self) -> str | None:
        """The request body as sent (base64 text when ``is_base64_encoded``); None without one."""
        return as_text(self._flavor.body(self.raw_event))

    @property
    def is_base64_encoded(self) -> bool:
        """Whether AWS base64-encoded the body (binary content)."""
        return self._flavor.is_base64_encoded(self.raw_event)

    @property
    def decoded_body(self) -> bytes:
        """The body as bytes, base64 undone; ``b""`` without one.

        Raises :class:`BadRequest` (answered as 400) when base64 decoding fails.
        """
        body = self.body
        if not body:
            return b""
        if not self.is_base64_encoded:
            return body.encode("utf-8", "surrogatepass")
        import binascii
        from base64 import b64decode

        try:
            return b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            from lambda_universal_router._exceptions import BadRequest

            raise BadRequest("The request body is not valid base64") from None

    @property
    def json_body(self) -> Any:
        """The body parsed as JSON (None without a body), parsed once.

        Raises :class:`BadRequest` (answered as 400) when the body is not valid JSON, including
        ``NaN``, ``Infinity`` and numbers past a float's range (``1e999``), which Python's parser
        would otherwise accept.
        """
        return self._cached("json", self._parse_json)

    def _parse_json(self, raw: JSON) -> Any:
        body = self._flavor.body(raw)
        if isinstance(body, (dict, list)):  # hand-written test events sometimes hold the object
            return body
        data = self.decoded_body
        if not data.strip():
            return None
        from ._fields import loads_json

        try:
            return loads_json(data)
        except (ValueError, RecursionError) as exc:
            from lambda_universal_router._exceptions import BadRequest

            raise BadRequest(f"The request body is not valid JSON: {exc}") from None

    def get_header(self, name: str, default: str | None = None) -> str | None:
        """The value of header ``name``, whatever its case in the request, or ``default``."""
        lowered = self._cached("lower_headers", self._lower_headers)
        value = lowered.get(name.lower())
        return default if value is None else value

    def _lower_headers(self, raw: JSON) -> dict[str, str]:
        headers = self.headers.items()
        return {str(name).lower(): value for name, value in headers}

    @property
    def cookies(self) -> dict[str, str]:
        """Request cookies, name -> value (the first one wins when a name repeats)."""
        return self._cached("cookies", self._cookies)

    def _cookies(self, raw: JSON) -> dict[str, str]:
        cookies: dict[str, str] = {}
        for header in self._flavor.cookie_headers(raw):
            for pair in header.split(";"):
                name, sep, value = pair.partition("=")
                name = name.strip()
                if not sep or not name or name in cookies:
                    continue
                value = value.strip()
                if len(value) > 1 and value[0] == value[-1] == '"':
                    value = value[1:-1]
                cookies[name] = value
        return cookies


class APIGatewayRequestContext:
    """The ``requestContext`` of an HTTP event, with HTTP API 2.0's names mapped to 1.0's.

    Fields a flavor does not send are None (``authorizer`` is ``{}``).
    """

    __slots__ = ("_event", "_identity", "raw")

    def __init__(self, raw: JSON, event: APIGatewayEvent) -> None:
        #: The ``requestContext`` dict as AWS sent it (``{}`` when absent).
        self.raw = raw
        self._event = event
        self._identity: RequestIdentity | None = None

    def __repr__(self) -> str:
        return f"APIGatewayRequestContext(request_id={self.request_id!r}, stage={self.stage!r})"

    def _get(self, key: str, v2_key: str | None = None) -> str | None:
        value = self.raw.get(key)
        if value is None and v2_key is not None:
            value = nested(self.raw, "http").get(v2_key)
        return as_text(value)

    @property
    def account_id(self) -> str | None:
        """The AWS account that owns the API."""
        return self._get("accountId")

    @property
    def api_id(self) -> str | None:
        """API Gateway's id of the API (the Function URL id for Function URLs)."""
        return self._get("apiId")

    @property
    def resource_id(self) -> str | None:
        """REST APIs' id of the matched resource."""
        return self._get("resourceId")

    @property
    def resource_path(self) -> str | None:
        """The matched resource template (REST APIs and HTTP API payload 1.0)."""
        return self._get("resourcePath")

    @property
    def route_key(self) -> str | None:
        """HTTP APIs' matched route, such as ``GET /users/{id}`` or ``$default``."""
        return self._get("routeKey")

    @property
    def stage(self) -> str | None:
        """The API stage that received the request (``$default`` for HTTP APIs' default)."""
        return self._get("stage")

    @property
    def request_id(self) -> str | None:
        """The id API Gateway gave the request."""
        return self._get("requestId")

    @property
    def extended_request_id(self) -> str | None:
        """REST APIs' extended request id (``x-amz-apigw-id``)."""
        return self._get("extendedRequestId")

    @property
    def http_method(self) -> str:
        """The request method."""
        return self._get("httpMethod", "method") or self._event.http_method

    @property
    def path(self) -> str:
        """The full request path, stage included where the API adds it."""
        return self._get("path", "path") or self._event.path

    @property
    def protocol(self) -> str | None:
        """The request protocol, such as ``HTTP/1.1``."""
        return self._get("protocol", "protocol")

    @property
    def domain_name(self) -> str | None:
        """The host name the client called."""
        return self._get("domainName")

    @property
    def domain_prefix(self) -> str | None:
        """The first label of ``domain_name``."""
        return self._get("domainPrefix")

    @property
    def request_time(self) -> str | None:
        """When the request arrived, as CLF text (``12/Mar/2020:19:03:58 +0000``)."""
        return self._get("requestTime") or self._get("time")

    @property
    def request_time_epoch(self) -> int | None:
        """When the request arrived, in milliseconds since the epoch."""
        value = self.raw.get("requestTimeEpoch", self.raw.get("timeEpoch"))
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if type(value) is not int:
            return None
        # VPC Lattice counts in microseconds.
        return value // 1000 if self._event.flavor == "lattice_v2" else value

    @property
    def target_group_arn(self) -> str | None:
        """ALB and VPC Lattice: the target group that invoked the function."""
        return as_text(nested(self.raw, "elb").get("targetGroupArn")) or self._get("targetGroupArn")

    @property
    def service_network_arn(self) -> str | None:
        """VPC Lattice (V2 events): the service network that delivered the request."""
        return self._get("serviceNetworkArn")

    @property
    def service_arn(self) -> str | None:
        """VPC Lattice (V2 events): the service that received the request."""
        return self._get("serviceArn")

    @property
    def authorizer(self) -> dict[str, Any]:
        """What the API's authorizer returned (claims, IAM identity, Lambda context)."""
        return mapping(self.raw, "authorizer")

    @property
    def identity(self) -> RequestIdentity:
        """The caller: source IP and user agent always, IAM or Cognito identity when known."""
        identity = self._identity
        if identity is None:
            identity = self._identity = RequestIdentity(self._identity_fields())
        return identity

    def _identity_fields(self) -> JSON:
        fields = dict(mapping(self.raw, "identity"))
        http = nested(self.raw, "http")
        iam = nested(self.raw, "authorizer", "iam")
        for key, value in (
            ("sourceIp", http.get("sourceIp")),
            ("userAgent", http.get("userAgent")),
            ("accessKey", iam.get("accessKey")),
            ("accountId", iam.get("accountId")),
            ("caller", iam.get("callerId")),
            ("user", iam.get("userId")),
            ("userArn", iam.get("userArn")),
            ("principalOrgId", iam.get("principalOrgId")),
            ("cognitoIdentityId", nested(iam, "cognitoIdentity").get("identityId")),
            ("cognitoIdentityPoolId", nested(iam, "cognitoIdentity").get("identityPoolId")),
            ("userArn", fields.get("principal")),  # VPC Lattice with an auth policy
            ("principalOrgId", fields.get("principalOrgID")),
        ):
            if value is not None and fields.get(key) is None:
                fields[key] = value
        if fields.get("sourceIp") is None:
            # ALB and Lattice append the address they saw to X-Forwarded-For.
            forwarded = self._event.get_header("x-forwarded-for")
            if forwarded:
                fields["sourceIp"] = forwarded.rpartition(",")[2].strip()
        if fields.get("userAgent") is None:
            fields["userAgent"] = self._event.get_header("user-agent")
        return fields


class RequestIdentity:
    """Who made an HTTP request, as API Gateway's ``requestContext.identity`` describes it."""

    __slots__ = ("raw",)

    def __init__(self, raw: JSON) -> None:
        #: The identity fields, with REST API names (HTTP API and ALB values mapped onto them).
        self.raw = raw

    def __repr__(self) -> str:
        return f"RequestIdentity(source_ip={self.source_ip!r})"

    def _get(self, key: str) -> str | None:
        return as_text(self.raw.get(key))

    @property
    def source_ip(self) -> str | None:
        """The client's IP address as the platform saw it."""
        return self._get("sourceIp")

    @property
    def user_agent(self) -> str | None:
        """The client's ``User-Agent``."""
        return self._get("userAgent")

    @property
    def account_id(self) -> str | None:
        """The caller's AWS account (IAM-authorized requests)."""
        return self._get("accountId")

    @property
    def caller(self) -> str | None:
        """The caller's principal id (IAM-authorized requests)."""
        return self._get("caller")

    @property
    def user(self) -> str | None:
        """The caller's user id (IAM-authorized requests)."""
        return self._get("user")

    @property
    def user_arn(self) -> str | None:
        """The caller's ARN (IAM-authorized requests)."""
        return self._get("userArn")

    @property
    def access_key(self) -> str | None:
        """The access key that signed the request (IAM-authorized requests)."""
        return self._get("accessKey")

    @property
    def principal_org_id(self) -> str | None:
        """The caller's AWS Organizations id (IAM-authorized requests)."""
        return self._get("principalOrgId")

    @property
    def source_vpc_arn(self) -> str | None:
        """VPC Lattice: the VPC the request came from, when Lattice can tell."""
        return self._get("sourceVpcArn")

    @property
    def api_key(self) -> str | None:
        """The API key the client sent (REST APIs with usage plans)."""
        return self._get("apiKey")

    @property
    def api_key_id(self) -> str | None:
        """The id of that API key."""
        return self._get("apiKeyId")

    @property
    def cognito_identity_id(self) -> str | None:
        """The Cognito identity of the caller (Cognito-authorized requests)."""
        return self._get("cognitoIdentityId")

    @property
    def cognito_identity_pool_id(self) -> str | None:
        """The Cognito identity pool of that identity."""
        return self._get("cognitoIdentityPoolId")

    @property
    def cognito_authentication_type(self) -> str | None:
        """``authenticated`` or ``unauthenticated`` (Cognito-authorized requests)."""
        return self._get("cognitoAuthenticationType")

    @property
    def cognito_authentication_provider(self) -> str | None:
        """The Cognito provider that authenticated the caller."""
        return self._get("cognitoAuthenticationProvider")
