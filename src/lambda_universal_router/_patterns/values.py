"""What one leaf array of an EventBridge event pattern accepts, compiled to a single predicate.

A leaf array such as ``["a", 3, {"prefix": "x"}]`` becomes one function over a single event leaf
value (a string, number, boolean or null): exact values are looked up in sets, each operator object
is a closure built here once. ``exists`` is returned as flags, because it is about the field being
there at all, which only the caller (``_patterns.compile``) can see.

Numbers compare the way EventBridge documents numeric matching: equal when they agree to six
decimal places (so 300, 300.0 and 3.0e2 are the same number), and ``numeric`` ranges only hold
between -5.0e9 and 5.0e9.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lambda_universal_router._exceptions import ConfigurationError

Predicate = Callable[[Any], bool]

#: Operator names EventBridge accepts inside a leaf array (case-sensitive).
OPERATORS = (
    "anything-but",
    "cidr",
    "equals-ignore-case",
    "exists",
    "numeric",
    "prefix",
    "suffix",
    "wildcard",
)
_ANYTHING_BUT_OPERATORS = ("equals-ignore-case", "prefix", "suffix", "wildcard")

# Numeric matching holds between these bounds, inclusive, to six decimal places.
_NUMERIC_LIMIT = 5.0e9
_SCALE = 1_000_000

_COMPARISONS: dict[str, Callable[[int, int], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    "=": operator.eq,
    ">": operator.gt,
    ">=": operator.ge,
}


def _is_number(value: Any) -> bool:
    """True for JSON numbers; booleans are not numbers here, whatever Python says."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _number_key(value: float) -> object:
    """A hashable key under which numbers EventBridge considers equal collide."""
    if -_NUMERIC_LIMIT <= value <= _NUMERIC_LIMIT:
        return round(value * _SCALE)
    # Outside the numeric limits only plain equality is meaningful; the tuple keeps these keys
    # apart from the scaled integers above.
    return ("unscaled", value)


def _never(value: Any) -> bool:
    return False


def compile_values(values: Sequence[Any], where: str) -> tuple[Predicate, bool, bool]:
    """Compile a non-empty leaf array into ``(predicate, exists_true, exists_false)``.

    ``predicate(leaf)`` says whether one leaf value of the event matches any exact value or
    operator of the array; the two flags say whether the array also holds ``{"exists": true}``
    or ``{"exists": false}``.
    """
    strings: set[str] = set()
    numbers: set[object] = set()
    literals: set[str] = set()
    tests: list[Predicate] = []
    exists: set[bool] = set()
    for value in values:
        if isinstance(value, str):
            strings.add(value)
        elif value is None:
            literals.add("null")
        elif isinstance(value, bool):
            literals.add("true" if value else "false")
        elif _is_number(value):
            numbers.add(_number_key(_finite(value, where, "match values")))
        elif isinstance(value, Mapping):
            name, operand = _single_operator(value, where)
            if name == "exists":
                if not isinstance(operand, bool):
                    raise ConfigurationError(
                        f"{where}: exists takes true or false, got {operand!r}"
                    )
                exists.add(operand)
            else:
                tests.append(_OPERATOR_COMPILERS[name](operand, where))
        else:
            raise ConfigurationError(
                f"{where}: match values are strings, numbers, true, false, null or an operator "
                f"object like {{'prefix': 'abc'}}, got {value!r}"
            )

    if strings or numbers or literals:
        exact = _exact(
            frozenset(strings),
            frozenset(numbers),
            true="true" in literals,
            false="false" in literals,
            null="null" in literals,
        )
        tests.insert(0, exact)
    return _any_of(tests), True in exists, False in exists


def _exact(
    strings: frozenset[str], numbers: frozenset[object], *, true: bool, false: bool, null: bool
) -> Predicate:
    def exact(value: Any) -> bool:
        if isinstance(value, str):
            return value in strings
        if value is None:
            return null
        if value is True:
            return true
        if value is False:
            return false
        return _is_number(value) and _number_key(value) in numbers

    return exact


def _any_of(tests: list[Predicate]) -> Predicate:
    if not tests:
        return _never
    if len(tests) == 1:
        return tests[0]
    all_tests = tuple(tests)

    def any_of(value: Any) -> bool:
        return any(test(value) for test in all_tests)

    return any_of


def _single_operator(value: Mapping[Any, Any], where: str) -> tuple[str, Any]:
    if len(value) != 1:
        raise ConfigurationError(
            f"{where}: an operator object holds exactly one operator, got {value!r}; put each "
            "operator in its own object of the array to match any of them"
        )
    ((name, operand),) = value.items()
    if name not in _OPERATOR_COMPILERS and name != "exists":
        raise ConfigurationError(
            f"{where}: unknown operator {name!r}; EventBridge accepts {', '.join(OPERATORS)} "
            "(operator names are case-sensitive)"
        )
    return name, operand


def _finite(value: float, where: str, what: str) -> float:
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigurationError(f"{where}: {what} must be finite numbers, got {value!r}")
    return value


def _string(operand: Any, where: str, name: str) -> str:
    if not isinstance(operand, str):
        raise ConfigurationError(f"{where}: {name} takes a string, got {operand!r}")
    return operand


def _strings(operand: Any, where: str, name: str, *, allow_empty: bool = True) -> tuple[str, ...]:
    """A string or a non-empty list of strings, as the anything-but forms take them."""
    items = operand if isinstance(operand, list) else [operand]
    if not items or not all(isinstance(item, str) for item in items):
        raise ConfigurationError(
            f"{where}: {name} takes a string or a non-empty list of strings, got {operand!r}"
        )
    if not allow_empty and "" in items:
        raise ConfigurationError(f"{where}: {name} cannot be an empty string")
    return tuple(items)


# --- prefix, suffix, equals-ignore-case ---------------------------------------------------------


def _prefix(operand: Any, where: str) -> Predicate:
    if isinstance(operand, Mapping):
        folded = _ignore_case_operand(operand, where, "prefix")

        def prefix_ignore_case(value: Any) -> bool:
            return isinstance(value, str) and value.casefold().startswith(folded)

        return prefix_ignore_case
    prefix = _string(operand, where, "prefix")

    def prefix_match(value: Any) -> bool:
        return isinstance(value, str) and value.startswith(prefix)

    return prefix_match


def _suffix(operand: Any, where: str) -> Predicate:
    if isinstance(operand, Mapping):
        folded = _ignore_case_operand(operand, where, "suffix")

        def suffix_ignore_case(value: Any) -> bool:
            return isinstance(value, str) and value.casefold().endswith(folded)

        return suffix_ignore_case
    suffix = _string(operand, where, "suffix")

    def suffix_match(value: Any) -> bool:
        return isinstance(value, str) and value.endswith(suffix)

    return suffix_match


def _ignore_case_operand(operand: Mapping[Any, Any], where: str, name: str) -> str:
    if list(operand) != ["equals-ignore-case"]:
        raise ConfigurationError(
            f"{where}: {name} takes a string or {{'equals-ignore-case': 'text'}}, got {operand!r}"
        )
    return _string(operand["equals-ignore-case"], where, f"{name} equals-ignore-case").casefold()


def _equals_ignore_case(operand: Any, where: str) -> Predicate:
    folded = _string(operand, where, "equals-ignore-case").casefold()

    def equals_ignore_case(value: Any) -> bool:
        return isinstance(value, str) and value.casefold() == folded

    return equals_ignore_case


# --- wildcard -----------------------------------------------------------------------------------


def _compile_wildcard(text: str, where: str) -> Callable[[str], bool]:
    """A matcher for one wildcard string: ``*`` is any run of characters, ``\\*`` a star.

    The matcher anchors the first and last literal pieces and finds the middle ones leftmost in
    order, which is exact for ``*``-only globs and never backtracks.
    """
    pieces = _wildcard_pieces(text, where)
    if len(pieces) == 1:
        (literal,) = pieces
        return literal.__eq__
    first, *middle, last = pieces
    shortest = sum(map(len, pieces))
    if not middle:

        def one_star(value: str) -> bool:
            return len(value) >= shortest and value.startswith(first) and value.endswith(last)

        return one_star

    def many_stars(value: str) -> bool:
        if len(value) < shortest or not value.startswith(first) or not value.endswith(last):
            return False
        position, end = len(first), len(value) - len(last)
        for piece in middle:
            found = value.find(piece, position, end)
            if found < 0:
                return False
            position = found + len(piece)
        return True

    return many_stars


def _wildcard_pieces(text: str, where: str) -> list[str]:
    """The literal pieces between the stars of ``text``, escapes resolved."""
    pieces: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            escaped = text[index + 1 : index + 2]
            if escaped not in ("*", "\\"):
                raise ConfigurationError(
                    f"{where}: wildcard {text!r} has a backslash at index {index} that escapes "
                    f"{escaped or 'nothing'!r}; only '\\*' (a literal star) and '\\\\' (a literal "
                    "backslash) are allowed"
                )
            current.append(escaped)
            index += 2
        elif char == "*":
            if text[index + 1 : index + 2] == "*":
                raise ConfigurationError(
                    f"{where}: wildcard {text!r} has consecutive '*' at index {index}; "
                    "one '*' already matches any run of characters"
                )
            pieces.append("".join(current))
            current = []
            index += 1
        else:
            current.append(char)
            index += 1
    pieces.append("".join(current))
    return pieces


def _wildcard(operand: Any, where: str) -> Predicate:
    glob = _compile_wildcard(_string(operand, where, "wildcard"), where)

    def wildcard(value: Any) -> bool:
        return isinstance(value, str) and glob(value)

    return wildcard


# --- anything-but -------------------------------------------------------------------------------


def _anything_but(operand: Any, where: str) -> Predicate:
    """Matches every present leaf value the operand does not describe (null and numbers too)."""
    if isinstance(operand, Mapping):
        return _anything_but_operator(operand, where)
    items = operand if isinstance(operand, list) else [operand]
    if items and all(isinstance(item, str) for item in items):
        excluded = frozenset(items)

        def anything_but_string(value: Any) -> bool:
            return not (isinstance(value, str) and value in excluded)

        return anything_but_string
    if items and all(_is_number(item) for item in items):
        keys = frozenset(_number_key(_finite(item, where, "anything-but values")) for item in items)

        def anything_but_number(value: Any) -> bool:
            return not (_is_number(value) and _number_key(value) in keys)

        return anything_but_number
    raise ConfigurationError(
        f"{where}: anything-but takes a string, a number, a non-empty list of only strings or "
        f"only numbers, or one of {', '.join(_ANYTHING_BUT_OPERATORS)} in an object, "
        f"got {operand!r}"
    )


def _anything_but_operator(operand: Mapping[Any, Any], where: str) -> Predicate:
    if len(operand) != 1 or next(iter(operand)) not in _ANYTHING_BUT_OPERATORS:
        raise ConfigurationError(
            f"{where}: anything-but takes one of {', '.join(_ANYTHING_BUT_OPERATORS)} in an "
            f"object, got {operand!r}"
        )
    ((name, inner),) = operand.items()
    label = f"anything-but {name}"
    if name == "prefix":
        prefixes = _strings(inner, where, label, allow_empty=False)

        def anything_but_prefix(value: Any) -> bool:
            return not (isinstance(value, str) and value.startswith(prefixes))

        return anything_but_prefix
    if name == "suffix":
        suffixes = _strings(inner, where, label, allow_empty=False)

        def anything_but_suffix(value: Any) -> bool:
            return not (isinstance(value, str) and value.endswith(suffixes))

        return anything_but_suffix
    if name == "equals-ignore-case":
        folded = frozenset(item.casefold() for item in _strings(inner, where, label))

        def anything_but_ignore_case(value: Any) -> bool:
            return not (isinstance(value, str) and value.casefold() in folded)

        return anything_but_ignore_case
    globs = tuple(_compile_wildcard(item, where) for item in _strings(inner, where, label))

    def anything_but_wildcard(value: Any) -> bool:
        return not (isinstance(value, str) and any(glob(value) for glob in globs))

    return anything_but_wildcard


# --- numeric ------------------------------------------------------------------------------------


def _numeric(operand: Any, where: str) -> Predicate:
    """One comparison (``[">", 0]``) or a lower then an upper bound (``[">", 0, "<=", 5]``)."""
    pairs = _numeric_pairs(operand, where)
    if len(pairs) > 2:
        raise ConfigurationError(
            f"{where}: numeric takes one comparison or a range of two, got {operand!r}"
        )
    if len(pairs) == 2:
        (low_op, low), (high_op, high) = pairs
        if low_op not in (">", ">=") or high_op not in ("<", "<="):
            raise ConfigurationError(
                f"{where}: a numeric range is a lower bound ('>' or '>=') followed by an upper "
                f"bound ('<' or '<='), got {operand!r}"
            )
        if low >= high:
            raise ConfigurationError(
                f"{where}: numeric range {operand!r} is empty; its lower bound must be less than "
                "its upper bound"
            )
    comparisons = [(_COMPARISONS[op], round(bound * _SCALE)) for op, bound in pairs]
    if len(comparisons) == 1:
        comparisons.append((_always, 0))
    (first, first_bound), (second, second_bound) = comparisons

    def numeric(value: Any) -> bool:
        if not _is_number(value) or not -_NUMERIC_LIMIT <= value <= _NUMERIC_LIMIT:
            return False
        key = round(value * _SCALE)
        return first(key, first_bound) and second(key, second_bound)

    return numeric


def _always(key: int, bound: int) -> bool:
    return True


def _numeric_pairs(operand: Any, where: str) -> list[tuple[str, float]]:
    if (
        not isinstance(operand, list)
        or not operand
        or len(operand) % 2
        or not all(isinstance(op, str) and op in _COMPARISONS for op in operand[::2])
        or not all(_is_number(bound) for bound in operand[1::2])
    ):
        raise ConfigurationError(
            f"{where}: numeric expects pairs of comparison operator and number, got {operand!r}; "
            f"operators are {', '.join(_COMPARISONS)}, e.g. ['>', 0, '<=', 5]"
        )
    bounds = operand[1::2]
    if not all(-_NUMERIC_LIMIT <= bound <= _NUMERIC_LIMIT for bound in bounds):
        raise ConfigurationError(
            f"{where}: numeric matching works between -5.0e9 and 5.0e9 inclusive, got {operand!r}"
        )
    return list(zip(operand[::2], bounds, strict=True))


# --- cidr ---------------------------------------------------------------------------------------


def _cidr(operand: Any, where: str) -> Predicate:
    import ipaddress

    if not isinstance(operand, str):
        raise ConfigurationError(
            f"{where}: cidr takes a string like '10.0.0.0/24' or '2001:db8::/32', got {operand!r}"
        )
    _, slash, bits = operand.partition("/")
    if not slash or not (bits.isascii() and bits.isdigit()):
        raise ConfigurationError(
            f"{where}: cidr {operand!r} is not 'address/prefix-length' like '10.0.0.0/24'"
        )
    try:
        network = ipaddress.ip_network(operand, strict=False)
    except ValueError as error:
        raise ConfigurationError(f"{where}: cidr {operand!r} is not valid: {error}") from None
    low, high = int(network.network_address), int(network.broadcast_address)
    if network.version == 4:

        def cidr_v4(value: Any) -> bool:
            if not isinstance(value, str):
                return False
            number = _ipv4(value)
            return number is not None and low <= number <= high

        return cidr_v4
    parse = ipaddress.IPv6Address

    def cidr_v6(value: Any) -> bool:
        if not isinstance(value, str) or ":" not in value:
            return False
        try:
            number = int(parse(value))
        except ValueError:
            return False
        return low <= number <= high

    return cidr_v6


def _ipv4(text: str) -> int | None:
    """A dotted-quad IPv4 address as an integer, as strictly as ``ipaddress`` reads it, faster."""
    parts = text.split(".")
    if len(parts) != 4:
        return None
    number = 0
    for part in parts:
        if not (part.isascii() and part.isdigit() and len(part) <= 3):
            return None
        if len(part) > 1 and part[0] == "0":
            return None
        octet = int(part)
        if octet > 255:
            return None
        number = number << 8 | octet
    return number


_OPERATOR_COMPILERS: dict[str, Callable[[Any, str], Predicate]] = {
    "anything-but": _anything_but,
    "cidr": _cidr,
    "equals-ignore-case": _equals_ignore_case,
    "numeric": _numeric,
    "prefix": _prefix,
    "suffix": _suffix,
    "wildcard": _wildcard,
}
