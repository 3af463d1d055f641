"""Reading request headers and adding answer headers without duplicating the ones already set."""

from __future__ import annotations

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from lambda_universal_router._http.response import Response
    from lambda_universal_router.events._http import APIGatewayEvent


def request_header(request: APIGatewayEvent, lower: str, title: str) -> str | None:
    """Header ``lower`` (spelled ``title`` by REST clients) of ``request``, whatever its case."""
    raw = request.raw_event.get("headers")
    if type(raw) is dict:
        # PERF: the two spellings clients send, before a case-insensitive scan.
        value = raw.get(lower) or raw.get(title)
        if type(value) is str:
            return value
    return request.get_header(lower)


def has_header(response: Response, lower: str) -> bool:
    """Whether ``response`` sets header ``lower`` (any case, single or multi-value)."""
    for name in response._headers or ():
        if name.lower() == lower:
            return True
    return any(name.lower() == lower for name in response._multi_value_headers or ())


def set_default(response: Response, name: str, value: str) -> None:
    """Set header ``name`` unless ``response`` already sets it, in any case."""
    if not has_header(response, name.lower()):
        response.headers[name] = value


def add_vary(response: Response, token: str) -> None:
    """Add ``token`` to the ``Vary`` header of ``response``, once."""
    add_vary_to(response.headers, token)


def add_vary_to(headers: dict[str, str], token: str) -> None:
    """Add ``token`` to the ``Vary`` header in ``headers``, once."""
    for name, value in headers.items():
        if name.lower() == "vary":
            tokens = [part.strip().lower() for part in value.split(",")]
            if token.lower() not in tokens and "*" not in tokens:
                headers[name] = f"{value}, {token}"
            return
    headers["Vary"] = token
