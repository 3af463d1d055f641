"""How each HTTP integration shapes its events, as one table: ``FLAVORS``.

One row per flavor says where the method, path and maps are, whether the path arrives
percent-decoded, whether a named stage prefixes it, which template the platform already resolved,
and which response format it expects. Supporting a new integration means adding a row (and a
reader class if its field names are new).
"""

from __future__ import annotations

from lambda_universal_router.events._base import (
    JSON,
    text_list_mapping,
    text_listing,
    text_mapping,
)


def nested(raw: JSON, *keys: str) -> JSON:
    for key in keys:
        value = raw.get(key)
        if not isinstance(value, dict):
            return {}
        raw = value
    return raw


def as_text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _single(values: object) -> dict[str, str]:
    """A map whose values may be lists (multi-value) as name -> last value."""
    if not isinstance(values, dict):
        return {}
    single: dict[str, str] = {}
    for name, value in values.items():
        if isinstance(value, list):
            if value and isinstance(value[-1], str):
                single[name] = value[-1]
        elif isinstance(value, str):
            single[name] = value
    return single


def _multi(values: object) -> dict[str, list[str]]:
    """A map whose values may be single strings as name -> list of values."""
    if not isinstance(values, dict):
        return {}
    multi: dict[str, list[str]] = {}
    for name, value in values.items():
        if isinstance(value, list):
            multi[name] = [item for item in value if isinstance(item, str)]
        elif isinstance(value, str):
            multi[name] = [value]
    return multi


def _unquote(text: str) -> str:
    if "%" not in text and "+" not in text:
        return text
    from urllib.parse import unquote_plus

    return unquote_plus(text)


class Flavor:
    """One way an HTTP request reaches Lambda: where its fields are and how its answer looks.

    This base class reads the 1.0 field names (REST APIs, HTTP API payload 1.0, ALB); subclasses
    override the readers for other shapes. Readers take the raw event and never raise.
    """

    __slots__ = ("aws_params", "decoded_path", "key", "name", "query_encoded", "response", "staged")

    def __init__(
        self,
        key: str,
        name: str,
        *,
        response: str,
        decoded_path: bool = False,
        staged: bool = False,
        query_encoded: bool = False,
        aws_params: bool = False,
    ) -> None:
        #: Key in ``FLAVORS``.
        self.key = key
        #: What ``APIGatewayEvent.flavor`` reports.
        self.name = name
        #: Response format: ``"rest"``, ``"v2"``, ``"alb"`` or ``"lattice"`` (see ``response``).
        self.response = response
        #: The platform percent-decodes the path before sending it (HTTP APIs do).
        self.decoded_path = decoded_path
        #: A named stage (not ``$default``) prefixes the path as ``/{stage}``.
        self.staged = staged
        #: Query-string keys and values arrive percent-encoded (ALB).
        self.query_encoded = query_encoded
        #: ``pathParameters`` of a resolved route are decoded and usable as they are.
        self.aws_params = aws_params

    def __repr__(self) -> str:
        return f"Flavor({self.key!r})"

    def method(self, raw: JSON) -> object:
        return raw.get("httpMethod")

    def path(self, raw: JSON) -> object:
        return raw.get("path")

    def resolved(self, raw: JSON) -> str | None:
        """The route template the platform already matched, if it says."""
        resource = raw.get("resource")
        return resource if type(resource) is str else None

    def resource(self, raw: JSON) -> str | None:
        return as_text(raw.get("resource"))

    def headers(self, raw: JSON) -> dict[str, str]:
        if isinstance(raw.get("headers"), dict):
            return text_mapping(raw, "headers")
        return _single(raw.get("multiValueHeaders"))

    def multi_value_headers(self, raw: JSON) -> dict[str, list[str]]:
        if isinstance(raw.get("multiValueHeaders"), dict):
            return text_list_mapping(raw, "multiValueHeaders")
        return _multi(raw.get("headers"))

    def query(self, raw: JSON) -> dict[str, str]:
        if isinstance(raw.get("queryStringParameters"), dict):
            query = text_mapping(raw, "queryStringParameters")
        else:
            query = _single(raw.get("multiValueQueryStringParameters"))
        if self.query_encoded:
            return {_unquote(k): _unquote(v) for k, v in query.items()}
        return query

    def multi_value_query(self, raw: JSON) -> dict[str, list[str]]:
        if isinstance(raw.get("multiValueQueryStringParameters"), dict):
            query = text_list_mapping(raw, "multiValueQueryStringParameters")
        else:
            query = _multi(raw.get("queryStringParameters"))
        if self.query_encoded:
            return {_unquote(k): [_unquote(v) for v in values] for k, values in query.items()}
        return query

    def body(self, raw: JSON) -> object:
        return raw.get("body")

    def is_base64_encoded(self, raw: JSON) -> bool:
        return raw.get("isBase64Encoded") is True

    def cookie_headers(self, raw: JSON) -> list[str]:
        """The ``Cookie`` request header values."""
        found: list[str] = []
        for name, values in self.multi_value_headers(raw).items():
            if name.lower() == "cookie":
                found.extend(values)
        return found


class _PayloadV2(Flavor):
    """HTTP API payload 2.0 and Function URLs: ``rawPath``, ``requestContext.http``, cookies."""

    __slots__ = ()

    def method(self, raw: JSON) -> object:
        return nested(raw, "requestContext", "http").get("method")

    def path(self, raw: JSON) -> object:
        return raw.get("rawPath")

    def resolved(self, raw: JSON) -> str | None:
        key = raw.get("routeKey")
        if type(key) is str:
            return key.partition(" ")[2] or None
        return None

    def resource(self, raw: JSON) -> str | None:
        key = raw.get("routeKey")
        if not isinstance(key, str):
            return None
        return key.partition(" ")[2] or key

    def headers(self, raw: JSON) -> dict[str, str]:
        return text_mapping(raw, "headers")

    def multi_value_headers(self, raw: JSON) -> dict[str, list[str]]:
        return _multi(raw.get("headers"))

    def query(self, raw: JSON) -> dict[str, str]:
        return text_mapping(raw, "queryStringParameters")

    def multi_value_query(self, raw: JSON) -> dict[str, list[str]]:
        text = raw.get("rawQueryString")
        if not isinstance(text, str):
            return _multi(raw.get("queryStringParameters"))
        if not text:
            return {}
        from urllib.parse import parse_qsl

        query: dict[str, list[str]] = {}
        for name, value in parse_qsl(text, keep_blank_values=True):
            query.setdefault(name, []).append(value)
        return query

    def cookie_headers(self, raw: JSON) -> list[str]:
        if isinstance(raw.get("cookies"), list):
            return text_listing(raw, "cookies")
        return super().cookie_headers(raw)


class _Lattice(Flavor):
    """VPC Lattice: ``method``; v1 uses snake_case keys, v2 camelCase with multi-value maps."""

    __slots__ = ()

    def method(self, raw: JSON) -> object:
        return raw.get("method")

    def path(self, raw: JSON) -> object:
        path = raw.get("raw_path", raw.get("path"))
        return path.partition("?")[0] if isinstance(path, str) else path

    def resolved(self, raw: JSON) -> str | None:
        return None

    def resource(self, raw: JSON) -> str | None:
        return None

    def headers(self, raw: JSON) -> dict[str, str]:
        return _single(raw.get("headers"))

    def multi_value_headers(self, raw: JSON) -> dict[str, list[str]]:
        return _multi(raw.get("headers"))

    def _query_map(self, raw: JSON) -> object:
        return raw.get("query_string_parameters", raw.get("queryStringParameters"))

    def query(self, raw: JSON) -> dict[str, str]:
        return _single(self._query_map(raw))

    def multi_value_query(self, raw: JSON) -> dict[str, list[str]]:
        # V1's map keeps the last value of a repeated parameter; the path keeps them all.
        path = raw.get("raw_path", raw.get("path"))
        if not isinstance(path, str) or "?" not in path:
            return _multi(self._query_map(raw))
        from urllib.parse import parse_qsl

        query: dict[str, list[str]] = {}
        for name, value in parse_qsl(path.partition("?")[2], keep_blank_values=True):
            query.setdefault(name, []).append(value)
        return query

    def is_base64_encoded(self, raw: JSON) -> bool:
        return raw.get("is_base64_encoded", raw.get("isBase64Encoded")) is True


#: Every HTTP flavor by key. The classifier's variants are keys; ``rest`` events that say
#: ``"version": "1.0"`` come from HTTP APIs and use ``http_v1``.
FLAVORS: dict[str, Flavor] = {
    "rest": Flavor("rest", "rest", response="rest"),
    "http_v1": Flavor(
        "http_v1", "http", response="rest", decoded_path=True, staged=True, aws_params=True
    ),
    "http": _PayloadV2(
        "http", "http", response="v2", decoded_path=True, staged=True, aws_params=True
    ),
    "url": _PayloadV2("url", "url", response="v2"),
    "alb": Flavor("alb", "alb", response="alb", query_encoded=True),
    "lattice": _Lattice("lattice", "lattice", response="lattice"),
    "lattice_v2": _Lattice("lattice_v2", "lattice_v2", response="lattice"),
}
REST = FLAVORS["rest"]
HTTP_V1 = FLAVORS["http_v1"]


def flavor_of(raw: JSON, variant: str) -> Flavor | None:
    """The flavor of an HTTP event the classifier labelled ``variant``."""
    if variant == "rest" and raw.get("version") == "1.0":
        return HTTP_V1
    return FLAVORS.get(variant)


def detect(raw: JSON) -> Flavor:
    from lambda_universal_router._classify import classify

    source, variant = classify(raw)
    flavor = flavor_of(raw, variant) if source.name == "http" else None
    return REST if flavor is None else flavor
