"""lambda-router template: SAM templates read from registrations, checked by cfn-lint and SAM."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import CORS, Router
from lambda_universal_router._cli import template_resources as declare
from lambda_universal_router._cli.main import main
from lambda_universal_router._cli.template import METADATA_KEY, build, camel
from lambda_universal_router._cli.yaml import dump
from lambda_universal_router.examples import bookstore

REPORT = ["ReportBatchItemFailures"]
STACK_TAG = declare.STACK_TAG
USERS_STREAM = "arn:aws:dynamodb:us-east-1:111122223333:table/Users/stream/2024-01-01T00:00:00.000"


def h(event: Any, context: Any) -> None:
    """A handler; the template never calls it."""


def named(name: str) -> Any:
    """A distinct handler called ``name`` (logical ids of rules and schedules come from it)."""

    def handler(event: Any, context: Any) -> None:
        raise AssertionError("the template generator must not call handlers")

    handler.__name__ = handler.__qualname__ = name
    return handler


def everything() -> Router:
    """A router with a registration of every kind the generator knows."""
    router = Router()
    router.get("/")(named("home"))
    router.route("/files/{path+}", ["GET", "PUT"])(named("files"))
    router.any("/proxy/{anything+}")(named("anything"))
    router.sqs(queue="orders", per_record=True)(named("orders"))
    router.sqs(queue="arn:aws:sqs:eu-west-1:111122223333:audit")(named("audit"))
    router.sqs(queue=["arn:aws:sqs:us-east-1:111122223333:orders"])(named("orders_again"))
    router.sqs()(named("any_queue"))
    router.sqs(queue="payments.fifo", per_record=True)(named("payments_fifo"))
    router.sns(topic="alerts", per_record=True)(named("alerts"))
    router.kinesis(stream="clicks", per_record=True, concurrency=4)(named("clicks"))
    router.kinesis(stream="arn:aws:kinesis:us-east-1:111122223333:stream/views")(named("views"))
    router.dynamodb(table="Books")(named("books"))
    router.dynamodb(table=USERS_STREAM, per_record=True)(named("users"))
    router.s3(bucket="uploads", prefix="in/", suffix=".csv", events="ObjectCreated:*")(named("csv"))
    router.s3(bucket="uploads", prefix="img/", events=["ObjectCreated:Put", "ObjectRemoved:*"])(
        named("images")
    )
    router.s3(bucket="arn:aws:s3:::archive")(named("archive"))
    router.s3(bucket="archive", prefix="old/", events="ObjectRemoved:*")(named("archive_old"))
    router.eventbridge(source="shop", detail_type=["OrderPlaced", "OrderShipped"])(named("shop"))
    router.eventbridge(pattern={"source": ["aws.ec2"], "detail": {"state": ["stopped"]}})(
        named("ec2")
    )
    router.eventbridge(source="billing", pattern={"detail": {"total": [{"numeric": [">", 9]}]}})(
        named("big_bills")
    )
    router.eventbridge()(named("every_event"))
    router.eventbridge(detail_type=["Scheduled Event", "Job Done"])(named("mixed"))
    router.schedule(rule="nightly")(named("nightly"))
    router.schedule()(named("any_schedule"))
    router.cognito("PreSignUp_SignUp")(named("pre_sign_up"))
    router.cognito(["TokenGeneration", "CustomMessage"])(named("tokens"))
    router.cognito("CustomEmailSender")(named("email_sender"))
    router.cognito()(named("any_cognito"))
    router.kafka(topic="payments")(named("payments"))
    router.kafka(topic="refunds", per_record=True, concurrency=2)(named("refunds"))
    router.kafka()(named("any_topic"))
    router.cloudwatch_logs("/aws/lambda/other")(named("logs"))
    router.cloudwatch_logs("/app/*")(named("app_logs"))
    router.mq(queue="invoices")(named("invoices"))
    router.mq()(named("any_mq"))
    router.documentdb(database="shop", collection=["carts", "orders"])(named("shop_changes"))
    router.documentdb()(named("any_changes"))
    router.websocket("$connect")(named("connect"))
    router.authorizer()(named("authorize"))
    router.cloudformation("Custom::Thing")(named("thing"))
    router.custom()(named("direct"))
    return router


def template_of(router: Router, **options: Any) -> dict[str, Any]:
    return build(
        router,
        app="app.py",
        function="AppFunction",
        handler="app.lambda_handler",
        code_uri="src",
        **options,
    )


def events_of(template: dict[str, Any]) -> dict[str, Any]:
    events: dict[str, Any] = template["Resources"]["AppFunction"]["Properties"]["Events"]
    return events


@pytest.fixture(scope="module")
def full() -> dict[str, Any]:
    return template_of(everything())


@pytest.fixture(scope="module")
def resources() -> dict[str, Any]:
    return template_of(resourceful(), resources=True)


# --- the bookstore --------------------------------------------------------------------------------


def test_the_bookstore_template() -> None:
    template = template_of(bookstore.router)

    assert template["Transform"] == "AWS::Serverless-2016-10-31"
    function = template["Resources"]["AppFunction"]
    assert function["Type"] == "AWS::Serverless::Function"
    assert function["Properties"]["Handler"] == "app.lambda_handler"
    assert function["Properties"]["CodeUri"] == "src"
    assert events_of(template) == {
        "GetBooks": {"Type": "HttpApi", "Properties": {"Path": "/books", "Method": "GET"}},
        "GetBooksIsbn": {
            "Type": "HttpApi",
            "Properties": {"Path": "/books/{isbn}", "Method": "GET"},
        },
        "PostBooks": {"Type": "HttpApi", "Properties": {"Path": "/books", "Method": "POST"}},
        "DeleteBooksIsbn": {
            "Type": "HttpApi",
            "Properties": {"Path": "/books/{isbn}", "Method": "DELETE"},
        },
        # The bookstore's CORS allows https://*.bookstore.example.com, which an HTTP API's
        # CorsConfiguration cannot say: preflights go to the router.
        "OptionsBooks": {"Type": "HttpApi", "Properties": {"Path": "/books", "Method": "OPTIONS"}},
        "OptionsBooksIsbn": {
            "Type": "HttpApi",
            "Properties": {"Path": "/books/{isbn}", "Method": "OPTIONS"},
        },
        "OrdersQueue": {
            "Type": "SQS",
            "Properties": {
                "Queue": {"Ref": "OrdersQueueArn"},
                "BatchSize": 10,
                "FunctionResponseTypes": REPORT,
            },
        },
        "BooksTableStream": {
            "Type": "DynamoDB",
            "Properties": {
                "Stream": {"Ref": "BooksTableStreamArn"},
                "StartingPosition": "LATEST",
                "BatchSize": 100,
            },
        },
        "BookstoreUploadsBucketObjects": {
            "Type": "S3",
            "Properties": {
                "Bucket": {"Ref": "BookstoreUploadsBucket"},
                "Events": ["s3:ObjectCreated:*"],
                "Filter": {
                    "S3Key": {
                        "Rules": [
                            {"Name": "prefix", "Value": "covers/"},
                            {"Name": "suffix", "Value": ".jpg"},
                        ]
                    }
                },
            },
        },
        "NightlyReportSchedule": {
            "Type": "Schedule",
            "Properties": {
                "Schedule": {"Ref": "NightlyReportSchedule"},
                "Name": {"Fn::Sub": ["nightly-report-${StackTag}", {"StackTag": STACK_TAG}]},
            },
        },
    }
    # No parameter has a default that would be the same in every stack.
    assert set(template["Parameters"]) == {
        "OrdersQueueArn",
        "BooksTableStreamArn",
        "NightlyReportSchedule",
    }
    assert template["Resources"]["BookstoreUploadsBucket"] == {
        "Type": "AWS::S3::Bucket",
        "Properties": {
            "BucketName": {
                "Fn::Sub": [
                    "bookstore-uploads-${AWS::AccountId}-${StackTag}",
                    {"StackTag": STACK_TAG},
                ]
            }
        },
    }
    assert "NotWired" not in template["Metadata"][METADATA_KEY]


# --- each source ----------------------------------------------------------------------------------


def test_http_routes_become_http_api_events_with_greedy_paths_as_proxy(
    full: dict[str, Any],
) -> None:
    events = events_of(full)

    assert events["GetRoot"]["Properties"] == {"Path": "/", "Method": "GET"}
    assert events["GetFilesProxy"]["Properties"] == {"Path": "/files/{proxy+}", "Method": "GET"}
    assert events["PutFilesProxy"]["Properties"] == {"Path": "/files/{proxy+}", "Method": "PUT"}
    assert events["AnyProxyProxy"]["Properties"] == {"Path": "/proxy/{proxy+}", "Method": "ANY"}
    assert {e["Type"] for e in events.values() if "Path" in e["Properties"]} == {"HttpApi"}
    assert "ServerlessHttpApi" in full["Outputs"]["ApiUrl"]["Value"]["Fn::Sub"]


def test_rest_apis_get_api_events() -> None:
    template = template_of(everything(), api="rest")
    events = events_of(template)

    assert events["AnyProxyProxy"] == {
        "Type": "Api",
        "Properties": {"Path": "/proxy/{proxy+}", "Method": "any"},
    }
    assert events["GetRoot"]["Properties"]["Method"] == "get"
    assert "ServerlessRestApi" in template["Outputs"]["ApiUrl"]["Value"]["Fn::Sub"]


def test_report_batch_item_failures_exactly_where_records_go_to_per_record_handlers(
    full: dict[str, Any],
) -> None:
    reporting = {
        name
        for name, event in events_of(full).items()
        if event["Properties"].get("FunctionResponseTypes") == REPORT
    }

    # orders, payments, clicks, users and refunds have per-record handlers; SNS never takes the
    # setting.
    assert reporting == {
        "OrdersQueue",
        "PaymentsFifoQueue",
        "ClicksStream",
        "UsersTableStream",
        "RefundsTopic",
    }


def test_queues_by_name_and_by_arn(full: dict[str, Any]) -> None:
    events, parameters = events_of(full), full["Parameters"]

    # The same queue named by name and by ARN is one subscription, the ARN its default.
    assert events["OrdersQueue"]["Properties"]["Queue"] == {"Ref": "OrdersQueueArn"}
    assert parameters["OrdersQueueArn"] == {
        "Type": "String",
        "Description": "ARN of the SQS queue orders",
        "Default": "arn:aws:sqs:us-east-1:111122223333:orders",
    }
    assert parameters["AuditQueueArn"]["Default"] == "arn:aws:sqs:eu-west-1:111122223333:audit"
    # A handler for any queue gets a queue parameter of its own.
    assert events["Queue"]["Properties"] == {"Queue": {"Ref": "QueueArn"}, "BatchSize": 10}
    assert "Default" not in parameters["QueueArn"]


def test_topics_and_streams(full: dict[str, Any]) -> None:
    events, parameters = events_of(full), full["Parameters"]

    assert events["AlertsTopic"] == {
        "Type": "SNS",
        "Properties": {"Topic": {"Ref": "AlertsTopicArn"}},
    }
    assert events["ClicksStream"]["Properties"] == {
        "Stream": {"Ref": "ClicksStreamArn"},
        "StartingPosition": "LATEST",
        "BatchSize": 100,
        "FunctionResponseTypes": REPORT,
    }
    assert parameters["ViewsStreamArn"]["Default"] == (
        "arn:aws:kinesis:us-east-1:111122223333:stream/views"
    )
    assert events["BooksTableStream"]["Properties"]["Stream"] == {"Ref": "BooksTableStreamArn"}
    assert "Default" not in parameters["BooksTableStreamArn"]
    assert parameters["UsersTableStreamArn"]["Default"] == USERS_STREAM


def test_the_starting_position_can_be_chosen() -> None:
    template = template_of(everything(), starting_position="TRIM_HORIZON")

    positions = {
        event["Properties"]["StartingPosition"]
        for event in events_of(template).values()
        if "StartingPosition" in event["Properties"]
    }
    assert positions == {"TRIM_HORIZON"}


def test_s3_buckets_are_resources_with_one_notification_per_key_filter(
    full: dict[str, Any],
) -> None:
    events = events_of(full)
    s3 = {name: event["Properties"] for name, event in events.items() if event["Type"] == "S3"}

    assert s3 == {
        "UploadsBucketObjects": {
            "Bucket": {"Ref": "UploadsBucket"},
            "Events": ["s3:ObjectCreated:*"],
            "Filter": {
                "S3Key": {
                    "Rules": [
                        {"Name": "prefix", "Value": "in/"},
                        {"Name": "suffix", "Value": ".csv"},
                    ]
                }
            },
        },
        "UploadsBucketObjects2": {
            "Bucket": {"Ref": "UploadsBucket"},
            "Events": ["s3:ObjectCreated:Put", "s3:ObjectRemoved:*"],
            "Filter": {"S3Key": {"Rules": [{"Name": "prefix", "Value": "img/"}]}},
        },
        # A handler for every key of the archive: one notification, or S3 would refuse the
        # overlap; it carries the event types of every archive handler.
        "ArchiveBucketObjects": {
            "Bucket": {"Ref": "ArchiveBucket"},
            "Events": ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"],
        },
    }
    assert full["Resources"]["ArchiveBucket"]["Properties"]["BucketName"] == {
        "Fn::Sub": ["archive-${AWS::AccountId}-${StackTag}", {"StackTag": STACK_TAG}]
    }
    assert not any("Bucket" in name for name in full["Parameters"])


def test_eventbridge_rules_carry_the_full_pattern(full: dict[str, Any]) -> None:
    events = events_of(full)
    rules = {
        name: event["Properties"]["Pattern"]
        for name, event in events.items()
        if event["Type"] == "EventBridgeRule"
    }

    assert rules == {
        "ShopRule": {"source": ["shop"], "detail-type": ["OrderPlaced", "OrderShipped"]},
        "Ec2Rule": {"source": ["aws.ec2"], "detail": {"state": ["stopped"]}},
        "BigBillsRule": {"detail": {"total": [{"numeric": [">", 9]}]}, "source": ["billing"]},
        "EveryEventRule": {"source": [{"exists": True}]},
        "MixedRule": {"detail-type": ["Job Done"]},
    }


def test_schedules_become_schedule_events_with_an_expression_parameter(
    full: dict[str, Any],
) -> None:
    events, parameters = events_of(full), full["Parameters"]

    assert events["NightlySchedule"]["Properties"] == {
        "Schedule": {"Ref": "NightlySchedule"},
        "Name": {"Fn::Sub": ["nightly-${StackTag}", {"StackTag": STACK_TAG}]},
    }
    assert events["AnyScheduleSchedule"]["Properties"] == {
        "Schedule": {"Ref": "AnyScheduleSchedule"}
    }
    assert events["MixedSchedule"]["Type"] == "Schedule"
    assert parameters["NightlySchedule"]["Default"] == "rate(1 day)"


def test_cognito_triggers_on_a_user_pool_of_the_template(full: dict[str, Any]) -> None:
    event = events_of(full)["UserPoolTriggers"]

    assert event == {
        "Type": "Cognito",
        "Properties": {
            "UserPool": {"Ref": "UserPool"},
            "Trigger": ["PreSignUp", "PreTokenGeneration", "CustomMessage"],
        },
    }
    assert full["Resources"]["UserPool"]["Type"] == "AWS::Cognito::UserPool"
    assert full["Resources"]["UserPool"]["Properties"]["UserPoolName"] == declare.tagged("users")


def test_kafka_logs_mq_and_documentdb(full: dict[str, Any]) -> None:
    events = events_of(full)

    assert events["PaymentsTopic"] == {
        "Type": "MSK",
        "Properties": {
            "Stream": {"Ref": "KafkaClusterArn"},
            "Topics": ["payments"],
            "StartingPosition": "LATEST",
        },
    }
    # Kafka mappings read partial batch responses in provisioned poller mode only.
    assert events["RefundsTopic"] == {
        "Type": "MSK",
        "Properties": {
            "Stream": {"Ref": "KafkaClusterArn"},
            "Topics": ["refunds"],
            "StartingPosition": "LATEST",
            "FunctionResponseTypes": REPORT,
            "ProvisionedPollerConfig": {"MinimumPollers": 1},
        },
    }
    assert events["AwsLambdaOtherLogs"]["Properties"] == {
        "LogGroupName": "/aws/lambda/other",
        "FilterPattern": "",
    }
    assert events["InvoicesQueue"]["Properties"]["Queues"] == ["invoices"]
    assert events["InvoicesQueue"]["Properties"]["SourceAccessConfigurations"] == [
        {"Type": "BASIC_AUTH", "URI": {"Ref": "MQSecretArn"}}
    ]
    assert events["ShopCartsChanges"]["Properties"]["CollectionName"] == "carts"
    assert events["ShopOrdersChanges"]["Properties"]["DatabaseName"] == "shop"
    assert events["Changes"]["Properties"]["DatabaseName"] == {"Ref": "DocumentDBDatabaseName"}
    assert "CollectionName" not in events["Changes"]["Properties"]


def test_what_sam_cannot_wire_is_listed_in_the_metadata(full: dict[str, Any]) -> None:
    not_wired = full["Metadata"][METADATA_KEY]["NotWired"]

    handlers = [entry["Handler"].rsplit(".", 1)[1] for entry in not_wired]
    assert handlers == [
        "email_sender",
        "any_cognito",
        "any_topic",
        "app_logs",
        "any_mq",
        "connect",
        "authorize",
        "thing",
    ]
    assert all(entry["Wiring"] for entry in not_wired)
    # The custom handler takes direct invocations: there is nothing to wire.
    assert "direct" not in handlers


def test_handlers_are_never_called(full: dict[str, Any]) -> None:
    # `named` handlers raise when called: building the template above proved they were not.
    assert events_of(full)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bookstore-uploads", "BookstoreUploads"),
        ("orders Queue Arn", "OrdersQueueArn"),
        ("/aws/lambda/x logs", "AwsLambdaXLogs"),
        ("2024-reports", "X2024Reports"),
        ("my_queue.fifo", "MyQueueFifo"),
    ],
)
def test_logical_ids(name: str, expected: str) -> None:
    assert camel(name) == expected


# --- --resources, names, policies and the API ----------------------------------------------------


def with_cors(origin: str = "https://app.example.com") -> Router:
    router = Router(
        cors=CORS(
            allow_origins=[origin],
            allow_headers=["Content-Type"],
            expose_headers=["X-Request-Id"],
            allow_credentials=True,
            max_age=600,
        )
    )
    router.get("/items/{id}")(named("item"))
    router.post("/items")(named("add_item"))
    router.any("/any/{rest+}")(named("anything"))
    return router


def resourceful(handler: Callable[[str], Any] = named) -> Router:
    """Handlers naming resources only by name: --resources declares every one."""
    router = Router()
    router.sqs(queue="jobs", per_record=True)(handler("jobs"))
    router.sqs(queue="payments.fifo", per_record=True)(handler("payments"))
    router.sns(topic="alerts")(handler("alerts"))
    router.kinesis(stream="clicks")(handler("clicks"))
    router.dynamodb(table="Books")(handler("books"))
    router.s3(bucket="uploads")(handler("uploads"))
    router.schedule(rule="nightly")(handler("nightly"))
    return router


def substituted(value: Any, names: dict[str, str]) -> Any:
    """``value`` with every intrinsic function replaced as CloudFormation would, roughly."""
    if isinstance(value, list):
        return [substituted(item, names) for item in value]
    if not isinstance(value, dict):
        return value
    if "Fn::Sub" in value:
        text, variables = value["Fn::Sub"]
        for name, variable in variables.items():
            text = text.replace("${" + name + "}", substituted(variable, names))
        return text.replace("${AWS::AccountId}", "111122223333").replace("${!", "${")
    if "Fn::GetAtt" in value:
        return names["/".join(value["Fn::GetAtt"])]
    if "Ref" in value:
        return names[value["Ref"]]
    if "Fn::Select" in value:
        index, items = value["Fn::Select"]
        return substituted(items, names)[index]
    if "Fn::Split" in value:
        separator, text = value["Fn::Split"]
        return substituted(text, names).split(separator)
    return {key: substituted(item, names) for key, item in value.items()}


DEPLOYED = {
    "AWS::StackId": "arn:aws:cloudformation:us-east-1:111122223333:stack/shop-prod/"
    "1c2fa620-982a-11e3-aff7-50e2416294e0",
    "JobsQueue/QueueName": "shop-prod-JobsQueue-1A2B3C",
    "PaymentsFifoQueue/QueueName": "payments-1c2fa620.fifo",
    "AlertsTopic/TopicName": "shop-prod-AlertsTopic-4D5E6F",
    "ClicksStream": "shop-prod-ClicksStream-7G8H9I",
    "BooksTable": "shop-prod-BooksTable-0J1K2L",
}


def test_resources_declare_every_named_resource(resources: dict[str, Any]) -> None:
    kinds = {name: r["Type"] for name, r in resources["Resources"].items()}

    assert kinds == {
        "AppFunction": "AWS::Serverless::Function",
        "JobsQueue": "AWS::SQS::Queue",
        "JobsQueueDeadLetterQueue": "AWS::SQS::Queue",
        "PaymentsFifoQueue": "AWS::SQS::Queue",
        "PaymentsFifoQueueDeadLetterQueue": "AWS::SQS::Queue",
        "AlertsTopic": "AWS::SNS::Topic",
        "ClicksStream": "AWS::Kinesis::Stream",
        "BooksTable": "AWS::DynamoDB::Table",
        "UploadsBucket": "AWS::S3::Bucket",
    }
    events = events_of(resources)
    assert events["JobsQueue"]["Properties"]["Queue"] == {"Fn::GetAtt": ["JobsQueue", "Arn"]}
    assert events["AlertsTopic"]["Properties"]["Topic"] == {"Ref": "AlertsTopic"}
    assert events["ClicksStream"]["Properties"]["Stream"] == {"Fn::GetAtt": ["ClicksStream", "Arn"]}
    assert events["BooksTableStream"]["Properties"]["Stream"] == {
        "Fn::GetAtt": ["BooksTable", "StreamArn"]
    }
    # Only the schedule and the table's key schema are left to choose.
    assert not [name for name in resources["Parameters"] if name.endswith("Arn")]


def test_queues_get_a_dead_letter_queue_and_six_times_the_function_timeout(
    resources: dict[str, Any],
) -> None:
    queue = resources["Resources"]["JobsQueue"]["Properties"]
    timeout = resources["Resources"]["AppFunction"]["Properties"]["Timeout"]

    assert queue["VisibilityTimeout"] >= 6 * timeout
    assert queue["RedrivePolicy"] == {
        "deadLetterTargetArn": {"Fn::GetAtt": ["JobsQueueDeadLetterQueue", "Arn"]},
        "maxReceiveCount": 5,
    }
    assert "QueueName" not in queue  # CloudFormation makes one unique to the stack
    dead = resources["Resources"]["JobsQueueDeadLetterQueue"]["Properties"]
    assert dead["MessageRetentionPeriod"] == 14 * 24 * 3600


def test_a_fifo_name_makes_fifo_queues_named_from_the_stack(resources: dict[str, Any]) -> None:
    queue = resources["Resources"]["PaymentsFifoQueue"]["Properties"]
    dead = resources["Resources"]["PaymentsFifoQueueDeadLetterQueue"]["Properties"]

    assert queue["FifoQueue"] is dead["FifoQueue"] is True
    assert substituted(queue["QueueName"], DEPLOYED) == "payments-1c2fa620.fifo"
    assert substituted(dead["QueueName"], DEPLOYED) == "payments-dlq-1c2fa620.fifo"
    assert "RedrivePolicy" in queue


def test_fifo_queue_names_fit_80_characters() -> None:
    live, dead = declare.queue("LongQueue", "q" * 200 + ".fifo", 30)

    for queue in (live, dead):
        name = substituted(queue["Properties"]["QueueName"], DEPLOYED)
        assert len(name) <= 80
        assert name.endswith("-1c2fa620.fifo")


def test_tables_take_their_key_schema_from_parameters_and_stream_both_images(
    resources: dict[str, Any],
) -> None:
    table = resources["Resources"]["BooksTable"]["Properties"]
    parameters = resources["Parameters"]

    assert table["StreamSpecification"] == {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert parameters["BooksTablePartitionKey"]["Default"] == "pk"
    assert parameters["BooksTablePartitionKeyType"]["Default"] == "S"
    assert parameters["BooksTableSortKey"]["Default"] == ""
    assert table["KeySchema"]["Fn::If"][0] == "BooksTableHasSortKey"
    assert "BooksTableHasSortKey" in resources["Conditions"]


def test_bucket_and_rule_names_are_unique_to_the_stack_and_fit_their_limits() -> None:
    bucket = substituted(declare.bucket_name("My_Very.Long/Bucket Name" * 5), DEPLOYED)
    rule = substituted(declare.rule_name("arn:aws:events:us-east-1:1:rule/" + "r" * 100), DEPLOYED)

    assert len(bucket) <= 63
    assert bucket == bucket.lower()
    assert bucket.endswith("-111122223333-1c2fa620")
    assert len(rule) == 64
    assert rule == "r" * 55 + "-1c2fa620"


@pytest.mark.parametrize("create", [True, False])
def test_the_function_gets_the_map_from_code_names_to_physical_names(create: bool) -> None:
    template = template_of(resourceful(), resources=create)
    variables = template["Resources"]["AppFunction"]["Properties"]["Environment"]["Variables"]
    deployed = dict(DEPLOYED)
    # Without --resources the deployer passes the ARNs of what exists.
    deployed.update(
        JobsQueueArn="arn:aws:sqs:us-east-1:111122223333:prod-jobs",
        PaymentsFifoQueueArn="arn:aws:sqs:us-east-1:111122223333:prod-payments.fifo",
        AlertsTopicArn="arn:aws:sns:us-east-1:111122223333:prod-alerts",
        ClicksStreamArn="arn:aws:kinesis:us-east-1:111122223333:stream/prod-clicks",
        BooksTableStreamArn="arn:aws:dynamodb:us-east-1:111122223333:table/prod-books/stream/x",
    )

    names = json.loads(substituted(variables["LAMBDA_ROUTER_NAMES"], deployed))

    assert set(names) == {
        "jobs",
        "payments.fifo",
        "alerts",
        "clicks",
        "Books",
        "uploads",
        "nightly",
    }
    assert names["uploads"] == "uploads-111122223333-1c2fa620"
    assert names["nightly"] == "nightly-1c2fa620"
    if create:
        assert names["jobs"] == "shop-prod-JobsQueue-1A2B3C"
        assert names["Books"] == "shop-prod-BooksTable-0J1K2L"
    else:
        assert names["jobs"] == "prod-jobs"
        assert names["Books"] == "prod-books"
        assert names["clicks"] == "prod-clicks"
        assert names["alerts"] == "prod-alerts"


def test_the_function_may_use_what_it_reads(resources: dict[str, Any]) -> None:
    policies = resources["Resources"]["AppFunction"]["Properties"]["Policies"]

    assert {"SQSSendMessagePolicy": {"QueueName": {"Fn::GetAtt": ["JobsQueue", "QueueName"]}}} in (
        policies
    )
    assert {"DynamoDBCrudPolicy": {"TableName": {"Ref": "BooksTable"}}} in policies
    assert {"KinesisCrudPolicy": {"StreamName": {"Ref": "ClicksStream"}}} in policies
    assert {
        "SNSPublishMessagePolicy": {"TopicName": {"Fn::GetAtt": ["AlertsTopic", "TopicName"]}}
    } in (policies)
    assert {"S3CrudPolicy": {"BucketName": declare.bucket_name("uploads")}} in policies


def test_logs_are_json(full: dict[str, Any]) -> None:
    properties = full["Resources"]["AppFunction"]["Properties"]

    assert properties["LoggingConfig"] == {"LogFormat": "JSON"}


def test_rest_apis_take_every_binary_type(full: dict[str, Any]) -> None:
    rest = template_of(everything(), api="rest")

    assert rest["Globals"]["Api"]["BinaryMediaTypes"] == ["*/*"]
    assert "Api" not in full.get("Globals", {})


@pytest.mark.usefixtures("region")
def test_catch_all_hands_every_http_request_to_the_router() -> None:
    http = template_of(everything(), catch_all=True)
    rest = template_of(everything(), api="rest", catch_all=True)

    http_routes = {n: e for n, e in events_of(http).items() if e["Type"] == "HttpApi"}
    rest_routes = {n: e for n, e in events_of(rest).items() if e["Type"] == "Api"}
    assert http_routes == {"Default": {"Type": "HttpApi", "Properties": {}}}
    assert rest_routes == {
        "AnyProxy": {"Type": "Api", "Properties": {"Path": "/{proxy+}", "Method": "any"}},
        "AnyRoot": {"Type": "Api", "Properties": {"Path": "/", "Method": "any"}},
    }
    http_paths = transform(http)["Resources"]["ServerlessHttpApi"]["Properties"]["Body"]["paths"]
    body = transform(rest)["Resources"]["ServerlessRestApi"]["Properties"]["Body"]
    assert set(http_paths) == {"$default"}
    assert "x-amazon-apigateway-any-method" in http_paths["$default"]
    assert set(body["paths"]) == {"/{proxy+}", "/"}
    assert "x-amazon-apigateway-any-method" in body["paths"]["/{proxy+}"]


def test_router_cors_becomes_the_http_apis_cors_configuration() -> None:
    template = template_of(with_cors())

    assert template["Globals"]["HttpApi"]["CorsConfiguration"] == {
        "AllowOrigins": ["https://app.example.com"],
        "AllowMethods": ["*"],
        "AllowHeaders": ["Content-Type"],
        "ExposeHeaders": ["X-Request-Id"],
        "AllowCredentials": True,
        "MaxAge": 600,
    }
    assert not [
        e for e in events_of(template).values() if e["Properties"].get("Method") == "OPTIONS"
    ]


@pytest.mark.parametrize(
    ("api", "origin"), [("rest", "https://app.example.com"), ("http", "https://*.example.com")]
)
def test_cors_the_api_cannot_express_sends_preflights_to_the_router(api: str, origin: str) -> None:
    template = template_of(with_cors(origin), api=api)

    preflights = {
        event["Properties"]["Path"]
        for event in events_of(template).values()
        if event["Properties"]["Method"].upper() == "OPTIONS"
    }
    # The ANY route already takes OPTIONS.
    assert preflights == {"/items/{id}", "/items"}
    assert "HttpApi" not in template.get("Globals", {})


# --- validation by cfn-lint and by the SAM translator ---------------------------------------------


def cfn_lint() -> str:
    found = Path(sys.executable).with_name("cfn-lint")
    return str(found) if found.exists() else shutil.which("cfn-lint") or "cfn-lint"


def lint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [cfn_lint(), *map(str, files)], capture_output=True, text=True, check=False, timeout=300
    )


@pytest.fixture
def written(tmp_path: Path) -> Iterator[list[Path]]:
    """The bookstore and every-source templates, in YAML and in JSON, as files."""
    files = []
    for label, router in (("bookstore", bookstore.router), ("everything", everything())):
        for api in ("http", "rest"):
            kafka = "self-managed" if label == "everything" and api == "rest" else "msk"
            template = template_of(router, api=api, kafka=kafka)
            (tmp_path / "src").mkdir(exist_ok=True)
            yaml_file = tmp_path / f"{label}-{api}.yaml"
            yaml_file.write_text(dump(template), encoding="utf-8")
            json_file = tmp_path / f"{label}-{api}.json"
            json_file.write_text(json.dumps(template, indent=2), encoding="utf-8")
            files += [yaml_file, json_file]
    yield files


@pytest.fixture
def translated(tmp_path: Path, region: None) -> Iterator[list[Path]]:
    """Every kind of template, as the SAM translator turns it into plain CloudFormation."""
    files = []
    variants: list[tuple[str, Router, dict[str, Any]]] = [
        ("bookstore", bookstore.router, {}),
        ("bookstore-resources", bookstore.router, {"resources": True}),
        ("everything", everything(), {}),
        ("everything-resources", everything(), {"resources": True}),
        ("everything-catch-all", everything(), {"resources": True, "catch_all": True}),
        ("cors", with_cors(), {"resources": True}),
        ("wildcard-cors", with_cors("https://*.example.com"), {}),
    ]
    for label, router, options in variants:
        for api in ("http", "rest"):
            cloudformation = transform(template_of(router, api=api, **options))
            written = tmp_path / f"{label}-{api}.json"
            written.write_text(json.dumps(cloudformation, indent=2), encoding="utf-8")
            files.append(written)
    yield files


def test_cfn_lint_accepts_the_templates(written: list[Path]) -> None:
    completed = lint(*written)

    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_cfn_lint_accepts_what_the_sam_translator_makes_of_every_template(
    translated: list[Path],
) -> None:
    completed = lint(*translated)

    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_cfn_lint_would_catch_a_broken_template(tmp_path: Path) -> None:
    template = template_of(bookstore.router)
    del events_of(template)["OrdersQueue"]["Properties"]["Queue"]
    broken = tmp_path / "broken.yaml"
    broken.write_text(dump(template), encoding="utf-8")

    assert lint(broken).returncode != 0


class NoManagedPolicies:
    """The translator's policy loader, offline: the templates name no managed policies."""

    def load(self) -> dict[str, str]:
        return {}


def transform(template: dict[str, Any]) -> dict[str, Any]:
    from samtranslator.translator.transform import transform as sam_transform

    packaged = copy.deepcopy(template)
    # As `sam package` does: code is uploaded and CodeUri points at it.
    packaged["Resources"]["AppFunction"]["Properties"]["CodeUri"] = "s3://bucket/app.zip"
    result: dict[str, Any] = sam_transform(packaged, {}, NoManagedPolicies())
    return result


@pytest.fixture
def region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


@pytest.mark.usefixtures("region")
@pytest.mark.parametrize("api", ["http", "rest"])
def test_the_sam_translator_transforms_the_bookstore(api: str) -> None:
    resources = transform(template_of(bookstore.router, api=api))["Resources"]

    mappings = {
        name: resource["Properties"]
        for name, resource in resources.items()
        if resource["Type"] == "AWS::Lambda::EventSourceMapping"
    }
    assert mappings["AppFunctionOrdersQueue"]["FunctionResponseTypes"] == REPORT
    assert "FunctionResponseTypes" not in mappings["AppFunctionBooksTableStream"]
    notifications = resources["BookstoreUploadsBucket"]["Properties"]["NotificationConfiguration"]
    assert notifications["LambdaConfigurations"][0]["Event"] == "s3:ObjectCreated:*"
    rule = resources["AppFunctionNightlyReportSchedule"]
    assert rule["Type"] == "AWS::Events::Rule"
    assert rule["Properties"]["Name"]["Fn::Sub"][0] == "nightly-report-${StackTag}"
    assert ("ServerlessHttpApi" if api == "http" else "ServerlessRestApi") in resources


@pytest.mark.usefixtures("region")
def test_the_sam_translator_transforms_every_source(full: dict[str, Any]) -> None:
    resources = transform(full)["Resources"]

    kinds = {resource["Type"] for resource in resources.values()}
    assert {
        "AWS::Lambda::EventSourceMapping",
        "AWS::SNS::Subscription",
        "AWS::Events::Rule",
        "AWS::Logs::SubscriptionFilter",
        "AWS::ApiGatewayV2::Api",
        "AWS::Cognito::UserPool",
    } <= kinds
    lambda_config = resources["UserPool"]["Properties"]["LambdaConfig"]
    assert set(lambda_config) == {"PreSignUp", "PreTokenGeneration", "CustomMessage"}
    rules = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::Events::Rule"]
    assert {"source": ["aws.ec2"], "detail": {"state": ["stopped"]}} in [
        rule.get("EventPattern") for rule in rules
    ]


def test_self_managed_kafka_clusters() -> None:
    router = Router()
    router.kafka(topic="orders", per_record=True)(named("orders"))
    router.kafka(topic="audit")(named("audit"))

    template = template_of(router, kafka="self-managed")

    events = events_of(template)
    assert events["OrdersTopic"] == {
        "Type": "SelfManagedKafka",
        "Properties": {
            "KafkaBootstrapServers": [{"Ref": "KafkaBootstrapServer"}],
            "Topics": ["orders"],
            "StartingPosition": "LATEST",
            "SourceAccessConfigurations": [
                {"Type": "SASL_SCRAM_512_AUTH", "URI": {"Ref": "KafkaSecretArn"}}
            ],
            "FunctionResponseTypes": REPORT,
            "ProvisionedPollerConfig": {"MinimumPollers": 1},
        },
    }
    assert "FunctionResponseTypes" not in events["AuditTopic"]["Properties"]
    assert set(template["Parameters"]) == {"KafkaBootstrapServer", "KafkaSecretArn"}
    with pytest.raises(ValueError, match="kafka= takes msk or self-managed"):
        template_of(router, kafka="confluent")


@pytest.mark.usefixtures("region")
@pytest.mark.parametrize("kafka", ["msk", "self-managed"])
def test_the_sam_translator_wires_kafka_partial_batch_responses(kafka: str) -> None:
    router = Router()
    router.kafka(topic="orders", per_record=True)(named("orders"))
    router.kafka(topic="audit")(named("audit"))

    resources = transform(template_of(router, kafka=kafka))["Resources"]

    mappings = {
        name: resource["Properties"]
        for name, resource in resources.items()
        if resource["Type"] == "AWS::Lambda::EventSourceMapping"
    }
    assert mappings["AppFunctionOrdersTopic"]["FunctionResponseTypes"] == REPORT
    assert mappings["AppFunctionOrdersTopic"]["ProvisionedPollerConfig"] == {"MinimumPollers": 1}
    assert mappings["AppFunctionOrdersTopic"]["Topics"] == ["orders"]
    assert "FunctionResponseTypes" not in mappings["AppFunctionAuditTopic"]
    if kafka == "self-managed":
        endpoints = mappings["AppFunctionOrdersTopic"]["SelfManagedEventSource"]["Endpoints"]
        assert endpoints == {"KafkaBootstrapServers": [{"Ref": "KafkaBootstrapServer"}]}


# --- the YAML writer ------------------------------------------------------------------------------


def test_yaml_and_json_are_the_same_template(full: dict[str, Any]) -> None:
    assert yaml.safe_load(dump(full)) == full


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_yaml_round_trips_any_json_value(value: Any) -> None:
    assert yaml.safe_load(dump(value)) == value


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "No",
        "on",
        "null",
        "~",
        "true",
        "1.5",
        "0x1F",
        "2024-01-01",
        "a: b",
        "a #b",
        "-x",
        "*ref",
        "&anchor",
        "!tag",
        "%p",
        "@at",
        "`tick`",
        "[1]",
        "{a}",
        "? q",
        "key:",
        "a::b",
        "",
    ],
)
def test_yaml_quotes_strings_a_reader_would_take_for_something_else(text: str) -> None:
    assert yaml.safe_load(dump({"value": text})) == {"value": text}


def test_yaml_header_lines_are_comments() -> None:
    assert dump({"a": 1}, header="one\ntwo") == "# one\n# two\na: 1\n"


# --- the command ----------------------------------------------------------------------------------

APP = """
from lambda_universal_router import Router

router = Router()


@router.sqs(queue="jobs", per_record=True)
def job(message, context):
    pass


@router.websocket("$default")
def chat(event, context):
    pass
"""


@pytest.fixture
def app_dir(isolated_app_dir: Path) -> Path:
    (isolated_app_dir / "service").mkdir()
    (isolated_app_dir / "service" / "jobs.py").write_text(APP, encoding="utf-8")
    return isolated_app_dir


def test_the_command_prints_yaml_with_notes_on_stderr(
    app_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["template", "service/jobs.py"])

    out, err = capsys.readouterr()
    template = yaml.safe_load(out)
    assert status == 0
    assert out.startswith("# Generated by: lambda-router template service/jobs.py\n")
    properties = template["Resources"]["JobsFunction"]["Properties"]
    assert properties["CodeUri"] == "service"
    assert properties["Handler"] == "jobs.lambda_handler"
    assert properties["Events"]["JobsQueue"]["Properties"]["FunctionResponseTypes"] == REPORT
    assert "jobs defines no lambda_handler; add 'lambda_handler = router.dispatch'" in err
    assert "note: websocket handler jobs.chat is not wired: SAM has no WebSocket event" in err


def test_the_command_options(app_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        [
            "template",
            "service/jobs.py:router",
            "--output",
            "json",
            "--handler",
            "jobs.handle",
            "--code-uri",
            "build/",
            "--runtime",
            "python3.13",
            "--starting-position",
            "TRIM_HORIZON",
            "--kafka",
            "self-managed",
        ]
    )

    out, err = capsys.readouterr()
    properties = json.loads(out)["Resources"]["JobsFunction"]["Properties"]
    assert status == 0
    assert properties["Handler"] == "jobs.handle"
    assert properties["CodeUri"] == "build/"
    assert properties["Runtime"] == "python3.13"
    assert "lambda_handler" not in err


def test_the_command_on_the_bookstore_module(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["template", "lambda_universal_router.examples.bookstore", "--api", "rest"])

    out, err = capsys.readouterr()
    template = yaml.safe_load(out)
    assert status == 0
    assert err == ""
    function = template["Resources"]["BookstoreFunction"]["Properties"]
    assert function["Handler"] == "lambda_universal_router.examples.bookstore.lambda_handler"
    assert function["Events"]["GetBooksIsbn"]["Type"] == "Api"


def test_the_command_refuses_a_bad_format(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["template", "app.py", "--format", "terraform"])

    assert status == 2
    assert "invalid choice: 'terraform'" in capsys.readouterr().err


def test_the_command_declares_resources_and_catches_all(
    app_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["template", "service/jobs.py", "--resources", "--catch-all", "--api", "rest"])

    template = yaml.safe_load(capsys.readouterr().out)
    assert status == 0
    assert template["Resources"]["JobsQueue"]["Type"] == "AWS::SQS::Queue"
    assert "JobsQueueArn" not in template.get("Parameters", {})


def test_the_command_writes_requirements_for_sam_build(
    app_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lambda_universal_router import __version__

    (app_dir / "service" / "requirements.txt").write_text(
        "requests==2.32.0\nlambda_universal_router==1.0\n", encoding="utf-8"
    )

    status = main(["template", "service/jobs.py", "--requirements"])

    _, err = capsys.readouterr()
    assert status == 0
    assert "wrote service/requirements.txt" in err
    # The library is pinned where sam build reads it (the CodeUri folder); other lines stay.
    lines = (app_dir / "service" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert lines == [f"lambda-universal-router=={__version__}", "requests==2.32.0"]


def test_the_command_writes_requirements_where_asked(
    app_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (app_dir / "build").mkdir()

    assert main(["template", "service/jobs.py", "--requirements", "build"]) == 0
    assert (app_dir / "build" / "requirements.txt").exists()
    assert main(["template", "service/jobs.py", "--requirements", "missing"]) == 2
    assert "no such directory missing" in capsys.readouterr().err
