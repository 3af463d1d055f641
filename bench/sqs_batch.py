"""SQS batch: a 10,000-record batch of JSON orders, 1% failing, three ways.

Every system parses each message body with ``json.loads`` and raises for the orders marked to
fail, and answers ``{"batchItemFailures": [...]}`` naming exactly those messages:

- this library: one ``@router.sqs(per_record=True)`` handler, ``router.dispatch(event, context)``;
- Powertools: ``BatchProcessor(event_type=EventType.SQS)`` with ``process_partial_response``;
- hand-written: a loop over ``event["Records"]`` with ``try``/``except``, the floor.

Before timing, all three must return the same answer, the expected one, and leave the event
unchanged. Time per batch is sampled in interleaved rounds; peak memory of one dispatch per
system in a fresh interpreter (``_batches``).
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
import uuid
from collections.abc import Callable
from typing import Any

from _batches import kib, lambda_logging, peak_in_child, traced_peak
from _report import Report, Target, millis, ratio, table
from _stats import LAMBDA_CONTEXT, interleaved, loops_for, median, ns_per_call, paired_ratio

RECORDS = 10_000
FAILING = RECORDS // 100
SEED = 20241127
QUEUE_ARN = "arn:aws:sqs:eu-west-1:123456789012:orders"

OURS, POWERTOOLS, HAND = "this library", "Powertools", "hand-written"
SYSTEMS = (OURS, POWERTOOLS, HAND)

#: The issue's target: at most this multiple of the hand-written loop's time per batch.
HAND_TARGET = 1.15

JSON = dict[str, Any]
Handler = Callable[[JSON, Any], Any]


class OrderRejected(ValueError):
    """What every system's record handler raises for an order marked to fail."""


# --- the batch ----------------------------------------------------------------------------------


def _order(rng: random.Random, number: int, fail: bool) -> JSON:
    items: list[JSON] = [
        {
            "sku": f"SKU-{rng.randrange(10_000):04d}",
            "quantity": rng.randint(1, 5),
            "unitPrice": f"{rng.randrange(199, 9_999) / 100:.2f}",
        }
        for _ in range(rng.randint(1, 3))
    ]
    total = sum(item["quantity"] * float(item["unitPrice"]) for item in items)
    return {
        "orderId": f"ord-{number:08d}",
        "customerId": f"cus-{rng.randrange(1_000_000):06d}",
        "createdAt": f"2024-11-26T10:{number // 6000 % 60:02d}:{number // 100 % 60:02d}Z",
        "currency": "EUR",
        "total": f"{total:.2f}",
        "items": items,
        "fail": fail,
    }


def _md5_of_attributes(attributes: JSON) -> str:
    """The digest SQS sends in ``md5OfMessageAttributes``, computed as SQS documents it."""
    digest = hashlib.md5()
    for name in sorted(attributes):
        attribute = attributes[name]
        for part in (name, attribute["dataType"]):
            encoded = part.encode()
            digest.update(len(encoded).to_bytes(4, "big") + encoded)
        value = attribute["stringValue"].encode()
        digest.update(b"\x01" + len(value).to_bytes(4, "big") + value)
    return digest.hexdigest()


def _message(rng: random.Random, number: int, fail: bool, sent: int) -> JSON:
    body = json.dumps(_order(rng, number, fail), separators=(",", ":"))
    message = {
        "messageId": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "receiptHandle": "AQEB" + rng.randbytes(270).hex()[:340],
        "body": body,
        "attributes": {
            "ApproximateReceiveCount": "2" if fail else "1",
            "SentTimestamp": str(sent),
            "SenderId": "AROAIWPX5BD2BHG722MW4:orders-api",
            "ApproximateFirstReceiveTimestamp": str(sent + rng.randint(5, 40)),
        },
        "messageAttributes": {},
        "md5OfBody": hashlib.md5(body.encode()).hexdigest(),
        "eventSource": "aws:sqs",
        "eventSourceARN": QUEUE_ARN,
        "awsRegion": "eu-west-1",
    }
    if number % 4 == 0:  # a quarter of the senders set a message attribute
        attributes = {
            "origin": {
                "stringValue": "checkout",
                "stringListValues": [],
                "binaryListValues": [],
                "dataType": "String",
            }
        }
        message["messageAttributes"] = attributes
        message["md5OfMessageAttributes"] = _md5_of_attributes(attributes)
    return message


def batch(records: int = RECORDS, seed: int = SEED) -> JSON:
    """An SQS event of ``records`` messages; 1% of them, spread at random, are marked to fail.

    Decoded from JSON, as the Lambda runtime hands it over, so no string is shared.
    """
    rng = random.Random(seed)
    failing = set(rng.sample(range(records), records // 100))
    sent = 1_732_616_100_000
    messages = []
    for number in range(records):
        sent += rng.randint(0, 3)
        messages.append(_message(rng, number, number in failing, sent))
    event: JSON = json.loads(json.dumps({"Records": messages}))
    return event


def expected(event: JSON) -> JSON:
    failures = [
        {"itemIdentifier": record["messageId"]}
        for record in event["Records"]
        if json.loads(record["body"])["fail"]
    ]
    return {"batchItemFailures": failures}


# --- the systems --------------------------------------------------------------------------------


def _ours() -> Handler:
    from lambda_universal_router import Router

    router = Router()

    @router.sqs(per_record=True)
    def handle(message: Any, context: Any) -> None:
        order = json.loads(message.body)
        if order["fail"]:
            raise OrderRejected(f"order {order['orderId']} rejected")

    return router.dispatch


def _powertools() -> Handler:
    from aws_lambda_powertools.utilities.batch import (
        BatchProcessor,
        EventType,
        process_partial_response,
    )

    processor = BatchProcessor(event_type=EventType.SQS)

    def record_handler(record: Any) -> None:
        order = json.loads(record.body)
        if order["fail"]:
            raise OrderRejected(f"order {order['orderId']} rejected")

    def handler(event: JSON, context: Any) -> Any:
        return process_partial_response(event, record_handler, processor, context)

    return handler


def _hand_written() -> Handler:
    def handler(event: JSON, context: Any) -> JSON:
        failures = []
        for record in event["Records"]:
            try:
                order = json.loads(record["body"])
                if order["fail"]:
                    raise OrderRejected(f"order {order['orderId']} rejected")
            except Exception:
                failures.append({"itemIdentifier": record["messageId"]})
        return {"batchItemFailures": failures}

    return handler


BUILDERS: dict[str, Callable[[], Handler]] = {
    OURS: _ours,
    POWERTOOLS: _powertools,
    HAND: _hand_written,
}


def verify(system: str, handler: Handler, event: JSON, answer: JSON) -> None:
    """Fail unless ``handler`` reports exactly the failing messages and leaves the event as is."""
    before = copy.deepcopy(event)
    response = handler(event, LAMBDA_CONTEXT)
    if response != answer:
        got = len((response or {}).get("batchItemFailures", []))
        raise SystemExit(f"{system}: {got} failures reported, not the expected {FAILING}")
    if event != before:
        raise SystemExit(f"{system}: the handler changed the event")


def peak_bytes(system: str) -> int:
    """Peak memory of one dispatch of the batch by ``system`` (run in a fresh interpreter)."""
    event = batch()
    handler = BUILDERS[system]()
    with lambda_logging():
        handler(batch(100, SEED + 1), LAMBDA_CONTEXT)
        return traced_peak(lambda: handler(event, LAMBDA_CONTEXT))


# --- the run ------------------------------------------------------------------------------------


def run(quick: bool) -> Report:
    rounds, min_ns = (5, 1e6) if quick else (60, 1e6)
    event = batch()
    answer = expected(event)
    if len(answer["batchItemFailures"]) != FAILING:
        raise SystemExit(f"the batch marks {len(answer['batchItemFailures'])} orders to fail")
    samplers: dict[str, Callable[[], float]] = {}
    with lambda_logging():
        for system, build in BUILDERS.items():
            handler = build()
            verify(system, handler, event, answer)
            loops = loops_for(handler, [event], min_ns)
            samplers[system] = _sampler(handler, event, loops)
        samples = interleaved(samplers, rounds)
    peaks = {system: peak_in_child(__name__, system) for system in SYSTEMS}
    text = json.dumps(event)
    event_size = traced_peak(lambda: json.loads(text))
    return _report(samples, peaks, event_size, rounds)


def _sampler(handler: Handler, event: JSON, loops: int) -> Callable[[], float]:
    return lambda: ns_per_call(handler, [event], loops)


def _report(
    samples: dict[str, list[float]], peaks: dict[str, int], event_size: int, rounds: int
) -> Report:
    target = Target(
        f"SQS {RECORDS:,} records: ÷ hand-written",
        paired_ratio(samples[OURS], samples[HAND]),
        HAND_TARGET,
    )
    rows = []
    for system in SYSTEMS:
        per_batch = median(samples[system])
        checked = system == OURS
        rows.append(
            [
                system,
                millis(per_batch / 1e9),
                f"{per_batch / RECORDS / 1000:.2f} µs",
                ratio(paired_ratio(samples[system], samples[HAND])),
                f"≤ {HAND_TARGET:g}x" if checked else "",
                target.verdict() if checked else "",
                kib(peaks[system]),
            ]
        )
    header = [
        "System",
        "Per batch (median)",
        "Per record",
        "÷ hand-written",
        "Target",
        "Result",
        "Peak memory",
    ]
    body = (
        f"One SQS event of {RECORDS:,} messages (JSON orders of 1 to 3 items), {FAILING} of them"
        " failing, answered with the same `batchItemFailures`:\n\n"
        + table(header, rows, align="lrrrllr")
        + f"\n\n{rounds} interleaved rounds, garbage collector paused while timing; ratios are"
        " medians of the ratios within each round. *Peak memory* is the most memory allocated"
        " during one dispatch and live at once, traced in a fresh interpreter after a warm-up"
        f" batch; the decoded event itself, not counted, takes {kib(event_size)}."
    )
    return Report("sqs", "SQS batch", body, [target])
