"""S3 Batch Operations: one handler call per task, and the response S3 reads the results from.

A handler returns None or a string (``Succeeded``, the string as the report's result string),
an :class:`S3BatchResult`, or any other value (``Succeeded``, the value as JSON). A handler that
raises fails only its task: ``TemporaryFailure`` (S3 retries the task) for timeouts, dropped
connections, throttling and server errors of AWS SDK calls, ``PermanentFailure`` for everything
else, where a retry would fail the same way and only count against the job's failure threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lambda_universal_router._dispatch import EventDispatcher, call, logger
from lambda_universal_router.events._s3_batch import S3BatchResult

if TYPE_CHECKING:
    from lambda_universal_router._registry import Registration
    from lambda_universal_router._router import Router
    from lambda_universal_router._sources import Source
    from lambda_universal_router.events._s3_batch import S3BatchEvent

#: Error codes of AWS SDK (botocore ``ClientError``) exceptions worth a retry.
RETRYABLE_CODES = frozenset(
    {
        "InternalError",
        "RequestLimitExceeded",
        "RequestTimeout",
        "ServiceUnavailable",
        "SlowDown",
        "Throttling",
        "ThrottlingException",
        "TooManyRequestsException",
    }
)


class S3BatchDispatcher(EventDispatcher):
    """Calls the handler for each task and answers with every task's result code."""

    __slots__ = ("_registration",)

    def __init__(self, source: Source, registrations: Sequence[Registration], router: Router):
        super().__init__(source, registrations, router)
        self._registration = registrations[0]

    def __call__(self, event: dict[str, Any], variant: str, context: Any) -> Any:
        typed: S3BatchEvent = self.event_class(event)
        handler = self._registration.call
        results = []
        for task in typed.tasks:
            try:
                outcome = _result(call(handler, task, context))
            except Exception as exc:
                logger().exception(
                    "S3 Batch handler %s failed on task %s", self._registration.name, task.task_id
                )
                outcome = failure(exc)
            results.append(
                {
                    "taskId": task.task_id,
                    "resultCode": outcome.code,
                    "resultString": outcome.message,
                }
            )
        return {
            "invocationSchemaVersion": typed.invocation_schema_version,
            "treatMissingKeysAs": S3BatchResult.PERMANENT_FAILURE,
            "invocationId": typed.invocation_id,
            "results": results,
        }


def _result(returned: Any) -> S3BatchResult:
    if isinstance(returned, S3BatchResult):
        return returned
    if returned is None:
        return S3BatchResult.succeeded()
    if isinstance(returned, str):
        return S3BatchResult.succeeded(returned)
    import json

    return S3BatchResult.succeeded(json.dumps(returned))


def failure(exc: BaseException) -> S3BatchResult:
    """The result for a task whose handler raised ``exc``: temporary when a retry may help."""
    message = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, (TimeoutError, ConnectionError)):
        return S3BatchResult.temporary_failure(message)
    response = getattr(exc, "response", None)  # botocore.exceptions.ClientError
    if isinstance(response, dict):
        error = response.get("Error")
        code = error.get("Code") if isinstance(error, dict) else None
        metadata = response.get("ResponseMetadata")
        status = metadata.get("HTTPStatusCode") if isinstance(metadata, dict) else None
        if code in RETRYABLE_CODES or (isinstance(status, int) and status >= 500):
            return S3BatchResult.temporary_failure(message)
    return S3BatchResult.permanent_failure(message)
