"""What HTTP handlers return, turned into the answer the calling integration expects.

A handler may return:

- a dict with ``statusCode``: already a response; passed through, except that a ``body`` that is
  not a string is serialised (JSON, or base64 for bytes) so 1.0-style ``"body": {...}`` works;
- ``Response(status_code, body, headers, cookies, content_type)``;
- ``(body, status)`` or ``(body, status, headers)``;
- ``None``: 204 No Content;
- a ``str``: 200, ``text/plain; charset=utf-8``;
- ``bytes``: 200, ``application/octet-stream``, sent base64-encoded;
- anything else: 200, ``application/json``, written by ``_http.encoding`` (Decimal, datetime,
  UUID, Enum, sets, dataclasses, ``model_dump()``/``to_dict()`` objects included) or by the
  router's ``json_encoder``.

Each response format (REST/HTTP API 1.0, HTTP API 2.0 and Function URLs, ALB, VPC Lattice) is one
shaper function in ``SHAPERS``; flavors name theirs in their ``response`` field.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .flavors import Flavor

#: Response formats for which a response without cookies needs no shaper.
_COMPLETE = frozenset({"rest", "v2"})

#: ``json.dumps`` with its defaults, minus the per-call keyword handling (hot path), refusing NaN.
_encode = json.JSONEncoder(allow_nan=False).encode

#: A router's ``json_encoder``, made to return text (``_http.encoding.custom_encoder``).
Encode = Callable[[Any], str]

JSON_TYPE = "application/json"
TEXT_TYPE = "text/plain; charset=utf-8"
BINARY_TYPE = "application/octet-stream"

#: Completes, in place, a response holding statusCode, headers, body and isBase64Encoded, given
#: the cookies to set and the request event.
Shaper = Callable[[dict[str, Any], Sequence[str], dict[str, Any]], None]


class Response:
    """An HTTP response with everything a handler may set.

    ``body`` is sent as is when it is a ``str``, base64-encoded when ``bytes``, as JSON otherwise
    (None sends no body). ``content_type`` defaults from the body's type unless ``headers`` sets
    ``Content-Type``. ``cookies`` are full ``Set-Cookie`` values such as
    ``"session=abc; Path=/; HttpOnly"``. ``multi_value_headers`` holds headers sent several
    times; ``is_base64_encoded=True`` says ``body`` is a ``str`` already in base64.

    Middleware receives every answer as a ``Response`` and may read or change any of these.
    """

    __slots__ = (
        "_bare",
        "_cookies",
        "_headers",
        "_multi_value_headers",
        "body",
        "content_type",
        "is_base64_encoded",
        "status_code",
    )

    def __init__(
        self,
        status_code: int = 200,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        cookies: Sequence[str] | None = None,
        content_type: str | None = None,
        *,
        multi_value_headers: Mapping[str, Sequence[str]] | None = None,
        is_base64_encoded: bool = False,
    ) -> None:
        self.status_code = status_code
        self.body = body
        # PERF: header maps are made when first read; most answers never need one.
        self._headers: dict[str, str] | None = dict(headers) if headers else None
        self._multi_value_headers: dict[str, list[str]] | None = (
            {name: list(values) for name, values in multi_value_headers.items()}
            if multi_value_headers
            else None
        )
        self._cookies: list[str] | None = list(cookies) if cookies else None
        self.content_type = content_type
        self.is_base64_encoded = is_base64_encoded
        #: Made from a handler's own response dict: no Content-Type is added to it.
        self._bare = False

    @property
    def headers(self) -> dict[str, str]:
        """Headers sent once each, by name as written."""
        headers = self._headers
        if headers is None:
            headers = self._headers = {}
        return headers

    @headers.setter
    def headers(self, value: Mapping[str, str]) -> None:
        self._headers = dict(value)

    @property
    def cookies(self) -> list[str]:
        """``Set-Cookie`` values, one per cookie."""
        cookies = self._cookies
        if cookies is None:
            cookies = self._cookies = []
        return cookies

    @cookies.setter
    def cookies(self, value: Sequence[str]) -> None:
        self._cookies = list(value)

    @property
    def multi_value_headers(self) -> dict[str, list[str]]:
        """Headers sent with several values, by name as written."""
        multi = self._multi_value_headers
        if multi is None:
            multi = self._multi_value_headers = {}
        return multi

    @multi_value_headers.setter
    def multi_value_headers(self, value: Mapping[str, Sequence[str]]) -> None:
        self._multi_value_headers = {name: list(values) for name, values in value.items()}

    def get_header(self, name: str) -> str | None:
        """The value of header ``name`` whatever its case (several values joined by ", ")."""
        wanted = name.lower()
        for key, value in (self._headers or {}).items():
            if key.lower() == wanted:
                return value
        for key, values in (self._multi_value_headers or {}).items():
            if key.lower() == wanted:
                return ", ".join(values)
        if wanted == "content-type" and self.content_type is not None:
            return self.content_type
        return None

    def __repr__(self) -> str:
        return f"Response(status_code={self.status_code!r})"


_new = object.__new__


def ok_response(body: Any) -> Response:
    """``Response(200, body)``, built without the keyword handling of ``__init__``.

    PERF: middleware chains make one for nearly every answer (a handler's dict).
    """
    response: Response = _new(Response)
    response.status_code = 200
    response.body = body
    response._headers = response._multi_value_headers = response._cookies = None
    response.content_type = None
    response.is_base64_encoded = response._bare = False
    return response


# PERF: every HTTP answer goes through here; the common return values are handled inline, in
# one frame (C901 opt-out).
def render(  # noqa: C901
    result: Any,
    flavor: Flavor,
    raw: dict[str, Any],
    head: bool = False,
    encode: Encode | None = None,
) -> dict[str, Any]:
    """Shape a handler's return value for ``flavor``; ``head`` drops the body (HEAD requests).

    ``encode`` writes JSON in place of the default encoder. Raises
    :class:`ResponseSerializationError` when the answer cannot be written as JSON.
    """
    kind = type(result)
    cookies: Sequence[str] = ()
    if kind is dict:
        if "statusCode" in result:
            return _pass_through(result, flavor, raw, head, encode)
        # PERF: the most common answer, built directly; the C encoder first, the complete
        # (slower) one only for the values it refuses.
        if head:
            text = ""
        elif encode is None:
            try:
                text = _encode(result)
            except (TypeError, ValueError, RecursionError):
                text = _encode_extended(result)
        else:
            text = encode(result)
        response = {
            "statusCode": 200,
            "headers": {"Content-Type": JSON_TYPE},
            "body": text,
            "isBase64Encoded": False,
        }
        if flavor.response not in _COMPLETE:
            SHAPERS[flavor.response](response, cookies, raw)
        return response
    if kind is str:
        status, headers, body, encoded = 200, {"Content-Type": TEXT_TYPE}, result, False
    elif result is None:
        status, headers, body, encoded = 204, {}, "", False
    elif isinstance(result, Response):
        return render_response(result, flavor, raw, head, encode)
    elif kind is tuple:
        status, headers, body, encoded = _from_tuple(result, encode)
    else:
        status, headers, body, encoded = _content(result, {}, None, encode)
    if head:
        body, encoded = "", False
    response = {"statusCode": status, "headers": headers, "body": body, "isBase64Encoded": encoded}
    SHAPERS[flavor.response](response, cookies, raw)
    return response


def render_response(
    result: Response, flavor: Flavor, raw: dict[str, Any], head: bool, encode: Encode | None = None
) -> dict[str, Any]:
    """Shape a ``Response`` for ``flavor`` (``render`` for any answer)."""
    body = result.body
    given = result._headers
    if result.is_base64_encoded and type(body) is str:
        text, encoded = body, True
        headers = dict(given) if given else {}
        if result.content_type is not None:
            _set_content_type(headers, result.content_type)
    elif type(body) is dict and not (given and _has_content_type(given)):
        # PERF: the most common answer, as middleware chains and CORS pass it, built directly.
        encoded = False
        if encode is None:
            try:
                text = _encode(body)
            except (TypeError, ValueError, RecursionError):
                text = _encode_extended(body)
        else:
            text = encode(body)
        headers = (
            {**given, "Content-Type": result.content_type or JSON_TYPE}
            if given
            else {"Content-Type": result.content_type or JSON_TYPE}
        )
    else:
        _, headers, text, encoded = _content(
            body, given or {}, result.content_type, encode, not result._bare
        )
    if head:
        text, encoded = "", False
    response = {
        "statusCode": result.status_code,
        "headers": headers,
        "body": text,
        "isBase64Encoded": encoded,
    }
    cookies: Sequence[str] = result._cookies or ()
    multi = result._multi_value_headers
    if multi:
        cookies = _add_multi_value(response, multi, cookies, flavor, raw)
    if cookies or flavor.response not in _COMPLETE:
        SHAPERS[flavor.response](response, cookies, raw)
    return response


def _add_multi_value(
    response: dict[str, Any],
    multi: dict[str, list[str]],
    cookies: Sequence[str],
    flavor: Flavor,
    raw: dict[str, Any],
) -> Sequence[str]:
    """Put headers with several values where ``flavor`` takes them; returns the cookies to set.

    REST APIs and ALB target groups in multi-value mode take them as lists; the other formats
    take one value per name, so values are joined with ", " and Set-Cookie values become cookies.
    """
    lists = flavor.response == "rest" or (flavor.response == "alb" and "multiValueHeaders" in raw)
    cookies = list(cookies)
    headers: dict[str, str] = response["headers"]
    if lists:
        response["multiValueHeaders"] = {name: list(values) for name, values in multi.items()}
        return cookies
    for name, values in multi.items():
        if name.lower() == "set-cookie":
            cookies.extend(values)
        elif values:
            headers[name] = ", ".join(values)
    return cookies


def _set_content_type(headers: dict[str, str], content_type: str) -> None:
    for name in [name for name in headers if name.lower() == "content-type"]:
        del headers[name]
    headers["Content-Type"] = content_type


def _from_tuple(
    result: tuple[Any, ...], encode: Encode | None
) -> tuple[int, dict[str, str], str, bool]:
    body, status, headers = tuple_parts(result)
    _, headers, text, encoded = _content(body, headers, None, encode)
    return status, headers, text, encoded


def tuple_parts(result: tuple[Any, ...]) -> tuple[Any, int, Mapping[str, str]]:
    """The body, status and headers of a ``(body, status[, headers])`` answer, checked."""
    if len(result) not in (2, 3):
        raise TypeError(
            f"An HTTP handler returned a tuple of {len(result)} items; return (body, status) "
            "or (body, status, headers)"
        )
    headers = result[2] if len(result) == 3 else {}
    if not isinstance(headers, Mapping):
        raise TypeError("The headers in a (body, status, headers) return must be a mapping")
    status = result[1]
    if type(status) is not int:
        raise TypeError(f"The status in a (body, status) return must be an int, got {status!r}")
    return result[0], status, headers


def _json(value: Any, encode: Encode | None) -> str:
    """``value`` as JSON text: ``encode``'s, else the C encoder's, else ``_http.encoding``'s."""
    if encode is not None:
        return encode(value)
    try:
        return _encode(value)
    except (TypeError, ValueError, RecursionError):
        return _encode_extended(value)


def _encode_extended(value: Any) -> str:
    from .encoding import encode_extended

    return encode_extended(value)


def _serialise(body: Any, encode: Encode | None = None) -> tuple[str, bool, str | None]:
    """``body`` as response text, whether that is base64, and the content type it implies."""
    if body is None:
        return "", False, None
    if isinstance(body, str):
        return body, False, TEXT_TYPE
    if isinstance(body, (bytes, bytearray, memoryview)):
        from base64 import b64encode

        return b64encode(body).decode("ascii"), True, BINARY_TYPE
    return _json(body, encode), False, JSON_TYPE


def _content(
    body: Any,
    headers: Mapping[str, str],
    content_type: str | None,
    encode: Encode | None,
    typed: bool = True,
) -> tuple[int, dict[str, str], str, bool]:
    """Serialise ``body`` and settle Content-Type; the status is 204 for no body, else 200."""
    text, encoded, default = _serialise(body, encode)
    out = dict(headers)
    if content_type is not None:
        _set_content_type(out, content_type)
    elif typed and default is not None and not _has_content_type(out):
        out["Content-Type"] = default
    return (204 if body is None else 200), out, text, encoded


def _has_content_type(headers: object) -> bool:
    # PERF: the type test first; isinstance against an ABC costs a call into abc.
    return (type(headers) is dict or isinstance(headers, Mapping)) and any(
        isinstance(name, str) and name.lower() == "content-type" for name in headers
    )


def _pass_through(
    result: dict[str, Any], flavor: Flavor, raw: dict[str, Any], head: bool, encode: Encode | None
) -> dict[str, Any]:
    """A handler-made response, changed (in a copy) only where it would be invalid."""
    response = result
    body = result.get("body")
    if body is not None and type(body) is not str:
        response = dict(result)
        text, encoded, default = _serialise(body, encode)
        response["body"] = text
        response["isBase64Encoded"] = encoded
        headers = result.get("headers")
        if default is not None and not (
            _has_content_type(headers) or _has_content_type(result.get("multiValueHeaders"))
        ):
            own = dict(headers) if isinstance(headers, Mapping) else {}
            response["headers"] = {**own, "Content-Type": default}
    if head and response.get("body"):
        response = dict(response)
        response["body"] = ""
        response["isBase64Encoded"] = False
    if flavor.response == "alb":
        multi = "multiValueHeaders" in raw and "multiValueHeaders" not in response
        if multi or "statusDescription" not in response:
            response = dict(response)
            response.setdefault("statusDescription", _status_line(response.get("statusCode")))
            if multi:
                response["multiValueHeaders"] = _multi_value(response.pop("headers", None), ())
    return response


def _multi_value(headers: object, cookies: Sequence[str]) -> dict[str, list[str]]:
    multi: dict[str, list[str]] = {}
    if isinstance(headers, Mapping):
        for name, value in headers.items():
            multi[name] = list(value) if isinstance(value, list) else [value]
    if cookies:
        multi.setdefault("Set-Cookie", []).extend(cookies)
    return multi


_STATUS_LINES: dict[int, str] = {}


def _status_line(status: object) -> str:
    """``"200 OK"``: the ``statusDescription`` of ALB and Lattice answers."""
    if type(status) is not int:
        return str(status)
    line = _STATUS_LINES.get(status)
    if line is None:
        from http import HTTPStatus

        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        line = _STATUS_LINES[status] = f"{status} {phrase}".rstrip()
    return line


def _cookie_header_names(count: int) -> list[str]:
    """Distinct spellings of Set-Cookie, so single-value header maps can carry several cookies.

    NOTE: header names are case-insensitive, and ALB and Lattice forward each spelling as its own
    ``Set-Cookie`` header; a map keyed by one spelling could hold one cookie only.
    """
    base = "Set-Cookie"
    letters = [i for i, char in enumerate(base) if char.isalpha()]
    names = []
    for number in range(count):
        chars = list(base)
        for bit, position in enumerate(letters):
            if number >> bit & 1:
                chars[position] = chars[position].swapcase()
        names.append("".join(chars))
    return names


def _single_value_cookies(headers: dict[str, str], cookies: Sequence[str]) -> None:
    if cookies:
        existing = [name for name in headers if name.lower() == "set-cookie"]
        every = [headers.pop(name) for name in existing] + list(cookies)
        headers.update(zip(_cookie_header_names(len(every)), every, strict=True))


def _shape_rest(response: dict[str, Any], cookies: Sequence[str], raw: dict[str, Any]) -> None:
    if cookies:
        multi = response.setdefault("multiValueHeaders", {})
        multi["Set-Cookie"] = [*multi.get("Set-Cookie", ()), *cookies]


def _shape_v2(response: dict[str, Any], cookies: Sequence[str], raw: dict[str, Any]) -> None:
    if cookies:
        response["cookies"] = list(cookies)


def _shape_alb(response: dict[str, Any], cookies: Sequence[str], raw: dict[str, Any]) -> None:
    response["statusDescription"] = _status_line(response["statusCode"])
    # A target group with multi-value headers enabled ignores "headers" in the answer.
    if "multiValueHeaders" in raw:
        multi = _multi_value(response.pop("headers"), cookies)
        for name, values in response.get("multiValueHeaders", {}).items():
            multi[name] = [*multi.get(name, ()), *values]
        response["multiValueHeaders"] = multi
    else:
        _single_value_cookies(response["headers"], cookies)


def _shape_lattice(response: dict[str, Any], cookies: Sequence[str], raw: dict[str, Any]) -> None:
    response["statusDescription"] = _status_line(response["statusCode"])
    _single_value_cookies(response["headers"], cookies)


#: Response format name (``Flavor.response``) -> shaper.
SHAPERS: dict[str, Shaper] = {
    "rest": _shape_rest,
    "v2": _shape_v2,
    "alb": _shape_alb,
    "lattice": _shape_lattice,
}
