"""Choosing among several handlers of one source by their filters.

Each source may declare filter predicates (``Source.filters``): ``predicate(value, item)`` says
whether a typed event or record ``item`` satisfies the filter value a decorator was given
(``@router.sqs(queue="orders")`` -> ``predicates["queue"]("orders", message)``).

Which handler wins when several match: the one with the most filters, all of which match; among
equally specific ones, the one registered first. A handler without filters takes whatever no more
specific handler took.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._exceptions import ConfigurationError

if TYPE_CHECKING:
    from ._registry import Registration

Predicate = Callable[[Any, Any], bool]


class Candidates:
    """The registrations of one source, most specific first, ready to pick one for an item."""

    __slots__ = ("_checks", "only")

    def __init__(
        self,
        registrations: Sequence[Registration],
        predicates: Mapping[str, Predicate],
        source: str,
    ) -> None:
        ordered = sorted(registrations, key=lambda r: (-len(r.filters), r.index))
        checks = []
        for registration in ordered:
            tests = []
            for name, value in registration.filters.items():
                predicate = predicates.get(name)
                if predicate is None:
                    known = ", ".join(sorted(predicates)) or "none"
                    raise ConfigurationError(
                        f"{registration.name}: {source} handlers have no filter {name!r} "
                        f"(filters for {source}: {known})"
                    )
                tests.append((predicate, value))
            checks.append((registration, tuple(tests)))
        self._checks = tuple(checks)
        #: The registration that takes everything, when it is the only one (no selection needed).
        self.only = ordered[0] if len(ordered) == 1 and not ordered[0].filters else None

    def select(self, item: Any) -> Registration | None:
        """The most specific registration whose filters all accept ``item``, or None."""
        if self.only is not None:
            return self.only
        for registration, tests in self._checks:
            for predicate, value in tests:
                if not predicate(value, item):
                    break
            else:
                return registration
        return None

    def __iter__(self) -> Any:
        return (registration for registration, _ in self._checks)
