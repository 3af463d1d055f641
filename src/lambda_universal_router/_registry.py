"""Registrations as data: what a decorator recorded, readable without calling anything.

The dispatcher compiles registrations; ``Router.routes()``, the CLI and the deployment template
generator read them.
"""

from __future__ import annotations

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any


class Registration:
    """One handler registered on a router, with everything its decorator was told."""

    __slots__ = (
        "concurrency",
        "filters",
        "handler",
        "index",
        "methods",
        "path",
        "per_record",
        "source",
    )

    def __init__(
        self,
        source: str,
        handler: Callable[..., Any],
        *,
        index: int,
        filters: Mapping[str, Any] | None = None,
        per_record: bool = False,
        concurrency: int = 1,
        path: str | None = None,
        methods: tuple[str, ...] = (),
    ) -> None:
        #: Source name from the table in ``_sources`` (``"http"``, ``"sqs"``, ...).
        self.source = source
        #: The decorated function, unchanged.
        self.handler = handler
        #: Position in registration order; breaks ties between equally specific handlers.
        self.index = index
        #: Filter keywords given to the decorator, without the ones left as None.
        self.filters: dict[str, Any] = {k: v for k, v in (filters or {}).items() if v is not None}
        #: Whether the handler takes one record at a time (partial batch responses).
        self.per_record = per_record
        #: How many records a per-record handler may process at once.
        self.concurrency = concurrency
        #: HTTP path template, for HTTP routes.
        self.path = path
        #: HTTP methods, upper case (``"ANY"`` for all), for HTTP routes.
        self.methods = methods

    @property
    def name(self) -> str:
        """The handler's qualified name, as shown in listings and errors."""
        module = getattr(self.handler, "__module__", None) or "?"
        qualname = getattr(self.handler, "__qualname__", None) or repr(self.handler)
        return f"{module}.{qualname}"

    def describe(self) -> dict[str, Any]:
        """A JSON-friendly summary: source, handler, filters, HTTP method and path."""
        summary: dict[str, Any] = {"source": self.source, "handler": self.name}
        if self.path is not None:
            summary["methods"] = list(self.methods)
            summary["path"] = self.path
        if self.filters:
            summary["filters"] = dict(self.filters)
        if self.per_record:
            summary["per_record"] = True
            summary["concurrency"] = self.concurrency
        return summary

    def __repr__(self) -> str:
        where = f" {'|'.join(self.methods)} {self.path}" if self.path is not None else ""
        return f"<Registration {self.source}{where} -> {self.name}>"
