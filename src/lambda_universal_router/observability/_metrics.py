"""User metrics: ``metrics.add("OrdersPlaced", 1)`` lands in the invocation's one EMF flush."""

from __future__ import annotations

from lambda_universal_router._exceptions import MetricError

from ._context import CURRENT
from ._emf import MAX_DIMENSIONS, UNITS, check_value

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._emf import Dimensions

#: Metrics added outside an invocation (at import, say); written with the next invocation's.
pending: list[tuple[str, float, str, Dimensions]] = []


class Metrics:
    """Adds user metrics to the current invocation's flush (the public ``metrics`` object)."""

    __slots__ = ()

    def add(
        self,
        name: str,
        value: float,
        *,
        unit: str = "Count",
        dimensions: Mapping[str, str] | None = None,
    ) -> None:
        """Record ``value`` for the metric ``name``, with dimension ``service`` plus ``dimensions``.

        Several values of one metric in one invocation are all kept (CloudWatch aggregates
        them). Raises :class:`MetricError` for what CloudWatch would reject.
        """
        if not isinstance(name, str) or not name or len(name) > 255 or name == "_aws":
            raise MetricError(f"A metric name is a non-empty string of at most 255, not {name!r}")
        try:
            number = check_value(name, value)
        except ValueError as error:
            raise MetricError(str(error)) from None
        if unit not in UNITS:
            raise MetricError(
                f"metric {name!r}: unit {unit!r} is not a CloudWatch unit; use one of "
                + ", ".join(sorted(UNITS))
            )
        pairs = _dimensions(name, dimensions)
        scope = CURRENT.get()
        if scope is None:
            pending.append((name, number, unit, pairs))
            return
        invocation = scope.invocation
        if invocation.metrics is None:
            invocation.metrics = []
        invocation.metrics.append((name, number, unit, pairs))


def _dimensions(name: str, dimensions: Mapping[str, str] | None) -> Dimensions:
    if dimensions is None:
        return ()
    if not hasattr(dimensions, "items"):
        raise MetricError(f"metric {name!r}: dimensions= takes a dict of names to strings")
    pairs = []
    for key, value in dimensions.items():
        if not isinstance(key, str) or not key or not isinstance(value, str) or not value:
            raise MetricError(
                f"metric {name!r}: dimension {key!r}={value!r} must map a name to a non-empty "
                "string"
            )
        if key == name:
            raise MetricError(f"metric {name!r} cannot also be the name of one of its dimensions")
        pairs.append((key, value))
    if len({key for key, _ in pairs} | {"service"}) > MAX_DIMENSIONS:
        raise MetricError(
            f"metric {name!r} has more than {MAX_DIMENSIONS} dimensions (service included)"
        )
    return tuple(pairs)


#: The public entry point: ``from lambda_universal_router.observability import metrics``.
metrics = Metrics()
