"""HTTP dispatch: time per REST API event at 10, 100 and 1,000 routes, three ways.

The same routes are registered on this library's ``Router``, on Powertools'
``APIGatewayRestResolver`` and in a hand-written handler that looks its function up in a dict by
``(httpMethod, resource)``: the floor any router is measured against. Every handler returns the
same dict, and before timing each system must answer every benchmark event with status 200 and
that dict as its JSON body, leaving the event unchanged, so the three do the same work.

Two workloads: every event hits the last-registered route (where scanning routers are slowest),
and a mix spread uniformly over all routes (fixed seed). For each workload, all systems at all
route counts are timed in one interleaved run; a ratio is the median of the ratios within each
round, so it compares samples taken moments apart.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from _report import Report, Target, micros, ratio, table
from _rest_api import Request, Route, expected_body, mix, requests, routes
from _stats import LAMBDA_CONTEXT, interleaved, median, ns_per_call, paired_ratio, shared_loops

ROUTE_COUNTS = (10, 100, 1000)
EVENTS_PER_WORKLOAD = 250
SEED = 20241126

OURS, POWERTOOLS, HAND = "this library", "Powertools", "hand-written"
SYSTEMS = (OURS, POWERTOOLS, HAND)

#: The issue's targets: dispatch at most 2x the hand-written handler at every route count, and
#: 1,000 routes at most 1.2x 10 routes.
HAND_TARGET = 2.0
SCALE_TARGET = 1.2

Handler = Callable[[dict[str, Any], Any], Any]


def _ours(table: list[Route]) -> Handler:
    from lambda_universal_router import Router

    router = Router()
    for route in table:
        router.route(route.resource, route.method)(_answering(route.index))
    return router.dispatch


def _answering(index: int) -> Handler:
    """A handler in the plain ``(event, context)`` form: a closure, since a parameter annotated
    with a default (``index: int = ...``) would make it a typed handler reading the query."""

    def handler(event: Any, context: Any) -> dict[str, Any]:
        return {"route": index, "params": event.path_parameters}

    return handler


def _powertools(table: list[Route]) -> Handler:
    from aws_lambda_powertools.event_handler import APIGatewayRestResolver

    app = APIGatewayRestResolver()
    for route in table:

        def handler(index: int = route.index, **params: str) -> dict[str, Any]:
            return {"route": index, "params": params}

        app.route(route.angle_template, route.method)(handler)
    return app.resolve


def _hand_written(table: list[Route]) -> Handler:
    functions: dict[tuple[str, str], Callable[[dict[str, str]], dict[str, Any]]] = {}
    for route in table:

        def function(params: dict[str, str], index: int = route.index) -> dict[str, Any]:
            return {"route": index, "params": params}

        functions[(route.method, route.resource)] = function

    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        function = functions[(event["httpMethod"], event["resource"])]
        body = function(event["pathParameters"] or {})
        return {
            "statusCode": 200,
            "headers": {"Content-Type": "application/json"},
            "body": json.dumps(body),
            "isBase64Encoded": False,
        }

    return handler


BUILDERS: dict[str, Callable[[list[Route]], Handler]] = {
    OURS: _ours,
    POWERTOOLS: _powertools,
    HAND: _hand_written,
}


def _content_type(response: dict[str, Any]) -> str | None:
    headers = {key.lower(): value for key, value in (response.get("headers") or {}).items()}
    multi = response.get("multiValueHeaders") or {}
    for key, values in multi.items():
        headers.setdefault(key.lower(), values[0])
    return headers.get("content-type")


def verify(system: str, handler: Handler, batch: list[Request]) -> None:
    """Fail unless ``handler`` answers every request like the others would."""
    for request in batch:
        before = copy.deepcopy(request.event)
        response = handler(request.event, LAMBDA_CONTEXT)
        where = f"{system}, {request.route.method} {request.event['path']}"
        if response.get("statusCode") != 200:
            raise SystemExit(f"{where}: status {response.get('statusCode')}: {response}")
        if json.loads(response["body"]) != expected_body(request.route, request.values):
            raise SystemExit(f"{where}: unexpected body {response['body']!r}")
        if not str(_content_type(response)).startswith("application/json"):
            raise SystemExit(f"{where}: content type {_content_type(response)!r}")
        if request.event != before:
            raise SystemExit(f"{where}: the handler changed the event")


def _workloads(table: list[Route]) -> dict[str, list[Request]]:
    return {
        "last route": requests([table[-1]] * EVENTS_PER_WORKLOAD, SEED),
        "random mix": requests(mix(table, EVENTS_PER_WORKLOAD, SEED), SEED),
    }


def run(quick: bool) -> Report:
    rounds, min_ns = (5, 2e6) if quick else (60, 5e6)
    built: dict[str, dict[str, tuple[Handler, list[dict[str, Any]]]]] = {}
    for count in ROUTE_COUNTS:
        table_ = routes(count)
        workloads = _workloads(table_)
        for system, build in BUILDERS.items():
            handler = build(table_)
            for workload, batch in workloads.items():
                verify(system, handler, batch)
                events = [request.event for request in batch]
                built.setdefault(workload, {})[_key(system, count)] = (handler, events)
    samples = {}
    for workload, systems in built.items():
        loops = shared_loops(systems.values(), min_ns)
        samplers = {
            key: _sampler(handler, events, loops) for key, (handler, events) in systems.items()
        }
        samples[workload] = interleaved(samplers, rounds)
    return _report(samples, rounds, min_ns)


def _key(system: str, count: int) -> str:
    return f"{system}@{count}"


def _sampler(handler: Handler, events: list[dict[str, Any]], loops: int) -> Callable[[], float]:
    return lambda: ns_per_call(handler, events, loops)


def _report(samples: dict[str, dict[str, list[float]]], rounds: int, min_ns: float) -> Report:
    targets: list[Target] = []
    rows = []
    for workload, times in samples.items():
        for count in ROUTE_COUNTS:
            ours, powertools, hand = (times[_key(system, count)] for system in SYSTEMS)
            target = Target(
                f"{workload}, {count:,} routes: ÷ hand-written",
                paired_ratio(ours, hand),
                HAND_TARGET,
            )
            targets.append(target)
            rows.append(
                [
                    workload,
                    f"{count:,}",
                    micros(median(ours)),
                    micros(median(powertools)),
                    micros(median(hand)),
                    ratio(target.measured),
                    ratio(paired_ratio(powertools, hand)),
                    target.verdict(),
                ]
            )
    dispatch = table(
        [
            "Workload",
            "Routes",
            OURS,
            POWERTOOLS,
            HAND,
            "this library ÷ hand-written",
            "Powertools ÷ hand-written",
            f"≤ {HAND_TARGET:g}x",
        ],
        rows,
        align="lrrrrrrl",
    )
    low, high = ROUTE_COUNTS[0], ROUTE_COUNTS[-1]
    scale_rows = []
    for workload, times in samples.items():
        growth = {
            system: paired_ratio(times[_key(system, high)], times[_key(system, low)])
            for system in SYSTEMS
        }
        target = Target(f"{workload}: {high:,} ÷ {low} routes", growth[OURS], SCALE_TARGET)
        targets.append(target)
        scale_rows.append(
            [workload, *(ratio(growth[system]) for system in SYSTEMS), target.verdict()]
        )
    scaling = table(
        ["Workload", OURS, POWERTOOLS, HAND, f"≤ {SCALE_TARGET:g}x"],
        scale_rows,
        align="lrrrl",
    )
    body = (
        "Median time per event, REST API proxy events, and the ratios between systems:\n\n"
        f"{dispatch}\n\n"
        f"Cost of {high:,} routes relative to {low} routes (same event shapes):\n\n"
        f"{scaling}\n\n"
        f"{rounds} interleaved rounds per workload over all systems and route counts; each sample"
        f" runs {EVENTS_PER_WORKLOAD} precomputed events (repeated to last at least"
        f" {min_ns / 1e6:g} ms), garbage collector paused while timing. Ratios are medians of the"
        " ratios within each round."
    )
    return Report("http", "HTTP dispatch", body, targets)
