"""The two stream APIs behind one interface: list shards, open an iterator, read records.

Kinesis and DynamoDB Streams differ in names (``StreamName`` against ``StreamArn``, ``Timestamp``
only on Kinesis, where the sequence number sits in a record) but not in how shards behave: a
shard is closed when its ``SequenceNumberRange`` has an end, and a split or merge names the
closed shard as ``ParentShardId`` (and ``AdjacentParentShardId``) of the new ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from . import events

JSON = dict[str, Any]


@dataclass(frozen=True)
class Shard:
    id: str
    #: The shards this one was split or merged from; it is read after they are finished.
    parents: tuple[str, ...]
    #: No record will be added: the shard was split or merged, or its stream was disabled.
    closed: bool


@dataclass(frozen=True)
class Position:
    """Where an iterator starts: a ``ShardIteratorType`` and its sequence number or time."""

    kind: str
    sequence: str | None = None
    timestamp: float | None = None


def _shard(description: JSON) -> Shard:
    parents = tuple(
        parent
        for parent in (description.get("ParentShardId"), description.get("AdjacentParentShardId"))
        if parent
    )
    closed = "EndingSequenceNumber" in (description.get("SequenceNumberRange") or {})
    return Shard(description["ShardId"], parents, closed)


class StreamApi:
    """What the stream reader needs of a stream; one subclass per service."""

    #: The ``eventSource`` of the stream's records.
    source = ""
    #: The key of an on-failure record's batch description.
    batch_info = ""
    #: Whether iterators can start at a time (``AT_TIMESTAMP``).
    has_timestamps = False
    #: The largest ``Limit`` one ``GetRecords`` accepts.
    max_read = 10_000

    def __init__(self, client: Any, arn: str, region: str) -> None:
        self.client = client
        self.arn = arn
        self.region = region

    def shards(self) -> list[Shard]:
        raise NotImplementedError

    def iterator(self, shard: str, position: Position) -> str:
        raise NotImplementedError

    def read(self, iterator: str, limit: int) -> tuple[list[JSON], str | None]:
        """``(records, next iterator)``; the next iterator is None at the end of a closed shard.

        ``GetRecords`` is the same call on both services."""
        page = self.client.get_records(ShardIterator=iterator, Limit=min(limit, self.max_read))
        return page.get("Records", []), page.get("NextShardIterator")

    def sequence(self, record: JSON) -> str:
        raise NotImplementedError

    def event_records(self, records: list[JSON], shard: str, role_arn: str) -> list[JSON]:
        """The ``Records`` of the event Lambda builds from ``records`` of ``shard``."""
        raise NotImplementedError


class KinesisStream(StreamApi):
    source = "aws:kinesis"
    batch_info = "KinesisBatchInfo"
    has_timestamps = True

    def __init__(self, client: Any, name: str, region: str) -> None:
        summary = client.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
        super().__init__(client, summary["StreamARN"], region)
        self.name = name

    def shards(self) -> list[Shard]:
        found: list[Shard] = []
        request: JSON = {"StreamName": self.name}
        while True:
            page = self.client.list_shards(**request)
            found.extend(_shard(description) for description in page.get("Shards", []))
            token = page.get("NextToken")
            if not token:
                return found
            request = {"NextToken": token}

    def iterator(self, shard: str, position: Position) -> str:
        request: JSON = {
            "StreamName": self.name,
            "ShardId": shard,
            "ShardIteratorType": position.kind,
        }
        if position.sequence is not None:
            request["StartingSequenceNumber"] = position.sequence
        if position.timestamp is not None:
            request["Timestamp"] = datetime.fromtimestamp(position.timestamp, timezone.utc)
        iterator: str = self.client.get_shard_iterator(**request)["ShardIterator"]
        return iterator

    def sequence(self, record: JSON) -> str:
        sequence: str = record["SequenceNumber"]
        return sequence

    def event_records(self, records: list[JSON], shard: str, role_arn: str) -> list[JSON]:
        build, arn, region = events.kinesis_record, self.arn, self.region
        return [
            build(record, shard_id=shard, stream_arn=arn, region=region, role_arn=role_arn)
            for record in records
        ]


class DynamoDBStream(StreamApi):
    source = "aws:dynamodb"
    batch_info = "DDBStreamBatchInfo"
    max_read = 1_000

    def shards(self) -> list[Shard]:
        found: list[Shard] = []
        request: JSON = {"StreamArn": self.arn}
        while True:
            description = self.client.describe_stream(**request)["StreamDescription"]
            shards = description.get("Shards", [])
            found.extend(_shard(shard) for shard in shards)
            last = description.get("LastEvaluatedShardId")
            if not last:
                return found
            request = {"StreamArn": self.arn, "ExclusiveStartShardId": last}

    def iterator(self, shard: str, position: Position) -> str:
        request: JSON = {
            "StreamArn": self.arn,
            "ShardId": shard,
            "ShardIteratorType": position.kind,
        }
        if position.sequence is not None:
            request["SequenceNumber"] = position.sequence
        iterator: str = self.client.get_shard_iterator(**request)["ShardIterator"]
        return iterator

    def sequence(self, record: JSON) -> str:
        sequence: str = record["dynamodb"]["SequenceNumber"]
        return sequence

    def event_records(self, records: list[JSON], shard: str, role_arn: str) -> list[JSON]:
        build, arn = events.dynamodb_record, self.arn
        return [build(record, stream_arn=arn) for record in records]
