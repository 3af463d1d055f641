"""Examples of the other 1.0 documentation pages, run unchanged on those pages' example events.

(The DynamoDB page is covered example by example in test_1_0_dynamodb_page.py.)
"""

from __future__ import annotations

import json
from typing import Any

from lambda_universal_router import Router
from lambda_universal_router.events import (
    APIGatewayEvent,
    CustomEvent,
    EventBridgeEvent,
    KafkaEvent,
    KinesisStreamEvent,
    S3Event,
    SNSEvent,
    SQSEvent,
)
from tests.conftest import load_event


def api_event(path: str, resource: str, method: str = "GET", **fields: Any) -> dict[str, Any]:
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": None,
        "queryStringParameters": None,
        "pathParameters": None,
        "requestContext": {"stage": "prod", "requestId": "r-1", "path": f"/prod{path}"},
        "body": None,
        "isBase64Encoded": False,
        **fields,
    }


def test_api_gateway_page_examples() -> None:
    router = Router()

    @router.apigateway("/hello", method="GET")
    def hello(event: APIGatewayEvent, context: Any) -> dict[str, Any]:
        name = event.query_string_parameters.get("name", "World")
        return {"statusCode": 200, "body": f"Hello, {name}!"}

    @router.apigateway("/users/{user_id}", method="GET")
    def get_user(event: APIGatewayEvent, context: Any) -> dict[str, Any]:
        user_id = event.path_parameters["user_id"]
        return {"statusCode": 200, "body": {"id": user_id}}

    @router.apigateway("/users", method="POST")
    def create_user(event: APIGatewayEvent, context: Any) -> dict[str, Any]:
        body = json.loads(event.body)
        return {"statusCode": 201, "body": {"message": "User created", "user": body}}

    @router.apigateway("/secure", method="GET")
    def secure_endpoint(event: APIGatewayEvent, context: Any) -> dict[str, Any]:
        auth_header = event.headers.get("Authorization")
        if not auth_header:
            return {"statusCode": 401, "body": "Unauthorized"}
        return {"statusCode": 200, "body": "Secure content"}

    assert router.dispatch(api_event("/hello", "/hello"), {})["body"] == "Hello, World!"
    user = router.dispatch(api_event("/users/7", "/users/{user_id}"), {})
    assert json.loads(user["body"]) == {"id": "7"}
    created = router.dispatch(api_event("/users", "/users", "POST", body='{"name": "Ada"}'), {})
    assert created["statusCode"] == 201
    assert json.loads(created["body"])["user"] == {"name": "Ada"}
    assert router.dispatch(api_event("/secure", "/secure"), {})["statusCode"] == 401


def test_sqs_page_examples() -> None:
    router = Router()
    seen: list[Any] = []

    @router.sqs()
    def process_with_attributes(event: SQSEvent, context: Any) -> dict[str, Any]:
        results: dict[str, list[Any]] = {"successful": [], "failed": []}
        for message in event.records:
            priority = message.attributes.get("Priority", {}).get("StringValue")
            seen.append((message.message_id, message.body, priority))
            results["successful"].append(message.message_id)
        return results

    event = load_event("sqs/docs_1_0_standard.json")
    result = router.dispatch(event, {})
    assert result == {"successful": ["059f36b4-87a3-44ab-83d2-661975830a7d"], "failed": []}
    assert seen == [("059f36b4-87a3-44ab-83d2-661975830a7d", "Hello World", None)]
    fifo = load_event("sqs/docs_1_0_fifo.json")
    assert router.dispatch(fifo, {})["successful"] == ["059f36b4-87a3-44ab-83d2-661975830a7d"]


def test_s3_page_examples() -> None:
    router = Router()
    seen: list[Any] = []

    @router.s3()
    def process_uploads(event: S3Event, context: Any) -> None:
        for record in event.records:
            seen.append((record.event_name, record.bucket.name, record.s3_object.key))
            if record.event_name.startswith("ObjectCreated:"):
                seen.append((record.s3_object.size, record.bucket.arn, record.s3.object.key))

    created = {
        "Records": [
            {
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "awsRegion": "us-east-1",
                "eventTime": "2024-03-17T12:00:00.000Z",
                "eventName": "ObjectCreated:Put",
                "s3": {
                    "bucket": {"name": "my-bucket", "arn": "arn:aws:s3:::my-bucket"},
                    "object": {
                        "key": "uploads/image.jpg",
                        "size": 1024,
                        "eTag": "d41d8cd98f00b204e9800998ecf8427e",
                    },
                },
            }
        ]
    }
    deleted = {
        "Records": [
            {
                "eventName": "ObjectRemoved:Delete",
                "s3": {"bucket": {"name": "my-bucket"}, "object": {"key": "path/to/file.txt"}},
            }
        ]
    }
    router.dispatch(created, {})
    router.dispatch(deleted, {})
    assert seen == [
        ("ObjectCreated:Put", "my-bucket", "uploads/image.jpg"),
        (1024, "arn:aws:s3:::my-bucket", "uploads/image.jpg"),
        ("ObjectRemoved:Delete", "my-bucket", "path/to/file.txt"),
    ]


def test_sns_page_examples() -> None:
    router = Router()
    seen: list[Any] = []

    @router.sns()
    def process_with_attributes(event: SNSEvent, context: Any) -> None:
        for message in event.records:
            message_type = message.message_attributes.get("MessageType", {}).get("Value")
            seen.append((message.message_id, message.subject, message.topic_arn, message_type))
            try:
                data = json.loads(message.message)
                seen.append(data["type"])
            except json.JSONDecodeError:
                seen.append("not json")

    basic = {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:ExampleTopic",
                "Sns": {
                    "Type": "Notification",
                    "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
                    "TopicArn": "arn:aws:sns:us-east-1:123456789012:ExampleTopic",
                    "Subject": "Example notification",
                    "Message": "Hello from SNS!",
                    "Timestamp": "2024-03-17T12:00:00.000Z",
                    "MessageAttributes": {"MessageType": {"Type": "String", "Value": "CRITICAL"}},
                },
            }
        ]
    }
    short = {
        "Records": [
            {
                "Sns": {
                    "Message": '{"type":"alert","severity":"high","message":"System alert"}',
                    "MessageAttributes": {"AlertType": {"Type": "String", "Value": "SystemAlert"}},
                }
            }
        ]
    }
    router.dispatch(basic, {})
    router.dispatch(short, {})
    assert seen == [
        (
            "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
            "Example notification",
            "arn:aws:sns:us-east-1:123456789012:ExampleTopic",
            "CRITICAL",
        ),
        "not json",
        (None, None, None, None),
        "alert",
    ]


def test_kinesis_page_examples() -> None:
    router = Router()
    seen: list[Any] = []

    @router.kinesis()
    def process_stream(event: KinesisStreamEvent, context: Any) -> None:
        records_by_partition: dict[str, list[Any]] = {}
        for record in event.records:
            data = record.data.decode("utf-8")
            seen.append((data, record.partition_key, record.sequence_number))
            records_by_partition.setdefault(record.partition_key, []).append(record)
        batch = event.records[0:100]
        seen.append(len(batch))

    basic = {
        "Records": [
            {
                "kinesis": {
                    "kinesisSchemaVersion": "1.0",
                    "partitionKey": "1",
                    "sequenceNumber": "49590338271490256608559692538361571095921575989136588898",
                    "data": "SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==",
                    "approximateArrivalTimestamp": 1545084650.987,
                },
                "eventSource": "aws:kinesis",
                "eventVersion": "1.0",
                "eventID": "shardId-000000000006:"
                "49590338271490256608559692538361571095921575989136588898",
                "eventName": "aws:kinesis:record",
                "awsRegion": "us-east-1",
                "eventSourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream",
            }
        ]
    }
    short = {
        "Records": [
            {
                "kinesis": {
                    "data": "eyJ0eXBlIjoibG9nIiwibWVzc2FnZSI6IlRlc3QgbG9nIn0=",
                    "partitionKey": "logs",
                    "sequenceNumber": "123456789",
                }
            }
        ]
    }
    router.dispatch(basic, {})
    router.dispatch(short, {})
    assert seen[0][0] == "Hello, this is a test."
    assert json.loads(seen[2][0]) == {"type": "log", "message": "Test log"}
    assert seen[3] == 1


def test_eventbridge_page_examples() -> None:
    router = Router()
    seen: list[Any] = []

    @router.eventbridge()
    def handle(event: EventBridgeEvent, context: Any) -> None:
        if event.detail_type == "Scheduled Event":
            seen.append(("scheduled", event.time))
        elif event.source == "aws.ec2":
            seen.append((event.detail.get("instance-id"), event.detail.get("state")))
        seen.append((event.account, event.region, event.resources))

    scheduled = {
        "version": "0",
        "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa",
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "123456789012",
        "time": "2019-10-08T16:53:06Z",
        "region": "us-east-1",
        "resources": ["arn:aws:events:us-east-1:123456789012:rule/MyScheduledRule"],
        "detail": {},
    }
    ec2 = {
        "version": "0",
        "id": "7bf73129-1428-4cd3-a780-95db273d1602",
        "detail-type": "EC2 Instance State-change Notification",
        "source": "aws.ec2",
        "account": "123456789012",
        "time": "2019-11-11T21:29:54Z",
        "region": "us-east-1",
        "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-1234567890abcdef0"],
        "detail": {"instance-id": "i-1234567890abcdef0", "state": "running"},
    }
    router.dispatch(scheduled, {})
    router.dispatch(ec2, {})
    assert seen[0] == ("scheduled", "2019-10-08T16:53:06Z")
    assert seen[2] == ("i-1234567890abcdef0", "running")


def test_kafka_page_examples() -> None:
    router = Router()
    seen: list[Any] = []

    @router.kafka()
    def process_records(event: KafkaEvent, context: Any) -> None:
        seen.append((event.event_source, event.bootstrap_servers))
        for record in event.records:
            headers = {header["key"]: header["value"] for header in record.headers}
            seen.append(
                (
                    record.topic,
                    record.partition,
                    record.offset,
                    record.value.decode("utf-8"),
                    headers.get("message-type"),
                )
            )

    event = load_event("kafka/docs_1_0.json")
    router.dispatch(event, {})
    assert seen == [
        ("aws:kafka", "b-1.msk-cluster.123456.kafka.us-east-1.amazonaws.com:9092"),
        ("mytopic", 0, 15, "World", "standard"),
    ]


def test_custom_page_examples() -> None:
    router = Router()

    @router.custom()
    def app_event_handler(event: CustomEvent, context: Any) -> Any:
        event_type = event.event_data.get("type", "")
        if event_type.startswith("user."):
            return {"handled": "user", "id": event.event_data["data"]["user_id"]}
        return {"statusCode": 200, "body": "Event processed"}

    user_created = {
        "type": "user.created",
        "timestamp": "2024-03-17T12:00:00Z",
        "data": {"user_id": "123", "email": "user@example.com", "name": "John Doe"},
    }
    webhook = {"webhook_id": "abc123", "event": "payment.success", "payload": {"amount": 99.99}}
    assert router.dispatch(user_created, {}) == {"handled": "user", "id": "123"}
    assert router.dispatch(webhook, {}) == {"statusCode": 200, "body": "Event processed"}
