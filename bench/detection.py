"""What recognising ~45 sources costs the nine of 1.0: dispatch with the full table vs 1.0's rows.

The same router dispatches one realistic event of each 1.0 source twice per round: once with the
library's classifier (built from every row of ``_sources.SOURCES``) and once with a classifier
built from the rows of the 1.0 sources only. Everything else (parsing, the handler, the answer) is
identical, so the ratio is what the added sources cost those events. Target: at most 1.10x.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from _report import Report, Target, micros, ratio, table
from _stats import interleaved, loops_for, median, ns_per_call, paired_ratio
from lambda_universal_router import Router, _router
from lambda_universal_router._classify import classify, make_classifier
from lambda_universal_router._sources import SOURCES
from lambda_universal_router.testing import (
    dynamodb,
    eventbridge,
    http,
    kafka,
    kinesis,
    s3,
    sns,
    sqs,
)

FIRST_RELEASE = ("http", "sqs", "sns", "s3", "dynamodb", "kinesis", "eventbridge", "kafka")
LIMIT = 1.10


def _first_release_rows() -> list[Any]:
    """The rows of the 1.0 sources, without the HTTP row added for VPC Lattice."""
    return [s for s in SOURCES if s.name in FIRST_RELEASE and s.markers != ("method",)]


def _events() -> dict[str, dict[str, Any]]:
    """One event per 1.0 source, round-tripped through JSON as Lambda delivers them."""
    made = {
        "REST API": http("GET", "/orders/42", resource="/orders/{id}"),
        "HTTP API": http("GET", "/orders/42", flavor="http"),
        "SQS": sqs(['{"id": 1}']),
        "SNS": sns("hello"),
        "S3": s3("uploads/a.jpg"),
        "DynamoDB": dynamodb("INSERT", new_image={"Id": "1"}),
        "Kinesis": kinesis(['{"id": 1}']),
        "EventBridge": eventbridge(detail_type="OrderPlaced", source="shop", detail={"id": 1}),
        "Kafka": kafka(['{"id": 1}']),
        "custom": {"type": "user.created", "data": {"id": 1}},
    }
    return {name: json.loads(json.dumps(event)) for name, event in made.items()}


def _router_for_all() -> Router:
    router = Router()
    router.get("/orders/{id}")(lambda event, context: {"id": event.path_parameters["id"]})
    for name in ("sqs", "sns", "s3", "dynamodb", "kinesis", "eventbridge", "kafka"):
        getattr(router, name)()(lambda event, context: None)
    router.custom()(lambda event, context: None)
    return router


def _sampler(
    classifier: Callable[[object], Any], router: Router, batch: list[Any], loops: int
) -> Callable[[], float]:
    """Time ``router.dispatch`` with ``classifier`` installed for the whole sample.

    Swapped once per sample, not per call: writing a module global on every call would defeat
    the interpreter's global-lookup caches and slow both systems alike.
    """

    def sample() -> float:
        _router.classify = classifier
        return ns_per_call(router.dispatch, batch, loops)

    return sample


def run(quick: bool) -> Report:
    rounds = 8 if quick else 40
    router = _router_for_all()
    events = _events()
    first_release = make_classifier(_first_release_rows())
    for event in events.values():  # compile the router and import every module before timing
        router.dispatch(event, None)
    rows = []
    worst = 0.0
    try:
        for name, event in events.items():
            batch = [event]
            loops = loops_for(router.dispatch, batch, 2_000_000 if not quick else 300_000)
            samples = interleaved(
                {
                    "full": _sampler(classify, router, batch, loops),
                    "first": _sampler(first_release, router, batch, loops),
                },
                rounds,
            )
            paired = paired_ratio(samples["full"], samples["first"])
            if name != "custom":
                worst = max(worst, paired)
            rows.append(
                [
                    name,
                    micros(median(samples["first"])),
                    micros(median(samples["full"])),
                    ratio(paired),
                ]
            )
    finally:
        _router.classify = classify
    body = (
        "Dispatch of one event of each 1.0 source by the same router, with a classifier built "
        "from the 1.0 rows only and with the library's full table:\n\n"
        + table(
            ["Event", "1.0 rows only", "full table", "full ÷ 1.0 rows"],
            rows,
            "lrrr",
        )
        + f"\n\n{rounds} interleaved rounds; ratios are medians of the ratios within each round. "
        "The custom row (an event no source claims) pays for every marker and is shown, not "
        "counted: the target covers the 1.0 sources."
    )
    target = Target("1.0 sources, full table ÷ 1.0 rows (worst)", worst, LIMIT)
    return Report("detection", "Detection", body, [target])
