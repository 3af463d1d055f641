"""A REST API of N routes and the proxy events (payload 1.0) API Gateway sends for it.

Routes come in groups of five, one group per service: static and templated paths, one or two
parameters, two methods on one path. The last-registered route is always
``GET /service<k>/items/{item_id}``: the worst case for a router that scans its routes in order.
Events carry what API Gateway puts in them: ``resource`` is the matched resource template,
``pathParameters`` its values, plus headers, multi-value headers and request context.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from typing import Any

#: (method, resource template); ``{n}`` is the route's service number.
SHAPES = (
    ("GET", "/service{n}/items/{{item_id}}"),
    ("DELETE", "/service{n}/items/{{item_id}}"),
    ("POST", "/service{n}/items"),
    ("GET", "/service{n}/users/{{user_id}}/orders/{{order_id}}"),
    ("GET", "/service{n}/health"),
)

API_ID = "k3x9q2mzt1"
DOMAIN = f"{API_ID}.execute-api.eu-west-1.amazonaws.com"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
_PARAMETER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Route:
    index: int
    method: str
    resource: str  # API Gateway syntax: /service3/items/{item_id}

    @property
    def parameters(self) -> list[str]:
        return _PARAMETER.findall(self.resource)

    @property
    def angle_template(self) -> str:
        """The template in Powertools' syntax: /service3/items/<item_id>."""
        return _PARAMETER.sub(r"<\1>", self.resource)

    def path(self, values: dict[str, str]) -> str:
        return _PARAMETER.sub(lambda match: values[match.group(1)], self.resource)


def routes(count: int) -> list[Route]:
    """``count`` routes in groups of ``SHAPES``, reversed so the last one is ``SHAPES[0]``."""
    if count % len(SHAPES):
        raise ValueError(f"route counts are multiples of {len(SHAPES)}, not {count}")
    built = []
    for index in range(count):
        method, template = SHAPES[(count - 1 - index) % len(SHAPES)]
        built.append(Route(index, method, template.format(n=index // len(SHAPES))))
    return built


def mix(table: list[Route], count: int, seed: int) -> list[Route]:
    """``count`` routes drawn uniformly from ``table``.

    The sequence of shapes depends on ``seed`` alone, so mixes over tables of different sizes
    differ in which services they hit, never in how many events of each shape they hold.
    """
    shapes, services = random.Random(seed), random.Random(seed + 1)
    groups = len(table) // len(SHAPES)
    return [
        table[services.randrange(groups) * len(SHAPES) + shapes.randrange(len(SHAPES))]
        for _ in range(count)
    ]


def expected_body(route: Route, values: dict[str, str]) -> dict[str, Any]:
    """What every benchmarked handler answers: which route ran, with which parameters."""
    return {"route": route.index, "params": values}


def event(route: Route, values: dict[str, str], number: int) -> dict[str, Any]:
    """The proxy event API Gateway sends for one request to ``route``."""
    path = route.path(values)
    request_id = f"{number:08x}-5c1e-4b7a-9f3d-{route.index:012x}"
    body = None
    headers = {
        "Accept": "application/json",
        "Accept-Encoding": "gzip, deflate, br",
        "Accept-Language": "en-GB,en;q=0.9",
        "CloudFront-Forwarded-Proto": "https",
        "CloudFront-Is-Desktop-Viewer": "true",
        "CloudFront-Is-Mobile-Viewer": "false",
        "CloudFront-Is-SmartTV-Viewer": "false",
        "CloudFront-Is-Tablet-Viewer": "false",
        "CloudFront-Viewer-Country": "IE",
        "Host": DOMAIN,
        "User-Agent": USER_AGENT,
        "Via": "2.0 4f0c1b2a3e5d6c7b8a9f0e1d2c3b4a5f.cloudfront.net (CloudFront)",
        "X-Amz-Cf-Id": f"q7Vd0c2Xh1kP9sLr3TmB{number:012d}==",
        "X-Amzn-Trace-Id": f"Root=1-6745f0a2-{number:024x}",
        "X-Forwarded-For": "203.0.113.24, 198.51.100.7",
        "X-Forwarded-Port": "443",
        "X-Forwarded-Proto": "https",
    }
    if route.method == "POST":
        body = '{"name": "widget", "quantity": 3}'
        headers["Content-Type"] = "application/json"
    sent = {
        "resource": route.resource,
        "path": path,
        "httpMethod": route.method,
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": dict(values) if values else None,
        "stageVariables": None,
        "requestContext": {
            "resourceId": f"r{route.index:05x}",
            "resourcePath": route.resource,
            "httpMethod": route.method,
            "extendedRequestId": f"Bx3Fq{number:07d}=",
            "requestTime": "26/Nov/2024:10:15:30 +0000",
            "path": f"/prod{path}",
            "accountId": "123456789012",
            "protocol": "HTTP/1.1",
            "stage": "prod",
            "domainPrefix": API_ID,
            "requestTimeEpoch": 1732616130000 + number,
            "requestId": request_id,
            "identity": {
                "cognitoIdentityPoolId": None,
                "accountId": None,
                "cognitoIdentityId": None,
                "caller": None,
                "sourceIp": "203.0.113.24",
                "principalOrgId": None,
                "accessKey": None,
                "cognitoAuthenticationType": None,
                "cognitoAuthenticationProvider": None,
                "userArn": None,
                "userAgent": USER_AGENT,
                "user": None,
            },
            "domainName": DOMAIN,
            "apiId": API_ID,
        },
        "body": body,
        "isBase64Encoded": False,
    }
    # NOTE: decoded from JSON as the Lambda runtime does, so no string in the event is the very
    # object a router registered (which would let a dict lookup succeed on identity alone).
    return json.loads(json.dumps(sent))


@dataclass(frozen=True)
class Request:
    route: Route
    values: dict[str, str]
    event: dict[str, Any]


def requests(chosen: list[Route], seed: int) -> list[Request]:
    """One request per route in ``chosen``, with random parameter values (fixed ``seed``)."""
    rng = random.Random(seed)
    built = []
    for number, route in enumerate(chosen):
        values = {name: f"{rng.randrange(16**8):08x}" for name in route.parameters}
        built.append(Request(route, values, event(route, values, number)))
    return built
