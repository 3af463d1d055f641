"""Property: every record of every batch is processed successfully or reported failed, never both.

Random batches, random failing records, random concurrency; the expected report is computed from
the documented rules (docs/batch.md) independently of the implementation.
"""

from __future__ import annotations

import threading
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lambda_universal_router import Router
from tests.test_batch import FIFO_ARN, QUEUE_ARN, dynamodb_record, kinesis_record, sqs_record

batches = st.lists(
    st.tuples(st.sampled_from("ABC"), st.booleans()),  # (ordering key, does it fail?)
    min_size=1,
    max_size=25,
)
concurrency = st.sampled_from([1, 1, 2, 4])


def run(router: Router, event: dict[str, Any], ids: list[str]) -> tuple[list[str], set[str]]:
    succeeded: set[str] = set()
    result = router.dispatch(event, {})
    reported = [entry["itemIdentifier"] for entry in result["batchItemFailures"]]
    assert reported == [i for i in ids if i in set(reported)], "reported in batch order"
    return reported, succeeded


def register(router: Router, source: str, workers: int, failing: set[str], ok: set[str]) -> None:
    lock = threading.Lock()

    def handle(record: Any, context: Any) -> None:
        identifier = record.message_id if source == "sqs" else record.sequence_number
        if identifier in failing:
            raise ValueError(identifier)
        with lock:
            ok.add(identifier)

    getattr(router, source)(per_record=True, concurrency=workers)(handle)


@settings(max_examples=60, deadline=None)
@given(batches, concurrency)
def test_sqs_standard_reports_exactly_the_failures(
    batch: list[tuple[str, bool]], workers: int
) -> None:
    ids = [str(i) for i in range(len(batch))]
    failing = {i for i, (_, fails) in zip(ids, batch, strict=True) if fails}
    ok: set[str] = set()
    router = Router()
    register(router, "sqs", workers, failing, ok)
    event = {"Records": [sqs_record(i, "x", arn=QUEUE_ARN) for i in ids]}
    reported, _ = run(router, event, ids)
    assert set(reported) == failing
    assert ok | set(reported) == set(ids) and not ok & set(reported)


@settings(max_examples=60, deadline=None)
@given(batches, concurrency)
def test_sqs_fifo_blocks_the_rest_of_a_failed_group(
    batch: list[tuple[str, bool]], workers: int
) -> None:
    ids = [str(i) for i in range(len(batch))]
    failing = {i for i, (_, fails) in zip(ids, batch, strict=True) if fails}
    expected: set[str] = set()
    blocked: set[str] = set()
    for identifier, (group, fails) in zip(ids, batch, strict=True):
        if group in blocked or fails:
            expected.add(identifier)
            blocked.add(group)
    ok: set[str] = set()
    router = Router()
    register(router, "sqs", workers, failing, ok)
    event = {
        "Records": [
            sqs_record(i, "x", arn=FIFO_ARN, group=group)
            for i, (group, _) in zip(ids, batch, strict=True)
        ]
    }
    reported, _ = run(router, event, ids)
    assert set(reported) == expected
    assert ok | set(reported) == set(ids) and not ok & set(reported)


@settings(max_examples=60, deadline=None)
@given(batches, concurrency, st.sampled_from(["kinesis", "dynamodb"]))
def test_streams_checkpoint_at_the_first_failure(
    batch: list[tuple[str, bool]], workers: int, source: str
) -> None:
    ids = [str(100 + i) for i in range(len(batch))]
    failing = {i for i, (_, fails) in zip(ids, batch, strict=True) if fails}
    expected: set[str] = set()
    if workers == 1:
        first = next((n for n, (_, fails) in enumerate(batch) if fails), None)
        if first is not None:
            expected = set(ids[first:])
    else:
        blocked: set[str] = set()
        for identifier, (key, fails) in zip(ids, batch, strict=True):
            if key in blocked or fails:
                expected.add(identifier)
                blocked.add(key)
    ok: set[str] = set()
    router = Router()
    register(router, source, workers, failing, ok)
    make = kinesis_record if source == "kinesis" else dynamodb_record
    event = {"Records": [make(int(i), key) for i, (key, _) in zip(ids, batch, strict=True)]}
    reported, _ = run(router, event, ids)
    assert set(reported) == expected
    assert ok | set(reported) == set(ids) and not ok & set(reported)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["orders", "payments", "audit"]), min_size=1, max_size=15))
def test_records_from_a_queue_no_filter_names_are_reported_failed_never_lost(
    queues: list[str],
) -> None:
    for policy in ("ack", "fail"):
        ok: set[str] = set()
        router = Router(unmatched=policy)
        router.sqs(queue="orders", per_record=True)(lambda m, c, ok=ok: ok.add(m.message_id))
        router.sqs(queue="payments", per_record=True)(lambda m, c, ok=ok: ok.add(m.message_id))
        ids = [str(i) for i in range(len(queues))]
        arn = "arn:aws:sqs:us-east-1:123456789012:"
        event = {
            "Records": [sqs_record(i, "x", arn=arn + q) for i, q in zip(ids, queues, strict=True)]
        }
        reported, _ = run(router, event, ids)
        unknown = {i for i, q in zip(ids, queues, strict=True) if q == "audit"}
        assert ok == set(ids) - unknown
        # Whatever the policy: a queue the code does not name is a wiring mistake, not a filter.
        assert set(reported) == unknown


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["INSERT", "MODIFY", "REMOVE"]), min_size=1, max_size=15))
def test_records_filters_decline_are_reported_or_acknowledged_never_lost(
    names: list[str],
) -> None:
    for policy in ("ack", "fail"):
        ok: set[str] = set()
        router = Router(unmatched=policy)
        router.dynamodb(table="Books", event_names=["INSERT", "MODIFY"], per_record=True)(
            lambda r, c, ok=ok: ok.add(r.sequence_number)
        )
        ids = [str(i) for i in range(1, len(names) + 1)]
        event = {
            "Records": [
                dynamodb_record(int(i), i, name) for i, name in zip(ids, names, strict=True)
            ]
        }
        reported, _ = run(router, event, ids)
        declined = [i for i, name in zip(ids, names, strict=True) if name == "REMOVE"]
        if policy == "ack":
            assert ok == set(ids) - set(declined) and reported == []
        else:  # a reported record stops the shard there: it and every later record are retried
            first = int(declined[0]) if declined else len(ids) + 1
            assert set(reported) == {i for i in ids if int(i) >= first}
            assert ok == {i for i in ids if int(i) < first}


# --- whole-batch answers beside per-record and envelope handlers ----------------------------------

#: A record: (where it comes from, does its handler fail it?). "a": the whole-batch handler's
#: queue; "b": a per-record handler's queue; "env": an S3 notification carried in a message of
#: queue "b" (the S3 handler takes it first); "c": a queue no filter names.
mixed_batches = st.lists(
    st.tuples(st.sampled_from(["a", "b", "env", "c"]), st.booleans()), min_size=1, max_size=20
)
#: How the whole-batch handler answers for its failing records.
answers = st.sampled_from(["valid", "unknown id", "null id", "not a list", "text", "other's id"])


def whole_batch_answer(kind: str, failing: list[str], others: list[str]) -> Any:
    if kind == "valid":
        return {"batchItemFailures": [{"itemIdentifier": i} for i in failing]}
    if kind == "unknown id":
        return {"batchItemFailures": [{"itemIdentifier": "zzz"}]}
    if kind == "null id":
        return {"batchItemFailures": [{"itemIdentifier": None}]}
    if kind == "not a list":
        return {"batchItemFailures": "x"}
    if kind == "other's id":
        return {"batchItemFailures": [{"itemIdentifier": i} for i in others[:1] or ["zzz"]]}
    return "done"


@settings(max_examples=80, deadline=None)
@given(mixed_batches, answers, concurrency, st.booleans())
def test_whole_batch_answers_beside_other_handlers_lose_nothing(
    batch: list[tuple[str, bool]], answer: str, workers: int, asynchronous: bool
) -> None:
    import json

    from lambda_universal_router.testing import s3

    arn = "arn:aws:sqs:us-east-1:123456789012:"
    ids = [str(i) for i in range(len(batch))]
    queue_of = {"a": "a", "b": "b", "env": "b", "c": "c"}
    failing = {i for i, (_, fails) in zip(ids, batch, strict=True) if fails}
    kinds = dict(zip(ids, (kind for kind, _ in batch), strict=True))
    records = []
    for identifier, (kind, _) in zip(ids, batch, strict=True):
        body = json.dumps(s3(identifier, bucket="media")) if kind == "env" else identifier
        records.append(sqs_record(identifier, body, arn=arn + queue_of[kind]))
    ok: set[str] = set()
    given: list[Any] = []
    lock = threading.Lock()
    router = Router()

    @router.sqs(queue="a")
    def whole(event: Any, context: Any) -> Any:
        mine = [m.message_id for m in event.records]
        bad = [i for i in mine if i in failing]
        others = [i for i in ids if kinds[i] != "a"]
        result = whole_batch_answer(answer, bad, others) if bad else None
        if result is None or answer == "valid":
            ok.update(set(mine) - set(bad))
        given.append(result)
        return result

    def succeed(identifier: str) -> None:
        if identifier in failing:
            raise ValueError(identifier)
        with lock:
            ok.add(identifier)

    if asynchronous:

        async def per_message(message: Any, context: Any) -> None:
            succeed(message.message_id)

        async def per_upload(record: Any, context: Any) -> None:
            succeed(record.s3_object.key)
    else:
        per_message = lambda message, context: succeed(message.message_id)  # noqa: E731
        per_upload = lambda record, context: succeed(record.s3_object.key)  # noqa: E731
    router.sqs(queue="b", per_record=True, concurrency=workers)(per_message)
    router.s3(bucket="media", per_record=True, concurrency=workers)(per_upload)

    if all(kind == "a" for kind in kinds.values()):  # it took every record: Lambda reads its answer
        assert router.dispatch({"Records": records}, {}) is given[0]
        return
    reported, _ = run(router, {"Records": records}, ids)

    a_records = {i for i in ids if kinds[i] == "a"}
    a_failing = a_records & failing
    expected = {i for i in ids if kinds[i] == "c" or (kinds[i] in ("b", "env") and i in failing)}
    if a_failing:
        expected |= a_failing if answer == "valid" else a_records
    assert set(reported) == expected
    assert ok | set(reported) == set(ids) and not ok & set(reported)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["in", "out", "plain", "other"]), st.booleans()),
        min_size=1,
        max_size=15,
    ),
    concurrency,
    st.sampled_from(["ack", "fail"]),
)
def test_records_of_a_carrier_without_handlers_reach_one_or_are_never_acknowledged(
    batch: list[tuple[str, bool]], workers: int, policy: str
) -> None:
    import json

    import pytest

    from lambda_universal_router import NoHandlerError
    from lambda_universal_router.testing import s3

    ids = [str(i) for i in range(len(batch))]
    failing = {i for i, (_, fails) in zip(ids, batch, strict=True) if fails}
    kinds = dict(zip(ids, (kind for kind, _ in batch), strict=True))
    bodies = {
        "in": lambda i: json.dumps(s3(f"in/{i}", bucket="media")),
        "out": lambda i: json.dumps(s3(f"out/{i}", bucket="media")),  # prefix= declines it
        "plain": lambda i: f"plain {i}",
        "other": lambda i: json.dumps(s3(f"in/{i}", bucket="other")),  # no bucket= names it
    }
    event = {"Records": [sqs_record(i, bodies[kinds[i]](i), arn=QUEUE_ARN) for i in ids]}
    ok: set[str] = set()
    lock = threading.Lock()

    def upload(record: Any, context: Any) -> None:
        identifier = record.s3_object.key.removeprefix("in/")
        if identifier in failing:
            raise ValueError(identifier)
        with lock:
            ok.add(identifier)

    router = Router(unmatched=policy)
    router.s3(bucket="media", prefix="in/", per_record=True, concurrency=workers)(upload)

    if all(kinds[i] in ("plain", "other") for i in ids):  # no record reaches a handler: 1.0 rule
        with pytest.raises(NoHandlerError):
            router.dispatch(event, {})
        return
    reported, _ = run(router, event, ids)

    declined = {i for i in ids if kinds[i] == "out"}
    reached_none = {i for i in ids if kinds[i] in ("plain", "other")}
    expected = reached_none | {i for i in failing if kinds[i] == "in"}
    if policy == "fail":
        expected |= declined
    assert set(reported) == expected
    acknowledged = declined if policy == "ack" else set()
    assert ok | set(reported) | acknowledged == set(ids)
    assert not ok & set(reported)
