"""DynamoDB stream: 1,000 MODIFY records with both images of ~20 attributes, read three ways.

Every system turns each record's ``NewImage`` and ``OldImage`` into plain Python and returns the
list of ``(new, old)`` pairs:

- this library: a whole-batch ``@router.dynamodb()`` handler reading ``record.new_image`` and
  ``record.old_image``, dispatched with ``router.dispatch(event, context)``;
- this library, per record: the same with ``@router.dynamodb(per_record=True)``, the handler
  called once per record (and failures reported per record);
- boto3: the same loop over ``event["Records"]`` with ``TypeDeserializer().deserialize`` on every
  attribute, the yardstick;
- Powertools: the ``DynamoDBStreamEvent`` data class, ``record.dynamodb.new_image`` and
  ``old_image``.

The items hold every type boto3 and Powertools read alike: S, N (up to 38 digits), BOOL, NULL,
SS, NS, and L and M nested. No B or BS: streams carry binary as base64 text, which boto3's
deserializer rejects (it wants bytes) and Powertools passes on undecoded, so the three would not
compute the same values. Before timing, the three results must be equal and the event unchanged.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from typing import Any

from _batches import kib, peak_in_child, traced_peak
from _report import Report, Target, millis, ratio, table
from _stats import LAMBDA_CONTEXT, interleaved, loops_for, median, ns_per_call, paired_ratio

RECORDS = 1_000
SEED = 20241128
REGION = "eu-west-1"
STREAM_ARN = f"arn:aws:dynamodb:{REGION}:123456789012:table/Orders/stream/2024-11-01T08:00:00.000"

OURS, PER_RECORD = "this library", "this library, per_record"
POWERTOOLS, BOTO3 = "Powertools", "boto3 loop"
SYSTEMS = (OURS, PER_RECORD, POWERTOOLS, BOTO3)
#: The systems held to BOTO3_TARGET.
CHECKED = (OURS, PER_RECORD)

#: The issue's target: at least 2x as fast as the boto3 loop, i.e. at most half its time.
BOTO3_TARGET = 0.5

JSON = dict[str, Any]
Handler = Callable[[JSON, Any], Any]

STATUSES = ("PLACED", "PAID", "PICKED", "SHIPPED", "DELIVERED")
CITIES = (
    ("Dublin", "D02 X285", "IE", "53.3498", "-6.2603"),
    ("Berlin", "10115", "DE", "52.5200", "13.4050"),
    ("Lyon", "69002", "FR", "45.7640", "4.8357"),
    ("Porto", "4050-253", "PT", "41.1579", "-8.6291"),
    ("Gdansk", "80-831", "PL", "54.3520", "18.6466"),
)
TAGS = ("priority", "gift", "eu", "b2b", "returning", "promo")


# --- the batch ----------------------------------------------------------------------------------


def _s(value: str) -> JSON:
    return {"S": value}


def _n(value: object) -> JSON:
    return {"N": str(value)}


def _price(rng: random.Random) -> str:
    return f"{rng.randrange(199, 19_999) / 100:.2f}"


def _images(rng: random.Random, number: int, at: int) -> tuple[JSON, JSON]:
    """An order's item before and after a status change: 21 attributes, 5 of them changed."""
    lines = [
        {
            "M": {
                "sku": _s(f"SKU-{rng.randrange(5_000):04d}"),
                "qty": _n(rng.randint(1, 4)),
                "price": _n(_price(rng)),
            }
        }
        for _ in range(rng.randint(1, 3))
    ]
    city, postcode, country, lat, lon = rng.choice(CITIES)
    step = rng.randrange(len(STATUSES) - 1)
    history = [
        {"M": {"status": _s(STATUSES[i]), "at": _n(at - (step + 1 - i) * rng.randint(60, 7_200))}}
        for i in range(step + 1)
    ]
    version = rng.randint(1, 40)
    # 38 significant digits: the most a DynamoDB number holds.
    ledger = f"{rng.randrange(10**21, 10**22)}.{rng.randrange(10**15, 10**16)}"
    old = {
        "pk": _s(f"CUSTOMER#cus-{rng.randrange(1_000_000):06d}"),
        "sk": _s(f"ORDER#ord-{number:08d}"),
        "entityType": _s("order"),
        "status": _s(STATUSES[step]),
        "customerName": _s(f"Customer {rng.randrange(100_000)}"),
        "email": _s(f"customer{rng.randrange(100_000)}@example.com"),
        "total": _n(_price(rng)),
        "itemCount": _n(len(lines)),
        "version": _n(version),
        "updatedAt": _n(at - rng.randint(60, 86_400)),
        "createdAt": _s(f"2024-11-{rng.randint(1, 26):02d}T{rng.randrange(24):02d}:00:00Z"),
        "ledgerBalance": _n(ledger),
        "express": {"BOOL": rng.random() < 0.2},
        "giftWrapped": {"BOOL": rng.random() < 0.1},
        "cancelledAt": {"NULL": True},
        "tags": {"SS": rng.sample(TAGS, rng.randint(1, 3))},
        "warehouseIds": {"NS": [str(w) for w in rng.sample(range(1, 40), rng.randint(1, 3))]},
        "lines": {"L": lines},
        "shippingAddress": {
            "M": {
                "street": _s(f"{rng.randint(1, 200)} Main Street"),
                "city": _s(city),
                "postcode": _s(postcode),
                "country": _s(country),
                "geo": {"M": {"lat": _n(lat), "lon": _n(lon)}},
            }
        },
        "statusHistory": {"L": history},
        "notes": _s("Leave at the front desk" if rng.random() < 0.3 else ""),
    }
    new = copy.deepcopy(old)
    new["status"] = _s(STATUSES[step + 1])
    new["version"] = _n(version + 1)
    new["updatedAt"] = _n(at)
    new["statusHistory"]["L"].append({"M": {"status": _s(STATUSES[step + 1]), "at": _n(at)}})
    new["tags"] = {"SS": sorted({*old["tags"]["SS"], "tracked"})}
    return new, old


def _record(rng: random.Random, number: int, at: int) -> JSON:
    new, old = _images(rng, number, at)
    size = len(json.dumps(new)) + len(json.dumps(old))
    return {
        "eventID": f"{rng.getrandbits(128):032x}",
        "eventName": "MODIFY",
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": REGION,
        "dynamodb": {
            "ApproximateCreationDateTime": at,
            "Keys": {"pk": new["pk"], "sk": new["sk"]},
            "NewImage": new,
            "OldImage": old,
            "SequenceNumber": str(4_721_000_000_000_000_000_000 + number * 7),
            "SizeBytes": size // 2,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
        "eventSourceARN": STREAM_ARN,
    }


def batch(records: int = RECORDS, seed: int = SEED) -> JSON:
    """A DynamoDB stream event of ``records`` MODIFY records, decoded from JSON as Lambda does."""
    rng = random.Random(seed)
    at = 1_732_616_100
    items = []
    for number in range(records):
        at += rng.randint(0, 2)
        items.append(_record(rng, number, at))
    event: JSON = json.loads(json.dumps({"Records": items}))
    return event


# --- the systems --------------------------------------------------------------------------------

#: What a handler does with each record's two images: ``use(new, old)``, its results returned.
Use = Callable[[JSON, JSON], Any]


def _status_change(new: JSON, old: JSON) -> tuple[str, str]:
    return old["status"], new["status"]


def _both_images(new: JSON, old: JSON) -> tuple[JSON, JSON]:
    return new, old


#: Workload -> what the handler keeps of each record.
WORKLOADS: dict[str, Use] = {
    "images read, status change kept": _status_change,
    "images read and kept": _both_images,
}


def _ours(use: Use) -> Handler:
    from lambda_universal_router import Router

    router = Router()

    @router.dynamodb()
    def handle(event: Any, context: Any) -> list[Any]:
        return [use(record.new_image, record.old_image) for record in event.records]

    return router.dispatch


def _ours_per_record(use: Use) -> Handler:
    from lambda_universal_router import Router

    router = Router()
    kept: list[Any] = []

    @router.dynamodb(per_record=True)
    def handle(record: Any, context: Any) -> None:
        kept.append(use(record.new_image, record.old_image))

    def handler(event: JSON, context: Any) -> list[Any]:
        kept.clear()
        router.dispatch(event, context)
        return kept[:]

    return handler


def _boto3(use: Use) -> Handler:
    from boto3.dynamodb.types import TypeDeserializer

    deserializer = TypeDeserializer()

    def handler(event: JSON, context: Any) -> list[Any]:
        deserialize = deserializer.deserialize
        kept = []
        for record in event["Records"]:
            change = record["dynamodb"]
            new = {name: deserialize(value) for name, value in change["NewImage"].items()}
            old = {name: deserialize(value) for name, value in change["OldImage"].items()}
            kept.append(use(new, old))
        return kept

    return handler


def _powertools(use: Use) -> Handler:
    from aws_lambda_powertools.utilities.data_classes import DynamoDBStreamEvent

    def handler(event: JSON, context: Any) -> list[Any]:
        kept = []
        for record in DynamoDBStreamEvent(event).records:
            change = record.dynamodb
            if change is not None:
                kept.append(use(change.new_image, change.old_image))
        return kept

    return handler


BUILDERS: dict[str, Callable[[Use], Handler]] = {
    OURS: _ours,
    PER_RECORD: _ours_per_record,
    POWERTOOLS: _powertools,
    BOTO3: _boto3,
}


def verify(system: str, handler: Handler, event: JSON, answer: Any) -> None:
    """Fail unless ``handler`` reads what the boto3 loop reads, leaving the event as is."""
    before = copy.deepcopy(event)
    if handler(event, LAMBDA_CONTEXT) != answer:
        raise SystemExit(f"{system}: the images differ from what boto3's deserializer reads")
    if event != before:
        raise SystemExit(f"{system}: the handler changed the event")


def peak_bytes(system: str, workload: str) -> int:
    """Peak memory of one dispatch of the batch by ``system`` (run in a fresh interpreter)."""
    event = batch()
    handler = BUILDERS[system](WORKLOADS[workload])
    handler(batch(10, SEED + 1), LAMBDA_CONTEXT)
    return traced_peak(lambda: handler(event, LAMBDA_CONTEXT))


def distinct_numbers(event: JSON) -> int:
    """How many different N texts the images hold (what a cache of numbers would have to keep)."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for tag, inner in value.items():
                if tag == "N":
                    found.add(inner)
                elif tag == "NS":
                    found.update(inner)
                else:
                    walk(inner)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for record in event["Records"]:
        walk(record["dynamodb"]["NewImage"])
        walk(record["dynamodb"]["OldImage"])
    return len(found)


# --- the run ------------------------------------------------------------------------------------


def run(quick: bool) -> Report:
    rounds, min_ns = (5, 1e6) if quick else (60, 1e6)
    event = batch()
    samples: dict[str, dict[str, list[float]]] = {}
    peaks: dict[str, dict[str, int]] = {}
    for workload, use in WORKLOADS.items():
        answer = _boto3(use)(event, LAMBDA_CONTEXT)
        samplers: dict[str, Callable[[], float]] = {}
        for system, build in BUILDERS.items():
            handler = build(use)
            verify(system, handler, event, answer)
            loops = loops_for(handler, [event], min_ns)
            samplers[system] = _sampler(handler, event, loops)
        samples[workload] = interleaved(samplers, rounds)
        peaks[workload] = {system: peak_in_child(__name__, system, workload) for system in SYSTEMS}
    return _report(samples, peaks, event, rounds)


def _sampler(handler: Handler, event: JSON, loops: int) -> Callable[[], float]:
    return lambda: ns_per_call(handler, [event], loops)


def _report(
    samples: dict[str, dict[str, list[float]]],
    peaks: dict[str, dict[str, int]],
    event: JSON,
    rounds: int,
) -> Report:
    targets = []
    rows = []
    for workload, times in samples.items():
        verdicts = {}
        for system in CHECKED:
            label = "" if system == OURS else ", per_record=True"
            verdicts[system] = target = Target(
                f"DynamoDB {RECORDS:,} records, {workload}{label}: ÷ boto3 loop",
                paired_ratio(times[system], times[BOTO3]),
                BOTO3_TARGET,
            )
            targets.append(target)
        for system in SYSTEMS:
            per_batch = median(times[system])
            checked = system in CHECKED
            rows.append(
                [
                    workload,
                    system,
                    millis(per_batch / 1e9),
                    f"{per_batch / RECORDS / 1000:.1f} µs",
                    ratio(paired_ratio(times[BOTO3], times[system])),
                    f"≥ {1 / BOTO3_TARGET:g}x" if checked else "",
                    verdicts[system].verdict() if checked else "",
                    kib(peaks[workload][system]),
                ]
            )
    header = [
        "Workload",
        "System",
        "Per batch (median)",
        "Per record",
        "Speed-up over boto3",
        "Target",
        "Result",
        "Peak memory",
    ]
    images = event["Records"][0]["dynamodb"]
    body = (
        f"One DynamoDB stream event of {RECORDS:,} MODIFY records, NEW_AND_OLD_IMAGES of"
        f" {len(images['NewImage'])} attributes, both images of every record read into plain"
        " Python; the handler keeps each record's status change, or both images:\n\n"
        + table(header, rows, align="llrrrllr")
        + f"\n\n{rounds} interleaved rounds per workload, garbage collector paused while timing."
        " *Speed-up over boto3* is the median of the ratios within each round (boto3 loop's time"
        f" ÷ the system's). The images hold {distinct_numbers(event):,} different numbers."
        " *Peak memory* is the most memory allocated during one dispatch and live at once,"
        " traced in a fresh interpreter after a warm-up batch."
    )
    return Report("dynamodb", "DynamoDB stream", body, targets)
