"""Shapes found in AWS's own sample events (SAM's generate-event, the Go, Java and .NET event
libraries, Powertools' test events) that the first versions of the sources did not take.

Each fixture is ours, written from the fact of the shape: same structure, different values.
"""

from __future__ import annotations

import base64
from typing import Any

from lambda_universal_router import Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import (
    CloudWatchLogsEvent,
    FirehoseRecord,
    MQEvent,
    WebSocketEvent,
)
from lambda_universal_router.events._iot import IoTAuthorizerEvent
from tests.conftest import load_event


def detected(name: str) -> tuple[str, str]:
    source, variant = classify(load_event(name))
    return source.name, variant


def test_websocket_event_that_also_carries_http_method_goes_to_websocket_handlers() -> None:
    # Given a $connect event shaped like the Go and Java samples: REST fields and a connection
    router = Router()
    seen: list[Any] = []

    @router.websocket("$connect")
    def connect(event: WebSocketEvent, context: Any) -> dict[str, Any]:
        seen.append(event)
        return {"statusCode": 200}

    @router.get("/")
    def index(event: Any, context: Any) -> dict[str, Any]:  # pragma: no cover - must not run
        raise AssertionError("a WebSocket connect is not an HTTP request")

    # When it is dispatched
    router.dispatch(load_event("websocket/connect_with_http_method.json"), {})

    # Then the WebSocket handler has it
    assert detected("websocket/connect_with_http_method.json") == ("websocket", "")
    (event,) = seen
    assert event.connection_id == "Zb7kQcNEXAMPLE="
    assert event.route_key == "$connect"


def test_rest_requests_without_a_connection_stay_http() -> None:
    assert detected("http/rest.json") == ("http", "rest")
    assert detected("http/alb.json") == ("http", "alb")


def test_firehose_transformation_without_delivery_stream_arn_is_firehose() -> None:
    # SAM's Apache log sample sends invocationId, region and records only
    assert detected("firehose/without_stream_arn.json") == ("firehose", "")
    router = Router()

    @router.firehose()
    def shout(record: FirehoseRecord, context: Any) -> str:
        assert record.event.delivery_stream_arn is None
        return record.text.upper()

    answer = router.dispatch(load_event("firehose/without_stream_arn.json"), {})

    (record,) = answer["records"]
    assert record["result"] == "Ok"
    assert base64.b64decode(record["data"]).startswith(b"203.0.113.9 - - [01/JUN/2024")


def test_kinesis_analytics_preprocessing_is_not_taken_for_firehose() -> None:
    # Same envelope as Firehose, plus applicationArn: a discontinued service left to custom()
    assert detected("custom/kinesis_analytics_preprocessing.json") == ("custom", "")


def test_s3_batch_operations_still_classify_after_the_invocation_id_marker() -> None:
    assert detected("s3_batch/schema_1.json") == ("s3_batch", "")
    assert detected("s3_batch/schema_2.json") == ("s3_batch", "")


def test_iot_authorizer_request_with_per_protocol_contexts() -> None:
    # The Go library's sample request names the protocol data tlsContext, httpContext, mqttContext
    assert detected("iot/authorizer_protocol_contexts.json") == ("iot", "authorizer")
    event = IoTAuthorizerEvent(load_event("iot/authorizer_protocol_contexts.json"))

    assert event.token == "device-token-7f3a"
    assert event.tls_server_name == "devices.example.org"
    assert event.http_headers == {"Accept-Language": "de"}
    assert event.http_query_string == "?fleet=berlin"
    assert event.mqtt_client_id == "sensor-0042"
    assert event.mqtt_username == "sensor-0042"
    assert event.mqtt_password == b"sensor-secret"


def test_activemq_batch_tagged_aws_amq_with_lower_case_physicalname() -> None:
    # The Java library's sample: eventSource "aws:amq", destination {"physicalname": ...}
    assert detected("mq/activemq_amq_source.json") == ("mq", "")
    event = MQEvent(load_event("mq/activemq_amq_source.json"))
    assert event.broker == "ActiveMQ"
    assert event.queue == "orders.incoming"

    router = Router()
    seen: list[MQEvent] = []
    router.mq(queue="orders.incoming")(lambda event, context: seen.append(event))
    router.dispatch(load_event("mq/activemq_amq_source.json"), {})
    assert len(seen) == 1


def test_cloudwatch_logs_data_compressed_with_a_zlib_header() -> None:
    # Powertools' account-level subscription sample: zlib instead of gzip, and policyLevel
    assert detected("cloudwatch_logs/zlib_account_policy.json") == ("cloudwatch_logs", "")
    event = CloudWatchLogsEvent(load_event("cloudwatch_logs/zlib_account_policy.json"))

    assert event.log_group == "/aws/lambda/checkout"
    assert event.policy_level == "ACCOUNT_LEVEL_POLICY"
    assert [log.message for log in event.log_events] == ["ERROR payment declined"]


def test_gzip_logs_have_no_policy_level() -> None:
    event = CloudWatchLogsEvent(load_event("cloudwatch_logs/data_message.json"))
    assert event.policy_level is None
