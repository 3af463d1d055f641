"""Constraints from ``Field``: checks run on a converted value, every failing one reported."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lambda_universal_router.params import Field

    from .convert import Converter


def constrained(convert: Converter, field: Field) -> Converter:
    """``convert`` followed by the checks of ``field`` (bounds, lengths, pattern)."""
    checks: list[Callable[[Any], str | None]] = []
    kinds: list[str] = []
    for name, bound in field.constraints().items():
        checks.append(_CHECKS[name](bound))
        kinds.append(_KINDS[name])

    def checked(value: Any) -> Any:
        result = convert(value)
        problems: list[tuple[tuple[str | int, ...], str, str]] = []
        for check, kind in zip(checks, kinds, strict=True):
            message = check(result)
            if message is not None:
                problems.append(((), message, kind))
        if problems:
            from .convert import Invalid

            raise Invalid(problems)
        return result

    return checked


def _bound(
    test: Callable[[Any, Any], bool], words: str
) -> Callable[[Any], Callable[[Any], str | None]]:
    def make(bound: Any) -> Callable[[Any], str | None]:
        def check(value: Any) -> str | None:
            try:
                return None if test(value, bound) else f"Input should be {words} {bound}"
            except TypeError:
                return f"Input should be a number {words} {bound}"

        return check

    return make


def _length(shortest: bool) -> Callable[[Any], Callable[[Any], str | None]]:
    def make(limit: int) -> Callable[[Any], str | None]:
        def check(value: Any) -> str | None:
            size = len(value)
            if shortest and size < limit:
                return f"Input should have at least {limit} item{'s' * (limit != 1)}"
            if not shortest and size > limit:
                return f"Input should have at most {limit} item{'s' * (limit != 1)}"
            return None

        return check

    return make


def _pattern(pattern: str) -> Callable[[Any], str | None]:
    compiled = re.compile(pattern)

    def check(value: Any) -> str | None:
        if type(value) is str and compiled.search(value) is None:
            return f"String should match pattern {pattern!r}"
        return None

    return check


_CHECKS: dict[str, Callable[[Any], Callable[[Any], str | None]]] = {
    "ge": _bound(lambda v, b: v >= b, "greater than or equal to"),
    "gt": _bound(lambda v, b: v > b, "greater than"),
    "le": _bound(lambda v, b: v <= b, "less than or equal to"),
    "lt": _bound(lambda v, b: v < b, "less than"),
    "min_length": _length(shortest=True),
    "max_length": _length(shortest=False),
    "pattern": _pattern,
}
_KINDS = {
    "ge": "greater_than_equal",
    "gt": "greater_than",
    "le": "less_than_equal",
    "lt": "less_than",
    "min_length": "too_short",
    "max_length": "too_long",
    "pattern": "string_pattern_mismatch",
}
