"""Realistic events for infrastructure and data pipelines: CloudFormation custom resources,
Firehose transformations, CloudWatch Logs subscriptions, S3 Batch Operations, S3 Object Lambda,
Lambda@Edge and the AWS IoT Core authorizer and provisioning hooks.

Each factory returns the dict Lambda would pass to the function, shaped after the example events
in the AWS guide of the service, with every field AWS sends and plain Python keyword arguments
for the parts a test cares about. ``CATALOG`` maps ``"source"`` and ``"source:variant"`` to a
zero-argument factory.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote, quote_plus

from lambda_universal_router.events._cloudfront import to_cloudfront

from ._shapes import ACCOUNT, JSON, REGION, arn, b64, hex_id, many, now, request_id
from ._shapes import token as _token

__all__ = [
    "CATALOG",
    "cloudformation",
    "cloudfront",
    "cloudwatch_logs",
    "firehose",
    "iot",
    "iot_authorizer",
    "iot_provisioning",
    "s3_batch",
    "s3_object_lambda",
]


def _signed(url: str, region: str) -> str:
    """``url`` with the query string of an S3 pre-signed URL (the signature is made up)."""
    credential = quote(f"ASIAEXAMPLEKEYID/20240501/{region}/s3/aws4_request", safe="")
    return (
        f"{url}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20240501T120000Z"
        f"&X-Amz-SignedHeaders=host&X-Amz-Expires=7200&X-Amz-Credential={credential}"
        f"&X-Amz-Signature={hex_id(64)}"
    )


# --- CloudFormation custom resources -------------------------------------------------------------


def cloudformation(
    request_type: str = "Create",
    properties: Mapping[str, Any] | None = None,
    *,
    resource_type: str = "Custom::Resource",
    logical_id: str = "MyResource",
    physical_id: str | None = None,
    old_properties: Mapping[str, Any] | None = None,
    response_url: str | None = None,
    stack: str = "my-stack",
    function: str = "custom-resource-provider",
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """A custom resource request: ``"Create"``, ``"Update"`` or ``"Delete"``.

    ``physical_id`` defaults to ``"<logical_id>-physical"`` on Update and Delete, and
    ``old_properties`` (Update) to ``properties``. Point ``response_url`` at a local server to
    see the answer the router sends.
    """
    stack_id = arn("cloudformation", region, account, f"stack/{stack}/{request_id()}")
    request = request_id()
    service_token = arn("lambda", region, account, f"function:{function}")
    if response_url is None:
        key = quote(f"{stack_id}|{logical_id}|{request}", safe="")
        host = f"cloudformation-custom-resource-response-{region.replace('-', '')}"
        response_url = _signed(f"https://{host}.s3.amazonaws.com/{key}", region)
    event: JSON = {
        "RequestType": request_type,
        "ServiceToken": service_token,
        "ResponseURL": response_url,
        "StackId": stack_id,
        "RequestId": request,
        "LogicalResourceId": logical_id,
        "ResourceType": resource_type,
        "ResourceProperties": {"ServiceToken": service_token, **(properties or {})},
    }
    if request_type != "Create":
        event["PhysicalResourceId"] = physical_id or f"{logical_id}-physical"
    if request_type == "Update":
        old = properties if old_properties is None else old_properties
        event["OldResourceProperties"] = {"ServiceToken": service_token, **(old or {})}
    return event


# --- Firehose ------------------------------------------------------------------------------------


def firehose(
    data: Any = ("Hello from Firehose!",),
    *,
    stream: str = "my-delivery-stream",
    source_stream: str | None = None,
    source_msk_cluster: str | None = None,
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """A Firehose transformation batch, one record per item of ``data`` (bytes, str or JSON).

    With ``source_stream`` the records carry Kinesis metadata; with ``source_msk_cluster`` the
    payload is in ``kafkaRecordValue`` with MSK metadata, as Firehose sends them.
    """
    arrival = int(now() * 1000)
    event: JSON = {
        "invocationId": request_id(),
        "deliveryStreamArn": arn("firehose", region, account, f"deliverystream/{stream}"),
        "region": region,
    }
    if source_stream is not None:
        event["sourceKinesisStreamArn"] = arn("kinesis", region, account, f"stream/{source_stream}")
    if source_msk_cluster is not None:
        cluster = f"cluster/{source_msk_cluster}/{request_id()}-2"
        event["sourceMSKArn"] = arn("kafka", region, account, cluster)
    records = []
    for index, item in enumerate(many(data)):
        sequence = f"49546986683135544286507457936321625675700192471156785{index:03d}"
        record: JSON = {"recordId": sequence, "approximateArrivalTimestamp": arrival + index}
        if source_msk_cluster is not None:
            record["mskRecordMetadata"] = {
                "offset": str(index),
                "partitionId": "0",
                "approximateArrivalTimestamp": arrival + index,
            }
            record["kafkaRecordValue"] = b64(item)
        else:
            record["data"] = b64(item)
        if source_stream is not None:
            record["kinesisRecordMetadata"] = {
                "shardId": "shardId-000000000000",
                "partitionKey": f"partition-key-{index}",
                "approximateArrivalTimestamp": arrival + index,
                "sequenceNumber": sequence,
                "subsequenceNumber": "",
            }
        records.append(record)
    event["records"] = records
    return event


# --- CloudWatch Logs -----------------------------------------------------------------------------


def cloudwatch_logs(
    messages: Any = ("Hello from CloudWatch Logs!",),
    *,
    log_group: str = "/aws/lambda/my-function",
    log_stream: str | None = None,
    filters: Iterable[str] = ("my-subscription-filter",),
    owner: str = ACCOUNT,
    control: bool = False,
) -> JSON:
    """A subscription filter delivery: one log event per message (str, or JSON-able values).

    ``control=True`` builds the ``CONTROL_MESSAGE`` CloudWatch Logs sends to check that the
    destination is reachable.
    """
    moment = int(now() * 1000)
    if control:
        document: JSON = {
            "messageType": "CONTROL_MESSAGE",
            "owner": "CloudwatchLogs",
            "logGroup": "",
            "logStream": "",
            "subscriptionFilters": [],
            "logEvents": [
                {
                    "id": "",
                    "timestamp": moment,
                    "message": "CWL CONTROL MESSAGE: Checking health of destination Lambda.",
                }
            ],
        }
    else:
        stream = log_stream or f"2024/05/01/[$LATEST]{hex_id(32)}"
        base = int(hex_id(15), 16)
        document = {
            "messageType": "DATA_MESSAGE",
            "owner": owner,
            "logGroup": log_group,
            "logStream": stream,
            "subscriptionFilters": list(filters),
            "logEvents": [
                {
                    "id": f"{base + index:056d}"[-56:],
                    "timestamp": moment + index,
                    "message": item if isinstance(item, str) else json.dumps(item),
                }
                for index, item in enumerate(many(messages))
            ],
        }
    compressed = gzip.compress(json.dumps(document).encode("utf-8"))
    return {"awslogs": {"data": base64.b64encode(compressed).decode("ascii")}}


# --- S3 Batch Operations -------------------------------------------------------------------------


def s3_batch(
    keys: Any = ("my-object.txt",),
    *,
    bucket: str = "my-bucket",
    schema: str = "1.0",
    user_arguments: Mapping[str, str] | None = None,
    version_id: str | None = None,
    job_id: str | None = None,
) -> JSON:
    """An S3 Batch Operations invocation with a task per key (URL-encoded, as S3 sends them).

    Schema ``"1.0"`` names the bucket by ARN; ``"2.0"`` by name, with ``user_arguments``.
    """
    job: JSON = {"id": job_id or request_id()}
    if schema != "1.0":
        job["userArguments"] = dict(user_arguments or {})
    tasks = []
    for key in many(keys):
        task: JSON = {
            "taskId": _token(20),
            "s3Key": quote_plus(str(key), safe="/"),
            "s3VersionId": version_id,
        }
        if schema == "1.0":
            task["s3BucketArn"] = f"arn:aws:s3:::{bucket}"
        else:
            task["s3Bucket"] = bucket
        tasks.append(task)
    return {
        "invocationSchemaVersion": schema,
        "invocationId": _token(52),
        "job": job,
        "tasks": tasks,
    }


# --- S3 Object Lambda ----------------------------------------------------------------------------

_CONTEXT_KEYS = {
    "GetObject": "getObjectContext",
    "HeadObject": "headObjectContext",
    "ListObjects": "listObjectsContext",
    "ListObjectsV2": "listObjectsV2Context",
}


def s3_object_lambda(
    operation: str = "GetObject",
    *,
    key: str = "my-object.txt",
    access_point: str = "my-object-lambda-ap",
    supporting_access_point: str = "my-access-point",
    payload: str = "",
    headers: Mapping[str, str] | None = None,
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """A request through an Object Lambda access point: ``GetObject``, ``HeadObject``,
    ``ListObjects`` or ``ListObjectsV2`` (the last two list the access point, not ``key``)."""
    listing = operation.startswith("List")
    path = "" if listing else quote(key)
    supporting = (
        f"https://{supporting_access_point}-{account}.s3-accesspoint.{region}.amazonaws.com"
    )
    context: JSON = {"inputS3Url": _signed(f"{supporting}/{path}", region)}
    if operation == "GetObject":
        area, direction, number = [*region.split("-"), "", ""][:3]
        context["outputRoute"] = f"io-{area}{direction[:1]}{number}-001"
        context["outputToken"] = _token(64)
    host = f"{access_point}-{account}.s3-object-lambda.{region}.amazonaws.com"
    query = "?list-type=2" if operation == "ListObjectsV2" else ""
    return {
        "xAmzRequestId": request_id(),
        _CONTEXT_KEYS[operation]: context,
        "configuration": {
            "accessPointArn": arn(
                "s3-object-lambda", region, account, f"accesspoint/{access_point}"
            ),
            "supportingAccessPointArn": arn(
                "s3", region, account, f"accesspoint/{supporting_access_point}"
            ),
            "payload": payload,
        },
        "userRequest": {
            "url": f"https://{host}/{path}{query}",
            "headers": {
                "Host": host,
                "Accept-Encoding": "identity",
                "X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD",
                **(headers or {}),
            },
        },
        "userIdentity": {
            "type": "AssumedRole",
            "principalId": f"AROA{hex_id(16, upper=True)}:my-session",
            "arn": f"arn:aws:sts::{account}:assumed-role/my-role/my-session",
            "accountId": account,
            "accessKeyId": f"ASIA{hex_id(16, upper=True)}",
        },
        "protocolVersion": "1.00",
    }


# --- Lambda@Edge ---------------------------------------------------------------------------------


def cloudfront(
    event_type: str = "viewer-request",
    *,
    uri: str = "/",
    method: str = "GET",
    querystring: str = "",
    headers: Mapping[str, str] | None = None,
    body: bytes | str | None = None,
    status: int = 200,
    response_headers: Mapping[str, str] | None = None,
    client_ip: str = "203.0.113.178",
    distribution_id: str = "EDFDVBD6EXAMPLE",
    origin_domain: str = "example.org",
) -> JSON:
    """A Lambda@Edge event for ``event_type``; ``body`` is included as CloudFront does when the
    association has "include body" on, ``status`` and ``response_headers`` are the response's
    on response triggers."""
    domain = "d111111abcdef8.cloudfront.net"
    sent = {"Host": domain, "User-Agent": "curl/8.5.0", "Accept": "*/*", **(headers or {})}
    if event_type.startswith("origin"):
        sent["Host"] = origin_domain
        sent["X-Forwarded-For"] = client_ip
        sent["Via"] = f"2.0 {hex_id(32)}.cloudfront.net (CloudFront)"
    request: JSON = {
        "clientIp": client_ip,
        "headers": to_cloudfront(sent),
        "method": method,
        "querystring": querystring,
        "uri": uri,
    }
    if event_type.startswith("origin"):
        request["origin"] = {
            "custom": {
                "customHeaders": {},
                "domainName": origin_domain,
                "keepaliveTimeout": 5,
                "path": "",
                "port": 443,
                "protocol": "https",
                "readTimeout": 30,
                "sslProtocols": ["TLSv1.2"],
            }
        }
    if body is not None:
        request["body"] = {
            "action": "read-only",
            "data": b64(body),
            "encoding": "base64",
            "inputTruncated": False,
        }
    cf: JSON = {
        "config": {
            "distributionDomainName": domain,
            "distributionId": distribution_id,
            "eventType": event_type,
            "requestId": _token(56),
        },
        "request": request,
    }
    if event_type.endswith("response"):
        from http import HTTPStatus

        answered = {"Content-Type": "text/html", "Server": "nginx", **(response_headers or {})}
        cf["response"] = {
            "headers": to_cloudfront(answered),
            "status": str(status),
            "statusDescription": HTTPStatus(status).phrase,
        }
    return {"Records": [{"cf": cf}]}


# --- AWS IoT Core --------------------------------------------------------------------------------


def iot_authorizer(
    token: str = "allow",
    *,
    protocols: Iterable[str] = ("tls", "mqtt"),
    username: str | None = "my-device",
    password: bytes | str | None = "my-password",
    client_id: str | None = "my-device",
    headers: Mapping[str, str] | None = None,
    query_string: str | None = None,
    signature_verified: bool = False,
    region: str = REGION,
) -> JSON:
    """A custom authorizer request for a device connecting over ``protocols``.

    The MQTT fields apply when ``"mqtt"`` is among them, ``headers`` and ``query_string`` when
    ``"http"`` is.
    """
    wanted = list(protocols)
    data: JSON = {"tls": {"serverName": f"{hex_id(14)}-ats.iot.{region}.amazonaws.com"}}
    if "http" in wanted:
        data["http"] = {"headers": dict(headers or {}), "queryString": query_string or ""}
    if "mqtt" in wanted:
        mqtt: JSON = {}
        if username is not None:
            mqtt["username"] = username
        if password is not None:
            mqtt["password"] = b64(password)
        if client_id is not None:
            mqtt["clientId"] = client_id
        data["mqtt"] = mqtt
    return {
        "token": token,
        "signatureVerified": signature_verified,
        "protocols": wanted,
        "protocolData": data,
        "connectionMetadata": {"id": request_id()},
    }


def iot_provisioning(
    parameters: Mapping[str, str] | None = None,
    *,
    template: str = "my-template",
    client_id: str = "my-device",
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """A fleet provisioning pre-provisioning hook request with the device's ``parameters``."""
    return {
        "claimCertificateId": hex_id(64),
        "certificateId": hex_id(64),
        "certificatePem": (
            "-----BEGIN CERTIFICATE-----\n" + _token(64) + "\n-----END CERTIFICATE-----\n"
        ),
        "templateArn": arn("iot", region, account, f"provisioningtemplate/{template}"),
        "clientId": client_id,
        "parameters": dict(parameters if parameters is not None else {"SerialNumber": "SN-0001"}),
    }


def iot(kind: str = "authorizer", **options: Any) -> JSON:
    """An IoT Core request of ``kind`` (as ``router.iot(kind=...)`` names it): ``"authorizer"``
    (see :func:`iot_authorizer`) or ``"provisioning"`` (:func:`iot_provisioning`), with their
    keyword ``options``."""
    factories: dict[str, Callable[..., JSON]] = {
        "authorizer": iot_authorizer,
        "provisioning": iot_provisioning,
    }
    factory = factories.get(kind)
    if factory is None:
        raise ValueError(f'kind= takes "authorizer" or "provisioning", not {kind!r}')
    return factory(**options)


CATALOG: dict[str, Callable[[], JSON]] = {
    "cloudformation": cloudformation,
    "cloudformation:create": cloudformation,
    "cloudformation:update": lambda: cloudformation("Update"),
    "cloudformation:delete": lambda: cloudformation("Delete"),
    "firehose": firehose,
    "firehose:kinesis": lambda: firehose(source_stream="my-stream"),
    "firehose:msk": lambda: firehose(source_msk_cluster="my-cluster"),
    "cloudwatch_logs": cloudwatch_logs,
    "cloudwatch_logs:control": lambda: cloudwatch_logs(control=True),
    "s3_batch": s3_batch,
    "s3_batch:schema_2": lambda: s3_batch(schema="2.0", user_arguments={"key": "value"}),
    "s3_object_lambda": s3_object_lambda,
    "s3_object_lambda:get_object": s3_object_lambda,
    "s3_object_lambda:head_object": lambda: s3_object_lambda("HeadObject"),
    "s3_object_lambda:list_objects": lambda: s3_object_lambda("ListObjects"),
    "s3_object_lambda:list_objects_v2": lambda: s3_object_lambda("ListObjectsV2"),
    "cloudfront": cloudfront,
    "cloudfront:viewer-request": cloudfront,
    "cloudfront:origin-request": lambda: cloudfront("origin-request"),
    "cloudfront:origin-response": lambda: cloudfront("origin-response"),
    "cloudfront:viewer-response": lambda: cloudfront("viewer-response"),
    "iot": iot_authorizer,
    "iot:authorizer": iot_authorizer,
    "iot:provisioning": iot_provisioning,
}
