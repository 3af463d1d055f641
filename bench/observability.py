"""Observability: what logs and metrics cost per HTTP request and per SQS record, three ways.

The same handlers run on this library's ``Router``:

- off: without observability, the handler logs nothing (the baseline);

Every handler does the same work besides: the HTTP one returns a dict (rendered as JSON), the SQS
one parses its message's JSON body (the SQS batch suite's orders, in batches of 10).
- this library: ``Router(observability=Observability(...))``, the handler writes one log line per
  event with stdlib ``logging`` (JSON with correlation ids) and the router writes its automatic
  metrics (EMF) once per invocation;
- Powertools: the router without observability inside a function decorated with Powertools'
  ``Logger.inject_lambda_context`` and ``Metrics.log_metrics``; the handler writes the same log
  line with that ``Logger`` and adds one metric per event, flushed once per invocation;
- metrics only: this library's observability with a handler that logs nothing.

A system's cost is its time minus the baseline's in the same round. Targets (issue 12): this
library's cost at most 0.35x Powertools' for HTTP and for SQS records, and with metrics only at
most 2x the baseline's time for HTTP and 1.5x for SQS records. Output goes to a sink that
discards it, for every system alike.
"""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from typing import Any

import sqs_batch
from _report import Report, Target, micros, ratio, table
from _stats import LAMBDA_CONTEXT, interleaved, median, ns_per_call, shared_loops
from lambda_universal_router import Router, testing

OFF, OURS, POWERTOOLS, METRICS_ONLY = "off", "this library", "Powertools", "metrics only"
SYSTEMS = (OFF, OURS, POWERTOOLS, METRICS_ONLY)
RECORDS = 10  # SQS's default batch size

#: The issue's targets.
COST_TARGET = 0.35
HTTP_METRICS_TARGET = 2.0
SQS_METRICS_TARGET = 1.5

Handler = Callable[[dict[str, Any], Any], Any]


class _Discard(io.StringIO):
    """A stdout that keeps nothing, so every system pays for formatting, not for a terminal."""

    def write(self, text: str) -> int:
        return len(text)


@contextmanager
def _quiet() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        with redirect_stdout(_Discard()):
            yield
    finally:
        from lambda_universal_router.observability._log_output import uninstall

        uninstall()
        root.handlers[:], root.level = handlers, level


def _router(system: str) -> Router:
    if system in (OURS, METRICS_ONLY):
        from lambda_universal_router.observability import Observability

        return Router(observability=Observability(service="bench", namespace="Bench"))
    return Router()


def _http(system: str) -> Handler:
    router = _router(system)
    log = logging.getLogger("shop.books")
    speaks = system == OURS

    @router.get("/books/{isbn}")
    def book(event: Any, context: Any) -> dict[str, str]:
        isbn = event.path_parameters["isbn"]
        if speaks:
            log.info("book found", extra={"isbn": isbn})
        return {"isbn": isbn}

    return router.dispatch


def _sqs(system: str) -> Handler:
    router = _router(system)
    log = logging.getLogger("shop.orders")
    speaks = system == OURS

    @router.sqs(per_record=True)
    def place(message: Any, context: Any) -> None:
        order = json.loads(message.body)
        if speaks:
            log.info("order placed", extra={"order": order["orderId"]})

    return router.dispatch


def _powertools(kind: str) -> Handler:
    from aws_lambda_powertools import Logger, Metrics
    from aws_lambda_powertools.metrics import MetricUnit

    logger = Logger(service="powertools-bench", stream=sys.stdout)
    metrics = Metrics(namespace="Bench", service="powertools-bench")
    router = Router()
    if kind == "http":

        @router.get("/books/{isbn}")
        def book(event: Any, context: Any) -> dict[str, str]:
            isbn = event.path_parameters["isbn"]
            logger.info("book found", extra={"isbn": isbn})
            metrics.add_metric(name="Invocations", unit=MetricUnit.Count, value=1)
            return {"isbn": isbn}

    else:

        @router.sqs(per_record=True)
        def place(message: Any, context: Any) -> None:
            order = json.loads(message.body)
            logger.info("order placed", extra={"order": order["orderId"]})
            metrics.add_metric(name="Invocations", unit=MetricUnit.Count, value=1)

    @metrics.log_metrics
    @logger.inject_lambda_context
    def handler(event: dict[str, Any], context: Any) -> Any:
        return router.dispatch(event, context)

    return handler


def _build(kind: str, system: str) -> Handler:
    if system == POWERTOOLS:
        return _powertools(kind)
    return _http(system) if kind == "http" else _sqs(system)


def _events(kind: str) -> list[dict[str, Any]]:
    if kind == "http":
        return [
            testing.http("GET", f"/books/978-{n:06d}", resource="/books/{isbn}") for n in range(50)
        ]
    # The SQS batch suite's orders (JSON bodies of about 300 bytes), in batches of RECORDS.
    return [sqs_batch.batch(RECORDS, sqs_batch.SEED + n) for n in range(5)]


def _verify(kind: str, system: str, handler: Handler, events: list[dict[str, Any]]) -> None:
    for event in events[:3]:
        answer = handler(event, LAMBDA_CONTEXT)
        ok = (
            answer.get("statusCode") == 200
            if kind == "http"
            else answer == {"batchItemFailures": []}
        )
        if not ok:
            raise SystemExit(f"{system}, {kind}: unexpected answer {answer!r}")


def run(quick: bool) -> Report:
    # Short samples, many rounds: on a busy machine a sample that the scheduler interrupts is
    # an outlier the median drops, and short samples are interrupted less often.
    rounds, min_ns = (5, 2e6) if quick else (100, 2e6)
    samples: dict[str, dict[str, list[float]]] = {}
    for kind in ("http", "sqs"):
        events = _events(kind)
        with _quiet():
            handlers = {}
            for system in SYSTEMS:
                # Each system gets its own logging setup; built and timed one kind at a time.
                handlers[system] = _build(kind, system)
                _verify(kind, system, handlers[system], events)
            loops = shared_loops([(h, events) for h in handlers.values()], min_ns, estimates=3)
            samplers = {
                system: _sampler(handler, events, loops) for system, handler in handlers.items()
            }
            samples[kind] = interleaved(samplers, rounds)
    return _report(samples, rounds, min_ns)


def _sampler(handler: Handler, events: list[dict[str, Any]], loops: int) -> Callable[[], float]:
    return lambda: ns_per_call(handler, events, loops)


def _cost(system: list[float], off: list[float]) -> list[float]:
    return [max(a - b, 1.0) for a, b in zip(system, off, strict=True)]


def _report(samples: dict[str, dict[str, list[float]]], rounds: int, min_ns: float) -> Report:
    targets: list[Target] = []
    rows = []
    for kind, times in samples.items():
        per = RECORDS if kind == "sqs" else 1  # SQS: per record
        unit = "SQS record" if kind == "sqs" else "HTTP request"
        off = times[OFF]
        ours, powertools = _cost(times[OURS], off), _cost(times[POWERTOOLS], off)
        cost = median([a / b for a, b in zip(ours, powertools, strict=True)])
        metrics_only = median([a / b for a, b in zip(times[METRICS_ONLY], off, strict=True)])
        limit = HTTP_METRICS_TARGET if kind == "http" else SQS_METRICS_TARGET
        cost_target = Target(f"{unit}: logs + metrics cost ÷ Powertools'", cost, COST_TARGET)
        metrics_target = Target(f"{unit}: metrics only ÷ off", metrics_only, limit)
        targets += [cost_target, metrics_target]
        rows.append(
            [
                unit,
                *(micros(median(times[system]) / per) for system in SYSTEMS),
                f"{ratio(cost)} ({cost_target.verdict()}, ≤ {COST_TARGET:g}x)",
                f"{ratio(metrics_only)} ({metrics_target.verdict()}, ≤ {limit:g}x)",
            ]
        )
    body = (
        "Median time per HTTP request and per SQS record (batches of"
        f" {RECORDS}), and the ratios the targets are set on:\n\n"
        + table(
            [
                "Per",
                *SYSTEMS,
                "this library's cost ÷ Powertools' (each minus off)",
                "metrics only ÷ off",
            ],
            rows,
            align="lrrrrrr",
        )
        + "\n\n"
        '"off" is the router without observability and a handler that logs nothing; "this'
        ' library" adds `Observability(...)` and one stdlib log line per event; "Powertools"'
        " is the router without observability inside `Logger.inject_lambda_context` and"
        " `Metrics.log_metrics`, the handler logging the same line and adding one metric per"
        ' event; "metrics only" is `Observability(...)` with a handler that logs nothing. Output'
        f" goes to a discarding stdout. {rounds} interleaved rounds, each sample at least"
        f" {min_ns / 1e6:g} ms, garbage collector paused while timing; ratios are medians of the"
        " ratios within each round."
    )
    return Report("observability", "Observability", body, targets)
