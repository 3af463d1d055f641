"""Amazon Data Firehose transformations: a batch of records to transform before delivery.

Firehose waits for one answer per record, with the same ``recordId``: the new data (``Ok``),
``Dropped`` on purpose, or ``ProcessingFailed`` (delivered to the error output). Handlers take
one record at a time and say which with a :class:`FirehoseResult`, see ``_answers.firehose``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from lambda_universal_router._selection import Predicate

from ._base import UNSET, Record, mapping
from ._fields import Batch, arn_resource, base64_bytes, build_records, integer, parse_json, text


class FirehoseRecord(Record):
    """One record to transform: its payload and, from a stream source, where it came from."""

    __slots__ = ("_data", "event")
    _repr_fields: ClassVar[tuple[str, ...]] = ("record_id",)

    def __init__(self, raw_record: dict[str, Any], event: FirehoseEvent | None = None) -> None:
        super().__init__(raw_record)
        #: The invocation this record arrived in (delivery stream, region, source).
        self.event = event
        self._data: Any = UNSET

    @property
    def record_id(self) -> str | None:
        """The id Firehose gave the record; the answer for it must carry the same one."""
        return text(self.raw_record, "recordId")

    @property
    def approximate_arrival_timestamp(self) -> int | None:
        """When Firehose (or the source stream) received the record, in epoch milliseconds."""
        return integer(self.raw_record, "approximateArrivalTimestamp")

    @property
    def raw_data(self) -> str | None:
        """The payload as Firehose sent it, base64 text (``kafkaRecordValue`` from MSK)."""
        if "kafkaRecordValue" in self.raw_record:
            return text(self.raw_record, "kafkaRecordValue")
        return text(self.raw_record, "data")

    @property
    def data(self) -> bytes:
        """The payload, decoded from base64."""
        if self._data is UNSET:
            self._data = base64_bytes(self.raw_data, f"record {self.record_id} data")
        data: bytes = self._data
        return data

    @property
    def text(self) -> str:
        """The payload decoded as UTF-8."""
        return self.data.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The payload parsed as JSON; raises ``InvalidEventError`` when it is not JSON."""
        return parse_json(self.data, f"record {self.record_id} data")

    def _kinesis(self, key: str) -> str | None:
        return text(mapping(self.raw_record, "kinesisRecordMetadata"), key)

    @property
    def shard_id(self) -> str | None:
        """The Kinesis shard the record was read from (Kinesis stream sources only)."""
        return self._kinesis("shardId")

    @property
    def partition_key(self) -> str | None:
        """The partition key the producer gave the record (Kinesis stream sources only)."""
        return self._kinesis("partitionKey")

    @property
    def sequence_number(self) -> str | None:
        """The record's sequence number in its shard (Kinesis stream sources only)."""
        return self._kinesis("sequenceNumber")

    @property
    def subsequence_number(self) -> str | None:
        """The position inside an aggregated Kinesis record (Kinesis stream sources only)."""
        return self._kinesis("subsequenceNumber")

    @property
    def kafka_offset(self) -> str | None:
        """The record's offset in its topic partition (MSK sources only)."""
        return text(mapping(self.raw_record, "mskRecordMetadata"), "offset")

    @property
    def kafka_partition(self) -> str | None:
        """The topic partition the record was read from (MSK sources only)."""
        return text(mapping(self.raw_record, "mskRecordMetadata"), "partitionId")


class FirehoseEvent(Batch[FirehoseRecord]):
    """One transformation invocation: the delivery stream, its source, and the records to
    transform (``records``, in the order Firehose sent them)."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("invocation_id", "delivery_stream_name")

    @property
    def invocation_id(self) -> str | None:
        """The id of this invocation."""
        return text(self.raw_event, "invocationId")

    @property
    def delivery_stream_arn(self) -> str | None:
        """The ARN of the Firehose stream whose records these are."""
        return text(self.raw_event, "deliveryStreamArn")

    @property
    def delivery_stream_name(self) -> str | None:
        """The Firehose stream's name, read from its ARN."""
        resource = arn_resource(self.delivery_stream_arn)
        return resource.split("/", 1)[-1] if resource else None

    @property
    def source_kinesis_stream_arn(self) -> str | None:
        """The Kinesis data stream the Firehose stream reads, when that is its source."""
        return text(self.raw_event, "sourceKinesisStreamArn")

    @property
    def source_msk_arn(self) -> str | None:
        """The MSK cluster the Firehose stream reads, when that is its source."""
        return text(self.raw_event, "sourceMSKArn")

    @property
    def region(self) -> str | None:
        """The AWS Region of the Firehose stream."""
        return text(self.raw_event, "region")

    def _build_records(self) -> list[FirehoseRecord]:
        return build_records(
            self.raw_event.get("records"), "records", lambda raw: FirehoseRecord(raw, self)
        )


class FirehoseResult:
    """What became of one record: new data (``Ok``), ``Dropped``, or ``ProcessingFailed``.

    A handler may also return the new data alone (bytes, str, or a value to send as JSON), or
    None to pass the record on unchanged.
    """

    __slots__ = ("data", "partition_keys", "result")

    OK: ClassVar[str] = "Ok"
    DROPPED: ClassVar[str] = "Dropped"
    FAILED: ClassVar[str] = "ProcessingFailed"

    def __init__(
        self,
        result: str,
        data: bytes | None = None,
        partition_keys: Mapping[str, str] | None = None,
    ) -> None:
        #: ``"Ok"``, ``"Dropped"`` or ``"ProcessingFailed"``.
        self.result = result
        #: The bytes to deliver for ``Ok``; None keeps the record's own.
        self.data = data
        #: Dynamic partitioning keys for ``Ok`` records (``partitionKeyFromLambda`` in the
        #: stream's S3 prefix).
        self.partition_keys = dict(partition_keys) if partition_keys else {}

    @classmethod
    def ok(
        cls, data: Any = None, *, partition_keys: Mapping[str, str] | None = None
    ) -> FirehoseResult:
        """Deliver ``data`` (the record's own when None) with optional partition keys.

        Bytes and str are delivered as they are; any other value as one line of JSON.
        """
        return cls(cls.OK, None if data is None else encode(data), partition_keys)

    @classmethod
    def dropped(cls) -> FirehoseResult:
        """Leave the record out of the delivery, on purpose (counted as processed)."""
        return cls(cls.DROPPED)

    @classmethod
    def failed(cls) -> FirehoseResult:
        """Send the record to the stream's error output (``processing-failed`` in S3)."""
        return cls(cls.FAILED)

    def __repr__(self) -> str:
        return f"FirehoseResult({self.result!r})"


def encode(data: Any) -> bytes:
    """Bytes as they are, str as UTF-8, anything else as compact JSON followed by a newline.

    The newline keeps JSON records apart once Firehose concatenates them into one S3 object.
    """
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, str):
        return data.encode("utf-8")
    import json

    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n"


def _stream(wanted: frozenset[str], event: FirehoseEvent) -> bool:
    return event.delivery_stream_name in wanted or event.delivery_stream_arn in wanted


FILTERS: dict[str, Predicate] = {"delivery_stream": _stream}
