"""Amazon Kinesis Data Streams: a batch of records read from one shard."""

from __future__ import annotations

from typing import Any

from lambda_universal_router._filters import Identity, by_arn
from lambda_universal_router._selection import Predicate

from ._base import UNSET, Record, mapping
from ._fields import Batch, TextField, arn_name, base64_bytes, number, parse_json, text


class KinesisRecord(Record):
    """One record of a Kinesis batch; ``data`` is the payload, base64-decoded."""

    __slots__ = ("_data",)
    _repr_fields = ("partition_key", "sequence_number")

    def __init__(self, raw_record: dict[str, Any]) -> None:
        super().__init__(raw_record)
        self._data: Any = UNSET

    @property
    def _kinesis(self) -> dict[str, Any]:
        return mapping(self.raw_record, "kinesis")

    @property
    def kinesis_schema_version(self) -> str | None:
        """Version of the ``kinesis`` structure."""
        return text(self._kinesis, "kinesisSchemaVersion")

    @property
    def partition_key(self) -> str | None:
        """The key the producer chose; it picks the shard and orders records within it."""
        return text(self._kinesis, "partitionKey")

    @property
    def sequence_number(self) -> str | None:
        """Position in the shard; what a partial batch failure reports."""
        return text(self._kinesis, "sequenceNumber")

    @property
    def data(self) -> bytes:
        """The payload as bytes (AWS sends it base64-encoded); empty when absent.

        Raises ``InvalidEventError`` when it is not valid base64.
        """
        if self._data is UNSET:
            raw = self._kinesis.get("data")
            where = f"Kinesis record {self.sequence_number!r} kinesis.data"
            self._data = b"" if raw is None else base64_bytes(raw, where)
        data: bytes = self._data
        return data

    @property
    def approximate_arrival_timestamp(self) -> float | None:
        """When the stream received the record, in epoch seconds."""
        return number(self._kinesis, "approximateArrivalTimestamp")

    @property
    def encryption_type(self) -> str | None:
        """``KMS`` when the producer's record was encrypted at rest, else absent."""
        return text(self._kinesis, "encryptionType")

    event_id = TextField("eventID", "``shardId-...:SEQUENCE``: the shard and the sequence number.")

    event_name = TextField("eventName", 'Always ``"aws:kinesis:record"``.')

    event_source = TextField("eventSource", 'Always ``"aws:kinesis"``.')

    event_version = TextField("eventVersion", "Version of the record format.")

    event_source_arn = TextField(
        "eventSourceARN", "ARN of the stream (or of its enhanced fan-out consumer)."
    )

    invoke_identity_arn = TextField("invokeIdentityArn", "The role Lambda used to read the stream.")

    aws_region = TextField("awsRegion", "Region of the stream.")

    @property
    def stream_name(self) -> str | None:
        """The stream's name, taken from ``event_source_arn``."""
        return arn_name(self.event_source_arn, "stream")

    def json(self) -> Any:
        """``data`` parsed as UTF-8 JSON; raises ``InvalidEventError`` when it is not JSON."""
        return parse_json(self.data, f"Kinesis record {self.sequence_number!r} data")


class KinesisStreamEvent(Batch[KinesisRecord]):
    """A batch of Kinesis records (``event.records``)."""

    __slots__ = ()
    _record = KinesisRecord


_stream = by_arn("/")

FILTERS: dict[str, Predicate] = {
    "stream": lambda wanted, record: _stream(wanted, record.event_source_arn),
}
IDENTITY = Identity("stream", lambda record: record.event_source_arn)
