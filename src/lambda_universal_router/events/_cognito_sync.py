"""Cognito Sync triggers: check or change a dataset's records before they are stored.

When a device synchronizes a dataset of an identity pool that has a Sync Trigger, Cognito Sync
invokes the function with the records being written (old value, new value, ``replace`` or
``remove``) and stores what the function returns: the event, with its records changed or not.
``record.replace(value)`` and ``record.remove()`` change them in place; the router answers with
the event (see ``_answers.cognito_sync``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from lambda_universal_router._selection import Predicate

from ._base import UNSET, Event, Record, mapping
from ._fields import integer, text


class CognitoSyncRecord(Record):
    """One record of the dataset being synchronized."""

    __slots__ = ("key",)
    _repr_fields: ClassVar[tuple[str, ...]] = ("key", "op")

    def __init__(self, key: str, raw_record: dict[str, Any]) -> None:
        super().__init__(raw_record)
        #: The record's key in the dataset.
        self.key = key

    @property
    def old_value(self) -> str | None:
        """The value stored before this synchronization."""
        return text(self.raw_record, "oldValue")

    @property
    def new_value(self) -> str | None:
        """The value the device writes."""
        return text(self.raw_record, "newValue")

    @property
    def op(self) -> str | None:
        """``replace`` (write ``new_value``) or ``remove`` (delete the record)."""
        return text(self.raw_record, "op")

    def replace(self, value: str) -> None:
        """Store ``value`` instead of what the device sent."""
        self.raw_record["newValue"] = value
        self.raw_record["op"] = "replace"

    def remove(self) -> None:
        """Delete the record instead."""
        self.raw_record["op"] = "remove"


class CognitoSyncEvent(Event):
    """A dataset synchronization of a Cognito identity, before its records are stored."""

    __slots__ = ("_records",)
    _repr_fields: ClassVar[tuple[str, ...]] = ("dataset_name", "identity_id", "event_type")

    def __init__(self, raw_event: dict[str, Any]) -> None:
        super().__init__(raw_event)
        self._records: Any = UNSET

    @property
    def version(self) -> int | None:
        """Version of the event format (``2``)."""
        return integer(self.raw_event, "version")

    @property
    def event_type(self) -> str | None:
        """``SyncTrigger``."""
        return text(self.raw_event, "eventType")

    @property
    def region(self) -> str | None:
        """The region of the identity pool."""
        return text(self.raw_event, "region")

    @property
    def identity_pool_id(self) -> str | None:
        """The identity pool the identity belongs to."""
        return text(self.raw_event, "identityPoolId")

    @property
    def identity_id(self) -> str | None:
        """The Cognito identity whose dataset is synchronized."""
        return text(self.raw_event, "identityId")

    @property
    def dataset_name(self) -> str | None:
        """The dataset being synchronized."""
        return text(self.raw_event, "datasetName")

    @property
    def records(self) -> dict[str, CognitoSyncRecord]:
        """The records being written, by key; changes to them go into the answer."""
        if self._records is UNSET:
            raw = mapping(self.raw_event, "datasetRecords")
            self._records = {
                str(key): CognitoSyncRecord(str(key), value)
                for key, value in raw.items()
                if isinstance(value, dict)
            }
        records: dict[str, CognitoSyncRecord] = self._records
        return records


FILTERS: dict[str, Predicate] = {
    "dataset": lambda wanted, event: event.dataset_name in wanted,
}
