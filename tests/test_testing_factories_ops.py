"""The infrastructure and pipeline factories build events their sources recognise and parse."""

from __future__ import annotations

import pytest

from lambda_universal_router import Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import (
    CloudFormationEvent,
    CloudFrontEvent,
    CloudWatchLogsEvent,
    FirehoseEvent,
    IoTAuthorizerEvent,
    IoTProvisioningEvent,
    S3BatchEvent,
    S3ObjectLambdaEvent,
)
from lambda_universal_router.testing._factories_ops import (
    CATALOG,
    cloudformation,
    cloudfront,
    cloudwatch_logs,
    firehose,
    iot_authorizer,
    iot_provisioning,
    s3_batch,
    s3_object_lambda,
)


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_catalog_events_classify_as_their_source(name: str) -> None:
    source, variant = classify(CATALOG[name]())

    assert source.name == name.partition(":")[0]
    if name.startswith("iot:"):
        assert variant == name.partition(":")[2]


def test_cloudformation_factory() -> None:
    event = CloudFormationEvent(
        cloudformation("Update", {"Size": "2"}, resource_type="Custom::Disk", logical_id="Disk")
    )

    assert (event.request_type, event.resource_type) == ("Update", "Custom::Disk")
    assert event.physical_resource_id == "Disk-physical"
    assert event.resource_properties["Size"] == "2"
    assert event.old_resource_properties["Size"] == "2"
    assert event.stack_name == "my-stack"
    assert event.response_url is not None and event.response_url.startswith("https://")
    assert CloudFormationEvent(cloudformation()).physical_resource_id is None


def test_firehose_factory() -> None:
    plain = FirehoseEvent(firehose(["a", {"b": 1}], stream="clicks"))
    kinesis = FirehoseEvent(firehose("x", source_stream="orders"))
    msk = FirehoseEvent(firehose("y", source_msk_cluster="telemetry"))

    assert plain.delivery_stream_name == "clicks"
    assert [r.data for r in plain.records] == [b"a", b'{"b": 1}']
    assert kinesis.records[0].shard_id == "shardId-000000000000"
    assert msk.source_msk_arn is not None and msk.records[0].data == b"y"


def test_cloudwatch_logs_factory() -> None:
    event = CloudWatchLogsEvent(cloudwatch_logs(["one", {"level": "ERROR"}], log_group="/ecs/x"))
    control = CloudWatchLogsEvent(cloudwatch_logs(control=True))

    assert event.log_group == "/ecs/x"
    assert [e.message for e in event.log_events] == ["one", '{"level": "ERROR"}']
    assert event.log_events[1].json() == {"level": "ERROR"}
    assert control.is_control_message


def test_s3_batch_factory_encodes_keys() -> None:
    one = S3BatchEvent(s3_batch("a b+c/d.txt", bucket="b1"))
    two = S3BatchEvent(s3_batch(["k"], schema="2.0", user_arguments={"x": "1"}))

    assert one.tasks[0].s3_key == "a b+c/d.txt"
    assert one.tasks[0].s3_bucket == "b1"
    assert two.user_arguments == {"x": "1"} and two.tasks[0].s3_bucket == "my-bucket"


@pytest.mark.parametrize("operation", ["GetObject", "HeadObject", "ListObjects", "ListObjectsV2"])
def test_s3_object_lambda_factory(operation: str) -> None:
    event = S3ObjectLambdaEvent(s3_object_lambda(operation, payload="p"))

    assert event.operation == operation
    assert event.payload == "p"
    assert (event.output_route is not None) == (operation == "GetObject")


def test_get_object_output_route_looks_like_aws() -> None:
    assert S3ObjectLambdaEvent(s3_object_lambda()).output_route == "io-use1-001"


def test_cloudfront_factory() -> None:
    request = CloudFrontEvent(cloudfront("origin-request", uri="/a", body=b"{}"))
    response = CloudFrontEvent(cloudfront("viewer-response", status=404))

    assert request.request.uri == "/a" and request.request.body == b"{}"
    assert request.request.origin["custom"]["domainName"] == "example.org"
    assert response.response is not None and response.response.status == 404


def test_iot_factories() -> None:
    http = IoTAuthorizerEvent(iot_authorizer("t", protocols=["tls", "http"], headers={"a": "b"}))
    mqtt = IoTAuthorizerEvent(iot_authorizer(password=b"pw"))
    provisioning = IoTProvisioningEvent(iot_provisioning({"Serial": "1"}, template="fleet"))

    assert http.token == "t" and http.http_headers == {"a": "b"} and http.mqtt_username is None
    assert mqtt.mqtt_password == b"pw"
    assert provisioning.template_name == "fleet" and provisioning.parameters == {"Serial": "1"}


def test_every_catalog_event_reaches_its_handler() -> None:
    router = Router()
    seen: list[str] = []
    for source in ("cloudwatch_logs", "firehose", "s3_batch", "s3_object_lambda", "iot"):
        router.add_handler(source, lambda event, context, source=source: seen.append(source))
    router.cloudfront()(lambda event, context: seen.append("cloudfront"))

    for name in CATALOG:
        if not name.startswith(("cloudformation", "cloudwatch_logs:control")):
            router.dispatch(CATALOG[name](), {})

    assert set(seen) == {
        "cloudwatch_logs",
        "firehose",
        "s3_batch",
        "s3_object_lambda",
        "iot",
        "cloudfront",
    }
