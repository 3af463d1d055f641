"""Amazon DynamoDB Streams: item-level changes (INSERT, MODIFY, REMOVE) of one table."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from lambda_universal_router._exceptions import InvalidEventError
from lambda_universal_router._filters import Identity
from lambda_universal_router._selection import Predicate

from ._base import Record, mapping
from ._fields import Batch, TextField, arn_name, integer, number, text


@cache
def _converter() -> Callable[..., dict[str, Any]]:
    """``dynamodb.deserialize_image``, imported once, on first use (it needs ``decimal``)."""
    from lambda_universal_router.dynamodb import deserialize_image

    return deserialize_image


class DynamoDBStreamRecord(Record):
    """One change to one item.

    ``dynamodb`` is the change as AWS sent it, with AttributeValues (``{"S": "101"}``), exactly
    as in 1.0; ``keys``, ``new_image`` and ``old_image`` are the same items as plain Python
    (``"101"``, ``Decimal("29.99")``), converted on each access: keep the result in a variable
    to use it more than once.
    """

    # PERF: images are not cached on the record. A batch keeps its records until the handler
    # returns, so cached images of 10,000 records would all stay in memory; converted on demand,
    # each is freed as soon as the handler is done with it (measured: ~15% faster on 1,000).
    __slots__ = ()
    _repr_fields = ("event_id", "event_name", "table_name")

    event_id = TextField("eventID", "Unique ID of this stream record.")

    event_name = TextField(
        "eventName", "What happened to the item: ``INSERT``, ``MODIFY`` or ``REMOVE``."
    )

    event_version = TextField("eventVersion", "Version of the stream record format.")

    event_source = TextField("eventSource", 'Always ``"aws:dynamodb"``.')

    event_source_arn = TextField(
        "eventSourceARN",
        "ARN of the stream: ``arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL``.",
    )

    aws_region = TextField("awsRegion", "Region of the table.")

    @property
    def user_identity(self) -> dict[str, Any]:
        """Who made the change; only set for deletions by Time to Live."""
        return mapping(self.raw_record, "userIdentity")

    @property
    def dynamodb(self) -> dict[str, Any]:
        """The change as sent: ``Keys``, ``NewImage``, ``OldImage``, ``SequenceNumber``..."""
        return mapping(self.raw_record, "dynamodb")

    @property
    def keys(self) -> dict[str, Any] | None:
        """The item's key attributes as plain Python values."""
        return self._image("Keys")

    @property
    def new_image(self) -> dict[str, Any] | None:
        """The item after the change as plain Python, or None when the stream omits it.

        Strings stay ``str``, numbers become exact ``Decimal`` (never float), binary ``bytes``,
        sets ``set``, lists ``list``, maps ``dict``, NULL ``None``.
        """
        return self._image("NewImage")

    @property
    def old_image(self) -> dict[str, Any] | None:
        """The item before the change as plain Python, or None when the stream omits it."""
        return self._image("OldImage")

    def _image(self, part: str) -> dict[str, Any] | None:
        change = self.raw_record.get("dynamodb")
        image = change.get(part) if type(change) is dict else None
        if image is None:
            return None
        convert = _converter()
        try:
            return convert(image)
        except InvalidEventError:  # again, to name the record and image in the message
            return convert(image, name=f"record {self.event_id!r} dynamodb.{part}")

    @property
    def sequence_number(self) -> str | None:
        """Position of the change in its shard; what a partial batch failure reports."""
        return text(self.dynamodb, "SequenceNumber")

    @property
    def approximate_creation_date_time(self) -> float | None:
        """When the change was made, in epoch seconds, as AWS sends it."""
        return number(self.dynamodb, "ApproximateCreationDateTime")

    @property
    def stream_view_type(self) -> str | None:
        """What the stream records: ``KEYS_ONLY``, ``NEW_IMAGE``, ``OLD_IMAGE`` or both."""
        return text(self.dynamodb, "StreamViewType")

    @property
    def size_bytes(self) -> int | None:
        """Size of the stream record in bytes."""
        return integer(self.dynamodb, "SizeBytes")

    @property
    def table_name(self) -> str | None:
        """The table's name, taken from ``event_source_arn``."""
        return arn_name(self.event_source_arn, "table")

    @property
    def is_ttl_expiry(self) -> bool:
        """Whether DynamoDB's Time to Live removed the item (rather than a delete call)."""
        identity = self.user_identity
        return (
            self.event_name == "REMOVE"
            and identity.get("type") == "Service"
            and identity.get("principalId") == "dynamodb.amazonaws.com"
        )


class DynamoDBStreamEvent(Batch[DynamoDBStreamRecord]):
    """A batch of changes from a DynamoDB stream (``event.records``)."""

    __slots__ = ()
    _record = DynamoDBStreamRecord


def _dynamodb_table(wanted: frozenset[str], record: Any) -> bool:
    arn = record.event_source_arn or ""
    return record.table_name in wanted or any(arn.startswith(f"{w}/stream/") for w in wanted)


FILTERS: dict[str, Predicate] = {
    "table": _dynamodb_table,
    "event_names": lambda wanted, record: record.event_name in wanted,
}
IDENTITY = Identity("table", lambda record: record.event_source_arn)
