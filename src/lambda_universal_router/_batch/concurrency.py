"""Running per-record work in order, in threads or in asyncio tasks, with ordering keys kept.

Work items that share an ordering key (an SQS FIFO message group, a Kinesis partition key, a
DynamoDB item key) form a lane and run strictly one after another; lanes run side by side. After a
failure the rest of its lane is not run; with ``STOP`` (streams, run sequentially) nothing after
the failure runs at all. Every function returns the indexes of the items that did not succeed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any, Protocol

from .rules import BLOCK_KEY, STOP


class Work(Protocol):
    """An item of a batch: its position, and the key it must stay in order with (or None)."""

    index: int
    key: Hashable | None


class _Order:
    """Which items may still run after the failures so far, under one policy."""

    __slots__ = ("blocked", "policy", "stopped")

    def __init__(self, policy: str) -> None:
        self.policy = policy
        self.blocked: set[Hashable] = set()
        self.stopped = False

    def skips(self, item: Work) -> bool:
        return self.stopped or (item.key is not None and item.key in self.blocked)

    def failed(self, item: Work) -> None:
        if self.policy == STOP:
            self.stopped = True
        elif self.policy == BLOCK_KEY and item.key is not None:
            self.blocked.add(item.key)


def run_sequentially(
    items: Sequence[Work], process: Callable[[Any], bool], policy: str
) -> set[int]:
    """Run every item in batch order; ``policy`` says what a failure does to the items after it."""
    failed: set[int] = set()
    order = _Order(policy)
    for item in items:
        if order.skips(item) or not process(item):
            failed.add(item.index)
            order.failed(item)
    return failed


def lanes(items: Sequence[Work]) -> list[list[Any]]:
    """Items grouped by ordering key, in first-appearance order; keyless items run alone."""
    by_key: dict[Hashable, list[Any]] = {}
    result: list[list[Any]] = []
    for item in items:
        if item.key is None:
            result.append([item])
            continue
        lane = by_key.get(item.key)
        if lane is None:
            lane = by_key[item.key] = []
            result.append(lane)
        lane.append(item)
    return result


def _run_lane(lane: list[Any], process: Callable[[Any], bool]) -> set[int]:
    for position, item in enumerate(lane):
        if not process(item):
            return {later.index for later in lane[position:]}
    return set()


def run_in_threads(items: Sequence[Work], process: Callable[[Any], bool], workers: int) -> set[int]:
    """Run lanes on up to ``workers`` threads; each lane stops at its first failure.

    Each lane runs in a copy of the caller's context variables (as asyncio tasks do), so what
    the invocation set there, such as the log correlation ids, is seen by its records.
    """
    from concurrent.futures import ThreadPoolExecutor
    from contextvars import copy_context

    caller = copy_context()
    failed: set[int] = set()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lambda-router") as pool:
        run = lambda lane: caller.copy().run(_run_lane, lane, process)  # noqa: E731
        for lane_failures in pool.map(run, lanes(items)):
            failed |= lane_failures
    return failed


async def run_as_tasks(
    items: Sequence[Work],
    process: Callable[[Any], Awaitable[bool]],
    workers: int,
    policy: str,
) -> set[int]:
    """Run lanes as asyncio tasks, at most ``workers`` items at once (sequentially when 1)."""
    if workers == 1:
        return await _sequential_async(items, process, policy)
    import asyncio

    gate = asyncio.Semaphore(workers)

    async def run_lane(lane: list[Any]) -> set[int]:
        for position, item in enumerate(lane):
            async with gate:
                ok = await process(item)
            if not ok:
                return {later.index for later in lane[position:]}
        return set()

    failed: set[int] = set()
    for lane_failures in await asyncio.gather(*(run_lane(lane) for lane in lanes(items))):
        failed |= lane_failures
    return failed


# NOTE: the async twin of run_sequentially, duplicated on purpose: one awaits, the other must not
# (a shared body would put a coroutine on the synchronous path).
async def _sequential_async(
    items: Sequence[Work], process: Callable[[Any], Awaitable[bool]], policy: str
) -> set[int]:
    failed: set[int] = set()
    order = _Order(policy)
    for item in items:
        if order.skips(item) or not await process(item):
            failed.add(item.index)
            order.failed(item)
    return failed
