"""Whatever JSON a function is invoked with, dispatch raises nothing but the library's own errors.

A router with a handler for every source reads every public attribute of the typed event (and of
its records), so lazy parsing is exercised too. Only ``RouterError`` subclasses may escape: bad
input gets a clear, documented error, never a KeyError or AttributeError from inside.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambda_universal_router import Router, RouterError
from lambda_universal_router._sources import BY_NAME
from tests.test_classify import AWS_KEYS

#: CloudFormation answers by calling the event's ResponseURL: not with generated URLs.
SKIPPED = {"cloudformation", "http"}


def read_everything(value: Any, depth: int = 0) -> None:
    """Touch every public, non-callable attribute, recursing into typed objects and lists."""
    if depth > 3 or value is None or isinstance(value, (str, bytes, int, float, bool, dict)):
        return
    if isinstance(value, (list, tuple)):
        for item in value[:5]:
            read_everything(item, depth + 1)
        return
    for name in dir(value):
        if name.startswith("_"):
            continue
        attribute = getattr(value, name)
        if not callable(attribute):
            read_everything(attribute, depth + 1)


def handler(event: Any, context: Any) -> None:
    read_everything(event)


def everything_router() -> Router:
    router = Router()
    for name in BY_NAME:
        if name not in SKIPPED:
            router.add_handler(name, handler)
    router.get("/{path+}")(handler)
    router.custom()(handler)
    return router


ROUTER = everything_router()

leaves = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
)
json_values = st.recursive(
    leaves,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(AWS_KEYS) | st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=15,
)
events = st.dictionaries(st.sampled_from(AWS_KEYS) | st.text(max_size=8), json_values, max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events)
def test_dispatch_raises_only_library_errors(event: dict[str, Any]) -> None:
    with contextlib.suppress(RouterError):
        ROUTER.dispatch(event, {})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(BY_NAME)), json_values)
def test_records_of_any_shape_raise_only_library_errors(source: str, record: Any) -> None:
    raw = {"Records": [record], "records": [record]}
    if source in ("sqs", "sns", "s3", "dynamodb", "kinesis", "ses", "codecommit"):
        tag = {"sns": "EventSource"}.get(source, "eventSource")
        raw = {"Records": [{tag: f"aws:{source}", **(record if isinstance(record, dict) else {})}]}
    with contextlib.suppress(RouterError):
        ROUTER.dispatch(json.loads(json.dumps(raw)), {})
