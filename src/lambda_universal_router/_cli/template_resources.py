"""The resources ``lambda-router template --resources`` declares, and the names the function reads.

Every name is unique to the stack, so two stages can share an account: CloudFormation generates
queue, topic, stream and table names; bucket and rule names are built from the stack's id (its
UUID's first group, ``STACK_TAG``) because the function's policy and environment must name them
without referring to the resources, or the bucket's notification and the rule's target (both
pointing at the function) would close a dependency loop. The function receives the map from the
names the code uses to the physical ones (see ``_names``).
"""

from __future__ import annotations

import json
import re
from typing import Any

JSON = dict[str, Any]
#: How long a record may stay invisible: six times the function's time limit, as Lambda asks of
#: a queue it polls, so a batch being retried is not handed out twice.
VISIBILITY_FACTOR = 6
#: Deliveries before a message moves to the dead-letter queue, and how long it is kept there.
MAX_RECEIVE_COUNT = 5
DEAD_LETTER_RETENTION = 14 * 24 * 3600
#: Limits on names: SQS queues, EventBridge rules, S3 buckets.
QUEUE_NAME_LIMIT = 80
RULE_NAME_LIMIT = 64
BUCKET_NAME_LIMIT = 63
#: The first group of the stack's UUID: eight hex digits, the same for the stack's whole life.
STACK_TAG: JSON = {
    "Fn::Select": [
        0,
        {"Fn::Split": ["-", {"Fn::Select": [2, {"Fn::Split": ["/", {"Ref": "AWS::StackId"}]}]}]},
    ]
}
_TAG_LENGTH = 8


def tagged(base: str, suffix: str = "") -> JSON:
    """``<base>-<stack tag><suffix>``: a name unique to the stack, known before anything exists."""
    return {"Fn::Sub": [f"{base}-${{StackTag}}{suffix}", {"StackTag": STACK_TAG}]}


def rule_name(rule: str) -> JSON:
    """The stack-unique name of the EventBridge rule the code calls ``rule``."""
    keep = RULE_NAME_LIMIT - 1 - _TAG_LENGTH
    base = re.sub(r"[^.\-_A-Za-z0-9]", "-", rule.rsplit("/", 1)[-1])[:keep]
    return tagged(base or "rule")


def bucket_name(bucket: str) -> JSON:
    """The stack-unique name of the S3 bucket the code calls ``bucket`` (lower case, <= 63)."""
    keep = BUCKET_NAME_LIMIT - len("-123456789012-") - _TAG_LENGTH
    slug = re.sub(r"[^a-z0-9]+", "-", bucket.split(":::", 1)[-1].lower()).strip("-")
    base = slug[:keep].rstrip("-") or "bucket"
    return {"Fn::Sub": [f"{base}-${{AWS::AccountId}}-${{StackTag}}", {"StackTag": STACK_TAG}]}


def queue(label: str, name: str, function_timeout: int) -> tuple[JSON, JSON]:
    """A queue ``label`` and its dead-letter queue; FIFO when ``name`` ends in ``.fifo``."""
    dead: JSON = {"MessageRetentionPeriod": DEAD_LETTER_RETENTION}
    live: JSON = {
        "VisibilityTimeout": VISIBILITY_FACTOR * function_timeout,
        "RedrivePolicy": {
            "deadLetterTargetArn": {"Fn::GetAtt": [f"{label}DeadLetterQueue", "Arn"]},
            "maxReceiveCount": MAX_RECEIVE_COUNT,
        },
    }
    if name.endswith(".fifo"):
        # NOTE: FIFO queues need their name to end in .fifo, so they get one built here.
        keep = QUEUE_NAME_LIMIT - len("-dlq-.fifo") - _TAG_LENGTH
        base = re.sub(r"[^A-Za-z0-9_-]", "-", name.removesuffix(".fifo"))[:keep] or "queue"
        live.update(FifoQueue=True, QueueName=tagged(base, ".fifo"))
        dead.update(FifoQueue=True, QueueName=tagged(f"{base}-dlq", ".fifo"))
    return (
        {"Type": "AWS::SQS::Queue", "Properties": live},
        {"Type": "AWS::SQS::Queue", "Properties": dead},
    )


def table(label: str) -> tuple[JSON, JSON, JSON]:
    """A table with a stream of new and old images: ``(resource, parameters, conditions)``.

    Its key schema comes from parameters: a partition key (``pk``, a string, by default) and an
    optional sort key.
    """
    partition, partition_type = f"{label}PartitionKey", f"{label}PartitionKeyType"
    sort, sort_type, has_sort = f"{label}SortKey", f"{label}SortKeyType", f"{label}HasSortKey"
    types = ["S", "N", "B"]
    parameters: JSON = {
        partition: {
            "Type": "String",
            "Description": f"Partition key attribute of the {label} table",
            "Default": "pk",
            "MinLength": 1,
        },
        partition_type: {
            "Type": "String",
            "Description": "Its type: S (string), N (number) or B (binary)",
            "Default": "S",
            "AllowedValues": types,
        },
        sort: {
            "Type": "String",
            "Description": f"Sort key attribute of the {label} table (empty: none)",
            "Default": "",
        },
        sort_type: {
            "Type": "String",
            "Description": "Its type: S (string), N (number) or B (binary)",
            "Default": "S",
            "AllowedValues": types,
        },
    }
    conditions: JSON = {has_sort: {"Fn::Not": [{"Fn::Equals": [{"Ref": sort}, ""]}]}}
    hash_key = {"AttributeName": {"Ref": partition}, "KeyType": "HASH"}
    range_key = {"AttributeName": {"Ref": sort}, "KeyType": "RANGE"}
    hash_attribute = {"AttributeName": {"Ref": partition}, "AttributeType": {"Ref": partition_type}}
    range_attribute = {"AttributeName": {"Ref": sort}, "AttributeType": {"Ref": sort_type}}
    resource: JSON = {
        "Type": "AWS::DynamoDB::Table",
        "Properties": {
            "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": {
                "Fn::If": [has_sort, [hash_attribute, range_attribute], [hash_attribute]]
            },
            "KeySchema": {"Fn::If": [has_sort, [hash_key, range_key], [hash_key]]},
            "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
        },
    }
    return resource, parameters, conditions


def stream() -> JSON:
    """An on-demand Kinesis stream: no shard count to guess."""
    return {
        "Type": "AWS::Kinesis::Stream",
        "Properties": {"StreamModeDetails": {"StreamMode": "ON_DEMAND"}},
    }


def topic() -> JSON:
    return {"Type": "AWS::SNS::Topic"}


#: The physical name inside an ARN parameter: ``(separator, index)`` after splitting the ARN.
NAME_IN_ARN = {
    "sqs": (":", 5),  # arn:aws:sqs:region:account:NAME
    "sns": (":", 5),  # arn:aws:sns:region:account:NAME
    "kinesis": ("/", 1),  # arn:aws:kinesis:region:account:stream/NAME
    "dynamodb": ("/", 1),  # arn:aws:dynamodb:region:account:table/NAME/stream/LABEL
}


def name_in_arn(source: str, arn: JSON) -> JSON:
    separator, index = NAME_IN_ARN[source]
    return {"Fn::Select": [index, {"Fn::Split": [separator, arn]}]}


def name_of_resource(source: str, label: str) -> JSON:
    if source == "sqs":
        return {"Fn::GetAtt": [label, "QueueName"]}
    if source == "sns":
        return {"Fn::GetAtt": [label, "TopicName"]}
    return {"Ref": label}  # a Kinesis stream's or a DynamoDB table's Ref is its name


#: The SAM policy template giving the function the app's own use of a resource, by source (the
#: event's polling permissions SAM adds itself).
POLICIES = {
    "sqs": ("SQSSendMessagePolicy", "QueueName"),
    "sns": ("SNSPublishMessagePolicy", "TopicName"),
    "kinesis": ("KinesisCrudPolicy", "StreamName"),
    "dynamodb": ("DynamoDBCrudPolicy", "TableName"),
    "s3": ("S3CrudPolicy", "BucketName"),
}


def policy(source: str, name: JSON) -> JSON:
    template, key = POLICIES[source]
    return {template: {key: name}}


def names_variable(names: dict[str, JSON]) -> JSON:
    """The ``LAMBDA_ROUTER_NAMES`` value: a JSON object built by ``Fn::Sub`` at deploy time."""
    parts: list[str] = []
    variables: JSON = {}
    for number, (written, physical) in enumerate(sorted(names.items()), 1):
        variable = f"Name{number}"
        key = json.dumps(written).replace("${", "${!")  # a literal ${ in Fn::Sub
        parts.append(f'{key}:"${{{variable}}}"')
        variables[variable] = physical
    return {"Fn::Sub": ["{" + ",".join(parts) + "}", variables]}
