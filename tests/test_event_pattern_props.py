"""Properties of EventBridge event pattern matching that hold for any event or pattern."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lambda_universal_router._exceptions import ConfigurationError
from lambda_universal_router._patterns.compile import compile_pattern

keys = st.text(alphabet="abcxyz-", min_size=1, max_size=4)
numbers = st.integers() | st.floats(allow_nan=False, allow_infinity=False)
scalars = st.none() | st.booleans() | numbers | st.text(max_size=8)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=3),
    max_leaves=12,
)
events = st.dictionaries(keys, json_values, max_size=4)


def matches(pattern: dict[str, Any], event: Any) -> bool:
    return compile_pattern(pattern).matches(event)


def exact_pattern(event: dict[str, Any]) -> dict[str, Any]:
    """A pattern naming, as exact values, leaves the event itself holds."""
    pattern: dict[str, Any] = {}
    for key, value in event.items():
        if isinstance(value, dict):
            nested = exact_pattern(value)
            if nested:
                pattern[key] = nested
        elif isinstance(value, list):
            leaves = list(scalar_leaves(value))
            if leaves:
                pattern[key] = leaves
            else:
                for item in objects(value):
                    nested = exact_pattern(item)
                    if nested:
                        pattern[key] = nested
                        break
        else:
            pattern[key] = [value]
    return pattern


def scalar_leaves(items: list[Any]) -> Any:
    for item in items:
        if isinstance(item, list):
            yield from scalar_leaves(item)
        elif not isinstance(item, dict):
            yield item


def objects(items: list[Any]) -> Any:
    for item in items:
        if isinstance(item, list):
            yield from objects(item)
        elif isinstance(item, dict):
            yield item


@given(events)
def test_a_pattern_of_the_events_own_leaves_matches_it(event: dict[str, Any]) -> None:
    pattern = exact_pattern(event)
    assume(pattern)
    assert matches(pattern, event)


@given(st.text(max_size=8) | numbers, scalars)
def test_anything_but_is_the_complement_of_an_exact_match(value: Any, other: Any) -> None:
    pattern = {"field": [{"anything-but": value}]}
    assert not matches(pattern, {"field": value})
    assert not matches(pattern, {"field": [value, value]})
    assert matches(pattern, {"field": other}) is not matches({"field": [value]}, {"field": other})


# Small patterns over few keys and values, so that random events often meet them.
small_keys = st.sampled_from(["a", "b", "c"])
small_values = st.sampled_from(["x", "y", "xy", "", 0, 1, 2.5, None, True])
small_events = st.dictionaries(
    small_keys, small_values | st.lists(small_values, max_size=3), max_size=3
)
operators = st.one_of(
    small_values,
    st.builds(lambda v: {"anything-but": v}, st.sampled_from(["x", "y", 1])),
    st.builds(lambda v: {"prefix": v}, st.sampled_from(["x", "", "y"])),
    st.builds(lambda v: {"exists": v}, st.booleans()),
    st.builds(lambda v: {"numeric": [">=", v]}, st.sampled_from([0, 1, 2])),
    st.builds(lambda v: {"wildcard": v}, st.sampled_from(["x*", "*y", "*"])),
)
small_patterns = st.dictionaries(
    small_keys, st.lists(operators, min_size=1, max_size=3), min_size=1
)


@given(small_patterns, small_patterns, small_events)
def test_or_matches_when_either_alternative_matches(
    first: dict[str, Any], second: dict[str, Any], event: dict[str, Any]
) -> None:
    either = matches({"$or": [first, second]}, event)
    assert either is (matches(first, event) or matches(second, event))


@given(small_patterns, small_patterns, small_events)
def test_fields_of_one_pattern_must_all_match(
    first: dict[str, Any], second: dict[str, Any], event: dict[str, Any]
) -> None:
    nested = {"left": first, "right": second}
    both = matches(nested, {"left": event, "right": event})
    assert both is (matches(first, event) and matches(second, event))


@given(st.one_of(st.just("missing"), json_values))
def test_exists_true_and_exists_false_disagree(value: Any) -> None:
    event = {} if value == "missing" else {"field": value}
    present = matches({"field": [{"exists": True}]}, event)
    absent = matches({"field": [{"exists": False}]}, event)
    assert present is not absent
    nested_present = matches({"outer": {"field": [{"exists": True}]}}, {"outer": event})
    nested_absent = matches({"outer": {"field": [{"exists": False}]}}, {"outer": event})
    assert nested_present is not nested_absent


# Thousandths within the numeric limits: far enough apart that six-decimal rounding never
# changes how two of them compare.
thousandths = st.integers(min_value=-5 * 10**12, max_value=5 * 10**12).map(lambda n: n / 1000)
bounded = thousandths | st.integers(min_value=-5 * 10**9, max_value=5 * 10**9)
COMPARE = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "=": lambda a, b: a == b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


@given(st.sampled_from(sorted(COMPARE)), bounded, bounded)
def test_numeric_comparison_agrees_with_python(operator: str, bound: float, value: float) -> None:
    expected = COMPARE[operator](value, bound)
    assert matches({"n": [{"numeric": [operator, bound]}]}, {"n": value}) is expected


@given(st.sampled_from([">", ">="]), st.sampled_from(["<", "<="]), bounded, bounded, bounded)
def test_numeric_range_agrees_with_python(
    low_op: str, high_op: str, low: float, high: float, value: float
) -> None:
    assume(low < high)
    expected = COMPARE[low_op](value, low) and COMPARE[high_op](value, high)
    pattern = {"n": [{"numeric": [low_op, low, high_op, high]}]}
    assert matches(pattern, {"n": value}) is expected


wildcards = st.text(alphabet="ab*", max_size=8).filter(lambda text: "**" not in text)


@given(wildcards, st.text(alphabet="ab", max_size=10))
def test_wildcard_agrees_with_a_regular_expression(wildcard: str, value: str) -> None:
    expected = re.fullmatch(".*".join(map(re.escape, wildcard.split("*"))), value, re.DOTALL)
    assert matches({"v": [{"wildcard": wildcard}]}, {"v": value}) is (expected is not None)


octets = st.sampled_from(["10", "0", "01", "255", "256", "1"]) | st.text(
    "0123456789+ x", max_size=4
)
dotted = st.lists(octets, min_size=1, max_size=5).map(".".join)


@given(dotted, st.sampled_from(["0.0.0.0/0", "10.0.0.0/8", "10.10.0.0/16"]))
def test_cidr_reads_ipv4_addresses_as_ipaddress_does(text: str, network: str) -> None:
    import ipaddress

    try:
        expected = ipaddress.IPv4Address(text) in ipaddress.IPv4Network(network)
    except ValueError:
        expected = False
    assert matches({"ip": [{"cidr": network}]}, {"ip": text}) is expected


string_operators = st.sampled_from(["prefix", "suffix", "equals-ignore-case", "wildcard"])


@given(string_operators, st.text(alphabet="aAbB", min_size=1, max_size=3), st.text("aAbBc"))
def test_anything_but_string_operators_are_complements(name: str, operand: str, value: str) -> None:
    plain = matches({"v": [{name: operand}]}, {"v": value})
    negated = matches({"v": [{"anything-but": {name: operand}}]}, {"v": value})
    assert plain is not negated


operator_names = st.sampled_from(
    [
        *("anything-but", "cidr", "equals-ignore-case", "exists", "numeric", "prefix", "suffix"),
        *("wildcard", "$or", "a", "b"),
    ]
)
anything = st.recursive(
    scalars | st.sampled_from(["10.0.0.0/8", "::/0", ">", "<=", "=", "a*b", "a\\*"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(operator_names, children, max_size=2)
    ),
    max_leaves=10,
)


@settings(deadline=None)
@given(st.dictionaries(operator_names, anything, max_size=3), json_values)
def test_any_input_compiles_or_raises_configuration_error(pattern: Any, event: Any) -> None:
    try:
        compiled = compile_pattern(pattern)
    except ConfigurationError:
        return
    assert compiled.matches({"a": event, "b": event}) in (True, False)
