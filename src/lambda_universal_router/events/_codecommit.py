"""CodeCommit repository triggers: pushes, branch and tag creation or deletion.

A trigger invokes the function asynchronously with one record per event; the references say
which branches or tags moved, and to which commit.
"""

from __future__ import annotations

from typing import ClassVar

from lambda_universal_router._selection import Predicate

from ._base import Record, mapping
from ._fields import Batch, arn_resource, build_records, integer, text


class CodeCommitReference(Record):
    """A branch or tag the event changed, and the commit it now points to."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("ref", "commit")

    @property
    def ref(self) -> str | None:
        """The full reference: ``refs/heads/main``, ``refs/tags/v1.0``."""
        return text(self.raw_record, "ref")

    @property
    def commit(self) -> str | None:
        """The commit id the reference points to."""
        return text(self.raw_record, "commit")

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

    @property
    def event_id(self) -> str | None:
        """The event's id."""
        return text(self.raw_record, "eventId")

    @property
    def event_name(self) -> str | None:
        """The trigger's event name (``ReferenceChanges``, ``TriggerEventTest``...)."""
        return text(self.raw_record, "eventName")

    @property
    def event_time(self) -> str | None:
        """When it happened."""
        return text(self.raw_record, "eventTime")

    @property
    def event_source(self) -> str | None:
        """Always ``aws:codecommit``."""
        return text(self.raw_record, "eventSource")

    @property
    def event_source_arn(self) -> str | None:
        """ARN of the repository."""
        return text(self.raw_record, "eventSourceARN")

    @property
    def repository(self) -> str | None:
        """The repository's name (from its ARN)."""
        return arn_resource(self.raw_record.get("eventSourceARN"))

    @property
    def aws_region(self) -> str | None:
        """The repository's region."""
        return text(self.raw_record, "awsRegion")

    @property
    def custom_data(self) -> str | None:
        """The custom data configured on the trigger."""
        return text(self.raw_record, "customData")

    @property
    def event_trigger_name(self) -> str | None:
        """The trigger's name."""
        return text(self.raw_record, "eventTriggerName")

    @property
    def event_trigger_config_id(self) -> str | None:
        """The trigger configuration's id."""
        return text(self.raw_record, "eventTriggerConfigId")

    @property
    def event_part_number(self) -> int | None:
        """This record's part, when an event is split across records."""
        return integer(self.raw_record, "eventPartNumber")

    @property
    def event_total_parts(self) -> int | None:
        """How many parts the event was split into."""
        return integer(self.raw_record, "eventTotalParts")

    @property
    def user_identity_arn(self) -> str | None:
        """ARN of the user or role whose push caused the event."""
        return text(self.raw_record, "userIdentityARN")

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
