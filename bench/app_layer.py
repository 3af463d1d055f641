"""The application layer's cost: middleware on HTTP and SQS, and CORS, each against no feature.

Three pairs of routers, each pair alike but for the feature measured, timed in one interleaved
run (a ratio is the median of the ratios within each round):

- HTTP: 100 REST routes, a uniform mix of 250 requests; the router with three no-op global
  middlewares (``return call_next(event, context)``) against the same router without;
- SQS: the 10,000-record batch of the SQS suite (``json.loads`` of each body, 1% failing) with one
  per-record handler; with one no-op middleware against without;
- CORS: the same HTTP mix, every request from an allowed ``Origin``; ``Router(cors=CORS(...))``
  against the router without CORS.

Before timing, each pair must give the same answers (CORS headers aside). Samples are CPU time of
the benchmark's thread (``time.thread_time_ns``), not wall time: on a shared machine a sample
preempted by other processes would otherwise be billed their time, and these ratios compare
differences of a few hundred nanoseconds.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import sqs_batch
from _batches import lambda_logging
from _report import Report, Target, micros, millis, ratio, table
from _rest_api import Route, expected_body, mix, requests, routes
from _stats import (
    LAMBDA_CONTEXT,
    interleaved,
    loops_for,
    median,
    ns_per_call,
    paired_ratio,
    shared_loops,
)

ROUTES = 100
EVENTS = 250
SEED = 20241203
ORIGIN = "https://app.example.com"

#: The issue's targets, each a ratio to the same router without the feature.
HTTP_TARGET = 1.25
SQS_TARGET = 1.15
CORS_TARGET = 1.2

Handler = Callable[[dict[str, Any], Any], Any]


def _no_op(event: Any, context: Any, call_next: Any) -> Any:
    return call_next(event, context)


def _http_router(table_: list[Route], middlewares: int = 0, cors: bool = False) -> Handler:
    from lambda_universal_router import CORS, Router

    router = Router(cors=CORS(allow_origins=(ORIGIN,)) if cors else None)
    for _ in range(middlewares):
        router.middleware(_no_op)
    for route in table_:
        router.route(route.resource, route.method)(_answering(route.index))
    return router.dispatch


def _answering(index: int) -> Callable[[Any, Any], dict[str, Any]]:
    """A 1.0-style ``(event, context)`` handler naming its route."""

    def handler(event: Any, context: Any) -> dict[str, Any]:
        return {"route": index, "params": event.path_parameters}

    return handler


def _sqs_router(middleware: bool) -> Handler:
    from lambda_universal_router import Router

    router = Router()
    if middleware:
        router.middleware(_no_op)

    @router.sqs(per_record=True)
    def handle(message: Any, context: Any) -> None:
        order = json.loads(message.body)
        if order["fail"]:
            raise sqs_batch.OrderRejected(f"order {order['orderId']} rejected")

    return router.dispatch


#: Pair name -> (label of the feature, label of the baseline, target).
PAIRS = {
    "http": ("3 no-op middlewares", "no middleware", HTTP_TARGET),
    "sqs": ("1 no-op middleware", "no middleware", SQS_TARGET),
    "cors": ("CORS, allowed origin", "no CORS", CORS_TARGET),
}


def _verify_http(name: str, feature: Handler, baseline: Handler, events: list[Any]) -> None:
    for request in events:
        got, want = feature(request.event, LAMBDA_CONTEXT), baseline(request.event, LAMBDA_CONTEXT)
        body = expected_body(request.route, request.values)
        for answer in (got, want):
            if answer["statusCode"] != 200 or json.loads(answer["body"]) != body:
                raise SystemExit(f"{name}: unexpected answer {answer}")
        if name == "cors" and got["headers"].get("Access-Control-Allow-Origin") != ORIGIN:
            raise SystemExit(f"cors: no Access-Control-Allow-Origin in {got['headers']}")


def run(quick: bool) -> Report:
    rounds, min_ns = (5, 1e6) if quick else (60, 5e6)
    table_ = routes(ROUTES)
    plain = requests(mix(table_, EVENTS, SEED), SEED)
    from_origin = requests(mix(table_, EVENTS, SEED), SEED)
    for request in from_origin:
        request.event["headers"]["Origin"] = ORIGIN
        request.event["multiValueHeaders"]["Origin"] = [ORIGIN]
    built: dict[str, tuple[Handler, Handler, list[Any]]] = {
        "http": (_http_router(table_, middlewares=3), _http_router(table_), plain),
        "cors": (_http_router(table_, cors=True), _http_router(table_), from_origin),
    }
    samplers: dict[str, Callable[[], float]] = {}
    for name, (feature, baseline, batch) in built.items():
        _verify_http(name, feature, baseline, batch)
        events = [request.event for request in batch]
        loops = shared_loops([(feature, events), (baseline, events)], min_ns)
        for side, handler in (("feature", feature), ("baseline", baseline)):
            samplers[f"{name}:{side}"] = _sampler(handler, events, loops)
    event = sqs_batch.batch()
    answer = sqs_batch.expected(event)
    with lambda_logging():
        for side, handler in (("feature", _sqs_router(True)), ("baseline", _sqs_router(False))):
            sqs_batch.verify(f"sqs {side}", handler, event, answer)
            loops = loops_for(handler, [event], min_ns)
            samplers[f"sqs:{side}"] = _sampler(handler, [event], loops)
        samples = interleaved(samplers, rounds)
    return _report(samples, rounds)


def _sampler(handler: Handler, events: list[Any], loops: int) -> Callable[[], float]:
    # CPU time of this thread: preemption by other processes is not billed to either side.
    return lambda: ns_per_call(handler, events, loops, clock=time.thread_time_ns)


def _report(samples: dict[str, list[float]], rounds: int) -> Report:
    targets = []
    rows = []
    for name, (feature_label, baseline_label, limit) in PAIRS.items():
        feature, baseline = samples[f"{name}:feature"], samples[f"{name}:baseline"]
        target = Target(
            f"{name}: {feature_label} ÷ {baseline_label}", paired_ratio(feature, baseline), limit
        )
        targets.append(target)
        unit = millis if name == "sqs" else micros
        scale = 1e-9 if name == "sqs" else 1.0
        rows.append(
            [
                name.upper() if name != "cors" else "CORS",
                feature_label,
                unit(median(feature) * scale),
                unit(median(baseline) * scale),
                ratio(target.measured),
                ratio(min(feature) / min(baseline)),
                f"≤ {limit:g}x",
                target.verdict(),
            ]
        )
    body = table(
        ["Case", "Feature", "With it", "Without", "Ratio", "Fastest ÷ fastest", "Target", ""],
        rows,
        align="llrrrrll",
    )
    notes = (
        f"HTTP and CORS: time per REST event, {ROUTES} routes, {EVENTS} requests spread over "
        f"them; SQS: time per {sqs_batch.RECORDS:,}-record batch. Medians of {rounds} "
        "interleaved rounds of CPU time; ratios are medians of the per-round ratios (the "
        "target's measure); beside them, the ratio of each side's fastest sample, the least "
        "disturbed by other work on a shared machine."
    )
    return Report("apps", "Middleware and CORS", f"{body}\n\n{notes}", targets)
