"""Calling a router's HTTP routes as API Gateway, an ALB or a function URL would, in process.

``TestClient(router, flavor="http").get("/users/1")`` builds the event that integration sends,
dispatches it with a fresh :class:`LambdaContext` and reads the answer back the way the
integration would turn it into an HTTP response. ``TestClient(app.lambda_handler)`` calls the
function Lambda runs instead, so whatever it does around ``dispatch`` is tested too.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ._context import LambdaContext
from ._http_factory import NO_JSON, HeaderValues, flavor_name, http

if TYPE_CHECKING:
    from typing import TypedDict

    from typing_extensions import Unpack

    from lambda_universal_router import Router

    class RequestOptions(TypedDict, total=False):
        """The keyword arguments of :meth:`TestClient.request`."""

        query: Mapping[str, HeaderValues] | None
        headers: Mapping[str, HeaderValues] | None
        cookies: Mapping[str, str] | None
        json: Any
        body: str | bytes | None
        data: bytes | str | Mapping[str, str] | None
        resource: str | None


class Headers(Mapping[str, str]):
    """Response headers, looked up in any case.

    A header sent several times reads as its values joined by ``", "``; ``get_list`` gives them
    one by one (use it for ``Set-Cookie``).
    """

    __slots__ = ("_values",)

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self._values: dict[str, tuple[str, list[str]]] = {}
        for name, value in pairs:
            self._values.setdefault(name.lower(), (name, []))[1].append(value)

    def __getitem__(self, name: str) -> str:
        return ", ".join(self._values[name.lower()][1])

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._values

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._values.values())

    def __len__(self) -> int:
        return len(self._values)

    def get_list(self, name: str) -> list[str]:
        """Every value of header ``name``, in the order sent (``[]`` when absent)."""
        found = self._values.get(name.lower())
        return list(found[1]) if found else []

    def __repr__(self) -> str:
        return f"Headers({dict(self.items())!r})"


class TestResponse:
    """An HTTP response as the client would receive it."""

    __test__ = False  # not a test class, whatever pytest thinks of its name
    __slots__ = ("body", "cookies", "headers", "raw", "status_code")

    def __init__(self, status_code: int, headers: Headers, body: bytes, raw: Any) -> None:
        #: The HTTP status code.
        self.status_code = status_code
        #: The headers, looked up in any case.
        self.headers = headers
        #: The body as bytes, base64 undone.
        self.body = body
        #: The handler's answer as the router returned it to Lambda.
        self.raw = raw
        #: Cookies the response sets, name -> value (attributes in ``headers.get_list``).
        self.cookies: dict[str, str] = {}
        for line in headers.get_list("set-cookie"):
            name, _, value = line.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()

    @property
    def text(self) -> str:
        """The body decoded with the charset of ``Content-Type`` (UTF-8 by default)."""
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip('"')
        return self.body.decode(charset)

    def json(self) -> Any:
        """The body parsed as JSON."""
        import json

        return json.loads(self.body)

    def __repr__(self) -> str:
        kind = self.headers.get("content-type", "no content type")
        return f"<TestResponse {self.status_code} {kind}, {len(self.body)} bytes>"


def _read(result: Any, flavor: str) -> TestResponse:
    """What the integration makes of the function's answer ``result``."""
    import json

    if not (isinstance(result, dict) and "statusCode" in result):
        if flavor in ("http", "url"):
            # Payload 2.0 accepts any JSON value as a 200 application/json answer.
            text = result if isinstance(result, str) else json.dumps(result)
            headers = Headers([("content-type", "application/json")])
            return TestResponse(200, headers, text.encode(), result)
        message = b'{"message": "Internal server error"}'
        return TestResponse(502, Headers([("Content-Type", "application/json")]), message, result)
    pairs: list[tuple[str, str]] = []
    multi = result.get("multiValueHeaders") or {}
    taken = {name.lower() for name in multi}
    for name, values in multi.items():
        pairs.extend((name, str(value)) for value in values)
    for name, value in (result.get("headers") or {}).items():
        if name.lower() not in taken:
            pairs.append((name, str(value)))
    pairs.extend(("Set-Cookie", str(cookie)) for cookie in result.get("cookies") or ())
    body = result.get("body")
    if body is None:
        payload = b""
    elif result.get("isBase64Encoded"):
        try:
            payload = base64.b64decode(body, validate=True)
        except (TypeError, ValueError):  # the integration cannot decode it either
            message = b'{"message": "Internal server error"}'
            headers = Headers([("Content-Type", "application/json")])
            return TestResponse(502, headers, message, result)
    else:
        payload = str(body).encode()
    return TestResponse(int(result["statusCode"]), Headers(pairs), payload, result)


class TestClient:
    """Sends HTTP requests to a router's routes through the events of one integration.

    ``router`` is the router, or the function Lambda runs (``lambda_handler(event, context)``).
    ``flavor`` is ``"rest"``, ``"http"``, ``"alb"``, ``"alb_multi"`` or ``"url"`` (see
    :func:`lambda_universal_router.testing.http`). ``headers`` are sent with every request;
    ``context`` makes the Lambda context of each call (a fresh :class:`LambdaContext` by default).
    """

    __test__ = False  # not a test class, whatever pytest thinks of its name

    def __init__(
        self,
        router: Router | Callable[[Any, Any], Any],
        flavor: str = "rest",
        *,
        headers: Mapping[str, HeaderValues] | None = None,
        context: Callable[[], Any] = LambdaContext,
    ) -> None:
        dispatch = getattr(router, "dispatch", None)
        #: The router or function given.
        self.router = router
        call = dispatch if callable(dispatch) else router
        if not callable(call):
            raise TypeError(
                f"TestClient takes a Router or a lambda_handler(event, context) function, "
                f"not {type(router).__name__}"
            )
        self._call: Callable[[Any, Any], Any] = call
        self.flavor = flavor_name(flavor)
        self.headers = dict(headers or {})
        self.context = context

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, HeaderValues] | None = None,
        headers: Mapping[str, HeaderValues] | None = None,
        cookies: Mapping[str, str] | None = None,
        json: Any = NO_JSON,
        body: str | bytes | None = None,
        data: bytes | str | Mapping[str, str] | None = None,
        resource: str | None = None,
    ) -> TestResponse:
        """Send one request and return the response.

        ``json`` sends a JSON body, ``body`` text (or bytes, base64-encoded as Lambda receives
        binary bodies), ``data`` bytes or text, or a dict sent as an HTML form. ``resource`` is
        the route template the API matched, for testing routes API Gateway resolves itself;
        without it the request goes through a proxy resource or the ``$default`` route.
        """
        sent = {**self.headers, **(headers or {})}
        if data is not None:
            if body is not None:
                raise ValueError("give either body= or data=, not both")
            if isinstance(data, Mapping):
                from urllib.parse import urlencode

                body = urlencode(data)
                sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
            else:
                body = data
        event = http(
            method,
            path,
            flavor=self.flavor,
            headers=sent,
            query=query,
            json=json,
            body=body,
            cookies=cookies,
            resource=resource,
        )
        return _read(self.send(event), self.flavor)

    def send(self, event: Any, context: Any = None) -> Any:
        """Dispatch any ``event`` (of any source) and return what the app answers."""
        return self._call(event, self.context() if context is None else context)

    def get(self, path: str, **options: Unpack[RequestOptions]) -> TestResponse:
        """Send a GET request; ``options`` are those of :meth:`request`."""
        return self.request("GET", path, **options)

    def head(self, path: str, **options: Unpack[RequestOptions]) -> TestResponse:
        """Send a HEAD request."""
        return self.request("HEAD", path, **options)

    def options(self, path: str, **options: Unpack[RequestOptions]) -> TestResponse:
        """Send an OPTIONS request."""
        return self.request("OPTIONS", path, **options)

    def post(self, path: str, **options: Unpack[RequestOptions]) -> TestResponse:
        """Send a POST request."""
        return self.request("POST", path, **options)

    def put(self, path: str, **options: Unpack[RequestOptions]) -> TestResponse:
        """Send a PUT request."""
        return self.request("PUT", path, **options)

    def patch(self, path: str, **options: Unpack[RequestOptions]) -> TestResponse:
        """Send a PATCH request."""
        return self.request("PATCH", path, **options)

    def delete(self, path: str, **options: Unpack[RequestOptions]) -> TestResponse:
        """Send a DELETE request."""
        return self.request("DELETE", path, **options)

    def __repr__(self) -> str:
        return f"TestClient(flavor={self.flavor!r})"
