"""CodeCommit repository triggers: pushes, branch and tag creation or deletion.

A trigger invokes the function asynchronously with one record per event; the references say
which branches or tags moved, and to which commit.
"""

from __future__ import annotations

from typing import ClassVar

from lambda_universal_router._selection import Predicate

from ._base import Record, mapping
from ._fields import Batch, TextField, arn_resource, build_records, integer


class CodeCommitReference(Record):
    """A branch or tag the event changed, and the commit it now points to."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("ref", "commit")

    ref = TextField("ref", "The full reference: ``refs/heads/main``, ``refs/tags/v1.0``.")

    commit = TextField("commit", "The commit id the reference points to.")

    @property
    def created(self) -> bool:
        """Whether the event created the reference."""
        return self.raw_record.get("created") is True

    @property
    def deleted(self) -> bool:
        """Whether the event deleted the reference."""
        return self.raw_record.get("deleted") is True

    @property
    def branch(self) -> str | None:
        """The branch name, for ``refs/heads/...`` references."""
        ref = self.ref or ""
        return ref[len("refs/heads/") :] if ref.startswith("refs/heads/") else None

    @property
    def tag(self) -> str | None:
        """The tag name, for ``refs/tags/...`` references."""
        ref = self.ref or ""
        return ref[len("refs/tags/") :] if ref.startswith("refs/tags/") else None


class CodeCommitRecord(Record):
    """One repository event of a trigger."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("repository", "event_id")

    event_id = TextField("eventId", "The event's id.")

    event_name = TextField(
        "eventName", "The trigger's event name (``ReferenceChanges``, ``TriggerEventTest``...)."
    )

    event_time = TextField("eventTime", "When it happened.")

    event_source = TextField("eventSource", "Always ``aws:codecommit``.")

    event_source_arn = TextField("eventSourceARN", "ARN of the repository.")

    @property
    def repository(self) -> str | None:
        """The repository's name (from its ARN)."""
        return arn_resource(self.raw_record.get("eventSourceARN"))

    aws_region = TextField("awsRegion", "The repository's region.")

    custom_data = TextField("customData", "The custom data configured on the trigger.")

    event_trigger_name = TextField("eventTriggerName", "The trigger's name.")

    event_trigger_config_id = TextField("eventTriggerConfigId", "The trigger configuration's id.")

    @property
    def event_part_number(self) -> int | None:
        """This record's part, when an event is split across records."""
        return integer(self.raw_record, "eventPartNumber")

    @property
    def event_total_parts(self) -> int | None:
        """How many parts the event was split into."""
        return integer(self.raw_record, "eventTotalParts")

    user_identity_arn = TextField(
        "userIdentityARN", "ARN of the user or role whose push caused the event."
    )

    @property
    def references(self) -> list[CodeCommitReference]:
        """The branches and tags the event changed."""
        changes = mapping(self.raw_record, "codecommit")
        return build_records(
            changes.get("references"), "codecommit.references", CodeCommitReference
        )


class CodeCommitEvent(Batch[CodeCommitRecord]):
    """Events of a CodeCommit repository trigger (``event.records``)."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("records",)
    _record = CodeCommitRecord


def _repository(wanted: frozenset[str], event: CodeCommitEvent) -> bool:
    records = event.records
    return bool(records) and all(
        record.repository in wanted or record.event_source_arn in wanted for record in records
    )


FILTERS: dict[str, Predicate] = {"repository": _repository}
