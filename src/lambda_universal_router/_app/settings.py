"""Checking the application-layer options decorators and ``Router`` take, when they are given."""

from __future__ import annotations

from lambda_universal_router._exceptions import ConfigurationError

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Iterable

    from lambda_universal_router._exceptions import HTTPError
    from lambda_universal_router._http.cors import CORS


def checked_cors(value: object, where: str) -> CORS | None:
    """``value`` if it is a CORS, or None."""
    from lambda_universal_router._http.cors import CORS

    if value is None or isinstance(value, CORS):
        return value
    raise ConfigurationError(f"{where} takes a CORS(...) or None, not {value!r}")


def checked_route_cors(value: object, where: str) -> CORS | bool | None:
    """``value`` if it is a CORS, None (the router's) or False (none for this route)."""
    if value is False:
        return False
    try:
        return checked_cors(value, where)
    except ConfigurationError:
        raise ConfigurationError(
            f"{where} takes a CORS(...), None or False, not {value!r}"
        ) from None


def checked_compress(value: object, where: str) -> bool | int:
    """``value`` if it is True, False or a body size in bytes (0 or more)."""
    if isinstance(value, bool) or (type(value) is int and value >= 0):
        return value
    raise ConfigurationError(
        f"{where} takes True, False or the smallest body size to compress in bytes, not {value!r}"
    )


def checked_responses(
    value: object, where: str
) -> tuple[type[HTTPError] | HTTPError, ...] | dict[int, str]:
    """``responses=`` as data the OpenAPI document can read later: the ``HTTPError`` classes (or
    instances) a route raises, or HTTP status -> description."""
    from collections.abc import Iterable, Mapping

    from lambda_universal_router._exceptions import HTTPError

    if isinstance(value, Mapping):
        described: dict[int, str] = {}
        for status, text in value.items():
            if not _is_status(status) or not isinstance(text, str):
                raise ConfigurationError(
                    f"{where} maps HTTP statuses (100 to 599) to descriptions, "
                    f"not {status!r}: {text!r}"
                )
            described[status] = text
        return described
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
        errors = tuple(value)
        if all(_is_http_error(error, HTTPError) for error in errors):
            return errors
    raise ConfigurationError(
        f"{where} takes HTTPError subclasses (e.g. [NotFound, Conflict]) or a dict of "
        f"HTTP status -> description, not {value!r}"
    )


def _is_status(value: object) -> bool:
    return type(value) is int and 100 <= value <= 599


def _is_http_error(value: object, base: type[HTTPError]) -> bool:
    return isinstance(value, base) or (isinstance(value, type) and issubclass(value, base))


def checked_sources(sources: Iterable[str] | None) -> frozenset[str] | None:
    """``sources`` as a set of known source names (None: every source)."""
    if sources is None:
        return None
    from lambda_universal_router._sources import BY_NAME

    if isinstance(sources, str):
        sources = (sources,)
    found = frozenset(sources)
    unknown = sorted(str(name) for name in found - BY_NAME.keys() - {"custom"})
    if unknown or not found:
        known = ", ".join(sorted([*BY_NAME, "custom"]))
        raise ConfigurationError(
            f"@router.middleware(sources=...): unknown sources {unknown or sources!r}; "
            f"known sources: {known}"
        )
    return found
