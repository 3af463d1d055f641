"""S3 Batch Operations: a job's ``LambdaInvoke`` operation hands over objects to act on.

Schema ``1.0`` names the bucket by ARN; schema ``2.0`` (directory buckets, user arguments) by
name and adds the job's ``userArguments``. Either way S3 waits for a result code per task, see
``_answers.s3_batch``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ._base import UNSET, Event, Record, mapping
from ._fields import build_records, text


class S3BatchTask(Record):
    """One object the job asks the function to act on."""

    __slots__ = ("event",)
    _repr_fields: ClassVar[tuple[str, ...]] = ("task_id", "s3_bucket", "s3_key")

    def __init__(self, raw_record: dict[str, Any], event: S3BatchEvent | None = None) -> None:
        super().__init__(raw_record)
        #: The invocation this task arrived in (job id, user arguments).
        self.event = event

    @property
    def task_id(self) -> str | None:
        """The task's id; the result for it must carry the same one."""
        return text(self.raw_record, "taskId")

    @property
    def raw_s3_key(self) -> str | None:
        """The object key as the manifest lists it, URL-encoded."""
        return text(self.raw_record, "s3Key")

    @property
    def s3_key(self) -> str | None:
        """The object key, URL-decoded (``+`` and ``%2B`` as in the manifest's encoding)."""
        from urllib.parse import unquote_plus

        raw = self.raw_s3_key
        return None if raw is None else unquote_plus(raw)

    @property
    def s3_version_id(self) -> str | None:
        """The object version the manifest names; None for unversioned objects."""
        return text(self.raw_record, "s3VersionId")

    @property
    def s3_bucket_arn(self) -> str | None:
        """The bucket's ARN (schema 1.0 only)."""
        return text(self.raw_record, "s3BucketArn")

    @property
    def s3_bucket(self) -> str | None:
        """The bucket's name, sent as is by schema 2.0 and read from the ARN under 1.0."""
        name = text(self.raw_record, "s3Bucket")
        if name is None and self.s3_bucket_arn is not None:
            name = self.s3_bucket_arn.rsplit(":", 1)[-1]
        return name


class S3BatchEvent(Event):
    """One Batch Operations invocation: the job, and its tasks (one per invocation today)."""

    __slots__ = ("_tasks",)
    _repr_fields: ClassVar[tuple[str, ...]] = ("job_id", "invocation_id")

    def __init__(self, raw_event: dict[str, Any]) -> None:
        super().__init__(raw_event)
        self._tasks: Any = UNSET

    @property
    def invocation_schema_version(self) -> str | None:
        """``"1.0"`` or ``"2.0"``, as chosen when the job was created."""
        return text(self.raw_event, "invocationSchemaVersion")

    @property
    def invocation_id(self) -> str | None:
        """The id of this invocation; the response repeats it."""
        return text(self.raw_event, "invocationId")

    @property
    def job_id(self) -> str | None:
        """The Batch Operations job's id."""
        return text(mapping(self.raw_event, "job"), "id")

    @property
    def user_arguments(self) -> dict[str, Any]:
        """The key-value pairs given to the job's LambdaInvoke operation (schema 2.0)."""
        return mapping(mapping(self.raw_event, "job"), "userArguments")

    @property
    def tasks(self) -> list[S3BatchTask]:
        """The objects to act on, each to be answered with a result."""
        if self._tasks is UNSET:
            self._tasks = build_records(
                self.raw_event.get("tasks"), "tasks", lambda raw: S3BatchTask(raw, self)
            )
        tasks: list[S3BatchTask] = self._tasks
        return tasks


class S3BatchResult:
    """A task's outcome: ``Succeeded``, ``TemporaryFailure`` (retried) or ``PermanentFailure``.

    ``message`` is the ``resultString`` the job's completion report shows for the task.
    """

    __slots__ = ("code", "message")

    SUCCEEDED: ClassVar[str] = "Succeeded"
    TEMPORARY_FAILURE: ClassVar[str] = "TemporaryFailure"
    PERMANENT_FAILURE: ClassVar[str] = "PermanentFailure"

    def __init__(self, code: str, message: str = "") -> None:
        self.code = code
        self.message = message

    @classmethod
    def succeeded(cls, message: str = "") -> S3BatchResult:
        """The task is done."""
        return cls(cls.SUCCEEDED, message)

    @classmethod
    def temporary_failure(cls, message: str = "") -> S3BatchResult:
        """The task failed for now; S3 invokes the function for it again."""
        return cls(cls.TEMPORARY_FAILURE, message)

    @classmethod
    def permanent_failure(cls, message: str = "") -> S3BatchResult:
        """The task cannot be done; it is reported failed without a retry."""
        return cls(cls.PERMANENT_FAILURE, message)

    def __repr__(self) -> str:
        return f"S3BatchResult({self.code!r}, {self.message!r})"
