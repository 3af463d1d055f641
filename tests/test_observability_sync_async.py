"""Sync and async mix under observability as they do without it.

Every combination of observability (on, off), middleware (none, plain or ``async def``, on the
router or on the handler), handler (plain, ``async def``), handler shape (whole-batch,
per-record, ``concurrency=``, HTTP) and entry point (``dispatch``, ``dispatch_async``): every
record succeeds, each middleware receives the finished result, and nothing hangs.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from types import CoroutineType
from typing import Any

import pytest

from lambda_universal_router import Response, Router, testing
from lambda_universal_router.observability import Observability
from tests.observability_support import output

pytestmark = pytest.mark.usefixtures("observability_reset")

#: Seconds a dispatch may take before the test calls it a hang.
GUARD = 10
BODIES = ["a", "b", "c"]

MIDDLEWARES = ["none", "router-sync", "router-async", "handler-sync", "handler-async"]
SHAPES = ["whole-batch", "per-record", "concurrency", "http"]
CASES = list(
    itertools.product(
        [False, True], MIDDLEWARES, ["sync", "async"], SHAPES, ["dispatch", "dispatch_async"]
    )
)


def guarded(run: Any) -> Any:
    """``run()`` in a daemon thread: a hang fails the test instead of blocking the suite."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = run()
        except BaseException as error:  # handed to the test below
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(GUARD)
    if thread.is_alive():
        pytest.fail(f"the dispatch did not return within {GUARD} s (a hang)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def entered(entry: str, router: Router, event: Any, context: Any) -> Any:
    if entry == "dispatch":
        return guarded(lambda: router.dispatch(event, context))

    async def main() -> Any:
        return await asyncio.wait_for(router.dispatch_async(event, context), GUARD)

    return guarded(lambda: asyncio.run(main()))


class Seen:
    """What middleware and handlers saw, from any thread or task."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.handled: list[Any] = []
        self.results: list[Any] = []

    def handler(self, subject: Any) -> None:
        with self.lock:
            self.handled.append(subject)

    def result(self, result: Any) -> None:
        with self.lock:
            self.results.append(result)


def build(observed: bool, middleware: str, handler: str, shape: str, seen: Seen) -> Router:
    router = Router(observability=Observability(service="s")) if observed else Router()

    def plain(event: Any, context: Any, call_next: Any) -> Any:
        result = call_next(event, context)
        seen.result(result)
        return result

    async def awaiting(event: Any, context: Any, call_next: Any) -> Any:
        result = await call_next(event, context)
        seen.result(result)
        return result

    chosen = plain if middleware.endswith("-sync") else awaiting
    if middleware.startswith("router-"):
        router.middleware(chosen)
    layers = [chosen] if middleware.startswith("handler-") else []

    per_record = shape in ("per-record", "concurrency")
    answer: Any = {"ok": True} if shape == "http" else ("done" if per_record else None)

    def sync_handler(subject: Any, context: Any) -> Any:
        seen.handler(subject)
        return answer

    async def async_handler(subject: Any, context: Any) -> Any:
        await asyncio.sleep(0)
        seen.handler(subject)
        return answer

    function = sync_handler if handler == "sync" else async_handler
    if shape == "http":
        router.get("/books", middlewares=layers)(function)
    else:
        concurrency = 3 if shape == "concurrency" else 1
        router.sqs(queue="q", per_record=per_record, concurrency=concurrency, middlewares=layers)(
            function
        )
    return router


@pytest.mark.parametrize(("observed", "middleware", "handler", "shape", "entry"), CASES)
def test_every_combination_succeeds(
    observed: bool,
    middleware: str,
    handler: str,
    shape: str,
    entry: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    seen = Seen()
    router = build(observed, middleware, handler, shape, seen)
    context = testing.LambdaContext(aws_request_id="req-1")

    if shape == "http":
        answer = entered(entry, router, testing.http("GET", "/books"), context)
        assert answer["statusCode"] == 200, answer
        calls = 1
        if middleware != "none":
            assert len(seen.results) == 1
            assert type(seen.results[0]) is Response and seen.results[0].status_code == 200
    else:
        answer = entered(entry, router, testing.sqs(BODIES, queue="q"), context)
        # A whole-batch handler's None answer is Lambda's "all succeeded".
        assert answer == (None if shape == "whole-batch" else {"batchItemFailures": []})
        calls = len(BODIES) if shape != "whole-batch" else 1
        if middleware != "none":
            finished = "done" if shape != "whole-batch" else None
            assert seen.results == [finished] * calls
    assert len(seen.handled) == calls
    assert not any(type(result) is CoroutineType for result in seen.results)

    logs, metrics = output(capsys)
    if observed:
        assert [line for line in logs if line["level"] == "ERROR"] == []
        counted = dict.fromkeys(("Invocations", "Errors"), 0)
        for document in metrics:
            for name in counted:
                value = document.get(name, 0)
                counted[name] += sum(value) if isinstance(value, list) else value
        assert counted == {"Invocations": calls, "Errors": 0}


@pytest.mark.parametrize("entry", ["dispatch", "dispatch_async"])
def test_an_async_middleware_around_a_plain_handler_is_timed_and_fails_its_record(
    entry: str, capsys: pytest.CaptureFixture[str]
) -> None:
    router = Router(observability=Observability(service="s"))

    async def awaiting(event: Any, context: Any, call_next: Any) -> Any:
        return await call_next(event, context)

    @router.sqs(queue="q", per_record=True, middlewares=[awaiting])
    def handle(record: Any, context: Any) -> None:
        if record.body == "bad":
            raise ValueError("bad record")

    event = testing.sqs(["good", "bad"], queue="q")
    answer = entered(entry, router, event, testing.LambdaContext())

    bad_id = event["Records"][1]["messageId"]
    assert answer == {"batchItemFailures": [{"itemIdentifier": bad_id}]}
    _, metrics = output(capsys)
    errors = [document["Errors"] for document in metrics if "Errors" in document]
    assert errors == [1]  # the layer awaited the chain: the failure is the handler's


@pytest.mark.parametrize("observed", [False, True])
@pytest.mark.parametrize("entry", ["dispatch", "dispatch_async"])
def test_a_plain_middleware_around_an_async_handler_beside_async_handlers(
    observed: bool, entry: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The batch runs as tasks (another handler is async): the plain chain runs off the loop."""
    seen = Seen()
    router = Router(observability=Observability(service="s")) if observed else Router()

    def plain(event: Any, context: Any, call_next: Any) -> Any:
        result = call_next(event, context)
        seen.result(result)
        return result

    @router.sqs(queue="other", per_record=True)
    async def other(record: Any, context: Any) -> None:
        raise AssertionError("not reached")

    @router.sqs(queue="q", per_record=True, middlewares=[plain])
    async def handle(record: Any, context: Any) -> str:
        await asyncio.sleep(0)
        seen.handler(record.body)
        return "done"

    answer = entered(entry, router, testing.sqs(BODIES, queue="q"), testing.LambdaContext())

    assert answer == {"batchItemFailures": []}
    assert sorted(seen.handled) == BODIES
    assert seen.results == ["done"] * len(BODIES)
