"""A Kinesis client in memory, for what moto's server cannot show (it never splits a shard)."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

STREAM_ARN = "arn:aws:kinesis:eu-west-1:123456789012:stream/clicks"


class ClientError(Exception):
    """Shaped like botocore's: the error code under ``response["Error"]["Code"]``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.response = {"Error": {"Code": code}}


@dataclass
class FakeShard:
    id: str
    parents: tuple[str, ...] = ()
    closed: bool = False
    records: list[dict[str, Any]] = field(default_factory=list)


class FakeKinesis:
    """Shards that can be split and closed; iterators are ``shard|index``."""

    def __init__(self, *shards: str, now: float = 1_700_000_000.0) -> None:
        self.shards = {shard: FakeShard(shard) for shard in shards}
        self.now = now
        self._sequence = 0
        self.expire_next = False
        self.reads = 0

    def put(self, shard: str, data: str, key: str = "k") -> str:
        self._sequence += 1
        sequence = f"{49_600_000_000_000 + self._sequence:056d}"
        self.shards[shard].records.append(
            {
                "SequenceNumber": sequence,
                "ApproximateArrivalTimestamp": datetime.fromtimestamp(self.now, timezone.utc),
                "Data": data.encode(),
                "PartitionKey": key,
            }
        )
        self.now += 1
        return sequence

    def split(self, parent: str, *children: str) -> None:
        self.shards[parent].closed = True
        for child in children:
            self.shards[child] = FakeShard(child, parents=(parent,))

    # --- the boto3 calls the poller makes -----------------------------------------------------

    def describe_stream_summary(self, StreamName: str) -> dict[str, Any]:
        return {"StreamDescriptionSummary": {"StreamARN": STREAM_ARN}}

    def list_shards(self, StreamName: str = "", NextToken: str = "") -> dict[str, Any]:
        names = list(self.shards)
        index = int(NextToken or 0)  # one shard a page: the poller must follow NextToken
        shard = self.shards[names[index]]
        description: dict[str, Any] = {
            "ShardId": shard.id,
            "SequenceNumberRange": {"StartingSequenceNumber": "0"},
        }
        if shard.parents:
            description["ParentShardId"] = shard.parents[0]
        if shard.closed:
            description["SequenceNumberRange"]["EndingSequenceNumber"] = "9" * 56
        page: dict[str, Any] = {"Shards": [description]}
        if index + 1 < len(names):
            page["NextToken"] = str(index + 1)
        return page

    def get_shard_iterator(
        self,
        StreamName: str,
        ShardId: str,
        ShardIteratorType: str,
        StartingSequenceNumber: str | None = None,
        Timestamp: datetime | None = None,
    ) -> dict[str, Any]:
        records = self.shards[ShardId].records
        if ShardIteratorType == "TRIM_HORIZON":
            index = 0
        elif ShardIteratorType == "LATEST":
            index = len(records)
        elif ShardIteratorType == "AFTER_SEQUENCE_NUMBER":
            assert StartingSequenceNumber is not None
            index = next(
                (
                    i
                    for i, r in enumerate(records)
                    if int(r["SequenceNumber"]) > int(StartingSequenceNumber)
                ),
                len(records),
            )
        elif ShardIteratorType == "AT_TIMESTAMP":
            assert Timestamp is not None
            index = next(
                (i for i, r in enumerate(records) if r["ApproximateArrivalTimestamp"] >= Timestamp),
                len(records),
            )
        else:
            raise AssertionError(ShardIteratorType)
        return {"ShardIterator": f"{ShardId}|{index}"}

    def get_records(self, ShardIterator: str, Limit: int) -> dict[str, Any]:
        self.reads += 1
        if self.expire_next:
            self.expire_next = False
            raise ClientError("ExpiredIteratorException")
        shard_id, _, index_text = ShardIterator.partition("|")
        shard, index = self.shards[shard_id], int(index_text)
        records = shard.records[index : index + Limit]
        end = index + len(records)
        following = None if shard.closed and end == len(shard.records) else f"{shard_id}|{end}"
        return {"Records": records, "NextShardIterator": following, "MillisBehindLatest": 0}


def data_of(record: dict[str, Any]) -> str:
    """The text a Lambda-shaped Kinesis record carries."""
    return base64.b64decode(record["kinesis"]["data"]).decode()


class FakeDynamoDBStreams:
    """The DynamoDB Streams API over a :class:`FakeKinesis`'s shards (records re-shaped)."""

    ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/Books/stream/2024-03-17T12:00:00.000"

    def __init__(self, kinesis: FakeKinesis) -> None:
        self.kinesis = kinesis

    def describe_stream(self, StreamArn: str, ExclusiveStartShardId: str = "") -> dict[str, Any]:
        shards = []
        token = ""
        while True:
            page = self.kinesis.list_shards(NextToken=token)
            shards.extend(page["Shards"])
            token = page.get("NextToken", "")
            if not token:
                return {"StreamDescription": {"Shards": shards}}

    def get_shard_iterator(
        self,
        StreamArn: str,
        ShardId: str,
        ShardIteratorType: str,
        SequenceNumber: str | None = None,
    ) -> dict[str, Any]:
        return self.kinesis.get_shard_iterator(
            "", ShardId, ShardIteratorType, StartingSequenceNumber=SequenceNumber
        )

    def get_records(self, ShardIterator: str, Limit: int) -> dict[str, Any]:
        page = self.kinesis.get_records(ShardIterator, Limit)
        page["Records"] = [
            {
                "eventID": record["SequenceNumber"][-8:],
                "eventName": "INSERT",
                "eventVersion": "1.1",
                "eventSource": "aws:dynamodb",
                "awsRegion": "eu-west-1",
                "dynamodb": {
                    "ApproximateCreationDateTime": record["ApproximateArrivalTimestamp"],
                    "Keys": {"Id": {"S": record["Data"].decode()}},
                    "SequenceNumber": record["SequenceNumber"],
                    "SizeBytes": 10,
                    "StreamViewType": "KEYS_ONLY",
                },
            }
            for record in page["Records"]
        ]
        return page
