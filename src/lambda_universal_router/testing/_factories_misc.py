"""Realistic events for notifications, deployments and configuration: SES receipt rules, Amazon MQ,
CodePipeline jobs, AWS Config rules, Secrets Manager rotation, scheduled EventBridge rules,
DocumentDB change streams, CloudWatch alarm actions, CodeDeploy hooks, CodeCommit triggers,
Lambda destination records, Alexa custom and smart home skills, and Transfer Family logins.

Each factory returns the dict Lambda would pass to the function, shaped after the example events
in the AWS developer guide of the service, with every field AWS sends and plain Python keyword
arguments for the parts a test cares about. ``CATALOG`` maps ``"source"`` and ``"source:variant"``
to a zero-argument factory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from ._shapes import ACCOUNT, JSON, REGION, arn, b64, dumps, hex_id, iso, many, now, request_id
from ._shapes import token as random_token

__all__ = [
    "CATALOG",
    "alexa",
    "alexa_smart_home",
    "cloudwatch_alarm",
    "codecommit",
    "codedeploy",
    "codepipeline",
    "config_rule",
    "documentdb",
    "lambda_destination",
    "mq",
    "schedule",
    "scheduled_event",
    "secrets_rotation",
    "ses",
    "transfer_family",
]


def _address(mailbox: str) -> str:
    """The bare address of ``"Name <a@b>"`` or ``"a@b"``."""
    return mailbox.rsplit("<", 1)[-1].rstrip(">").strip()


# --- SES email receiving -------------------------------------------------------------------------


def ses(
    recipients: str | Iterable[str] = "orders@example.com",
    *,
    sender: str = "Jane Doe <jane@example.org>",
    subject: str = "Hello",
    verdict: str = "PASS",
    synchronous: bool = False,
    function_name: str = "inbound-mail",
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """A message received by a receipt rule's Lambda action.

    ``verdict`` is every check's status (``"FAIL"`` to test rejection); ``synchronous`` makes it a
    ``RequestResponse`` invocation, which waits for a disposition.
    """
    to = many(recipients)
    moment = now()
    message_id = hex_id(40)
    header_id = f"<{request_id()}@mail.example.org>"
    date = "Thu, 14 Mar 2024 09:26:50 +0000"
    headers = [
        {"name": "Return-Path", "value": f"<{_address(sender)}>"},
        {"name": "From", "value": sender},
        {"name": "Date", "value": date},
        {"name": "To", "value": ", ".join(to)},
        {"name": "Message-ID", "value": header_id},
        {"name": "Subject", "value": subject},
        {"name": "MIME-Version", "value": "1.0"},
        {"name": "Content-Type", "value": "text/plain; charset=UTF-8"},
    ]
    receipt: JSON = {
        "timestamp": iso(moment),
        "processingTimeMillis": 412,
        "recipients": to,
        "spamVerdict": {"status": verdict},
        "virusVerdict": {"status": verdict},
        "spfVerdict": {"status": verdict},
        "dkimVerdict": {"status": verdict},
        "dmarcVerdict": {"status": verdict},
        "action": {
            "type": "Lambda",
            "functionArn": arn("lambda", region, account, f"function:{function_name}"),
            "invocationType": "RequestResponse" if synchronous else "Event",
        },
    }
    if verdict == "FAIL":
        receipt["dmarcPolicy"] = "reject"
    mail = {
        "timestamp": iso(moment),
        "source": _address(sender),
        "messageId": message_id,
        "destination": to,
        "headersTruncated": False,
        "headers": headers,
        "commonHeaders": {
            "returnPath": _address(sender),
            "from": [sender],
            "date": date,
            "to": to,
            "messageId": header_id,
            "subject": subject,
        },
    }
    record = {
        "eventSource": "aws:ses",
        "eventVersion": "1.0",
        "ses": {"mail": mail, "receipt": receipt},
    }
    return {"Records": [record]}


# --- Amazon MQ -----------------------------------------------------------------------------------


def _broker_arn(name: str, region: str, account: str) -> str:
    return arn("mq", region, account, f"broker:{name}:b-{request_id()}")


def mq(
    messages: Any = ({"hello": "world"},),
    *,
    queue: str = "orders",
    engine: str = "ActiveMQ",
    virtual_host: str = "/",
    broker: str = "my-broker",
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """A batch from an Amazon MQ broker, ``engine`` ``"ActiveMQ"`` or ``"RabbitMQ"``.

    Each message body is bytes, text, or anything else (sent as JSON).
    """
    bodies = many(messages)
    moment = int(now() * 1000)
    if engine == "RabbitMQ":
        items = [
            {
                "basicProperties": {
                    "contentType": "application/json",
                    "contentEncoding": None,
                    "headers": {},
                    "deliveryMode": 2,
                    "priority": 0,
                    "correlationId": None,
                    "replyTo": None,
                    "expiration": None,
                    "messageId": request_id(),
                    "timestamp": "Mar 14, 2024, 10:06:53 AM",
                    "type": None,
                    "userId": "AIDACKCEVSQ6C2EXAMPLE",
                    "appId": None,
                    "clusterId": None,
                    "bodySize": len(b64(body)) * 3 // 4,
                },
                "redelivered": False,
                "data": b64(body),
            }
            for body in bodies
        ]
        return {
            "eventSource": "aws:rmq",
            "eventSourceArn": _broker_arn(broker, region, account),
            "rmqMessagesByQueue": {f"{queue}::{virtual_host}": items},
        }
    if engine != "ActiveMQ":
        raise ValueError(f'engine is "ActiveMQ" or "RabbitMQ", not {engine!r}')
    broker_arn = _broker_arn(broker, region, account)
    broker_id = broker_arn.rsplit(":", 1)[-1]
    return {
        "eventSource": "aws:mq",
        "eventSourceArn": broker_arn,
        "messages": [
            {
                "messageID": f"ID:{broker_id}-1.mq.{region}.amazonaws.com-37557-{moment}-4:1:1:1:"
                f"{index}",
                "messageType": "jms/text-message",
                "deliveryMode": 2,
                "replyTo": "null",
                "type": "",
                "expiration": 0,
                "priority": 4,
                "correlationID": "",
                "redelivered": False,
                "destination": {"physicalName": queue},
                "data": b64(body),
                "timestamp": moment,
                "brokerInTime": moment + 1,
                "brokerOutTime": moment + 40,
                "properties": {},
            }
            for index, body in enumerate(bodies, start=1)
        ],
    }


# --- CodePipeline --------------------------------------------------------------------------------


def codepipeline(
    user_parameters: Any = None,
    *,
    function_name: str = "my-function",
    pipeline: str = "my-pipeline",
    input_artifacts: Iterable[str] = ("SourceArtifact",),
    output_artifacts: Iterable[str] = (),
    continuation_token: str | None = None,
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """A job of a Lambda invoke action; ``user_parameters`` is text, or anything else as JSON."""
    bucket = f"codepipeline-{region}-{account}"

    def artifact(name: str, revision: str | None) -> JSON:
        return {
            "name": name,
            "revision": revision,
            "location": {
                "type": "S3",
                "s3Location": {
                    "bucketName": bucket,
                    "objectKey": f"{pipeline}/{name[:10]}/{random_token(7)}",
                },
            },
        }

    configuration: JSON = {"FunctionName": function_name}
    if user_parameters is not None:
        configuration["UserParameters"] = (
            user_parameters if isinstance(user_parameters, str) else dumps(user_parameters)
        )
    data: JSON = {
        "actionConfiguration": {"configuration": configuration},
        "inputArtifacts": [artifact(name, hex_id(40)) for name in input_artifacts],
        "outputArtifacts": [artifact(name, None) for name in output_artifacts],
        "artifactCredentials": {
            "accessKeyId": "ASIA" + hex_id(16, upper=True),
            "secretAccessKey": random_token(40),
            "sessionToken": random_token(120),
            "expirationTime": int(now() * 1000) + 3_600_000,
        },
    }
    if continuation_token is not None:
        data["continuationToken"] = continuation_token
    return {"CodePipeline.job": {"id": request_id(), "accountId": account, "data": data}}


# --- AWS Config rules ----------------------------------------------------------------------------


def config_rule(
    message_type: str = "ConfigurationItemChangeNotification",
    *,
    rule_name: str = "my-config-rule",
    resource_type: str = "AWS::EC2::Instance",
    resource_id: str = "i-0123456789abcdef0",
    configuration: Mapping[str, Any] | None = None,
    parameters: Mapping[str, Any] | None = None,
    status: str = "OK",
    event_left_scope: bool = False,
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """A Config rule evaluation: a change, an oversized change, or a ``ScheduledNotification``."""
    moment = now()
    invoking: JSON = {
        "notificationCreationTime": iso(moment),
        "messageType": message_type,
        "recordVersion": "1.3",
    }
    item: JSON = {
        "configurationItemVersion": "1.3",
        "configurationItemCaptureTime": iso(moment - 5),
        "configurationStateId": int(moment * 1000),
        "awsAccountId": account,
        "configurationItemStatus": status,
        "resourceType": resource_type,
        "resourceId": resource_id,
        "resourceName": None,
        "ARN": arn(resource_type.split("::")[1].lower(), region, account, resource_id),
        "awsRegion": region,
        "availabilityZone": f"{region}a",
        "configurationStateMd5Hash": "",
    }
    if message_type == "ConfigurationItemChangeNotification":
        invoking["configurationItemDiff"] = None
        invoking["configurationItem"] = {
            **item,
            "configuration": dict(configuration or {}),
            "supplementaryConfiguration": {},
            "tags": {},
            "relationships": [],
            "relatedEvents": [],
        }
    elif message_type == "OversizedConfigurationItemChangeNotification":
        invoking["configurationItemSummary"] = {**item, "changeType": "UPDATE"}
    elif message_type == "ScheduledNotification":
        invoking = {"awsAccountId": account, **invoking, "recordVersion": "1.0"}
    else:
        raise ValueError(f"Unknown Config message type {message_type!r}")
    rule_id = "config-rule-" + hex_id(6)
    event: JSON = {
        "invokingEvent": dumps(invoking),
        "resultToken": random_token(64),
        "eventLeftScope": event_left_scope,
        "executionRoleArn": arn("iam", "", account, "role/config-role"),
        "configRuleArn": arn("config", region, account, f"config-rule/{rule_id}"),
        "configRuleName": rule_name,
        "configRuleId": rule_id,
        "accountId": account,
        "version": "1.0",
    }
    if parameters is not None:
        event["ruleParameters"] = dumps(parameters)
    return event


# --- Secrets Manager rotation --------------------------------------------------------------------


def secrets_rotation(
    step: str = "createSecret",
    *,
    secret: str = "prod/db/password",
    token: str | None = None,
    rotation_token: str | None = None,
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """One rotation step; the same ``token`` ties the four steps of one rotation together."""
    event: JSON = {
        "Step": step,
        "SecretId": arn("secretsmanager", region, account, f"secret:{secret}-{random_token(6)}"),
        "ClientRequestToken": token or request_id(),
    }
    if rotation_token is not None:
        event["RotationToken"] = rotation_token
    return event


# --- EventBridge schedules -----------------------------------------------------------------------


def schedule(
    rule: str = "every-five-minutes",
    *,
    event_bus: str | None = None,
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """The event a scheduled EventBridge rule sends (``event_bus`` for a rule on a custom bus)."""
    path = f"rule/{event_bus}/{rule}" if event_bus else f"rule/{rule}"
    return {
        "version": "0",
        "id": request_id(),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": account,
        "time": iso(now(), millis=False),
        "region": region,
        "resources": [arn("events", region, account, path)],
        "detail": {},
    }


#: The name this factory had before it took its source's name (``router.schedule``).
scheduled_event = schedule


# --- DocumentDB change streams -------------------------------------------------------------------


def documentdb(
    documents: Any = ({"name": "Ada"},),
    *,
    operation: str = "insert",
    database: str = "test_database",
    collection: str = "test_collection",
    cluster: str = "my-docdb-cluster",
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """A change stream batch: one ``operation`` change per document (a dict)."""
    seconds = int(now())
    events = []
    for index, document in enumerate(many(documents), start=1):
        object_id = hex_id(24)
        change: JSON = {
            "_id": {"_data": hex_id(36)},
            "clusterTime": {"$timestamp": {"t": seconds, "i": index}},
            "documentKey": {"_id": {"$oid": object_id}},
            "ns": {"db": database, "coll": collection},
            "operationType": operation,
        }
        if operation in ("insert", "replace"):
            change["fullDocument"] = {"_id": {"$oid": object_id}, **document}
        elif operation == "update":
            change["updateDescription"] = {"updatedFields": dict(document), "removedFields": []}
        events.append({"event": change})
    return {
        "eventSourceArn": arn("rds", region, account, f"cluster:{cluster}"),
        "events": events,
        "eventSource": "aws:docdb",
    }


# --- CloudWatch alarm actions --------------------------------------------------------------------


def cloudwatch_alarm(
    name: str = "my-alarm",
    state: str = "ALARM",
    *,
    previous_state: str = "OK",
    composite: bool = False,
    metric: str = "CPUUtilization",
    namespace: str = "AWS/EC2",
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """A metric (or ``composite``) alarm entering ``state`` and invoking the function."""
    stamp = iso(now()).replace("Z", "+0000")
    if composite:
        configuration: JSON = {"alarmRule": f"ALARM({name}-child)"}
        reason_data = dumps({"triggeringAlarms": []})
    else:
        configuration = {
            "description": f"{metric} of {namespace}",
            "metrics": [
                {
                    "id": request_id(),
                    "metricStat": {
                        "metric": {"namespace": namespace, "name": metric, "dimensions": {}},
                        "period": 60,
                        "stat": "Average",
                    },
                    "returnData": True,
                }
            ],
        }
        reason_data = dumps({"version": "1.0", "statistic": "Average", "period": 60})
    return {
        "source": "aws.cloudwatch",
        "alarmArn": arn("cloudwatch", region, account, f"alarm:{name}"),
        "accountId": account,
        "time": stamp,
        "region": region,
        "alarmData": {
            "alarmName": name,
            "state": {
                "value": state,
                "reason": f"{name} entered {state}",
                "reasonData": reason_data,
                "timestamp": stamp,
            },
            "previousState": {
                "value": previous_state,
                "reason": f"{name} entered {previous_state}",
                "reasonData": reason_data,
                "timestamp": stamp,
            },
            "configuration": configuration,
        },
    }


# --- CodeDeploy lifecycle hooks ------------------------------------------------------------------


def codedeploy(deployment_id: str | None = None) -> JSON:
    """A lifecycle hook invocation (``BeforeAllowTraffic``, ``AfterAllowTraffic``...)."""
    return {
        "DeploymentId": deployment_id or "d-" + hex_id(9, upper=True),
        "LifecycleEventHookExecutionId": random_token(120),
    }


# --- CodeCommit triggers -------------------------------------------------------------------------


def codecommit(
    repository: str = "my-repo",
    *,
    ref: str = "refs/heads/main",
    commit: str | None = None,
    trigger: str = "my-trigger",
    custom_data: str | None = "this is custom data",
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """A trigger event: ``ref`` moved to ``commit`` in ``repository``."""
    return {
        "Records": [
            {
                "awsRegion": region,
                "codecommit": {"references": [{"commit": commit or hex_id(40), "ref": ref}]},
                "customData": custom_data,
                "eventId": request_id(),
                "eventName": "ReferenceChanges",
                "eventPartNumber": 1,
                "eventSource": "aws:codecommit",
                "eventSourceARN": arn("codecommit", region, account, repository),
                "eventTime": iso(now()).replace("Z", "+0000"),
                "eventTotalParts": 1,
                "eventTriggerConfigId": request_id(),
                "eventTriggerName": trigger,
                "eventVersion": "1.0",
                "userIdentityARN": arn("iam", "", account, "root"),
            }
        ]
    }


# --- Lambda destinations ------------------------------------------------------------------------


def lambda_destination(
    request: Any = None,
    response: Any = None,
    *,
    condition: str = "RetriesExhausted",
    function: str = "my-function",
    qualifier: str = "$LATEST",
    invoke_count: int = 3,
    region: str = REGION,
    account: str = ACCOUNT,
) -> JSON:
    """The record Lambda sends a destination function after an asynchronous invocation.

    ``response`` is what the function returned; for failures it defaults to an error payload.
    """
    failed = condition != "Success"
    if response is None and failed:
        response = {"errorMessage": "Something went wrong", "errorType": "Exception"}
    record: JSON = {
        "version": "1.0",
        "timestamp": iso(now()),
        "requestContext": {
            "requestId": request_id(),
            "functionArn": arn("lambda", region, account, f"function:{function}:{qualifier}"),
            "condition": condition,
            "approximateInvokeCount": invoke_count,
        },
        "requestPayload": {"key": "value"} if request is None else request,
    }
    if condition != "EventAgeExceeded":
        context: JSON = {"statusCode": 200, "executedVersion": qualifier}
        if failed:
            context["functionError"] = "Unhandled"
        record["responseContext"] = context
        record["responsePayload"] = response
    return record


# --- Alexa ----------------------------------------------------------------------------------------


def alexa(
    request_type: str = "LaunchRequest",
    *,
    intent: str | None = None,
    slots: Mapping[str, str | None] | None = None,
    new_session: bool = False,
    attributes: Mapping[str, Any] | None = None,
    locale: str = "en-US",
    skill_id: str = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000",
) -> JSON:
    """A custom skill request; giving ``intent`` makes it an ``IntentRequest``."""
    user = {"userId": "amzn1.ask.account." + hex_id(24, upper=True)}
    application = {"applicationId": skill_id}
    request: JSON = {
        "type": "IntentRequest" if intent else request_type,
        "requestId": f"amzn1.echo-api.request.{request_id()}",
        "timestamp": iso(now(), millis=False),
        "locale": locale,
    }
    if intent:
        request["dialogState"] = "COMPLETED"
        request["intent"] = {
            "name": intent,
            "confirmationStatus": "NONE",
            "slots": {
                name: {"name": name, "confirmationStatus": "NONE"}
                | ({} if value is None else {"value": value})
                for name, value in (slots or {}).items()
            },
        }
    return {
        "version": "1.0",
        "session": {
            "new": new_session,
            "sessionId": f"amzn1.echo-api.session.{request_id()}",
            "application": application,
            "attributes": dict(attributes or {}),
            "user": user,
        },
        "context": {
            "System": {
                "application": application,
                "user": user,
                "device": {"deviceId": "amzn1.ask.device." + hex_id(24, upper=True)},
                "apiEndpoint": "https://api.amazonalexa.com",
                "apiAccessToken": random_token(64),
            }
        },
        "request": request,
    }


def alexa_smart_home(
    namespace: str = "Alexa.PowerController",
    name: str = "TurnOn",
    *,
    endpoint_id: str | None = "light-1",
    payload: Mapping[str, Any] | None = None,
) -> JSON:
    """A version 3 smart home directive (``Alexa.Discovery``/``Discover`` has no endpoint)."""
    scope = {"type": "BearerToken", "token": "Atza|" + random_token(40)}
    header: JSON = {
        "namespace": namespace,
        "name": name,
        "payloadVersion": "3",
        "messageId": request_id(),
    }
    directive: JSON = {"header": header}
    body = dict(payload or {})
    if namespace == "Alexa.Discovery":
        body.setdefault("scope", scope)
    else:
        header["correlationToken"] = random_token(60)
        if endpoint_id is not None:
            directive["endpoint"] = {"scope": scope, "endpointId": endpoint_id, "cookie": {}}
    directive["payload"] = body
    return {"directive": directive}


# --- Transfer Family -----------------------------------------------------------------------------


def transfer_family(
    username: str = "ada",
    password: str | None = "correct horse battery staple",
    *,
    protocol: str = "SFTP",
    server_id: str | None = None,
    source_ip: str = "198.51.100.23",
) -> JSON:
    """A login to a Transfer Family server; ``password=None`` makes it an SSH key login."""
    event: JSON = {
        "username": username,
        "protocol": protocol,
        "serverId": server_id or "s-" + hex_id(17),
        "sourceIp": source_ip,
    }
    if password is not None:
        event["password"] = password
    return event


_STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")

CATALOG: dict[str, Callable[[], JSON]] = {
    "ses": ses,
    "ses:request_response": lambda: ses(synchronous=True),
    "mq": mq,
    "mq:activemq": mq,
    "mq:rabbitmq": lambda: mq(engine="RabbitMQ"),
    "codepipeline": codepipeline,
    "config_rule": config_rule,
    "config_rule:change": config_rule,
    "config_rule:oversized": lambda: config_rule("OversizedConfigurationItemChangeNotification"),
    "config_rule:scheduled": lambda: config_rule("ScheduledNotification"),
    "secrets_rotation": secrets_rotation,
    **{f"secrets_rotation:{step}": partial(secrets_rotation, step) for step in _STEPS},
    "schedule": schedule,
    "documentdb": documentdb,
    "cloudwatch_alarm": cloudwatch_alarm,
    "cloudwatch_alarm:metric": cloudwatch_alarm,
    "cloudwatch_alarm:composite": lambda: cloudwatch_alarm(composite=True),
    "codedeploy": codedeploy,
    "codecommit": codecommit,
    "lambda_destination": lambda_destination,
    "lambda_destination:RetriesExhausted": lambda_destination,
    "lambda_destination:Success": lambda: lambda_destination(condition="Success", response={}),
    "lambda_destination:EventAgeExceeded": lambda: lambda_destination(
        condition="EventAgeExceeded", invoke_count=0
    ),
    "alexa": alexa,
    "alexa:LaunchRequest": alexa,
    "alexa:IntentRequest": lambda: alexa(intent="HelloIntent", slots={"Name": "Ada"}),
    "alexa:SessionEndedRequest": lambda: alexa("SessionEndedRequest"),
    "alexa_smart_home": alexa_smart_home,
    "alexa_smart_home:v3": alexa_smart_home,
    "transfer_family": transfer_family,
    "transfer_family:password": transfer_family,
    "transfer_family:public_key": lambda: transfer_family(password=None),
}
