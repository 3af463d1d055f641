"""Middleware for every source: order, scope, batches, async, and no cost without it."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest

from lambda_universal_router import ConfigurationError, Router, RouterFrozenError, testing
from lambda_universal_router._decorators import Decorators

Next = Any


def _tracer(trail: list[str], name: str) -> Any:
    def middleware(event: Any, context: Any, call_next: Next) -> Any:
        trail.append(f"{name}>")
        result = call_next(event, context)
        trail.append(f"<{name}")
        return result

    middleware.__name__ = name
    return middleware


def _failures(answer: dict[str, Any]) -> list[str]:
    return [entry["itemIdentifier"] for entry in answer["batchItemFailures"]]


# --- order and scope -----------------------------------------------------------------------------


def test_order_is_parent_then_child_then_handler_own() -> None:
    trail: list[str] = []
    child = Router()
    child.middleware(_tracer(trail, "child1"))
    child.middleware(_tracer(trail, "child2"))

    @child.sqs(per_record=True, middlewares=[_tracer(trail, "own")])
    def handle(message: Any, context: Any) -> None:
        trail.append("handler")

    app = Router()
    app.middleware(_tracer(trail, "parent1"))
    app.include(child)
    app.middleware(_tracer(trail, "parent2"))

    app.dispatch(testing.sqs(["x"]))

    assert trail == [
        "parent1>",
        "parent2>",
        "child1>",
        "child2>",
        "own>",
        "handler",
        "<own",
        "<child2",
        "<child1",
        "<parent2",
        "<parent1",
    ]


def test_a_childs_middleware_never_runs_for_the_parents_handlers() -> None:
    trail: list[str] = []
    child = Router()
    child.middleware(_tracer(trail, "child"))

    @child.sqs(queue="child-queue", per_record=True)
    def childs(message: Any, context: Any) -> None:
        trail.append("childs")

    app = Router()

    @app.sqs(queue="app-queue", per_record=True)
    def apps(message: Any, context: Any) -> None:
        trail.append("apps")

    app.include(child)
    app.dispatch(testing.sqs(["x"], queue="app-queue"))
    assert trail == ["apps"]
    app.dispatch(testing.sqs(["x"], queue="child-queue"))
    assert trail == ["apps", "child>", "childs", "<child"]


def test_sources_limits_a_middleware_to_those_sources() -> None:
    trail: list[str] = []
    app = Router()
    app.middleware(sources=["sqs", "kinesis"])(_tracer(trail, "batches"))
    app.middleware(sources=["http"])(_tracer(trail, "http"))

    @app.sqs()
    def queue(event: Any, context: Any) -> None:
        trail.append("sqs")

    @app.eventbridge()
    def bus(event: Any, context: Any) -> None:
        trail.append("eventbridge")

    app.dispatch(testing.sqs(["x"]))
    app.dispatch(testing.eventbridge())
    assert trail == ["batches>", "sqs", "<batches", "eventbridge"]


def test_unknown_sources_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="sqss"):
        Router().middleware(sources=["sqss"])
    with pytest.raises(ConfigurationError, match="unknown sources"):
        Router().middleware(sources=[])


@pytest.mark.parametrize("bad", [42, "mw", [42]])
def test_middlewares_must_be_a_list_of_functions(bad: Any) -> None:
    decorator = Router().sqs(middlewares=bad)
    with pytest.raises(ConfigurationError, match="middlewares="):
        decorator(lambda event, context: None)


def test_middleware_after_dispatch_is_refused() -> None:
    app = Router()

    @app.custom()
    def anything(event: Any, context: Any) -> None: ...

    app.dispatch({"x": 1})
    with pytest.raises(RouterFrozenError):
        app.middleware(_tracer([], "late"))


def _decorators() -> list[str]:
    return sorted(
        name
        for name, member in inspect.getmembers(Decorators, inspect.isfunction)
        if not name.startswith("_")
    )


_HTTP = ("route", "apigateway", "get", "post", "put", "patch", "delete", "head", "options", "any")


def test_the_decorators_cover_http_and_the_1_0_sources() -> None:
    batch = ["sqs", "s3", "dynamodb", "kinesis", "sns", "eventbridge", "kafka", "custom"]
    assert set(_decorators()) >= {*_HTTP, *batch}


@pytest.mark.parametrize("name", _decorators())
def test_every_decorator_takes_middlewares(name: str) -> None:
    app = Router()
    middleware = _tracer([], "own")
    arguments = ("/x",) if name in _HTTP else ()

    @getattr(app, name)(*arguments, middlewares=[middleware])
    def handle(event: Any, context: Any) -> None: ...

    assert app.routes()[-1].middlewares == (middleware,)


@pytest.mark.parametrize(
    ("decorate", "event"),
    [
        (lambda r, m: r.eventbridge(middlewares=m), testing.eventbridge()),
        (lambda r, m: r.websocket(middlewares=m), testing.websocket("$connect")),
        (lambda r, m: r.schedule(middlewares=m), testing.scheduled_event()),
        (lambda r, m: r.custom(middlewares=m), {"anything": True}),
        (lambda r, m: r.kafka(middlewares=m), testing.kafka()),
        (lambda r, m: r.s3_batch(middlewares=m), testing.s3_batch()),
    ],
)
def test_a_handlers_own_middleware_runs_for_other_sources(decorate: Any, event: Any) -> None:
    trail: list[str] = []
    app = Router()

    @decorate(app, [_tracer(trail, "own")])
    def handle(event: Any, context: Any) -> None:
        trail.append(type(event).__name__)

    app.dispatch(event)
    assert trail[0] == "own>" and trail[-1] == "<own" and len(trail) == 3


def test_a_middleware_may_answer_instead_of_the_handler() -> None:
    app = Router()

    def refuse(event: Any, context: Any, call_next: Next) -> Any:
        return {"refused": event.raw_event["kind"]}

    @app.custom(middlewares=[refuse])
    def never(event: Any, context: Any) -> None:
        raise AssertionError("not called")

    assert app.dispatch({"kind": "x"}) == {"refused": "x"}


# --- what the event is ---------------------------------------------------------------------------


def test_per_record_middleware_receives_one_record_and_whole_batch_the_event() -> None:
    seen: list[str] = []

    def record_type(event: Any, context: Any, call_next: Next) -> Any:
        seen.append(type(event).__name__)
        return call_next(event, context)

    app = Router()
    app.middleware(record_type)

    @app.sqs(queue="one", per_record=True)
    def one(message: Any, context: Any) -> None: ...

    @app.sqs(queue="all")
    def whole(event: Any, context: Any) -> None: ...

    app.dispatch(testing.sqs(["a", "b"], queue="one"))
    app.dispatch(testing.sqs(["a", "b"], queue="all"))
    assert seen == ["SQSMessage", "SQSMessage", "SQSEvent"]


# --- batches: a middleware failure fails the record ----------------------------------------------


def _refuse_body(body: str) -> Any:
    def middleware(record: Any, context: Any, call_next: Next) -> Any:
        if record.body == body:
            raise PermissionError(f"refused {body}")
        return call_next(record, context)

    return middleware


def test_a_middleware_raising_for_a_record_fails_that_record_only() -> None:
    app = Router()
    app.middleware(_refuse_body("bad"))
    handled: list[str] = []

    @app.sqs(per_record=True)
    def handle(message: Any, context: Any) -> None:
        handled.append(message.body)

    event = testing.sqs(["ok", "bad", "fine"])
    assert _failures(app.dispatch(event)) == [event["Records"][1]["messageId"]]
    assert handled == ["ok", "fine"]


def test_a_middleware_failure_follows_the_fifo_group_rule() -> None:
    app = Router()
    app.middleware(_refuse_body("a2"))
    handled: list[str] = []

    @app.sqs(per_record=True)
    def handle(message: Any, context: Any) -> None:
        handled.append(message.body)

    event = testing.sqs(["a1", "b1", "a2", "b2", "a3"], group_id=["A", "B", "A", "B", "A"])
    ids = [record["messageId"] for record in event["Records"]]
    assert _failures(app.dispatch(event)) == [ids[2], ids[4]]
    assert handled == ["a1", "b1", "b2"]


def test_a_middleware_failure_stops_a_stream_at_that_record() -> None:
    app = Router()

    def refuse_second(record: Any, context: Any, call_next: Next) -> Any:
        if record.data == b"2":
            raise ValueError("no")
        return call_next(record, context)

    @app.kinesis(per_record=True, middlewares=[refuse_second])
    def handle(record: Any, context: Any) -> None: ...

    event = testing.kinesis(["1", "2", "3"])
    numbers = [record["kinesis"]["sequenceNumber"] for record in event["Records"]]
    assert _failures(app.dispatch(event)) == numbers[1:]


def test_a_whole_batch_middleware_failure_propagates_like_the_handlers() -> None:
    app = Router()

    def broken(event: Any, context: Any, call_next: Next) -> Any:
        raise RuntimeError("broken")

    @app.sqs(middlewares=[broken])
    def whole(event: Any, context: Any) -> None: ...

    with pytest.raises(RuntimeError, match="broken"):
        app.dispatch(testing.sqs(["x"]))


# --- async -------------------------------------------------------------------------------------


def test_async_middleware_awaits_an_async_handler() -> None:
    app = Router()
    trail: list[str] = []

    async def timing(event: Any, context: Any, call_next: Next) -> Any:
        trail.append("before")
        result = await call_next(event, context)
        trail.append(f"after {result}")
        return result

    @app.custom(middlewares=[timing])
    async def handle(event: Any, context: Any) -> str:
        await asyncio.sleep(0)
        return "done"

    assert app.dispatch({"x": 1}) == "done"
    assert trail == ["before", "after done"]


def test_a_plain_middleware_around_an_async_handler_gets_the_finished_result() -> None:
    app = Router()
    results: list[Any] = []

    def plain(event: Any, context: Any, call_next: Next) -> Any:
        result = call_next(event, context)
        results.append(result)
        return result

    @app.custom(middlewares=[plain])
    async def handle(event: Any, context: Any) -> int:
        return 7

    assert app.dispatch({"x": 1}) == 7
    assert results == [7]


def test_an_async_middleware_around_a_sync_handler() -> None:
    app = Router()

    async def doubling(event: Any, context: Any, call_next: Next) -> Any:
        return 2 * await call_next(event, context)

    @app.custom(middlewares=[doubling])
    def handle(event: Any, context: Any) -> int:
        return 21

    assert app.dispatch({"x": 1}) == 42


def test_async_outside_plain_outside_async_runs_on_one_loop_without_blocking() -> None:
    app = Router()
    loops: list[Any] = []

    async def outer(event: Any, context: Any, call_next: Next) -> Any:
        loops.append(asyncio.get_running_loop())
        return ["outer", *await call_next(event, context)]

    def middle(event: Any, context: Any, call_next: Next) -> Any:
        return ["middle", *call_next(event, context)]

    @app.custom(middlewares=[outer, middle])
    async def handle(event: Any, context: Any) -> list[str]:
        loops.append(asyncio.get_running_loop())
        return ["handler"]

    assert app.dispatch({"x": 1}) == ["outer", "middle", "handler"]
    assert loops[0] is loops[1]


def test_async_per_record_chains_fail_records_too() -> None:
    app = Router()

    async def refuse(record: Any, context: Any, call_next: Next) -> Any:
        if record.body == "bad":
            raise ValueError("bad")
        return await call_next(record, context)

    @app.sqs(per_record=True, middlewares=[refuse])
    async def handle(message: Any, context: Any) -> None:
        await asyncio.sleep(0)

    event = testing.sqs(["good", "bad"])
    assert _failures(app.dispatch(event)) == [event["Records"][1]["messageId"]]


def test_dispatch_async_runs_async_middleware_on_the_callers_loop() -> None:
    app = Router()
    loops: list[Any] = []

    async def record_loop(event: Any, context: Any, call_next: Next) -> Any:
        loops.append(asyncio.get_running_loop())
        return await call_next(event, context)

    @app.custom(middlewares=[record_loop])
    async def handle(event: Any, context: Any) -> str:
        return "ok"

    async def main() -> Any:
        loops.append(asyncio.get_running_loop())
        return await app.dispatch_async({"x": 1})

    assert asyncio.run(main()) == "ok"
    assert loops[0] is loops[1]


# --- cost ----------------------------------------------------------------------------------------


def test_without_middleware_handlers_are_called_directly() -> None:
    app = Router()

    @app.sqs(per_record=True)
    def handle(message: Any, context: Any) -> None: ...

    @app.get("/x")
    def get_x(event: Any, context: Any) -> None: ...

    app.dispatch(testing.sqs(["x"]))
    app.test_client().get("/x")
    sqs_registration, http_registration = app.routes()
    assert sqs_registration.call is handle
    assert http_registration.call is get_x
    assert app._route_table is not None
    assert all(route.chain is None for route in app._route_table.every_route())
