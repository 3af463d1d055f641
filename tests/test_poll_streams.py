"""Stream polling as Lambda's event source mapping does it, on an in-memory Kinesis.

Shards split and close here (moto's SplitShard does nothing); checkpoints, partial answers,
retries, the on-failure destination and bisection are checked record by record.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lambda_universal_router._poll.checkpoints import CheckpointError, Checkpoints
from lambda_universal_router._poll.context import Function
from lambda_universal_router._poll.stream_apis import DynamoDBStream, KinesisStream
from lambda_universal_router._poll.streams import StreamSettings, StreamSource
from tests.poll_fakes import FakeDynamoDBStreams, FakeKinesis, data_of

FUNCTION = Function("clicks", 30.0, "eu-west-1", "123456789012")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Destination:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def send(self, record: dict[str, Any]) -> None:
        self.sent.append(record)


class App:
    """Records what it saw; fails the records whose data is in ``failing``."""

    def __init__(self, failing: set[str] | None = None, *, partial: bool = True) -> None:
        self.failing = failing or set()
        self.partial = partial
        self.batches: list[list[str]] = []

    def __call__(self, event: dict[str, Any], context: Any) -> Any:
        datas = [data_of(record) for record in event["Records"]]
        self.batches.append(datas)
        failed = [r for r in event["Records"] if data_of(r) in self.failing]
        if failed and not self.partial:
            raise RuntimeError("boom")
        return {
            "batchItemFailures": [
                {"itemIdentifier": r["kinesis"]["sequenceNumber"]} for r in failed
            ]
        }

    @property
    def seen(self) -> list[str]:
        return [data for batch in self.batches for data in batch]


def source(
    client: FakeKinesis,
    clock: Clock,
    *,
    checkpoints: Checkpoints | None = None,
    destination: Destination | None = None,
    **settings: Any,
) -> StreamSource:
    settings.setdefault("starting_position", "TRIM_HORIZON")
    return StreamSource(
        KinesisStream(client, "clicks", "eu-west-1"),
        settings=StreamSettings(**settings),
        function=FUNCTION,
        checkpoints=checkpoints or Checkpoints(None),
        destination=destination,
        clock=clock,
        wall_clock=lambda: client.now,
    )


def drain(
    poller: StreamSource, app: Callable[[Any, Any], Any], clock: Clock, rounds: int = 40
) -> None:
    for _ in range(rounds):
        poller.poll_once(app)
        clock.now += 5


def test_records_of_each_shard_arrive_in_order_in_batches() -> None:
    client, clock = FakeKinesis("shardId-0", "shardId-1"), Clock()
    for n in range(7):
        client.put("shardId-0", f"a{n}")
        client.put("shardId-1", f"b{n}")
    app = App()
    drain(source(client, clock, batch_size=3), app, clock)
    assert all(len(batch) <= 3 for batch in app.batches)
    assert [d for d in app.seen if d.startswith("a")] == [f"a{n}" for n in range(7)]
    assert [d for d in app.seen if d.startswith("b")] == [f"b{n}" for n in range(7)]


def test_a_split_shard_is_read_to_its_end_before_its_children() -> None:
    client, clock = FakeKinesis("shardId-0"), Clock()
    client.put("shardId-0", "p1")
    app = App()
    poller = source(client, clock, batch_size=10)
    drain(poller, app, clock, rounds=3)
    client.put("shardId-0", "p2")
    client.split("shardId-0", "shardId-1", "shardId-2")
    client.put("shardId-1", "c1")
    client.put("shardId-2", "c2")
    client.put("shardId-1", "c3")
    drain(poller, app, clock)
    assert app.seen[:2] == ["p1", "p2"]
    assert sorted(app.seen[2:]) == ["c1", "c2", "c3"]
    assert app.seen.index("c1") < app.seen.index("c3")
    assert poller.checkpoints.finished(poller.name, "shardId-0")


def test_children_listed_at_start_wait_for_their_closed_parent() -> None:
    client, clock = FakeKinesis("shardId-0"), Clock()
    client.put("shardId-0", "p1")
    client.split("shardId-0", "shardId-1")
    client.put("shardId-1", "c1")
    client.put("shardId-0", "late")  # NOTE: the fake accepts it; what matters is the order
    app = App()
    drain(source(client, clock), app, clock)
    assert app.seen == ["p1", "late", "c1"]


def test_a_partial_answer_moves_the_checkpoint_to_the_failed_record_and_retries_from_it() -> None:
    client, clock = FakeKinesis("shardId-0"), Clock()
    sequences = [client.put("shardId-0", f"r{n}") for n in range(5)]
    app = App({"r2"})
    poller = source(client, clock, batch_size=5)
    poller.poll_once(app)
    assert poller.checkpoints.sequence(poller.name, "shardId-0") == sequences[1]
    app.failing.clear()
    drain(poller, app, clock)
    assert app.batches == [["r0", "r1", "r2", "r3", "r4"], ["r2", "r3", "r4"]]
    assert poller.checkpoints.sequence(poller.name, "shardId-0") == sequences[4]


def test_after_max_retries_the_failed_record_goes_to_the_destination_and_is_skipped() -> None:
    client, clock = FakeKinesis("shardId-0"), Clock()
    sequences = [client.put("shardId-0", f"r{n}") for n in range(4)]
    app, destination = App({"r1"}), Destination()
    drain(source(client, clock, batch_size=10, max_retries=2, destination=destination), app, clock)
    assert app.batches == [
        ["r0", "r1", "r2", "r3"],
        ["r1", "r2", "r3"],
        ["r1", "r2", "r3"],
        ["r2", "r3"],
    ]
    [sent] = destination.sent
    info = sent["KinesisBatchInfo"]
    assert (info["startSequenceNumber"], info["endSequenceNumber"]) == (sequences[1],) * 2
    assert info["batchSize"] == 1
    assert sent["requestContext"]["approximateInvokeCount"] == 3
    assert sent["requestContext"]["condition"] == "RetryAttemptsExhausted"


def test_a_failed_batch_is_skipped_whole_after_its_retries() -> None:
    client, clock = FakeKinesis("shardId-0"), Clock()
    for n in range(3):
        client.put("shardId-0", f"r{n}")
    client_app, destination = App({"r1"}, partial=False), Destination()
    poller = source(client, clock, batch_size=2, max_retries=1, destination=destination)
    drain(poller, client_app, clock)
    assert client_app.batches == [["r0", "r1"], ["r0", "r1"], ["r2"]]
    assert destination.sent[0]["KinesisBatchInfo"]["batchSize"] == 2


def test_infinite_retries_never_skip() -> None:
    client, clock = FakeKinesis("shardId-0"), Clock()
    client.put("shardId-0", "bad")
    client.put("shardId-0", "next")
    app = App({"bad"}, partial=False)
    poller = source(client, clock)
    drain(poller, app, clock, rounds=30)
    assert len(app.batches) >= 20
    assert all(batch[0] == "bad" for batch in app.batches)
    assert poller.checkpoints.sequence(poller.name, "shardId-0") is None


def test_bisect_splits_a_failing_batch_until_the_bad_record_is_alone() -> None:
    client, clock = FakeKinesis("shardId-0"), Clock()
    for n in range(4):
        client.put("shardId-0", f"r{n}")
    app = App({"r2"}, partial=False)
    drain(source(client, clock, batch_size=4, bisect=True, max_retries=0), app, clock)
    assert app.batches == [["r0", "r1", "r2", "r3"], ["r0", "r1"], ["r2", "r3"], ["r2"], ["r3"]]


def test_a_batch_past_the_function_timeout_fails_whole() -> None:
    client, clock = FakeKinesis("shardId-0"), Clock()
    client.put("shardId-0", "slow")
    calls: list[float] = []

    def slow(event: Any, context: Any) -> None:
        calls.append(context.get_remaining_time_in_millis())
        if len(calls) == 1:
            clock.now += 31

    poller = source(client, clock)
    drain(poller, slow, clock, rounds=3)
    assert calls[0] == 30_000
    assert len(calls) == 2  # retried: the first answer came after the deadline
    assert poller.checkpoints.sequence(poller.name, "shardId-0") is not None


def test_checkpoints_survive_a_restart(tmp_path: Path) -> None:
    client, clock = FakeKinesis("shardId-0", "shardId-1"), Clock()
    for n in range(3):
        client.put("shardId-0", f"a{n}")
    first, saved_by_first = App(), Checkpoints(tmp_path)
    drain(source(client, clock, checkpoints=saved_by_first), first, clock)
    saved_by_first.close()  # the first poller's process ends
    client.put("shardId-0", "a3")
    client.put("shardId-1", "b0")
    second = App()
    saved_by_second = Checkpoints(tmp_path)
    drain(source(client, clock, checkpoints=saved_by_second), second, clock)
    saved_by_second.close()
    assert first.seen == ["a0", "a1", "a2"]
    assert sorted(second.seen) == ["a3", "b0"]
    saved = json.loads((tmp_path / "checkpoints.json").read_text())
    assert saved["version"] == 1


def test_latest_resumes_from_the_saved_start_time_before_the_first_record(tmp_path: Path) -> None:
    client, clock = FakeKinesis("shardId-0"), Clock()
    client.put("shardId-0", "before")
    app, saved_by_first = App(), Checkpoints(tmp_path)
    drain(
        source(client, clock, checkpoints=saved_by_first, starting_position="LATEST"),
        app,
        clock,
        3,
    )
    saved_by_first.close()  # the first poller's process ends
    client.put("shardId-0", "while-stopped")
    saved_by_second = Checkpoints(tmp_path)
    drain(
        source(client, clock, checkpoints=saved_by_second, starting_position="LATEST"),
        app,
        clock,
        3,
    )
    saved_by_second.close()
    assert app.seen == ["while-stopped"]


def test_an_expired_iterator_is_reopened_without_loss_or_duplicates() -> None:
    client, clock = FakeKinesis("shardId-0"), Clock()
    client.put("shardId-0", "r0")
    app = App()
    poller = source(client, clock, batch_size=1)
    drain(poller, app, clock, rounds=2)
    client.put("shardId-0", "r1")
    client.expire_next = True
    drain(poller, app, clock, rounds=4)
    assert app.seen == ["r0", "r1"]


def test_a_damaged_checkpoint_file_is_refused_with_the_fix(tmp_path: Path) -> None:
    (tmp_path / "checkpoints.json").write_text("{not json")
    with pytest.raises(CheckpointError, match="remove the file"):
        Checkpoints(tmp_path)


def test_latest_skips_what_children_held_before_the_first_start() -> None:
    client, clock = FakeKinesis("shardId-0"), Clock()
    client.put("shardId-0", "old-parent")
    client.split("shardId-0", "shardId-1")
    client.put("shardId-1", "old-child")
    app = App()
    poller = source(client, clock, starting_position="LATEST")
    drain(poller, app, clock, rounds=3)
    client.put("shardId-1", "new")
    drain(poller, app, clock, rounds=5)
    assert app.seen == ["new"]


def dynamodb_source(client: FakeKinesis, clock: Clock, **settings: Any) -> StreamSource:
    api = DynamoDBStream(FakeDynamoDBStreams(client), FakeDynamoDBStreams.ARN, "eu-west-1")
    return StreamSource(
        api,
        settings=StreamSettings(**settings),
        function=FUNCTION,
        checkpoints=Checkpoints(None),
        destination=None,
        clock=clock,
    )


def keys(app: list[str]) -> Callable[[Any, Any], None]:
    def handler(event: Any, context: Any) -> None:
        app.extend(r["dynamodb"]["Keys"]["Id"]["S"] for r in event["Records"])

    return handler


def test_dynamodb_latest_reads_what_comes_after_the_start_and_new_shards_from_their_start() -> None:
    client, clock, seen = FakeKinesis("shardId-0"), Clock(), []
    client.put("shardId-0", "before")
    poller = dynamodb_source(client, clock, starting_position="LATEST")
    drain(poller, keys(seen), clock, rounds=3)
    client.put("shardId-0", "after")
    client.split("shardId-0", "shardId-1")
    client.put("shardId-1", "child")
    drain(poller, keys(seen), clock)
    assert seen == ["after", "child"]


def test_a_second_poller_on_the_same_state_directory_is_refused(tmp_path: Path) -> None:
    first = Checkpoints(tmp_path)
    with pytest.raises(CheckpointError, match="in use by another poller"):
        Checkpoints(tmp_path)
    first.close()
    Checkpoints(tmp_path).close()
