"""Apache Kafka: a batch from Amazon MSK or a self-managed cluster, by topic-partition."""

from __future__ import annotations

from typing import Any

from lambda_universal_router._exceptions import InvalidEventError
from lambda_universal_router._filters import Identity
from lambda_universal_router._selection import Predicate

from ._base import UNSET, Record
from ._fields import JSON, Batch, base64_bytes, build_records, integer, parse_json, text

#: ``eventSource`` values of self-managed clusters (AWS documents the first, SDKs show the second).
SELF_MANAGED = frozenset({"SelfManagedKafka", "aws:SelfManagedKafka"})


def _header_bytes(value: Any, where: str) -> Any:
    """AWS sends each header value as a list of byte values; anything else is kept as sent."""
    if type(value) is not list:
        return value
    try:
        return bytes(value)
    except (TypeError, ValueError):
        raise InvalidEventError(f"{where} is not a list of byte values (0-255)") from None


def _header_value(value: Any, where: str) -> bytes:
    if type(value) is bytes:
        return value
    if type(value) is str:
        return value.encode()
    decoded = _header_bytes(value, where)
    if type(decoded) is not bytes:
        raise InvalidEventError(f"{where} is neither text nor bytes")
    return decoded


class KafkaRecord(Record):
    """One Kafka record; ``key`` and ``value`` are base64-decoded bytes."""

    __slots__ = ("_headers", "_key", "_value")
    _repr_fields = ("topic", "partition", "offset")

    def __init__(self, raw_record: JSON) -> None:
        super().__init__(raw_record)
        self._key: Any = UNSET
        self._value: Any = UNSET
        self._headers: Any = UNSET

    def _where(self, field: str) -> str:
        return f"Kafka record {self.topic}-{self.partition}@{self.offset} {field}"

    @property
    def topic(self) -> str | None:
        """The topic the record was read from."""
        return text(self.raw_record, "topic")

    @property
    def partition(self) -> int | None:
        """The partition of the topic (some senders give it as a string; it is an int here)."""
        value = self.raw_record.get("partition")
        if type(value) is str and value.isdecimal():
            return int(value)
        return integer(self.raw_record, "partition")

    @property
    def offset(self) -> int | None:
        """Position of the record in its partition."""
        return integer(self.raw_record, "offset")

    @property
    def timestamp(self) -> int | None:
        """The record's timestamp, epoch milliseconds."""
        return integer(self.raw_record, "timestamp")

    @property
    def timestamp_type(self) -> str | None:
        """``CREATE_TIME`` (set by the producer) or ``LOG_APPEND_TIME`` (set by the broker)."""
        return text(self.raw_record, "timestampType")

    @property
    def key(self) -> bytes | None:
        """The record key as bytes, None when the record has none."""
        if self._key is UNSET:
            raw = self.raw_record.get("key")
            self._key = None if raw is None else base64_bytes(raw, self._where("key"))
        key: bytes | None = self._key
        return key

    @property
    def value(self) -> bytes:
        """The record value as bytes; empty when absent (a tombstone)."""
        if self._value is UNSET:
            raw = self.raw_record.get("value")
            self._value = b"" if raw is None else base64_bytes(raw, self._where("value"))
        value: bytes = self._value
        return value

    @property
    def headers(self) -> list[dict[str, Any]]:
        """Headers in AWS's shape, one single-key dict each, values decoded to bytes.

        AWS sends ``[{"name": [104, 105]}]``; this gives ``[{"name": b"hi"}]``. A header already
        written as ``{"key": ..., "value": ...}`` (the 1.0 docs' shape) is left as it is.
        """
        if self._headers is UNSET:
            self._headers = self._decode_headers()
        headers: list[dict[str, Any]] = self._headers
        return headers

    def _decode_headers(self) -> list[dict[str, Any]]:
        raw = self.raw_record.get("headers")
        if raw is None:
            return []
        if type(raw) is not list:
            raise InvalidEventError(f"{self._where('headers')} must be a list")
        decoded = []
        for index, header in enumerate(raw):
            where = self._where(f"headers[{index}]")
            if type(header) is not dict:
                raise InvalidEventError(f"{where} must be a JSON object")
            if header.keys() == {"key", "value"}:
                decoded.append(header)
            else:
                decoded.append({name: _header_bytes(v, where) for name, v in header.items()})
        return decoded

    def header(self, name: str) -> bytes | None:
        """The value of the first header called ``name``, as bytes, or None."""
        for index, header in enumerate(self.headers):
            if header.keys() == {"key", "value"}:
                if header["key"] == name:
                    return _header_value(header["value"], self._where(f"headers[{index}]"))
            elif name in header:
                return _header_value(header[name], self._where(f"headers[{index}]"))
        return None

    def json(self) -> Any:
        """``value`` parsed as UTF-8 JSON; raises ``InvalidEventError`` when it is not JSON."""
        return parse_json(self.value, self._where("value"))


class KafkaEvent(Batch[KafkaRecord]):
    """A batch of Kafka records; ``records`` flattens AWS's topic-partition map, in order."""

    __slots__ = ()
    _repr_fields = ("event_source",)

    @property
    def event_source(self) -> str | None:
        """``aws:kafka`` for Amazon MSK, ``SelfManagedKafka`` for other clusters."""
        return text(self.raw_event, "eventSource")

    @property
    def event_source_arn(self) -> str | None:
        """ARN of the MSK cluster (absent for self-managed clusters)."""
        return text(self.raw_event, "eventSourceArn")

    @property
    def bootstrap_servers(self) -> str | None:
        """The brokers, comma-separated ``host:port``, as AWS sends them."""
        return text(self.raw_event, "bootstrapServers")

    @property
    def bootstrap_server_list(self) -> list[str]:
        """The brokers as a list of ``host:port``."""
        servers = self.bootstrap_servers or ""
        return [server.strip() for server in servers.split(",") if server.strip()]

    @property
    def is_self_managed(self) -> bool:
        """Whether the cluster is self-managed rather than Amazon MSK."""
        return self.event_source in SELF_MANAGED

    def _build_records(self) -> list[KafkaRecord]:
        # Every record of every topic-partition, in the order AWS listed them.
        batches = self.raw_event.get("records")
        if batches is None:
            return []
        if type(batches) is not dict:
            kind = type(batches).__name__
            raise InvalidEventError(f"records must map topic-partition to records, got {kind}")
        records: list[KafkaRecord] = []
        for partition, items in batches.items():
            records.extend(build_records(items, f"records[{partition!r}]", KafkaRecord))
        return records


FILTERS: dict[str, Predicate] = {
    "topic": lambda wanted, record: record.topic in wanted,
}
IDENTITY = Identity("topic", lambda record: record.topic)
