"""Markers for typed handlers: where a parameter comes from, and the constraints on its value.

    from typing import Annotated
    from lambda_universal_router.params import Field, Header, Query

    @router.get("/books")
    def books(
        page_size: Annotated[int, Query(alias="page-size"), Field(ge=1, le=100)] = 20,
        request_id: Annotated[str | None, Header(alias="X-Request-Id")] = None,
    ) -> list[Book]: ...

A marker goes inside ``Annotated[T, ...]``; the binding rules are in docs/typed-handlers.md.
"""

from __future__ import annotations

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Body", "Cookie", "Field", "Header", "Query"]


class Field:
    """Constraints on a value, and what the OpenAPI document says about it.

    ``ge``/``gt``/``le``/``lt`` bound numbers; ``min_length``/``max_length`` bound the length of
    strings and collections; ``pattern`` is a regular expression a string must contain a match of
    (anchor it with ``^...$`` for a whole-string match).
    """

    __slots__ = (
        "description",
        "examples",
        "ge",
        "gt",
        "le",
        "lt",
        "max_length",
        "min_length",
        "pattern",
    )

    def __init__(
        self,
        *,
        ge: float | None = None,
        gt: float | None = None,
        le: float | None = None,
        lt: float | None = None,
        min_length: int | None = None,
        max_length: int | None = None,
        pattern: str | None = None,
        description: str | None = None,
        examples: list[Any] | None = None,
    ) -> None:
        self.ge = ge
        self.gt = gt
        self.le = le
        self.lt = lt
        self.min_length = min_length
        self.max_length = max_length
        self.pattern = pattern
        self.description = description
        self.examples = examples

    def constraints(self) -> dict[str, Any]:
        """The constraints given, by name (``{"ge": 1, "le": 100}``)."""
        names = ("ge", "gt", "le", "lt", "min_length", "max_length", "pattern")
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}

    def __repr__(self) -> str:
        given = ", ".join(f"{name}={value!r}" for name, value in self.constraints().items())
        return f"{type(self).__name__}({given})"


class _Param(Field):
    """A marker naming where a request value comes from (and, optionally, constraints on it)."""

    __slots__ = ("alias",)
    #: The request part, as errors locate it: ``query``, ``header``, ``cookie`` or ``body``.
    location = ""

    def __init__(self, *, alias: str | None = None, **constraints: Any) -> None:
        super().__init__(**constraints)
        #: The name in the request, when it differs from the parameter's name.
        self.alias = alias


class Query(_Param):
    """A query string parameter (``Query(alias="page-size")`` when the name differs)."""

    __slots__ = ()
    location = "query"


class Header(_Param):
    """A request header, matched without regard to case; ``user_agent`` reads ``User-Agent``."""

    __slots__ = ()
    location = "header"


class Cookie(_Param):
    """A request cookie."""

    __slots__ = ()
    location = "cookie"


class Body(_Param):
    """The JSON body (or, with several body parameters, the body's member of this name)."""

    __slots__ = ()
    location = "body"
