"""Where a restarted stream poller starts reading each shard, across shard rotations.

With ``LATEST``, only what was written before the very first start may be skipped: a restart,
a split while stopped, an expired iterator or a child listed at the start never skip a record.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lambda_universal_router._poll.checkpoints import Checkpoints
from lambda_universal_router._poll.context import Function
from lambda_universal_router._poll.stream_apis import DynamoDBStream, KinesisStream, StreamApi
from lambda_universal_router._poll.streams import StreamSettings, StreamSource
from tests.poll_fakes import FakeDynamoDBStreams, FakeKinesis, data_of

FUNCTION = Function("clicks", 30.0, "eu-west-1", "123456789012")
SOURCES = ("kinesis", "dynamodb")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Seen:
    """A function that records the data (Kinesis) or key (DynamoDB) of every record it gets."""

    def __init__(self) -> None:
        self.records: list[str] = []

    def __call__(self, event: dict[str, Any], context: Any) -> None:
        for record in event["Records"]:
            if "kinesis" in record:
                self.records.append(data_of(record))
            else:
                self.records.append(record["dynamodb"]["Keys"]["Id"]["S"])


class Poller:
    """One poller process after another on the same state directory."""

    def __init__(self, kind: str, client: FakeKinesis, state: Path, **settings: Any) -> None:
        self.kind, self.client, self.state, self.settings = kind, client, state, settings
        self.clock, self.seen = Clock(), Seen()
        self.source = self._start()

    def _start(self) -> StreamSource:
        api: StreamApi
        if self.kind == "kinesis":
            api = KinesisStream(self.client, "clicks", "eu-west-1")
        else:
            api = DynamoDBStream(FakeDynamoDBStreams(self.client), FakeDynamoDBStreams.ARN, "x")
        return StreamSource(
            api,
            settings=StreamSettings(**self.settings),
            function=FUNCTION,
            checkpoints=Checkpoints(self.state),
            destination=None,
            clock=self.clock,
            wall_clock=lambda: self.client.now,
        )

    def run(self, rounds: int = 40) -> None:
        for _ in range(rounds):
            self.source.poll_once(self.seen)
            self.clock.now += 5

    def stop(self) -> None:
        self.source.close()

    def restart(self) -> None:
        self.stop()
        self.source = self._start()


def run_each_source(test: Callable[[str, Path], None]) -> Callable[[Path], None]:
    def both(tmp_path: Path) -> None:
        for kind in SOURCES:
            test(kind, tmp_path / kind)

    both.__name__ = test.__name__
    return both


@run_each_source
def test_a_child_split_while_stopped_is_read_from_its_start(kind: str, state: Path) -> None:
    client = FakeKinesis("shardId-0")
    client.put("shardId-0", "before-start")
    poller = Poller(kind, client, state)
    poller.run(3)
    client.put("shardId-0", "a1")
    poller.run(3)
    poller.stop()
    client.split("shardId-0", "shardId-1")  # the shard rotation while no poller runs
    client.put("shardId-1", "written-while-stopped")
    poller.restart()
    poller.run(3)
    client.put("shardId-1", "after-restart")
    poller.run()
    poller.stop()
    assert poller.seen.records == ["a1", "written-while-stopped", "after-restart"], kind


@run_each_source
def test_a_shard_without_a_checkpoint_resumes_from_the_first_start(kind: str, state: Path) -> None:
    client = FakeKinesis("shardId-0")
    client.put("shardId-0", "before-start")
    poller = Poller(kind, client, state)
    poller.run(3)
    poller.stop()
    client.put("shardId-0", "while-stopped")
    poller.restart()
    poller.run()
    poller.stop()
    assert poller.seen.records == ["while-stopped"], kind


@run_each_source
def test_a_child_listed_at_the_first_start_keeps_what_came_after_it(kind: str, state: Path) -> None:
    client = FakeKinesis("shardId-0")
    client.put("shardId-0", "old-parent")
    client.split("shardId-0", "shardId-1")
    client.put("shardId-1", "old-child")
    client.expire_next = True  # the first read of the parent: reopened from the start time
    poller = Poller(kind, client, state)
    poller.run(1)  # the first start; the parent's iterator expired, it is not finished yet
    client.put("shardId-1", "new-child")
    poller.run()
    poller.stop()
    assert poller.seen.records == ["new-child"], kind


@run_each_source
def test_an_expired_latest_iterator_loses_nothing(kind: str, state: Path) -> None:
    client = FakeKinesis("shardId-0")
    client.put("shardId-0", "before-start")
    poller = Poller(kind, client, state)
    poller.run(2)
    client.put("shardId-0", "r1")
    client.expire_next = True
    poller.run()
    poller.stop()
    assert poller.seen.records == ["r1"], kind


def test_a_state_directory_without_first_shards_reads_children_of_known_shards_whole(
    tmp_path: Path,
) -> None:
    """A state directory written before the first start's shards were saved."""
    client = FakeKinesis("shardId-0")
    poller = Poller("dynamodb", client, tmp_path)
    poller.run(3)
    client.put("shardId-0", "a1")
    poller.run(3)
    poller.stop()
    saved = json.loads((tmp_path / "checkpoints.json").read_text())
    for stream in saved["streams"].values():
        del stream["first_shards"], stream["started_at"]
    (tmp_path / "checkpoints.json").write_text(json.dumps(saved))
    client.split("shardId-0", "shardId-1")
    client.put("shardId-1", "written-while-stopped")
    poller.restart()
    poller.run()
    poller.stop()
    assert poller.seen.records == ["a1", "written-while-stopped"]


def test_the_first_start_is_saved_once(tmp_path: Path) -> None:
    client = FakeKinesis("shardId-0")
    poller = Poller("dynamodb", client, tmp_path)
    poller.run(1)
    first = json.loads((tmp_path / "checkpoints.json").read_text())
    client.now += 100
    client.split("shardId-0", "shardId-1")
    poller.restart()
    poller.run(1)
    poller.stop()
    [before] = first["streams"].values()
    [after] = json.loads((tmp_path / "checkpoints.json").read_text())["streams"].values()
    assert (after["started_at"], after["first_shards"]) == (client.now - 100, ["shardId-0"])
    assert before["started_at"] == after["started_at"]


STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("put"), st.integers(0, 7)),
        st.tuples(st.just("split"), st.integers(0, 7)),
        st.tuples(st.sampled_from(["run", "restart", "expire"]), st.integers(1, 4)),
    ),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(SOURCES),
    before=st.lists(st.tuples(st.sampled_from(["put", "split"]), st.integers(0, 7)), max_size=6),
    steps=STEPS,
)
def test_no_record_written_after_the_first_start_is_ever_skipped(
    kind: str, before: list[tuple[str, int]], steps: list[tuple[str, int]]
) -> None:
    client, written, shards = FakeKinesis("shardId-0"), [], 1

    def apply(step: str, number: int) -> str | None:
        nonlocal shards
        open_shards = [shard.id for shard in client.shards.values() if not shard.closed]
        shard = open_shards[number % len(open_shards)]
        if step == "split":
            client.split(shard, f"shardId-{shards}", f"shardId-{shards + 1}")
            shards += 2
            return None
        data = f"r{len(client.shards[shard].records)}-{shard}"
        client.put(shard, data)
        return data

    for step, number in before:
        apply(step, number)
    with tempfile.TemporaryDirectory() as state:
        poller = Poller(kind, client, Path(state), batch_size=3)
        poller.run(1)  # the very first start
        for step, number in steps:
            if step == "run":
                poller.run(number)
            elif step == "restart":
                poller.restart()
            elif step == "expire":
                client.expire_next = True
            else:
                data = apply(step, number)
                if data is not None:
                    written.append(data)
        poller.run(80)
        poller.stop()
    assert sorted(poller.seen.records) == sorted(written)
