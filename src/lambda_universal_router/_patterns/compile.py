"""Amazon EventBridge event patterns, validated and compiled once into nested closures.

``compile_pattern({...})`` checks a pattern the way EventBridge does and raises
``ConfigurationError`` naming the field and operator at fault; ``EventPattern.matches(event)`` then
walks only the fields the pattern names, with no parsing left to do.

How a pattern reads an event:

- every field of a pattern object must match (AND); ``$or`` lists alternative objects (OR);
- a leaf array (``"state": ["running", {"prefix": "stop"}]``) matches when any of its entries
  matches any leaf value of the field: the value itself, or the scalars of an event array;
- a nested object descends into the event object, or into any one element of an event array of
  objects, which must then satisfy the whole nested object (EventBridge's array consistency);
- an event object, an empty array or a missing field has no leaf value: only ``{"exists": false}``
  matches it, and a nested pattern over a scalar or a missing field matches only through
  ``{"exists": false}`` too.

Value matchers (exact values and operators) live in ``_patterns.values``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from lambda_universal_router._exceptions import ConfigurationError

from .values import Predicate, compile_values

Check = Callable[[Any], bool]
ObjectMatcher = Callable[[Mapping[str, Any]], bool]

_MISSING: Any = object()
_SCALARS = frozenset({str, int, float, bool, type(None)})

#: How deep pattern objects may nest: far beyond real patterns, well within Python's recursion
#: limit for compiling and matching (each level costs a few stack frames).
MAX_DEPTH = 100


class EventPattern:
    """A compiled event pattern: ``matches(event)`` says whether EventBridge would deliver it."""

    __slots__ = ("_match", "pattern")

    def __init__(self, pattern: dict[str, Any], match: ObjectMatcher) -> None:
        #: The pattern as written (a plain JSON-compatible copy), for deployment templates.
        self.pattern = pattern
        self._match = match

    def matches(self, event: Mapping[str, Any]) -> bool:
        """True when ``event`` (a decoded JSON object) matches the pattern."""
        return isinstance(event, Mapping) and self._match(event)

    def __repr__(self) -> str:
        return f"EventPattern({self.pattern!r})"


def compile_pattern(pattern: Mapping[str, Any]) -> EventPattern:
    """Validate ``pattern`` and compile it; raise ConfigurationError saying what to fix."""
    if not isinstance(pattern, Mapping):
        raise ConfigurationError(
            f"pattern: an event pattern is a JSON object such as {{'source': ['aws.ec2']}}, "
            f"got {pattern!r}"
        )
    match, _ = _compile_object(pattern, "pattern", 1)
    return EventPattern(_plain_copy(pattern), match)


def _compile_object(
    pattern: Mapping[Any, Any], where: str, depth: int
) -> tuple[ObjectMatcher, bool]:
    """The matcher of one pattern object, and whether it matches where the object is absent."""
    if depth > MAX_DEPTH:
        raise ConfigurationError(
            f"{where[:80]}...: pattern objects nest more than {MAX_DEPTH} levels deep"
        )
    if not pattern:
        raise ConfigurationError(
            f"{where}: empty object; name at least one field to match, e.g. {{'source': ['x']}}"
        )
    fields: list[tuple[str, Check]] = []
    alternatives: tuple[ObjectMatcher, ...] = ()
    for key, value in pattern.items():
        if not isinstance(key, str):
            raise ConfigurationError(f"{where}: field names are strings, got {key!r}")
        path = f"{where}[{key!r}]"
        if key == "$or":
            alternatives = _compile_or(value, path, depth)
        elif isinstance(value, Mapping):
            fields.append((key, _nested_check(value, path, depth + 1)))
        elif isinstance(value, list):
            fields.append((key, _leaf_check(value, path)))
        else:
            raise ConfigurationError(
                f"{path}: a field's value is an array of match values (like [{value!r}]) "
                f"or an object of nested fields, got {value!r}"
            )
    match = _all_fields(tuple(fields), alternatives)
    return match, match({})


def _all_fields(
    fields: tuple[tuple[str, Check], ...], alternatives: tuple[ObjectMatcher, ...]
) -> ObjectMatcher:
    if not alternatives and len(fields) == 1:
        ((key, check),) = fields

        def one_field(event: Mapping[str, Any]) -> bool:
            return check(event.get(key, _MISSING))

        return one_field

    def every_field(event: Mapping[str, Any]) -> bool:
        for key, check in fields:
            if not check(event.get(key, _MISSING)):
                return False
        return not alternatives or any(alternative(event) for alternative in alternatives)

    return every_field


def _compile_or(value: Any, where: str, depth: int) -> tuple[ObjectMatcher, ...]:
    if not isinstance(value, list) or len(value) < 2:
        raise ConfigurationError(
            f"{where}: $or takes a list of at least two pattern objects, got {value!r}"
        )
    alternatives = []
    for index, alternative in enumerate(value):
        path = f"{where}[{index}]"
        if not isinstance(alternative, Mapping):
            raise ConfigurationError(
                f"{path}: each $or alternative is an object, got {alternative!r}"
            )
        alternatives.append(_compile_object(alternative, path, depth + 1)[0])
    return tuple(alternatives)


def _leaf_check(values: list[Any], where: str) -> Check:
    if not values:
        raise ConfigurationError(
            f'{where}: empty array; list at least one value, e.g. ["a"], or use '
            "[{'exists': false}] to match a missing field"
        )
    predicate, exists_true, exists_false = compile_values(values, where)

    def leaf(value: Any) -> bool:
        if value.__class__ in _SCALARS:
            return exists_true or predicate(value)
        if value is _MISSING:
            return exists_false
        if isinstance(value, (list, tuple)):
            return _any_leaf(value, predicate, exists_true, exists_false)
        if isinstance(value, Mapping):
            return exists_false
        return exists_true or predicate(value)

    return leaf


def _any_leaf(items: Any, predicate: Predicate, exists_true: bool, exists_false: bool) -> bool:
    """An event array matches through any of its scalars; with none it counts as missing."""
    seen = False
    for item in _leaves(items):
        if exists_true or predicate(item):
            return True
        seen = True
    return exists_false and not seen


def _flattened(items: Any) -> Iterator[Any]:
    """The items of an event array and of the arrays inside it, in order, at any depth.

    A loop over a stack, not recursion: an event's arrays may nest deeper than Python recurses.
    """
    stack = [iter(items)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, (list, tuple)):
                stack.append(iter(item))
                break
            yield item
        else:
            stack.pop()


def _leaves(items: Any) -> Iterator[Any]:
    return (item for item in _flattened(items) if not isinstance(item, Mapping))


def _objects(items: Any) -> Iterator[Mapping[str, Any]]:
    return (item for item in _flattened(items) if isinstance(item, Mapping))


def _nested_check(pattern: Mapping[Any, Any], where: str, depth: int) -> Check:
    match, matches_absent = _compile_object(pattern, where, depth)

    def nested(value: Any) -> bool:
        if value.__class__ is dict:
            return match(value)
        if value is _MISSING or value.__class__ in _SCALARS:
            return matches_absent
        if isinstance(value, (list, tuple)):
            seen = False
            for item in _objects(value):
                if match(item):
                    return True
                seen = True
            return matches_absent and not seen
        return match(value) if isinstance(value, Mapping) else matches_absent

    return nested


def _plain_copy(value: Any) -> Any:
    """A JSON-compatible deep copy, so later changes to the caller's dict cannot drift."""
    if isinstance(value, Mapping):
        return {key: _plain_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_copy(item) for item in value]
    return value
