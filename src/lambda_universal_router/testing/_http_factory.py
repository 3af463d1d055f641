"""Realistic HTTP request events in each of the seven shapes Lambda receives them.

``rest``       API Gateway REST API (payload 1.0): single- and multi-value headers and query.
``http``       API Gateway HTTP API (payload 2.0): ``rawPath``, ``cookies``, comma-joined values.
``alb``        Application Load Balancer target group, multi-value headers off.
``alb_multi``  The same with multi-value headers on: only the ``multiValue*`` maps are sent.
``url``        Lambda function URL (payload 2.0 on a ``lambda-url`` domain).
``lattice``    VPC Lattice target group, event structure V1: snake_case keys, repeated headers
               joined with commas, the last value of a repeated query parameter.
``lattice_v2`` VPC Lattice, event structure V2: every header and query value in a list, and a
               ``requestContext`` naming the service network, service and target group.

The differences follow what each service documents and does: REST APIs, ALB and function URLs
keep the path percent-encoded while HTTP APIs decode it; REST and HTTP APIs decode query values
while ALB passes them as received; payload 2.0 lower-cases header names and moves cookies out of
the headers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode

from ._shapes import ACCOUNT, JSON, REGION, arn, b64, clf, dumps, hex_id, now, request_id, token

FLAVORS = ("rest", "http", "alb", "alb_multi", "url", "lattice", "lattice_v2")
_ALIASES = {"v1": "rest", "v2": "http", "function_url": "url", "lattice_v1": "lattice"}
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"

#: Stands for "no JSON body given" (``None`` is a JSON value: ``null``).
NO_JSON: Any = object()

HeaderValues = str | Sequence[str]


def flavor_name(flavor: str) -> str:
    """The canonical flavor for ``flavor`` (``"v1"`` and ``"v2"`` are accepted too)."""
    name = _ALIASES.get(flavor, flavor)
    if name not in FLAVORS:
        raise ValueError(f"Unknown HTTP flavor {flavor!r}; use one of {', '.join(FLAVORS)}")
    return name


def http(
    method: str = "GET",
    path: str = "/",
    *,
    flavor: str = "rest",
    headers: Mapping[str, HeaderValues] | None = None,
    query: Mapping[str, HeaderValues] | None = None,
    json: Any = NO_JSON,
    body: str | bytes | None = None,
    cookies: Mapping[str, str] | None = None,
    resource: str | None = None,
    stage: str | None = None,
    stage_variables: Mapping[str, str] | None = None,
    source_ip: str = "198.51.100.7",
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """An HTTP request event of the given ``flavor`` (see the module docstring).

    ``path`` may carry a query string (``"/users?page=2"``); ``query`` adds parameters, a list
    value meaning a repeated parameter. ``json`` sends a JSON body, ``body`` a text or, as bytes,
    a base64-encoded binary body. ``resource`` is the route template API Gateway matched
    (``"/users/{id}"``): REST APIs put it in ``resource`` and the values in ``pathParameters``;
    HTTP APIs build ``routeKey`` from it. Without it a REST API is a ``/{proxy+}`` proxy and an
    HTTP API uses its ``$default`` route.
    """
    kind = flavor_name(flavor)
    method = method.upper()
    if resource is not None and kind not in ("rest", "http"):
        raise ValueError(f"resource= applies to REST and HTTP APIs, not to flavor {kind!r}")
    path, _, raw_query = path.partition("?")
    path = quote(path or "/", safe=_PATH_SAFE)
    if query:
        extra = urlencode(_pairs(query))
        raw_query = f"{raw_query}&{extra}" if raw_query else extra
    content, is_binary, content_type, size = _body(json, body)
    header_pairs = _headers(
        kind,
        given=headers,
        cookies=cookies,
        content_type=content_type,
        size=size,
        source_ip=source_ip,
        region=region,
    )
    request = _Request(
        method=method,
        path=path,
        raw_query=raw_query,
        headers=header_pairs,
        cookies=cookies or {},
        body=content,
        is_binary=is_binary,
        source_ip=source_ip,
        region=region,
        account=account,
    )
    if kind == "rest":
        return request.rest(resource, stage or "prod", stage_variables)
    if kind in ("http", "url"):
        return request.v2(kind, resource, stage, stage_variables)
    if kind.startswith("lattice"):
        return request.lattice(v2=kind == "lattice_v2")
    return request.alb(multi=kind == "alb_multi")


def _pairs(values: Mapping[str, HeaderValues]) -> list[tuple[str, str]]:
    pairs = []
    for name, value in values.items():
        for item in [value] if isinstance(value, str) else value:
            pairs.append((name, str(item)))
    return pairs


def _body(json: Any, body: str | bytes | None) -> tuple[str | None, bool, str | None, int]:
    """The body as the event carries it, whether it is base64, its content type and size."""
    if json is not NO_JSON:
        if body is not None:
            raise ValueError("give either json= or body=, not both")
        content = dumps(json)
        return content, False, "application/json", len(content.encode())
    if isinstance(body, (bytes, bytearray)):
        return b64(body), True, "application/octet-stream", len(body)
    if body is not None:
        return body, False, "text/plain; charset=utf-8", len(body.encode())
    return None, False, None, 0


def _host(kind: str, region: str) -> str:
    if kind == "url":
        return f"{hex_id(32)}.lambda-url.{region}.on.aws"
    if kind.startswith("alb"):
        return f"my-alb-1234567890.{region}.elb.amazonaws.com"
    if kind.startswith("lattice"):
        return f"my-service-0{hex_id(16)}.{hex_id(7)}.vpc-lattice-svcs.{region}.on.aws"
    return f"{hex_id(10)}.execute-api.{region}.amazonaws.com"


def _headers(
    kind: str,
    *,
    given: Mapping[str, HeaderValues] | None,
    cookies: Mapping[str, str] | None,
    content_type: str | None,
    size: int,
    source_ip: str,
    region: str,
) -> list[tuple[str, list[str]]]:
    """Header names and values in sending order; later names replace earlier ones, any case."""
    defaults = [
        ("Host", _host(kind, region)),
        ("User-Agent", "curl/8.5.0"),
        ("Accept", "*/*"),
        ("X-Amzn-Trace-Id", f"Root=1-{hex_id(8)}-{hex_id(24)}"),
        ("X-Forwarded-For", source_ip),
        ("X-Forwarded-Port", "443"),
        ("X-Forwarded-Proto", "https"),
    ]
    if content_type is not None:
        defaults.append(("Content-Type", content_type))
        defaults.append(("Content-Length", str(size)))
    if cookies and kind not in ("http", "url"):
        defaults.append(("Cookie", "; ".join(f"{k}={v}" for k, v in cookies.items())))
    merged: dict[str, tuple[str, list[str]]] = {}
    for name, value in defaults:
        merged[name.lower()] = (name, [value])
    for given_name, given_value in (given or {}).items():
        values = [given_value] if isinstance(given_value, str) else list(given_value)
        merged[given_name.lower()] = (given_name, values)
    lower = kind != "rest"
    return [(name.lower() if lower else name, values) for name, values in merged.values()]


def _template_values(resource: str, path: str) -> dict[str, str]:
    """The ``{name}`` and ``{name+}`` values of ``path`` under the route template ``resource``."""
    wanted = resource.strip("/").split("/") if resource.strip("/") else []
    given = path.strip("/").split("/") if path.strip("/") else []
    values: dict[str, str] = {}
    for index, part in enumerate(wanted):
        if part.startswith("{") and part.endswith("+}"):
            rest = given[index:]
            if not rest:
                break
            values[part[1:-2]] = unquote("/".join(rest))
            return values
        if index >= len(given):
            break
        if part.startswith("{") and part.endswith("}"):
            values[part[1:-1]] = unquote(given[index])
        elif part != given[index]:
            break
    else:
        if len(given) == len(wanted):
            return values
    raise ValueError(f"path {path!r} does not match the route template {resource!r}")


class _Request:
    """One request, rendered into each flavor's event."""

    def __init__(
        self,
        *,
        method: str,
        path: str,
        raw_query: str,
        headers: list[tuple[str, list[str]]],
        cookies: Mapping[str, str],
        body: str | None,
        is_binary: bool,
        source_ip: str,
        region: str,
        account: str,
    ) -> None:
        self.method = method
        self.path = path
        self.raw_query = raw_query
        self.headers = headers
        self.cookies = cookies
        self.body = body
        self.is_binary = is_binary
        self.source_ip = source_ip
        self.region = region
        self.account = account
        self.moment = now()
        self.query = parse_qsl(raw_query, keep_blank_values=True)

    def _header(self, wanted: str) -> str:
        return next((v[-1] for n, v in self.headers if n.lower() == wanted), "")

    def _multi_query(self) -> dict[str, list[str]]:
        values: dict[str, list[str]] = {}
        for name, value in self.query:
            values.setdefault(name, []).append(value)
        return values

    def rest(
        self, resource: str | None, stage: str, stage_variables: Mapping[str, str] | None
    ) -> JSON:
        if resource is None:
            resource = "/" if self.path == "/" else "/{proxy+}"
        parameters = _template_values(resource, self.path) or None
        multi_query = self._multi_query() or None
        host = self._header("host")
        api_id = host.split(".", 1)[0] if ".execute-api." in host else hex_id(10)
        identity = dict.fromkeys(
            (
                "cognitoIdentityPoolId",
                "accountId",
                "cognitoIdentityId",
                "caller",
                "principalOrgId",
                "accessKey",
                "cognitoAuthenticationType",
                "cognitoAuthenticationProvider",
                "userArn",
                "user",
            )
        )
        identity["sourceIp"] = self.source_ip
        identity["userAgent"] = self._header("user-agent")
        return {
            "resource": resource,
            "path": self.path,
            "httpMethod": self.method,
            "headers": {name: values[-1] for name, values in self.headers},
            "multiValueHeaders": {name: list(values) for name, values in self.headers},
            "queryStringParameters": (
                {k: v[-1] for k, v in multi_query.items()} if multi_query else None
            ),
            "multiValueQueryStringParameters": multi_query,
            "pathParameters": parameters,
            "stageVariables": dict(stage_variables) if stage_variables else None,
            "requestContext": {
                "resourceId": hex_id(6),
                "resourcePath": resource,
                "httpMethod": self.method,
                "extendedRequestId": token(16),
                "requestTime": clf(self.moment),
                "path": f"/{stage}{self.path}",
                "accountId": self.account,
                "protocol": "HTTP/1.1",
                "stage": stage,
                "domainPrefix": api_id,
                "requestTimeEpoch": int(self.moment * 1000),
                "requestId": request_id(),
                "identity": identity,
                "domainName": host,
                "apiId": api_id,
            },
            "body": self.body,
            "isBase64Encoded": self.is_binary,
        }

    def v2(
        self,
        kind: str,
        resource: str | None,
        stage: str | None,
        stage_variables: Mapping[str, str] | None,
    ) -> JSON:
        host = self._header("host")
        domain_prefix = host.split(".", 1)[0]
        stage = "$default" if kind == "url" else stage or "$default"
        route_key = f"{self.method} {resource}" if resource is not None else "$default"
        path = unquote(self.path) if kind == "http" else self.path
        raw_path = path if stage == "$default" else f"/{stage}{path}"
        event: JSON = {
            "version": "2.0",
            "routeKey": route_key,
            "rawPath": raw_path,
            "rawQueryString": self.raw_query,
        }
        if self.cookies:
            event["cookies"] = [f"{name}={value}" for name, value in self.cookies.items()]
        event["headers"] = {name: ",".join(values) for name, values in self.headers}
        if self.query:
            event["queryStringParameters"] = {
                k: ",".join(v) for k, v in self._multi_query().items()
            }
        if resource is not None:
            event["pathParameters"] = _template_values(resource, self.path)
        if stage_variables and kind == "http":
            event["stageVariables"] = dict(stage_variables)
        event["requestContext"] = {
            "accountId": "anonymous" if kind == "url" else self.account,
            "apiId": domain_prefix,
            "domainName": host,
            "domainPrefix": domain_prefix,
            "http": {
                "method": self.method,
                "path": raw_path,
                "protocol": "HTTP/1.1",
                "sourceIp": self.source_ip,
                "userAgent": self._header("user-agent"),
            },
            "requestId": request_id() if kind == "url" else token(16),
            "routeKey": route_key,
            "stage": stage,
            "time": clf(self.moment),
            "timeEpoch": int(self.moment * 1000),
        }
        if self.body is not None:
            event["body"] = self.body
        event["isBase64Encoded"] = self.is_binary
        return event

    def alb(self, *, multi: bool) -> JSON:
        # ALB hands over the query as received: split, but not percent-decoded.
        raw_pairs = [part.partition("=") for part in self.raw_query.split("&") if part]
        target_group = arn(
            "elasticloadbalancing",
            self.region,
            self.account,
            f"targetgroup/my-target-group/{hex_id(16)}",
        )
        event: JSON = {
            "requestContext": {"elb": {"targetGroupArn": target_group}},
            "httpMethod": self.method,
            "path": self.path,
        }
        if multi:
            multi_query: dict[str, list[str]] = {}
            for name, _, value in raw_pairs:
                multi_query.setdefault(name, []).append(value)
            event["multiValueQueryStringParameters"] = multi_query
            event["multiValueHeaders"] = {name: list(values) for name, values in self.headers}
        else:
            event["queryStringParameters"] = {name: value for name, _, value in raw_pairs}
            event["headers"] = {name: values[-1] for name, values in self.headers}
        event["body"] = self.body if self.body is not None else ""
        event["isBase64Encoded"] = self.is_binary
        return event

    def lattice(self, *, v2: bool) -> JSON:
        # Lattice sends the path with its query string, and the query parameters decoded.
        path = f"{self.path}?{self.raw_query}" if self.raw_query else self.path
        body = self.body if self.body is not None else ""
        if not v2:
            return {
                "raw_path": path,
                "method": self.method,
                "headers": {name: ", ".join(values) for name, values in self.headers},
                "query_string_parameters": {k: v[-1] for k, v in self._multi_query().items()},
                "body": body,
                "is_base64_encoded": self.is_binary,
            }

        def resource(kind: str, prefix: str) -> str:
            return arn("vpc-lattice", self.region, self.account, f"{kind}/{prefix}-0{hex_id(16)}")

        vpc = arn("ec2", self.region, self.account, f"vpc/vpc-0{hex_id(16)}")
        return {
            "version": "2.0",
            "path": path,
            "method": self.method,
            "headers": {name: list(values) for name, values in self.headers},
            "queryStringParameters": self._multi_query(),
            "body": body,
            "isBase64Encoded": self.is_binary,
            "requestContext": {
                "serviceNetworkArn": resource("servicenetwork", "sn"),
                "serviceArn": resource("service", "svc"),
                "targetGroupArn": resource("targetgroup", "tg"),
                "identity": {"sourceVpcArn": vpc},
                "region": self.region,
                "timeEpoch": str(int(self.moment * 1_000_000)),
            },
        }
