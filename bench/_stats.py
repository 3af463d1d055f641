"""Timing and medians: every system is sampled once per round, in a shuffled order.

Interleaving puts every system under the same machine conditions (CPU frequency, other load, cache
state) over the whole run, so a slow moment costs all of them a sample instead of biasing one; the
median then drops those moments. Shuffling each round (with a fixed seed) keeps any system from
always following the same neighbour, whose leftovers in the CPU caches would bias it. Ratios
between systems are taken within each round and then their median (``paired_ratio``).
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def paired_ratio(numerators: Sequence[float], denominators: Sequence[float]) -> float:
    """The median of the per-round ratios of two systems sampled by the same ``interleaved`` run.

    Samples of one round are taken moments apart, so a change in machine load between rounds
    moves both sides of each ratio alike; the median of those ratios is far steadier than the
    ratio of two medians on a busy machine.
    """
    return median([a / b for a, b in zip(numerators, denominators, strict=True)])


def interleaved(samplers: dict[str, Callable[[], float]], rounds: int) -> dict[str, list[float]]:
    """Call every sampler once per round, each round in a new order."""
    names = list(samplers)
    samples: dict[str, list[float]] = {name: [] for name in names}
    order = random.Random(len(names))
    for _ in range(rounds):
        order.shuffle(names)
        for name in names:
            samples[name].append(samplers[name]())
    return samples


def ns_per_call(
    function: Callable[[Any, Any], Any],
    events: Sequence[Any],
    loops: int,
    clock: Callable[[], int] = time.perf_counter_ns,
) -> float:
    """Nanoseconds per ``function(event, context)`` over ``loops`` passes through ``events``.

    The garbage collector is paused while timing, as ``timeit`` does, so a collection triggered
    by one system's garbage is not billed to whichever system happens to run next. ``clock`` is
    wall time by default; ``time.thread_time_ns`` counts this thread's CPU time instead.
    """
    context = LAMBDA_CONTEXT
    gc.collect()
    gc.disable()
    try:
        start = clock()
        for _ in range(loops):
            for event in events:
                function(event, context)
        elapsed = clock() - start
    finally:
        gc.enable()
    return elapsed / (loops * len(events))


def loops_for(function: Callable[[Any, Any], Any], events: Sequence[Any], min_ns: float) -> int:
    """How many passes through ``events`` make one sample last at least ``min_ns``.

    Timed on a second pass: the first, right after ``ns_per_call``'s collection, runs with cold
    caches and would ask for too few loops (then each sample is mostly that cold start).
    """
    ns_per_call(function, events, 1)
    per_pass = ns_per_call(function, events, 1) * len(events)
    return max(1, round(min_ns / per_pass + 0.5))


def shared_loops(
    timed: Iterable[tuple[Callable[[Any, Any], Any], Sequence[Any]]],
    min_ns: float,
    estimates: int = 1,
) -> int:
    """One loop count for ``(function, events)`` pairs compared with each other: enough for the
    slowest, the largest of ``estimates`` estimates each (a pass the scheduler slows gives too few).

    Each sample starts with cold caches after its garbage collection; a system given fewer passes
    would pay that start over fewer events.
    """
    return max(
        loops_for(function, events, min_ns) for function, events in timed for _ in range(estimates)
    )


class _LambdaContext:
    """The attributes of the context object Lambda passes to a Python handler."""

    function_name = "bench-router"
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:bench-router"
    memory_limit_in_mb = 1024
    aws_request_id = "6f1c3a52-2f0e-4d6b-9a57-0c8e1b2d4f60"
    log_group_name = "/aws/lambda/bench-router"
    log_stream_name = "2024/11/26/[$LATEST]4c6f0e6d2b8a4f1e9d3c7b5a1e0f2d4c"

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 29_000


LAMBDA_CONTEXT = _LambdaContext()
