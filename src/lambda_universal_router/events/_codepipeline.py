"""CodePipeline: a pipeline's Lambda invoke action hands the function a job to do.

CodePipeline does not read the function's return value. The function must report the job's
outcome itself with ``PutJobSuccessResult`` or ``PutJobFailureResult``, or the action waits until
it times out. ``succeed_params()``/``fail_params()`` build those calls' arguments; ``succeed()`` and
``fail()`` make the call with a boto3 client (yours, or one created on first use).

The event carries temporary credentials for the artifact bucket: they never appear in ``repr``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ._base import Event, Record, mapping
from ._fields import build_records, integer, parse_json, text
from ._sdk import client as client_for

#: ``failureDetails.type`` values ``PutJobFailureResult`` accepts.
FAILURE_TYPES = frozenset(
    {
        "JobFailed",
        "ConfigurationError",
        "PermissionError",
        "RevisionOutOfSync",
        "RevisionUnavailable",
        "SystemUnavailable",
    }
)


class CodePipelineArtifact(Record):
    """An input or output artifact: a name and where it lies in the artifact bucket."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("name", "bucket_name", "object_key")

    @property
    def name(self) -> str | None:
        """The artifact's name in the pipeline."""
        return text(self.raw_record, "name")

    @property
    def revision(self) -> str | None:
        """The source revision (a commit id, an S3 version), None for outputs."""
        return text(self.raw_record, "revision")

    @property
    def location(self) -> dict[str, Any]:
        """Where the artifact is: ``{"type": "S3", "s3Location": {...}}``."""
        return mapping(self.raw_record, "location")

    @property
    def bucket_name(self) -> str | None:
        """The artifact bucket."""
        return text(mapping(self.location, "s3Location"), "bucketName")

    @property
    def object_key(self) -> str | None:
        """The key of the zipped artifact in the bucket (read inputs, write outputs here)."""
        return text(mapping(self.location, "s3Location"), "objectKey")


class CodePipelineCredentials(Record):
    """Temporary credentials for the artifact bucket; never shown in ``repr``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "CodePipelineCredentials(<redacted>)"

    @property
    def access_key_id(self) -> str | None:
        """The temporary access key id."""
        return text(self.raw_record, "accessKeyId")

    @property
    def secret_access_key(self) -> str | None:
        """The temporary secret key."""
        return text(self.raw_record, "secretAccessKey")

    @property
    def session_token(self) -> str | None:
        """The session token that goes with the temporary keys."""
        return text(self.raw_record, "sessionToken")

    @property
    def expiration_time(self) -> int | None:
        """When the credentials expire, epoch milliseconds."""
        return integer(self.raw_record, "expirationTime")

    def as_boto3(self) -> dict[str, str | None]:
        """Keyword arguments for ``boto3.client("s3", **credentials.as_boto3())``."""
        return {
            "aws_access_key_id": self.access_key_id,
            "aws_secret_access_key": self.secret_access_key,
            "aws_session_token": self.session_token,
        }


class CodePipelineJob(Record):
    """The job: its id, the action's configuration, the artifacts and their credentials."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "function_name")

    @property
    def id(self) -> str | None:
        """The job id every ``PutJob*Result`` call needs."""
        return text(self.raw_record, "id")

    @property
    def account_id(self) -> str | None:
        """The account of the pipeline."""
        return text(self.raw_record, "accountId")

    @property
    def data(self) -> dict[str, Any]:
        """The job's data, as CodePipeline sent it."""
        return mapping(self.raw_record, "data")

    @property
    def configuration(self) -> dict[str, Any]:
        """The action's configuration: ``FunctionName`` and ``UserParameters``."""
        return mapping(mapping(self.data, "actionConfiguration"), "configuration")

    @property
    def function_name(self) -> str | None:
        """The function the action invokes."""
        return text(self.configuration, "FunctionName")

    @property
    def user_parameters(self) -> str | None:
        """The action's ``UserParameters`` text, None when the action sets none."""
        return text(self.configuration, "UserParameters")

    def user_parameters_json(self) -> Any:
        """``UserParameters`` parsed as JSON."""
        return parse_json(self.user_parameters, "CodePipeline UserParameters")

    @property
    def input_artifacts(self) -> list[CodePipelineArtifact]:
        """The artifacts the action receives (0 to 5)."""
        return build_records(
            self.data.get("inputArtifacts"), "inputArtifacts", CodePipelineArtifact
        )

    @property
    def output_artifacts(self) -> list[CodePipelineArtifact]:
        """The artifacts the function must upload (0 to 5)."""
        return build_records(
            self.data.get("outputArtifacts"), "outputArtifacts", CodePipelineArtifact
        )

    @property
    def artifact_credentials(self) -> CodePipelineCredentials:
        """Temporary credentials to read and write the artifacts."""
        return CodePipelineCredentials(mapping(self.data, "artifactCredentials"))

    @property
    def continuation_token(self) -> str | None:
        """The token of a job the function asked to continue, None on the first run."""
        return text(self.data, "continuationToken")

    @property
    def encryption_key(self) -> dict[str, Any]:
        """The KMS key of the artifact store (``{"id": ..., "type": "KMS"}``), ``{}`` if none."""
        return mapping(self.data, "encryptionKey")


class CodePipelineEvent(Event):
    """A job for a Lambda invoke action; report its outcome with ``succeed`` or ``fail``."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("job",)

    @property
    def job(self) -> CodePipelineJob:
        """The job to do."""
        return CodePipelineJob(mapping(self.raw_event, "CodePipeline.job"))

    @property
    def job_id(self) -> str | None:
        """The job id (``job.id``)."""
        return self.job.id

    def succeed_params(
        self,
        *,
        summary: str | None = None,
        external_execution_id: str | None = None,
        percent_complete: int | None = None,
        continuation_token: str | None = None,
        current_revision: dict[str, Any] | None = None,
        output_variables: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """Arguments for ``put_job_success_result``.

        Give ``continuation_token`` to have CodePipeline invoke the function again with it (a
        long job done in steps); ``output_variables`` become the action's variables.
        """
        params: dict[str, Any] = {"jobId": self._job_id()}
        details = {
            key: value
            for key, value in (
                ("summary", summary),
                ("externalExecutionId", external_execution_id),
                ("percentComplete", percent_complete),
            )
            if value is not None
        }
        if details:
            params["executionDetails"] = details
        if continuation_token is not None:
            params["continuationToken"] = continuation_token
        if current_revision is not None:
            params["currentRevision"] = current_revision
        if output_variables is not None:
            params["outputVariables"] = output_variables
        return params

    def fail_params(
        self,
        message: str,
        *,
        failure_type: str = "JobFailed",
        external_execution_id: str | None = None,
    ) -> dict[str, Any]:
        """Arguments for ``put_job_failure_result``; ``message`` shows in the pipeline console."""
        if failure_type not in FAILURE_TYPES:
            known = ", ".join(sorted(FAILURE_TYPES))
            raise ValueError(f"failure_type must be one of {known}, not {failure_type!r}")
        details = {"type": failure_type, "message": message[:5000]}
        if external_execution_id is not None:
            details["externalExecutionId"] = external_execution_id
        return {"jobId": self._job_id(), "failureDetails": details}

    def succeed(self, client: Any = None, **options: Any) -> Any:
        """Call ``put_job_success_result`` (options as for ``succeed_params``)."""
        return client_for("codepipeline", client).put_job_success_result(
            **self.succeed_params(**options)
        )

    def fail(self, message: str, client: Any = None, **options: Any) -> Any:
        """Call ``put_job_failure_result`` (options as for ``fail_params``)."""
        return client_for("codepipeline", client).put_job_failure_result(
            **self.fail_params(message, **options)
        )

    def _job_id(self) -> str:
        job_id = self.job.id
        if job_id is None:
            from lambda_universal_router._exceptions import InvalidEventError

            raise InvalidEventError("This CodePipeline event has no job id (CodePipeline.job.id)")
        return job_id
