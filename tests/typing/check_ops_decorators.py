"""Checked by mypy --strict, never run: the infrastructure and pipeline decorators keep the
decorated function's type, and the typed events their helpers' result types."""

from __future__ import annotations

from typing import Any

from typing_extensions import assert_type

from lambda_universal_router import Router
from lambda_universal_router.events import (
    CloudFormationEvent,
    CloudFrontEvent,
    CloudFrontResponse,
    CloudWatchLogsEvent,
    FirehoseRecord,
    FirehoseResult,
    IoTAuthorizerEvent,
    IoTEvent,
    IoTProvisioningEvent,
    S3BatchResult,
    S3BatchTask,
    S3ObjectLambdaEvent,
)

router = Router()


@router.cloudformation("Custom::Bucket", request_type=["Create", "Update"])
def bucket(event: CloudFormationEvent, context: Any) -> dict[str, str]:
    return {"PhysicalResourceId": event.logical_resource_id or ""}


@router.firehose(delivery_stream="clicks")
def clicks(record: FirehoseRecord, context: Any) -> FirehoseResult:
    return FirehoseResult.ok(record.data)


@router.cloudwatch_logs("/aws/lambda/*")
def logs(event: CloudWatchLogsEvent, context: Any) -> int:
    return len(event.log_events)


@router.s3_batch()
def task(task: S3BatchTask, context: Any) -> S3BatchResult:
    return S3BatchResult.succeeded(task.s3_key or "")


@router.s3_object_lambda("HeadObject", access_point="ap")
def head(event: S3ObjectLambdaEvent, context: Any) -> dict[str, Any]:
    return event.head_response(200)


@router.cloudfront("viewer-request", distribution_id="EDFDVBD6EXAMPLE")
def edge(event: CloudFrontEvent, context: Any) -> dict[str, Any]:
    return event.respond(204)


@router.iot("authorizer")
def authorize(event: IoTAuthorizerEvent, context: Any) -> dict[str, Any]:
    return event.deny()


assert_type(bucket(CloudFormationEvent({}), None), dict[str, str])
assert_type(clicks(FirehoseRecord({}), None), FirehoseResult)
assert_type(logs(CloudWatchLogsEvent({}), None), int)
assert_type(task(S3BatchTask({}), None), S3BatchResult)
assert_type(IoTEvent({}), IoTEvent)
assert_type(IoTProvisioningEvent({}).allow(), dict[str, Any])
assert_type(CloudFrontEvent({}).response, CloudFrontResponse | None)
