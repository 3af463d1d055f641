"""Whatever JSON a function is invoked with, dispatch raises nothing but the library's own errors.

Routers with a handler for every source read every public attribute of the typed event (and of
its records), so lazy parsing is exercised too, and check that each property returns the type it
promises (a ``str | None`` field never hands back a list). Only ``RouterError`` subclasses may
escape: bad input gets a clear, documented error, never a KeyError or AttributeError from inside.
An error inside a handler is recorded and asserted on, so it cannot hide behind an HTTP 500 or a
record reported failed.

Two kinds of input: arbitrary JSON, and the fixtures of every source (tests/events) mutated
(fields replaced by values of the wrong type, removed, or nested a thousand levels deep) and
dispatched through whole-batch, per-record, filtered, async and concurrent handlers.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lambda_universal_router import Router, RouterError
from lambda_universal_router._sources import BY_NAME
from lambda_universal_router.events._fields import TextField
from tests.conftest import EVENTS, load_event
from tests.test_classify import AWS_KEYS

#: CloudFormation answers by calling the event's ResponseURL: not with generated URLs.
SKIPPED = {"cloudformation", "http"}

#: Return annotations a property is checked against, and the types that keep the promise.
PROMISES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "str | None": (str, type(None)),
    "int": (int,),
    "int | None": (int, type(None)),
    "float | None": (int, float, type(None)),
    "bool": (bool,),
    "bool | None": (bool, type(None)),
    "bytes": (bytes,),
    "bytes | None": (bytes, type(None)),
    "dict[str, Any]": (dict,),
    "dict[str, Any] | None": (dict, type(None)),
    "dict[str, str]": (dict,),
    "list[str]": (list,),
    "list[dict[str, Any]]": (list,),
}


class BrokenPromise(AssertionError):
    """A typed property returned a value of another type than its annotation says."""


def check_promise(owner: type, name: str, value: Any) -> None:
    prop = getattr(owner, name, None)
    if isinstance(prop, TextField):
        promised: object = "str | None"
    elif isinstance(prop, property) and prop.fget is not None:
        promised = prop.fget.__annotations__.get("return")
    else:
        return
    kinds = PROMISES.get(promised) if isinstance(promised, str) else None
    if kinds is None:
        return
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise BrokenPromise(
            f"{owner.__name__}.{name} promises {promised}, returned {type(value).__name__}"
        )


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
        check_promise(type(value), name, attribute)
        if not callable(attribute):
            read_everything(attribute, depth + 1)


#: Errors other than the library's own raised inside handlers (threads included).
HANDLER_ERRORS: list[BaseException] = []
_LOCK = threading.Lock()


def handler(event: Any, context: Any) -> None:
    try:
        read_everything(event)
    except RouterError:
        raise
    except Exception as error:
        with _LOCK:
            HANDLER_ERRORS.append(error)
        raise


async def async_handler(event: Any, context: Any) -> None:
    handler(event, context)


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


def assert_no_handler_errors() -> None:
    errors, HANDLER_ERRORS[:] = list(HANDLER_ERRORS), []
    if errors:
        raise errors[0]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events)
def test_dispatch_raises_only_library_errors(event: dict[str, Any]) -> None:
    with contextlib.suppress(RouterError):
        ROUTER.dispatch(event, {})
    assert_no_handler_errors()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(BY_NAME)), json_values)
def test_records_of_any_shape_raise_only_library_errors(source: str, record: Any) -> None:
    raw = {"Records": [record], "records": [record]}
    if source in ("sqs", "sns", "s3", "dynamodb", "kinesis", "ses", "codecommit"):
        tag = {"sns": "EventSource"}.get(source, "eventSource")
        raw = {"Records": [{tag: f"aws:{source}", **(record if isinstance(record, dict) else {})}]}
    with contextlib.suppress(RouterError):
        ROUTER.dispatch(json.loads(json.dumps(raw)), {})
    assert_no_handler_errors()


# --- fixtures of every source, mutated, through every kind of handler ---------------------------

#: A filtered registration for every source whose decorator takes filters: the filters are
#: evaluated against whatever the mutated event holds (the unfiltered handler takes the rest).
FILTERED: dict[str, Callable[[Router], Callable[[Any], Any]]] = {
    "websocket": lambda r: r.websocket("$connect"),
    "authorizer": lambda r: r.authorizer("token"),
    "cognito": lambda r: r.cognito("PreSignUp_SignUp"),
    "cognito_sync": lambda r: r.cognito_sync(dataset="settings"),
    "appsync": lambda r: r.appsync("Query", "getPost"),
    "appsync_events": lambda r: r.appsync_events(
        namespace="chat", channel="/chat/*", operation="PUBLISH"
    ),
    "lex": lambda r: r.lex("OrderFlowers", invocation_source="DialogCodeHook"),
    "bedrock_agent": lambda r: r.bedrock_agent("/orders", "GET", action_group="orders"),
    "firehose": lambda r: r.firehose(delivery_stream="stream"),
    "cloudwatch_logs": lambda r: r.cloudwatch_logs("/aws/lambda/*"),
    "s3_object_lambda": lambda r: r.s3_object_lambda("GetObject", access_point="ap"),
    "cloudfront": lambda r: r.cloudfront(event_type="viewer-request", distribution_id="E1"),
    "iot": lambda r: r.iot("authorizer"),
    "iot_events": lambda r: r.iot_events(detector_model="model", event_name="alarm"),
    "ses": lambda r: r.ses(recipient="a@example.com"),
    "mq": lambda r: r.mq(queue="orders"),
    "documentdb": lambda r: r.documentdb(collection="c", database="d", operation_types="insert"),
    "codecommit": lambda r: r.codecommit(repository="repo"),
    "cloudwatch_alarm": lambda r: r.cloudwatch_alarm(alarm_name="high", state="ALARM"),
    "config_rule": lambda r: r.config_rule(
        rule_name="rule", message_type="ConfigurationItemChangeNotification"
    ),
    "secrets_rotation": lambda r: r.secrets_rotation("createSecret"),
    "lambda_destination": lambda r: r.lambda_destination(condition="Success", function="f"),
    "alexa": lambda r: r.alexa(request_type="IntentRequest", intent="HelloIntent"),
    "alexa_smart_home": lambda r: r.alexa_smart_home(namespace="Alexa.Discovery", name="Discover"),
    "transfer_family": lambda r: r.transfer_family(protocol="SFTP", server="s-123"),
}

#: Batch sources: a filtered and an unfiltered registration, with the handler kind's options.
BATCH: dict[str, Callable[..., Callable[[Any], Any]]] = {
    "sqs": lambda r, **options: r.sqs(queue="orders", **options),
    "sns": lambda r, **options: r.sns(topic="alerts", **options),
    "s3": lambda r, **options: r.s3(
        bucket="b", prefix="in/", suffix=".csv", events="ObjectCreated:*", **options
    ),
    "dynamodb": lambda r, **options: r.dynamodb(table="orders", event_names="INSERT", **options),
    "kinesis": lambda r, **options: r.kinesis(stream="clicks", **options),
    "kafka": lambda r, **options: r.kafka(topic="orders", **options),
    "eventbridge": lambda r, **options: r.eventbridge(
        source="shop",
        detail_type="Order",
        pattern={"detail": {"status": ["paid"], "total": [{"numeric": [">", 0]}]}},
        **options,
    ),
}
UNFILTERED_BATCH: dict[str, Callable[..., Callable[[Any], Any]]] = {
    "sqs": Router.sqs,
    "sns": Router.sns,
    "s3": Router.s3,
    "dynamodb": Router.dynamodb,
    "kinesis": Router.kinesis,
    "kafka": Router.kafka,
    "eventbridge": Router.eventbridge,
}

#: Handler kind -> the options batch handlers get.
KINDS: dict[str, dict[str, Any]] = {
    "whole": {},
    "per_record": {"per_record": True},
    "async": {"per_record": True},
    "concurrent": {"per_record": True, "concurrency": 4},
}


def router_of(kind: str) -> Router:
    router = Router()
    function = async_handler if kind == "async" else handler
    options = KINDS[kind]
    for name, register in BATCH.items():
        register(router, **options)(function)
        UNFILTERED_BATCH[name](router, **options)(function)
    router.schedule("nightly")(function)
    for register in FILTERED.values():
        register(router)(function)
    for name in BY_NAME:
        if name not in SKIPPED and name not in BATCH:
            router.add_handler(name, function)
    router.get("/{path+}")(function)
    router.custom()(function)
    return router


ROUTERS = {kind: router_of(kind) for kind in KINDS}
FIXTURES = sorted(path.relative_to(EVENTS).as_posix() for path in EVENTS.rglob("*.json"))


def nested(kind: str, levels: int = 1000) -> Any:
    """A value nested ``levels`` deep: lists, objects, or the JSON text of either."""
    if kind == "list text":
        return "[" * levels + "]" * levels
    if kind == "object text":
        return '{"a": ' * levels + "1" + "}" * levels
    value: Any = 1
    for _ in range(levels):
        value = [value] if kind == "list" else {"a": value}
    return value


junk = st.recursive(
    leaves,
    lambda children: (
        st.lists(children, max_size=2) | st.dictionaries(st.text(max_size=4), children)
    ),
    max_leaves=4,
)
wrong_values = junk | st.sampled_from(["list", "object", "list text", "object text"]).map(nested)


def places(value: Any, depth: int = 0) -> list[tuple[Any, Any]]:
    """Every (container, key or index) of a decoded JSON document, to the depth fixtures use."""
    found: list[tuple[Any, Any]] = []
    if depth > 8:
        return found
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in items:
        found.append((value, key))
        found.extend(places(child, depth + 1))
    return found


@st.composite
def mutated_fixtures(draw: st.DrawFn) -> dict[str, Any]:
    """A fixture with one to three fields replaced by a wrong value or removed."""
    event: dict[str, Any] = load_event(draw(st.sampled_from(FIXTURES)))
    for _ in range(draw(st.integers(1, 3))):
        found = places(event)
        if not found:
            break
        container, key = draw(st.sampled_from(found))
        if isinstance(container, dict) and draw(st.booleans()):
            del container[key]
        else:
            container[key] = draw(wrong_values)
    return event


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_mutated_events_of_every_source_raise_only_library_errors(kind: str) -> None:
    router = ROUTERS[kind]

    @settings(
        max_examples=400,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(mutated_fixtures())
    def dispatch(event: dict[str, Any]) -> None:
        with contextlib.suppress(RouterError):
            router.dispatch(event, {})
        assert_no_handler_errors()

    dispatch()


def test_every_source_has_fixtures_to_mutate() -> None:
    sources = {fixture.split("/")[0] for fixture in FIXTURES}
    assert sources >= set(BY_NAME)
