"""Logical resource names in the code, physical ones in the account.

Handlers name what they read as the code knows it (``queue="orders"``); a deployed stack gives
each resource a unique name (``shop-prod-OrdersQueue-1A2B3C``) so that two stages can share an
account. ``lambda-router template`` passes the function a map from the one to the other in the
``LAMBDA_ROUTER_NAMES`` environment variable, a JSON object; identity filters accept either name.
"""

from __future__ import annotations

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from ._selection import Predicate
    from ._sources import Source

#: The environment variable holding ``{"name as the code writes it": "physical name"}``.
NAMES_VARIABLE = "LAMBDA_ROUTER_NAMES"
#: The filters that name where records come from, by source.
IDENTITY_FILTERS = {
    "sqs": "queue",
    "sns": "topic",
    "kinesis": "stream",
    "dynamodb": "table",
    "s3": "bucket",
    "eventbridge": "rule",
}


def physical_names(environ: Mapping[str, str]) -> dict[str, str]:
    """The map in ``environ`` (empty without one); ConfigurationError if it is not valid."""
    text = environ.get(NAMES_VARIABLE)
    if not text:
        return {}
    import json

    from ._exceptions import ConfigurationError

    try:
        names = json.loads(text)
    except ValueError as error:
        raise ConfigurationError(f"{NAMES_VARIABLE} is not JSON: {error}") from None
    if not isinstance(names, dict) or not all(
        isinstance(key, str) and isinstance(value, str) and value for key, value in names.items()
    ):
        raise ConfigurationError(
            f'{NAMES_VARIABLE} must be a JSON object of names, {{"orders": "prod-orders"}}'
        )
    return names


def with_physical(values: frozenset[str], names: Mapping[str, str]) -> frozenset[str]:
    """``values`` with the physical name of each one the map knows."""
    found = {names[value] for value in values if value in names}
    return values | found if found else values


def filter_predicates(source: Source) -> Mapping[str, Predicate]:
    """The filter predicates of ``source``; its identity filter also accepts the physical name
    of each value, when ``LAMBDA_ROUTER_NAMES`` maps it."""
    import os

    from ._dispatch import load

    predicates: Mapping[str, Predicate] = load(source.filters) if source.filters else {}
    key = IDENTITY_FILTERS.get(source.name)
    if key is None or key not in predicates:
        return predicates
    names = physical_names(os.environ)
    if not names:
        return predicates  # PERF: the predicates unwrapped, as without a deployed stack
    return {**predicates, key: _accepting_physical(predicates[key], names)}


def _accepting_physical(predicate: Predicate, names: Mapping[str, str]) -> Predicate:
    expanded: dict[frozenset[str], frozenset[str]] = {}

    def accepts(wanted: frozenset[str], item: Any) -> bool:
        values = expanded.get(wanted)
        if values is None:
            values = expanded[wanted] = with_physical(wanted, names)
        return predicate(values, item)

    return accepts
