"""Kafka partial batch responses: per-record handlers, failures reported per topic-partition.

Lambda identifies a Kafka record by ``{"partition": "<topic>-<partition>", "offset": <offset>}``
and resumes each reported partition from the offset named, so after a failure the later records of
that partition are not run and are reported failed; other partitions go on (docs/batch.md).
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lambda_universal_router import InvalidEventError, Router
from lambda_universal_router.testing import kafka


def event_of(*partitions: tuple[str, int, list[str]], self_managed: bool = False) -> dict[str, Any]:
    """A Kafka event with the given (topic, partition, values) batches, offsets from 0."""
    event = kafka(["x"], self_managed=self_managed)
    event["records"] = {}
    for topic, partition, values in partitions:
        batch = kafka(values, topic=topic, partition=partition)["records"][f"{topic}-{partition}"]
        for offset, record in enumerate(batch):
            record["offset"] = offset
        event["records"][f"{topic}-{partition}"] = batch
    return event


def ident(key: str, offset: int) -> dict[str, Any]:
    return {"partition": key, "offset": offset}


def reported(result: dict[str, Any]) -> list[Any]:
    return [entry["itemIdentifier"] for entry in result["batchItemFailures"]]


@pytest.mark.parametrize("self_managed", [False, True])
def test_a_failure_is_reported_with_its_partition_and_offset(self_managed: bool) -> None:
    router = Router()
    seen: list[str] = []

    @router.kafka(per_record=True)
    def handle(record: Any, context: Any) -> None:
        if record.value == b"bad":
            raise ValueError("bad record")
        seen.append(record.value.decode())

    event = event_of(("orders", 0, ["a", "bad"]), self_managed=self_managed)

    assert router.dispatch(event, {}) == {
        "batchItemFailures": [{"itemIdentifier": ident("orders-0", 1)}]
    }
    assert seen == ["a"]


def test_all_succeeding_answers_an_empty_list() -> None:
    router = Router()
    router.kafka(topic="orders", per_record=True)(lambda record, context: None)

    assert router.dispatch(event_of(("orders", 0, ["a", "b"])), {}) == {"batchItemFailures": []}


@pytest.mark.parametrize("concurrency", [1, 3])
def test_a_failure_blocks_the_rest_of_its_partition_only(concurrency: int) -> None:
    router = Router()
    seen: list[str] = []
    lock = threading.Lock()

    @router.kafka(per_record=True, concurrency=concurrency)
    def handle(record: Any, context: Any) -> None:
        value = record.value.decode()
        if value == "a2":
            raise ValueError(value)
        with lock:
            seen.append(value)

    event = event_of(("orders", 0, ["a1", "a2", "a3", "a4"]), ("orders", 1, ["b1", "b2", "b3"]))

    result = router.dispatch(event, {})

    assert reported(result) == [ident("orders-0", 1), ident("orders-0", 2), ident("orders-0", 3)]
    assert sorted(seen) == ["a1", "b1", "b2", "b3"]


def test_async_handlers_keep_partition_order() -> None:
    router = Router()
    seen: list[str] = []

    @router.kafka(per_record=True, concurrency=4)
    async def handle(record: Any, context: Any) -> None:
        value = record.value.decode()
        if value == "b1":
            raise ValueError(value)
        seen.append(value)

    event = event_of(("orders", 0, ["a1", "a2"]), ("orders", 1, ["b1", "b2"]))

    assert reported(router.dispatch(event, {})) == [ident("orders-1", 0), ident("orders-1", 1)]
    assert [v for v in seen if v.startswith("a")] == ["a1", "a2"]


def test_topics_route_to_their_handlers_whole_batch_ones_unchanged() -> None:
    router = Router()
    received: list[list[int | None]] = []
    router.kafka(topic="audit")(
        lambda event, context: received.append([r.offset for r in event.records])
    )

    @router.kafka(topic="orders", per_record=True)
    def orders(record: Any, context: Any) -> None:
        raise ValueError("orders are down")

    event = event_of(("orders", 0, ["a"]), ("audit", 0, ["x", "y"]))

    assert reported(router.dispatch(event, {})) == [ident("orders-0", 0)]
    assert received == [[0, 1]]


def test_whole_batch_handlers_answer_as_in_1_0() -> None:
    router = Router()
    router.kafka()(lambda event, context: [r.offset for r in event.records])

    assert router.dispatch(event_of(("orders", 0, ["a", "b"])), {}) == [0, 1]

    failing = Router()

    @failing.kafka()
    def handle(event: Any, context: Any) -> None:
        raise RuntimeError("retry the whole batch")

    with pytest.raises(RuntimeError, match="retry the whole batch"):
        failing.dispatch(event_of(("orders", 0, ["a"])), {})


def test_a_whole_batch_handler_may_report_kafka_failures_itself() -> None:
    router = Router()
    router.kafka(topic="orders")(
        lambda event, context: {"batchItemFailures": [{"itemIdentifier": ident("orders-0", 1)}]}
    )

    result = router.dispatch(event_of(("orders", 0, ["a", "b", "c"])), {})

    assert reported(result) == [ident("orders-0", 1)]


@pytest.mark.parametrize(
    "records",
    [
        None,
        [],
        "orders-0",
        {"orders-0": {"topic": "orders"}},
        {"orders-0": [None]},
        {"orders-0": [{"topic": "orders", "partition": 0, "offset": 1}, "x"]},
    ],
)
@pytest.mark.parametrize("per_record", [False, True])
def test_malformed_records_raise_instead_of_being_dropped(records: Any, per_record: bool) -> None:
    router = Router()
    called: list[Any] = []
    router.kafka(per_record=per_record)(lambda item, context: called.append(item))
    event: dict[str, Any] = {"eventSource": "aws:kafka", "bootstrapServers": "b-1:9092"}
    if records is not None:
        event["records"] = records

    with pytest.raises(InvalidEventError, match="records"):
        router.dispatch(event, {})
    assert called == []


def test_an_empty_batch_calls_nothing() -> None:
    router = Router()
    router.kafka(per_record=True)(lambda record, context: None)

    event = {"eventSource": "aws:kafka", "bootstrapServers": "b-1:9092", "records": {}}
    assert router.dispatch(event, {}) == {"batchItemFailures": []}


batches = st.lists(
    st.tuples(st.sampled_from(["orders-0", "orders-1", "audit-0"]), st.booleans()),
    min_size=1,
    max_size=20,
)


@settings(max_examples=60, deadline=None)
@given(batches, st.sampled_from([1, 2, 4]), st.booleans())
def test_every_record_is_processed_or_reported_never_both(
    batch: list[tuple[str, bool]], workers: int, asynchronous: bool
) -> None:
    partitions: dict[str, list[bool]] = {}
    for key, fails in batch:
        partitions.setdefault(key, []).append(fails)
    event = event_of(
        *(
            (key.rsplit("-", 1)[0], int(key.rsplit("-", 1)[1]), ["v"] * len(f))
            for key, f in partitions.items()
        )
    )
    failing = {
        (key, offset) for key, f in partitions.items() for offset, bad in enumerate(f) if bad
    }
    ok: set[tuple[str, int]] = set()
    lock = threading.Lock()

    def work(record: Any) -> None:
        where = (f"{record.topic}-{record.partition}", record.offset)
        if where in failing:
            raise ValueError(where)
        with lock:
            ok.add(where)

    router = Router()
    if asynchronous:

        async def handle_async(record: Any, context: Any) -> None:
            work(record)

        router.kafka(per_record=True, concurrency=workers)(handle_async)
    else:
        router.kafka(per_record=True, concurrency=workers)(lambda record, context: work(record))

    result = reported(router.dispatch(event, {}))

    expected = set()
    for key, f in partitions.items():  # from the first failure on, the partition is retried
        first = next((offset for offset, bad in enumerate(f) if bad), len(f))
        expected |= {(key, offset) for offset in range(first, len(f))}
    got = {(entry["partition"], entry["offset"]) for entry in result}
    assert got == expected
    assert ok | got == {(key, offset) for key, f in partitions.items() for offset in range(len(f))}
    assert not ok & got
