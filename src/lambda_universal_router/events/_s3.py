"""Amazon S3 event notifications: objects created, removed, restored, tagged..."""

from __future__ import annotations

from typing import Any

from lambda_universal_router._filters import Identity
from lambda_universal_router._selection import Predicate

from ._base import Record, _describe, mapping
from ._fields import JSON, Batch, TextField, integer, text


class S3Bucket:
    """The bucket a notification is about."""

    __slots__ = ("raw",)

    def __init__(self, raw: JSON) -> None:
        #: The record's ``s3.bucket`` dict as AWS sent it.
        self.raw = raw

    @property
    def name(self) -> str | None:
        """The bucket name."""
        return text(self.raw, "name")

    @property
    def arn(self) -> str | None:
        """The bucket ARN (``arn:aws:s3:::NAME``)."""
        return text(self.raw, "arn")

    @property
    def owner_identity(self) -> dict[str, Any]:
        """``{"principalId": ...}`` of the bucket owner."""
        return mapping(self.raw, "ownerIdentity")

    def __repr__(self) -> str:
        return _describe(self, ("name",))


class S3Object:
    """The object a notification is about."""

    __slots__ = ("raw",)

    def __init__(self, raw: JSON) -> None:
        #: The record's ``s3.object`` dict as AWS sent it.
        self.raw = raw

    @property
    def key(self) -> str | None:
        """The object key, decoded: S3 sends it form-encoded (``my+file%281%29.txt``)."""
        from urllib.parse import unquote_plus

        key = text(self.raw, "key")
        return None if key is None else unquote_plus(key)

    @property
    def url_encoded_key(self) -> str | None:
        """The key exactly as S3 sent it, still form-encoded."""
        return text(self.raw, "key")

    @property
    def size(self) -> int | None:
        """Object size in bytes (absent for deletions)."""
        return integer(self.raw, "size")

    @property
    def etag(self) -> str | None:
        """The object's ETag (absent for deletions)."""
        return text(self.raw, "eTag")

    @property
    def version_id(self) -> str | None:
        """The object version, when the bucket is versioned."""
        return text(self.raw, "versionId")

    @property
    def sequencer(self) -> str | None:
        """Orders events for the same key: compare as hex strings of equal length."""
        return text(self.raw, "sequencer")

    def __repr__(self) -> str:
        return _describe(self, ("key",))


class S3Details:
    """The ``s3`` part of a record, so that ``record.s3.bucket.name`` reads like the JSON."""

    __slots__ = ("raw",)

    def __init__(self, raw: JSON) -> None:
        #: The record's ``s3`` dict as AWS sent it.
        self.raw = raw

    @property
    def bucket(self) -> S3Bucket:
        """The bucket."""
        return S3Bucket(mapping(self.raw, "bucket"))

    @property
    def object(self) -> S3Object:
        """The object."""
        return S3Object(mapping(self.raw, "object"))

    @property
    def configuration_id(self) -> str | None:
        """The ID of the bucket notification configuration that sent this."""
        return text(self.raw, "configurationId")

    @property
    def s3_schema_version(self) -> str | None:
        """Version of the ``s3`` structure."""
        return text(self.raw, "s3SchemaVersion")

    def __repr__(self) -> str:
        return _describe(self, ("bucket", "object"))


class S3Record(Record):
    """One notification: what happened (``event_name``) to which object in which bucket."""

    __slots__ = ()
    _repr_fields = ("event_name", "bucket", "s3_object")

    event_name = TextField(
        "eventName", "The event type without the ``s3:`` prefix, e.g. ``ObjectCreated:Put``."
    )

    event_time = TextField("eventTime", "When the event happened, ISO 8601 in UTC.")

    event_version = TextField("eventVersion", "Version of the record format (``2.1``...).")

    event_source = TextField("eventSource", 'Always ``"aws:s3"``.')

    aws_region = TextField("awsRegion", "Region of the bucket.")

    @property
    def user_identity(self) -> dict[str, Any]:
        """``{"principalId": ...}`` of who caused the event."""
        return mapping(self.raw_record, "userIdentity")

    @property
    def request_parameters(self) -> dict[str, Any]:
        """``{"sourceIPAddress": ...}`` of the request that caused the event."""
        return mapping(self.raw_record, "requestParameters")

    @property
    def s3(self) -> S3Details:
        """The bucket and object, nested as in the JSON: ``record.s3.object.key``."""
        return S3Details(mapping(self.raw_record, "s3"))

    @property
    def bucket(self) -> S3Bucket:
        """The bucket (same as ``record.s3.bucket``)."""
        return S3Bucket(mapping(mapping(self.raw_record, "s3"), "bucket"))

    @property
    def s3_object(self) -> S3Object:
        """The object (same as ``record.s3.object``)."""
        return S3Object(mapping(mapping(self.raw_record, "s3"), "object"))


class S3Event(Batch[S3Record]):
    """S3 notifications (``event.records``); S3 sends one record per event in practice."""

    __slots__ = ()
    _record = S3Record


def _s3_event_matches(wanted: frozenset[str], event_name: str | None) -> bool:
    name = event_name or ""
    for pattern in wanted:
        if pattern.endswith("*"):
            if name.startswith(pattern[:-1]):
                return True
        elif name == pattern:
            return True
    return False


FILTERS: dict[str, Predicate] = {
    "bucket": lambda wanted, record: record.bucket.name in wanted or record.bucket.arn in wanted,
    "prefix": lambda prefix, record: (record.s3_object.key or "").startswith(prefix),
    "suffix": lambda suffix, record: (record.s3_object.key or "").endswith(suffix),
    "events": lambda wanted, record: _s3_event_matches(wanted, record.event_name),
}
IDENTITY = Identity("bucket", lambda record: record.bucket.arn or record.bucket.name)
