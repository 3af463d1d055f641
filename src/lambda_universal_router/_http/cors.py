"""CORS, as the Fetch standard reads it: answering preflights, and marking every answer.

The router applies CORS outside all middleware (as Starlette's ``CORSMiddleware`` placed
outermost): a preflight is answered before any middleware runs, so an authentication middleware
never sees it, and the headers are added to whatever answer comes out, a middleware's 401, a 404
or a 500 included. The browser enforces CORS, not the server: a request from an origin that is not
allowed still runs, and its answer just carries no ``Access-Control-*`` header.
"""

from __future__ import annotations

from lambda_universal_router._exceptions import ConfigurationError
from lambda_universal_router._http.response import JSON_TYPE, Response

from .headers import add_vary, add_vary_to, request_header

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

    from lambda_universal_router.events._http import APIGatewayEvent

    JSON = dict[str, Any]


class CORS:
    """Which browser origins may call the API, and what they may send and read.

    ``allow_origins`` holds exact origins (``"https://app.example.com"``), origins with one
    ``*`` label (``"https://*.example.com"`` matches ``https://a.example.com``, neither
    ``https://example.com`` nor ``https://a.b.example.com``), or ``"*"`` for any origin.
    ``allow_headers`` are the request headers a browser may send (``"*"``: any),
    ``expose_headers`` the answer headers its scripts may read, ``allow_credentials`` lets it send
    cookies and ``max_age`` is how long (seconds) it may cache a preflight's answer.
    """

    __slots__ = (
        "_exact",
        "_headers_text",
        "_plain_headers",
        "_simple",
        "_star",
        "_wildcards",
        "allow_credentials",
        "allow_headers",
        "allow_origins",
        "expose_headers",
        "max_age",
        "vary",
    )

    def __init__(
        self,
        *,
        allow_origins: str | Iterable[str] = "*",
        allow_headers: str | Iterable[str] = (),
        expose_headers: str | Iterable[str] = (),
        allow_credentials: bool = False,
        max_age: int | None = None,
    ) -> None:
        origins = _strings("allow_origins", allow_origins)
        if not origins:
            raise ConfigurationError("CORS(allow_origins=...) needs at least one origin, or '*'")
        #: The allowed origins, as given (lower case).
        self.allow_origins: tuple[str, ...] = tuple(_origin(origin) for origin in origins)
        #: Request headers browsers may send.
        self.allow_headers: tuple[str, ...] = _strings("allow_headers", allow_headers)
        #: Answer headers browser scripts may read.
        self.expose_headers: tuple[str, ...] = _strings("expose_headers", expose_headers)
        if not isinstance(allow_credentials, bool):
            raise ConfigurationError(
                f"CORS(allow_credentials=...) takes True or False, not {allow_credentials!r}"
            )
        #: Whether browsers may send cookies and authorization headers.
        self.allow_credentials = allow_credentials
        if max_age is not None and (type(max_age) is not int or max_age < 0):
            raise ConfigurationError(
                f"CORS(max_age=...) takes a number of seconds (0 or more) or None, not {max_age!r}"
            )
        #: Seconds a browser may cache a preflight's answer (None: its default).
        self.max_age = max_age
        star = "*" in self.allow_origins
        if star and allow_credentials:
            raise ConfigurationError(
                "CORS(allow_origins='*', allow_credentials=True) is refused by browsers; list "
                "the origins that may send credentials instead of '*'"
            )
        self._star = star
        self._exact = frozenset(o for o in self.allow_origins if o != "*" and "*" not in o)
        self._wildcards = tuple(
            tuple(o.split("*", 1)) for o in self.allow_origins if o != "*" and "*" in o
        )
        #: Whether answers depend on the request's origin (always, unless any origin is allowed).
        self.vary = self.allow_origins != ("*",)
        self._headers_text = ", ".join(self.allow_headers)
        #: The headers every answer to an allowed origin gets, besides the origin itself.
        self._simple: tuple[tuple[str, str], ...] = ()
        if allow_credentials:
            self._simple += (("Access-Control-Allow-Credentials", "true"),)
        if self.expose_headers:
            self._simple += (("Access-Control-Expose-Headers", ", ".join(self.expose_headers)),)
        #: Each listed origin's headers for the answer the router renders from a handler's dict
        #: (whose headers are the Content-Type only): the dispatcher gives that answer a copy.
        self._plain_headers: dict[str, dict[str, str]] = {
            origin: {
                "Content-Type": JSON_TYPE,
                **({"Vary": "Origin"} if self.vary else {}),
                "Access-Control-Allow-Origin": "*" if star else origin,
                **dict(self._simple),
            }
            for origin in self._exact
        }

    def __repr__(self) -> str:
        return f"CORS(allow_origins={self.allow_origins!r})"

    def describe(self) -> dict[str, Any]:
        """The settings as JSON values, for listings (``lambda-router routes --json``)."""
        return {
            "allow_origins": list(self.allow_origins),
            "allow_headers": list(self.allow_headers),
            "expose_headers": list(self.expose_headers),
            "allow_credentials": self.allow_credentials,
            "max_age": self.max_age,
        }

    def allows(self, origin: str) -> bool:
        """Whether ``origin`` (as a browser sends it) is allowed."""
        if self._star or origin in self._exact:
            return True
        origin = origin.lower()
        if origin in self._exact:
            return True
        for head, tail in self._wildcards:
            if origin.startswith(head) and origin.endswith(tail):
                label = origin[len(head) : len(origin) - len(tail)]
                if label and "." not in label and "/" not in label and ":" not in label:
                    return True
        return False

    def apply(self, request: APIGatewayEvent, response: Response) -> None:
        """Add the CORS headers of an actual (not preflight) request to its answer."""
        origin = request_header(request, "origin", "Origin")
        allowed = origin is not None and self.allows(origin)
        if response._headers is None and response._multi_value_headers is None:
            # PERF: nothing set yet, so nothing to keep or merge: one dict, built directly.
            headers = {"Vary": "Origin"} if self.vary else {}
            if allowed:
                headers["Access-Control-Allow-Origin"] = "*" if self._star else str(origin)
                headers.update(self._simple)
            if headers:
                response._headers = headers
            return
        if allowed or self.vary:
            self._merge(
                response.headers, response._multi_value_headers, origin if allowed else None
            )

    def mark(self, request: APIGatewayEvent, answer: JSON, given: bool) -> JSON:
        """``apply`` to an answer already rendered for its integration (a route without
        middleware). A ``given`` answer is the handler's own dict with ``statusCode``: it is
        copied, never changed."""
        origin = request_header(request, "origin", "Origin")
        fresh = not given
        allowed = origin is not None and self.allows(origin)
        if not allowed and not self.vary:
            return answer
        multi = answer.get("multiValueHeaders")
        if not fresh:
            answer = dict(answer)
        headers = answer.get("headers")
        if type(headers) is not dict and type(multi) is dict:
            # ALB target groups with multi-value headers: every header is a list.
            lists = {name: list(values) for name, values in multi.items()}
            added: dict[str, str] = {}
            self._merge(added, lists, origin if allowed else None)
            for name, value in added.items():
                lists.setdefault(name, []).append(value)
            answer["multiValueHeaders"] = lists
            return answer
        if not fresh or type(headers) is not dict:
            headers = dict(headers) if type(headers) is dict else {}
        answer["headers"] = headers
        self._merge(headers, multi if type(multi) is dict else None, origin if allowed else None)
        return answer

    def _merge(
        self, headers: dict[str, str], multi: dict[str, list[str]] | None, origin: str | None
    ) -> None:
        """Add Vary and, for an allowed ``origin``, the CORS headers, keeping the ones set."""
        present = {name.lower() for name in headers}
        if multi:
            present.update(name.lower() for name in multi)
        if self.vary:
            if "vary" in present:
                add_vary_to(headers, "Origin")
            else:
                headers["Vary"] = "Origin"
        if origin is None:
            return
        if "access-control-allow-origin" not in present:
            headers["Access-Control-Allow-Origin"] = "*" if self._star else origin
        headers.update((name, value) for name, value in self._simple if name.lower() not in present)

    def preflight(self, request: APIGatewayEvent, origin: str, methods: Sequence[str]) -> Response:
        """The answer to a preflight from ``origin`` for a path accepting ``methods``.

        204 with the CORS headers when the origin is allowed and the requested method is one of
        ``methods``; otherwise 403 without any.
        """
        requested = request_header(request, "access-control-request-method", "")
        response = Response(403, {"message": "Forbidden", "statusCode": 403})
        if self.vary:
            add_vary(response, "Origin")
        if not self.allows(origin) or requested is None or requested.upper() not in methods:
            return response
        response.status_code, response.body = 204, None
        headers = response.headers
        headers["Access-Control-Allow-Origin"] = "*" if self._star else origin
        headers["Access-Control-Allow-Methods"] = ", ".join(methods)
        allowed = self._headers_text
        if "*" in self.allow_headers:
            # NOTE: "*" is no wildcard for requests with credentials; naming the headers is.
            allowed = request_header(request, "access-control-request-headers", "") or ""
        if allowed:
            headers["Access-Control-Allow-Headers"] = allowed
        if self.allow_credentials:
            headers["Access-Control-Allow-Credentials"] = "true"
        if self.max_age is not None:
            headers["Access-Control-Max-Age"] = str(self.max_age)
        return response


def is_preflight(request: APIGatewayEvent) -> str | None:
    """The origin of a CORS preflight request (OPTIONS with ``Origin`` and
    ``Access-Control-Request-Method``), or None for any other request."""
    origin = request_header(request, "origin", "Origin")
    if origin is None:
        return None
    if request_header(request, "access-control-request-method", "Access-Control-Request-Method"):
        return origin
    return None


def _strings(name: str, value: str | Iterable[str]) -> tuple[str, ...]:
    values = (value,) if isinstance(value, str) else tuple(value)
    for item in values:
        if not isinstance(item, str) or not item:
            raise ConfigurationError(f"CORS({name}=...) takes strings, not {item!r}")
    return values


def _origin(origin: str) -> str:
    """``origin`` checked: ``"*"``, or ``scheme://host[:port]`` with at most a leading ``*.``."""
    if origin == "*":
        return origin
    scheme, separator, host = origin.lower().partition("://")
    wildcard = host.startswith("*.")
    rest = host[2:] if wildcard else host
    if (
        not separator
        or not scheme
        or not rest
        or "*" in rest
        or "/" in rest
        or rest.startswith(".")
    ):
        raise ConfigurationError(
            f"CORS(allow_origins=...): {origin!r} is not an origin; write 'https://app.example.com',"
            " 'https://*.example.com' (one '*' label, first) or '*', without a path or '/' at the "
            "end"
        )
    return origin.lower()
