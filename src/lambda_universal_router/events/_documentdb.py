"""Amazon DocumentDB change streams: a batch of change events read by an event source mapping.

Each record wraps one MongoDB-style change event (``operationType``, ``ns``, ``documentKey``,
``fullDocument``...). Values keep the extended JSON Lambda sends (``{"$oid": ...}``,
``{"$date": ...}``). Filters pick records, so one batch may be split across several handlers,
each receiving an event with just its records.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from lambda_universal_router._selection import Predicate

from ._base import Record, mapping, text_listing
from ._fields import Batch, build_records, text

#: Change stream operation types.
OPERATION_TYPES = frozenset(
    {"insert", "update", "replace", "delete", "invalidate", "drop", "dropDatabase", "rename"}
)


class DocumentDBRecord(Record):
    """One change event of a DocumentDB change stream."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("operation_type", "database", "collection")

    @property
    def change(self) -> dict[str, Any]:
        """The change event itself (the record's ``event``)."""
        return mapping(self.raw_record, "event")

    @property
    def operation_type(self) -> str | None:
        """What happened: ``insert``, ``update``, ``replace``, ``delete``, ``drop``..."""
        return text(self.change, "operationType")

    @property
    def ns(self) -> dict[str, Any]:
        """The namespace: ``{"db": ..., "coll": ...}``."""
        return mapping(self.change, "ns")

    @property
    def database(self) -> str | None:
        """The database of the changed collection."""
        return text(self.ns, "db")

    @property
    def collection(self) -> str | None:
        """The changed collection."""
        return text(self.ns, "coll")

    @property
    def document_key(self) -> dict[str, Any]:
        """The ``_id`` of the changed document (``{"_id": {"$oid": ...}}``)."""
        return mapping(self.change, "documentKey")

    @property
    def full_document(self) -> dict[str, Any] | None:
        """The document after the change (inserts; updates with full document lookup on)."""
        document = self.change.get("fullDocument")
        return document if isinstance(document, dict) else None

    @property
    def update_description(self) -> dict[str, Any]:
        """For updates: ``{"updatedFields": {...}, "removedFields": [...]}``."""
        return mapping(self.change, "updateDescription")

    @property
    def updated_fields(self) -> dict[str, Any]:
        """The fields an update set, with their new values."""
        return mapping(self.update_description, "updatedFields")

    @property
    def removed_fields(self) -> list[str]:
        """The fields an update removed."""
        return text_listing(self.update_description, "removedFields")

    @property
    def cluster_time(self) -> dict[str, Any]:
        """When the change happened: ``{"$timestamp": {"t": seconds, "i": ordinal}}``."""
        return mapping(self.change, "clusterTime")

    @property
    def cluster_time_seconds(self) -> int | None:
        """The cluster time's seconds since the epoch."""
        seconds = mapping(self.cluster_time, "$timestamp").get("t")
        return seconds if type(seconds) is int else None

    @property
    def resume_token(self) -> str | None:
        """The change's resume token (``_id._data``): where a stream can resume after it."""
        return text(mapping(self.change, "_id"), "_data")


class DocumentDBEvent(Batch[DocumentDBRecord]):
    """A batch of changes from a DocumentDB change stream; ``records`` in the order they
    happened."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("event_source_arn",)

    @property
    def event_source(self) -> str | None:
        """Always ``aws:docdb``."""
        return text(self.raw_event, "eventSource")

    @property
    def event_source_arn(self) -> str | None:
        """ARN of the DocumentDB cluster."""
        return text(self.raw_event, "eventSourceArn")

    def _build_records(self) -> list[DocumentDBRecord]:
        return build_records(self.raw_event.get("events"), "events", DocumentDBRecord)


def filters(
    collection: str | Iterable[str] | None,
    database: str | Iterable[str] | None,
    operation_types: str | Iterable[str] | None,
) -> dict[str, frozenset[str] | None]:
    """The ``documentdb()`` decorator's filters, checked and normalised."""
    from lambda_universal_router._exceptions import ConfigurationError
    from lambda_universal_router._filters import names

    operations = names("operation_types", operation_types)
    if operations is not None and not operations <= OPERATION_TYPES:
        unknown = ", ".join(sorted(operations - OPERATION_TYPES))
        known = ", ".join(sorted(OPERATION_TYPES))
        raise ConfigurationError(f"operation_types= takes {known}; not {unknown}")
    return {
        "collection": names("collection", collection),
        "database": names("database", database),
        "operation_types": operations,
    }


FILTERS: dict[str, Predicate] = {
    "collection": lambda wanted, record: record.collection in wanted,
    "database": lambda wanted, record: record.database in wanted,
    "operation_types": lambda wanted, record: record.operation_type in wanted,
}
