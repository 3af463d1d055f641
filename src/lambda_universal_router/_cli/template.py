"""``lambda-router template``: an AWS SAM template with the function and an event per registration.

Everything comes from the router's registrations, read as data; no handler is called. Resources the
function subscribes to become template Parameters (an SQS queue ``orders`` -> ``OrdersQueueArn``;
the ARN is the default when the filter was an ARN), or with ``resources=True`` resources of the
template (queues with dead-letter queues, tables with streams, topics, streams: see
``template_resources``); SAM needs S3 buckets and Cognito user pools in the template either way.
The function gets a SAM policy template for its own use of each, and the map from the names the
code uses to the physical ones. Batch sources get ``FunctionResponseTypes:
[ReportBatchItemFailures]`` exactly where a per-record handler receives their records. Sources SAM
has no event for are listed under the template's ``Metadata`` with what to wire by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from lambda_universal_router._names import NAMES_VARIABLE

from . import template_resources as declare

if TYPE_CHECKING:
    from lambda_universal_router._registry import Registration
    from lambda_universal_router._router import Router

JSON = dict[str, Any]
METADATA_KEY = "LambdaUniversalRouter"
REPORT_FAILURES = ["ReportBatchItemFailures"]
#: Kafka mappings read partial batch responses only in provisioned poller mode (see docs/batch.md).
KAFKA_POLLERS = {"MinimumPollers": 1}
#: ``--kafka`` choices: the SAM event type of each kind of cluster.
KAFKA_EVENTS = {"msk": "MSK", "self-managed": "SelfManagedKafka"}
#: The function's time limit, in seconds (queues' visibility timeouts follow it).
FUNCTION_TIMEOUT = 30

#: Cognito user pool triggers SAM can wire (the ``LambdaConfig`` names that take a function ARN).
COGNITO_TRIGGERS = (
    "PreSignUp",
    "PostConfirmation",
    "PreAuthentication",
    "PostAuthentication",
    "PreTokenGeneration",
    "CustomMessage",
    "DefineAuthChallenge",
    "CreateAuthChallenge",
    "VerifyAuthChallengeResponse",
    "UserMigration",
)

#: What to do by hand for sources SAM has no event type for.
MANUAL: dict[str, str] = {
    "websocket": "SAM has no WebSocket event: integrate the function with the routes of an "
    "AWS::ApiGatewayV2::Api whose ProtocolType is WEBSOCKET",
    "authorizer": "name the function as a Lambda authorizer in the API's Auth settings",
    "appsync": "use the function as a Lambda data source of an AWS::Serverless::GraphQLApi",
    "cloudformation": "give each custom resource ServiceToken: !GetAtt <function>.Arn",
    "firehose": "name the function in the delivery stream's ProcessingConfiguration",
    "s3_batch": "name the function in the S3 Batch Operations job's LambdaInvoke operation",
    "s3_object_lambda": "attach the function to an AWS::S3ObjectLambda::AccessPoint",
    "cloudfront": "publish a version (us-east-1) and associate it with the distribution",
    "codepipeline": "add an Invoke action naming the function to the pipeline",
    "codedeploy": "name the function in the deployment's lifecycle hooks",
    "config_rule": "create an AWS::Config::ConfigRule with Owner CUSTOM_LAMBDA for it",
    "secrets_rotation": "make it the rotation function of an AWS::SecretsManager::RotationSchedule",
    "ses": "add a Lambda action to an SES receipt rule and allow ses.amazonaws.com to invoke",
    "codecommit": "add a trigger to the repository and allow codecommit.amazonaws.com to invoke",
    "cloudwatch_alarm": "add a Lambda alarm action; allow lambda.alarms.cloudwatch.amazonaws.com",
    "cognito": "name the triggers (router.cognito('PreSignUp')) to wire them; custom sender and "
    "inbound federation triggers need their own user pool settings",
    "kafka": "name the topic (router.kafka(topic=...)): Lambda reads one topic per mapping",
    "cloudwatch_logs": "name the log group: a subscription filter takes one group, not a prefix",
    "mq": "name the queue (router.mq(queue=...)): Lambda reads one queue per mapping",
    "lex": "name the function as the bot alias's (V2) or the intent's (V1) code hook",
    "bedrock_agent": "name the function as the executor of the agent's action groups",
    "connect": "add the function to the Connect instance; invoke it from the contact flows",
    "iot": "add a Lambda action to an AWS::IoT::TopicRule, or name it as an authorizer or "
    "provisioning hook",
    "lambda_destination": "name it as OnSuccess or OnFailure in another function's "
    "EventInvokeConfig",
    "alexa": "add the skill's trigger with its skill id (SAM's AlexaSkill event)",
    "alexa_smart_home": "add the Smart Home skill's trigger with its skill id",
    "transfer_family": "name it as the identity provider of a server whose IdentityProviderType "
    "is AWS_LAMBDA",
    "appsync_authorizer": "name it in the GraphQL API's AWS_LAMBDA authorization settings",
    "cognito_sync": "set it as the Cognito Sync trigger of the identity pool",
    "appsync_events": "name it as the direct Lambda integration of an Event API namespace",
    "iot_events": "add a Lambda action to the detector model's events",
}


def build(
    router: Router,
    *,
    app: str,
    function: str,
    handler: str,
    code_uri: str,
    api: str = "http",
    starting_position: str = "LATEST",
    runtime: str = "python3.12",
    kafka: str = "msk",
    resources: bool = False,
    catch_all: bool = False,
) -> JSON:
    """The SAM template, as a dict, for the registrations of ``router``.

    ``kafka`` says which clusters Kafka handlers read: ``"msk"`` (Amazon MSK) or
    ``"self-managed"``. ``resources`` declares the queues, tables, topics and streams the
    handlers name (else they are parameters); ``catch_all`` sends every HTTP request to the
    function, for the router to answer (else API Gateway routes the registered method and path
    pairs itself).
    """
    if kafka not in KAFKA_EVENTS:
        raise ValueError(f"kafka= takes {' or '.join(KAFKA_EVENTS)}, not {kafka!r}")
    template = _Template(
        api=api,
        starting_position=starting_position,
        kafka=kafka,
        resources=resources,
        catch_all=catch_all,
        cors=getattr(router, "cors", None),
    )
    by_source: dict[str, list[Registration]] = {}
    for registration in router.routes():
        if registration.source != "custom":  # direct invocations need no wiring
            by_source.setdefault(registration.source, []).append(registration)
    for source, registrations in by_source.items():
        _WRITERS.get(source, _manual)(template, registrations)
    return template.render(
        app=app, function=function, handler=handler, code_uri=code_uri, runtime=runtime
    )


def camel(text: str) -> str:
    """A CloudFormation logical id from any name: ``bookstore-uploads`` -> ``BookstoreUploads``."""
    words = re.split(r"[^A-Za-z0-9]+", text)
    joined = "".join(word[:1].upper() + word[1:] for word in words if word)
    return joined if joined[:1].isalpha() else f"X{joined}"


class _Template:
    """The parts of the template being built, with unique logical ids."""

    def __init__(
        self,
        *,
        api: str,
        starting_position: str,
        kafka: str = "msk",
        resources: bool = False,
        catch_all: bool = False,
        cors: Any = None,
    ) -> None:
        self.api = api
        self.starting_position = starting_position
        self.kafka = kafka
        self.create = resources
        self.catch_all = catch_all
        self.cors = cors
        self.parameters: JSON = {}
        self.conditions: JSON = {}
        self.globals: JSON = {}
        self.resources: JSON = {}
        self.events: JSON = {}
        self.policies: list[JSON] = []
        #: The name each identity filter value (as written) has in the deployed stack.
        self.names: dict[str, JSON] = {}
        self.manual: list[JSON] = []

    def parameter(self, name: str, description: str, default: str | None = None) -> JSON:
        """A ``Ref`` to a String parameter, the same one for the same name and description."""
        wanted: JSON = {"Type": "String", "Description": description}
        if default is not None:
            wanted["Default"] = default
        name = camel(name)
        if self.parameters.get(name) not in (None, wanted):
            name = _unique(name, self.parameters)
        self.parameters[name] = wanted
        return {"Ref": name}

    def resource(self, name: str, definition: JSON) -> JSON:
        """A ``Ref`` to a resource of the template, added once."""
        self.resources.setdefault(name, definition)
        return {"Ref": name}

    def event(self, name: str, kind: str, properties: JSON) -> None:
        self.events[_unique(camel(name), self.events)] = {"Type": kind, "Properties": properties}

    def policy(self, source: str, physical: JSON) -> None:
        """The SAM policy template for the app's own use of a resource named ``physical``."""
        wanted = declare.policy(source, physical)
        if wanted not in self.policies:
            self.policies.append(wanted)

    def name(self, written: Iterable[str], physical: JSON) -> None:
        """Identity filter values ``written`` in the code name the resource called ``physical``."""
        for value in written:
            self.names[value] = physical

    def note(self, registration: Registration, note: str) -> None:
        entry = {"Source": registration.source, "Handler": registration.name, "Wiring": note}
        self.manual.append(entry)

    def render(self, *, app: str, function: str, handler: str, code_uri: str, runtime: str) -> JSON:
        properties: JSON = {
            "Description": f"{app}, generated by lambda-router template",
            "CodeUri": code_uri,
            "Handler": handler,
            "Runtime": runtime,
            "Timeout": FUNCTION_TIMEOUT,
            "LoggingConfig": {"LogFormat": "JSON"},
        }
        if self.names:
            variables = {NAMES_VARIABLE: declare.names_variable(self.names)}
            properties["Environment"] = {"Variables": variables}
        if self.policies:
            properties["Policies"] = self.policies
        if self.events:
            properties["Events"] = self.events
        template: JSON = {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Transform": "AWS::Serverless-2016-10-31",
            "Description": f"{app}: one Lambda function for every event source it routes",
        }
        metadata: JSON = {"App": app}
        if self.manual:
            metadata["NotWired"] = self.manual
        template["Metadata"] = {METADATA_KEY: metadata}
        if self.parameters:
            template["Parameters"] = self.parameters
        if self.conditions:
            template["Conditions"] = self.conditions
        if self.globals:
            template["Globals"] = self.globals
        template["Resources"] = {
            function: {"Type": "AWS::Serverless::Function", "Properties": properties},
            **self.resources,
        }
        outputs: JSON = {"FunctionArn": {"Value": {"Fn::GetAtt": [function, "Arn"]}}}
        kinds = {event["Type"] for event in self.events.values()}
        if "HttpApi" in kinds:
            outputs["ApiUrl"] = {
                "Value": {
                    "Fn::Sub": "https://${ServerlessHttpApi}.execute-api.${AWS::Region}."
                    "${AWS::URLSuffix}/"
                }
            }
        elif "Api" in kinds:
            outputs["ApiUrl"] = {
                "Value": {
                    "Fn::Sub": "https://${ServerlessRestApi}.execute-api.${AWS::Region}."
                    "${AWS::URLSuffix}/Prod/"
                }
            }
        template["Outputs"] = outputs
        return template


def _unique(name: str, taken: dict[str, Any]) -> str:
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name}{number}"
    return candidate


def _by_value(
    registrations: Iterable[Registration], key: str, name: Callable[[str], str] = str
) -> dict[str | None, list[Registration]]:
    """Registrations by the ``name`` of each value of filter ``key`` (None: no such filter)."""
    grouped: dict[str | None, list[Registration]] = {}
    for registration in registrations:
        values = registration.filters.get(key)
        for value in sorted({name(value) for value in values}) if values else [None]:
            grouped.setdefault(value, []).append(registration)
    return grouped


def _arn_of(
    registrations: Iterable[Registration], key: str, name: str, resource: Callable[[str], str]
) -> str | None:
    """The ARN among the values of filter ``key`` whose ``resource`` name is ``name``, if any."""
    for registration in registrations:
        for value in sorted(registration.filters.get(key) or ()):
            if value.startswith("arn:") and resource(value) == name:
                return str(value)
    return None


def _manual(template: _Template, registrations: list[Registration]) -> None:
    for registration in registrations:
        default = (
            f"SAM has no {registration.source} event: allow its service to invoke the function"
        )
        template.note(registration, MANUAL.get(registration.source, default))


# --- HTTP -----------------------------------------------------------------------------------------


def _http(template: _Template, registrations: list[Registration]) -> None:
    from .template_http import write_routes

    write_routes(template, registrations)


# --- queues, streams and topics -------------------------------------------------------------------


class _Subscription:
    """How one source's filter names the resource the function subscribes to."""

    def __init__(
        self, key: str, kind: str, property: str, noun: str, name: Callable[[str], str]
    ) -> None:
        self.key = key
        self.kind = kind
        self.property = property
        self.noun = noun
        self.name = name


def _table_name(arn: str) -> str:
    return arn.split(":table/", 1)[-1].split("/", 1)[0]


_SUBSCRIPTIONS = {
    "sqs": _Subscription("queue", "SQS", "Queue", "Queue", lambda arn: arn.rsplit(":", 1)[-1]),
    "sns": _Subscription("topic", "SNS", "Topic", "Topic", lambda arn: arn.rsplit(":", 1)[-1]),
    "kinesis": _Subscription(
        "stream", "Kinesis", "Stream", "Stream", lambda arn: arn.rsplit("/", 1)[-1]
    ),
    "dynamodb": _Subscription("table", "DynamoDB", "Stream", "TableStream", _table_name),
}


def _subscribe(template: _Template, registrations: list[Registration]) -> None:
    source = registrations[0].source
    how = _SUBSCRIPTIONS[source]

    def resource(value: str) -> str:
        return how.name(value) if value.startswith("arn:") else value

    # A resource named by its name in one place and by its ARN in another is one subscription.
    grouped = _by_value(registrations, how.key, resource)
    anywhere = grouped.get(None, [])
    for name, named in grouped.items():
        if name is None:
            label = how.noun
            description = f"ARN of the {how.kind} {how.noun.lower()} the function reads"
            arn = template.parameter(f"{label} Arn", description)
            physical = declare.name_in_arn(source, arn)
        else:
            label = f"{name} {how.noun}"
            written = _written(named, how.key, name, resource)
            if template.create and not any(value.startswith("arn:") for value in written):
                arn, physical = _declare(template, source, name)
            else:
                default = _arn_of(named, how.key, name, resource)
                description = f"ARN of the {how.kind} {how.noun.lower()} {name}"
                if source == "dynamodb":
                    description = f"Stream ARN of the DynamoDB table {name} (its LatestStreamArn)"
                    default = default if default and "/stream/" in default else None
                arn = template.parameter(f"{label} Arn", description, default)
                physical = declare.name_in_arn(source, arn)
            template.name(written, physical)
        template.policy(source, physical)
        properties: JSON = {how.property: arn}
        if source in ("kinesis", "dynamodb"):
            properties["StartingPosition"] = template.starting_position
            properties["BatchSize"] = 100
        elif source == "sqs":
            properties["BatchSize"] = 10
        receivers = named if name is None else named + anywhere
        if source != "sns" and any(r.per_record for r in receivers):
            properties["FunctionResponseTypes"] = REPORT_FAILURES
        template.event(label, how.kind, properties)


def _written(
    registrations: Iterable[Registration], key: str, name: str, resource: Callable[[str], str]
) -> set[str]:
    """The values of filter ``key``, as the code writes them, that name resource ``name``."""
    return {
        value
        for registration in registrations
        for value in registration.filters.get(key) or ()
        if resource(value) == name
    }


def _declare(template: _Template, source: str, name: str) -> tuple[JSON, JSON]:
    """Declare the resource the code calls ``name``: ``(what the event reads, its name)``."""
    label = camel(name) + _RESOURCE_NOUNS[source]
    if source == "sqs":
        live, dead = declare.queue(label, name, FUNCTION_TIMEOUT)
        template.resource(f"{label}DeadLetterQueue", dead)
        template.resource(label, live)
        reads: JSON = {"Fn::GetAtt": [label, "Arn"]}
    elif source == "dynamodb":
        table, parameters, conditions = declare.table(label)
        template.parameters.update(parameters)
        template.conditions.update(conditions)
        template.resource(label, table)
        reads = {"Fn::GetAtt": [label, "StreamArn"]}
    elif source == "kinesis":
        template.resource(label, declare.stream())
        reads = {"Fn::GetAtt": [label, "Arn"]}
    else:
        reads = template.resource(label, declare.topic())  # a topic's Ref is its ARN
    return reads, declare.name_of_resource(source, label)


_RESOURCE_NOUNS = {"sqs": "Queue", "sns": "Topic", "kinesis": "Stream", "dynamodb": "Table"}


# --- S3 -------------------------------------------------------------------------------------------


def _s3(template: _Template, registrations: list[Registration]) -> None:
    buckets = _by_value(registrations, "bucket", lambda value: value.split(":::", 1)[-1])
    for name, named in buckets.items():
        label = "Bucket" if name is None else f"{camel(name)}Bucket"
        # Named from the stack, not by CloudFormation: the function's policy names it, and a
        # reference to the bucket would close a loop through its notification of the function.
        physical = declare.bucket_name(name or "bucket")
        definition = {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": physical}}
        reference = template.resource(label, definition)
        if name is not None:
            template.name(
                _written(named, "bucket", name, lambda v: v.split(":::", 1)[-1]), physical
            )
        template.policy("s3", physical)
        # S3 refuses overlapping notifications: one per key filter, none if any takes every key.
        by_keys: dict[tuple[str | None, str | None], set[str]] = {}
        for registration in named:
            keys = (registration.filters.get("prefix"), registration.filters.get("suffix"))
            events = registration.filters.get("events") or {"ObjectCreated:*"}
            by_keys.setdefault(keys, set()).update(events)
        if (None, None) in by_keys:
            by_keys = {(None, None): set().union(*by_keys.values())}
        for (prefix, suffix), events in by_keys.items():
            properties: JSON = {"Bucket": reference, "Events": [f"s3:{e}" for e in sorted(events)]}
            rules = [
                {"Name": name, "Value": value}
                for name, value in (("prefix", prefix), ("suffix", suffix))
                if value is not None
            ]
            if rules:
                properties["Filter"] = {"S3Key": {"Rules": rules}}
            template.event(f"{label}Objects", "S3", properties)


# --- EventBridge and schedules --------------------------------------------------------------------


def _eventbridge(template: _Template, registrations: list[Registration]) -> None:
    for registration in registrations:
        filters = registration.filters
        handler = camel(getattr(registration.handler, "__name__", "") or "Events")
        detail_types = set(filters.get("detail_type") or ())
        rules = sorted(filters.get("rule") or ())
        scheduled = "scheduled" in filters or rules or "Scheduled Event" in detail_types
        if scheduled:
            for rule in rules or [None]:
                label = camel(rule) if rule else handler
                expression = template.parameter(
                    f"{label}Schedule",
                    f"When {rule or registration.name} runs: rate(...) or cron(...)",
                    "rate(1 day)",
                )
                properties: JSON = {"Schedule": expression}
                if rule:
                    # Unique to the stack; the rule= filter accepts it through the names map.
                    properties["Name"] = declare.rule_name(rule)
                    template.name([rule], properties["Name"])
                template.event(f"{label}Schedule", "Schedule", properties)
            detail_types.discard("Scheduled Event")
            if not detail_types:
                continue
        pattern: JSON = {}
        compiled = filters.get("pattern")
        if compiled is not None:
            pattern.update(compiled.pattern)
        if filters.get("source") and "source" not in pattern:
            pattern["source"] = sorted(filters["source"])
        if detail_types and "detail-type" not in pattern:
            pattern["detail-type"] = sorted(detail_types)
        if not pattern:
            pattern = {"source": [{"exists": True}]}  # every event of the default bus
        template.event(f"{handler}Rule", "EventBridgeRule", {"Pattern": pattern})


# --- Cognito, Kafka, CloudWatch Logs, Amazon MQ, DocumentDB ---------------------------------------


def _cognito(template: _Template, registrations: list[Registration]) -> None:
    triggers: list[str] = []
    for registration in registrations:
        wanted = registration.filters.get("trigger")
        names = [wanted] if isinstance(wanted, str) else list(wanted or ())
        families = {name.partition("_")[0] for name in names}
        families = {"PreTokenGeneration" if f == "TokenGeneration" else f for f in families}
        wired = [family for family in COGNITO_TRIGGERS if family in families]
        if not wired or len(wired) < len(families):
            template.note(registration, MANUAL["cognito"])
        triggers.extend(family for family in wired if family not in triggers)
    if triggers:
        name = declare.tagged("users")  # one pool per stack, never a name every stack shares
        pool = template.resource(
            "UserPool", {"Type": "AWS::Cognito::UserPool", "Properties": {"UserPoolName": name}}
        )
        template.event("UserPoolTriggers", "Cognito", {"UserPool": pool, "Trigger": triggers})


def _kafka(template: _Template, registrations: list[Registration]) -> None:
    grouped = _by_value(registrations, "topic")
    anywhere = grouped.get(None, [])
    for registration in anywhere:
        template.note(registration, MANUAL["kafka"])
    for topic, named in grouped.items():
        if topic is None:
            continue
        properties: JSON = {"Topics": [topic], "StartingPosition": template.starting_position}
        if template.kafka == "msk":
            cluster = template.parameter("KafkaClusterArn", "ARN of the Amazon MSK cluster")
            properties = {"Stream": cluster, **properties}
        else:
            broker = template.parameter(
                "KafkaBootstrapServer", "A broker of the Kafka cluster, host:port"
            )
            secret = template.parameter(
                "KafkaSecretArn", "Secrets Manager ARN of the SASL/SCRAM user name and password"
            )
            properties = {
                "KafkaBootstrapServers": [broker],
                **properties,
                "SourceAccessConfigurations": [{"Type": "SASL_SCRAM_512_AUTH", "URI": secret}],
            }
        if any(r.per_record for r in named + anywhere):
            properties["FunctionResponseTypes"] = REPORT_FAILURES
            properties["ProvisionedPollerConfig"] = dict(KAFKA_POLLERS)
        template.event(f"{topic} topic", KAFKA_EVENTS[template.kafka], properties)


def _cloudwatch_logs(template: _Template, registrations: list[Registration]) -> None:
    for group, named in _by_value(registrations, "log_group").items():
        if group is None or group.endswith("*"):
            for registration in named:
                template.note(registration, MANUAL["cloudwatch_logs"])
            continue
        properties = {"LogGroupName": group, "FilterPattern": ""}
        template.event(f"{group} logs", "CloudWatchLogs", properties)


def _mq(template: _Template, registrations: list[Registration]) -> None:
    for queue, named in _by_value(registrations, "queue").items():
        if queue is None:
            for registration in named:
                template.note(registration, MANUAL["mq"])
            continue
        broker = template.parameter("MQBrokerArn", "ARN of the Amazon MQ broker")
        secret = template.parameter(
            "MQSecretArn", "Secrets Manager ARN of the broker's user name and password"
        )
        properties = {
            "Broker": broker,
            "Queues": [queue],
            "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": secret}],
            "DynamicPolicyName": True,  # one IAM policy per queue, so several can coexist
        }
        template.event(f"{queue} queue", "MQ", properties)


def _documentdb(template: _Template, registrations: list[Registration]) -> None:
    cluster = template.parameter("DocumentDBClusterArn", "ARN of the DocumentDB cluster")
    secret = template.parameter(
        "DocumentDBSecretArn", "Secrets Manager ARN of the cluster's user name and password"
    )
    for database, by_database in _by_value(registrations, "database").items():
        name: Any = database or template.parameter(
            "DocumentDBDatabaseName", "Name of the DocumentDB database whose changes are read"
        )
        for collection in _by_value(by_database, "collection"):
            properties: JSON = {
                "Cluster": cluster,
                "DatabaseName": name,
                "StartingPosition": template.starting_position,
                "SourceAccessConfigurations": [{"Type": "BASIC_AUTH", "URI": secret}],
            }
            if collection is not None:
                properties["CollectionName"] = collection
            template.event(f"{database or ''} {collection or ''} changes", "DocumentDB", properties)


_WRITERS: dict[str, Callable[[_Template, list[Registration]], None]] = {
    "http": _http,
    "sqs": _subscribe,
    "sns": _subscribe,
    "kinesis": _subscribe,
    "dynamodb": _subscribe,
    "s3": _s3,
    "eventbridge": _eventbridge,
    "cognito": _cognito,
    "kafka": _kafka,
    "cloudwatch_logs": _cloudwatch_logs,
    "mq": _mq,
    "documentdb": _documentdb,
}
