"""The table of event sources: one row per source Lambda can deliver.

A row says how to recognise the source (the keys and values the classifier looks at), which typed
event class wraps it, and how registrations for it are compiled into a dispatcher. Adding a source
means adding one row here and its event module; the classifier in ``_classify`` is built from rows.

Class and builder references are ``"module:attribute"`` strings, resolved only when a router with a
handler for that source first dispatches: importing the library loads none of the event modules.
"""

from __future__ import annotations

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    Detect = Callable[[dict[str, Any]], "str | None"]


class Source:
    """One event source: how to detect it, what it parses into, how it is dispatched."""

    __slots__ = (
        "batch",
        "detect",
        "dispatcher",
        "event",
        "event_sources",
        "filters",
        "identity",
        "markers",
        "name",
        "record_keys",
        "record_sources",
    )

    def __init__(
        self,
        name: str,
        event: str,
        *,
        dispatcher: str = "lambda_universal_router._dispatch:EventDispatcher",
        filters: str | None = None,
        identity: str | None = None,
        batch: str | None = None,
        record_sources: tuple[str, ...] = (),
        record_keys: tuple[str, ...] = (),
        event_sources: tuple[str, ...] = (),
        markers: tuple[str, ...] = (),
        detect: Detect | None = None,
    ) -> None:
        #: The name handlers register under, and that errors and ``routes()`` show.
        self.name = name
        #: ``"module:Class"`` of the typed event handed to whole-event handlers.
        self.event = event
        #: ``"module:Class"`` that compiles this source's registrations into a dispatcher.
        self.dispatcher = dispatcher
        #: ``"module:NAME"`` of a dict filter name -> predicate(value, item), see ``_selection``.
        self.filters = filters
        #: ``"module:NAME"`` of the ``Identity`` saying which filter names where records come from
        #: (the queue, stream, table, topic or bucket); records from a place no such filter names
        #: fail loudly (see ``_batch.dispatch``).
        self.identity = identity
        #: ``"module:NAME"`` of the ``BatchRules`` for sources whose events hold several records.
        self.batch = batch
        #: Values of ``Records[0].eventSource`` (or ``EventSource``) that identify the source.
        self.record_sources = record_sources
        #: Keys that identify a record that lacks ``eventSource`` (1.0's short examples).
        self.record_keys = record_keys
        #: Values of a top-level ``eventSource`` that identify the source.
        self.event_sources = event_sources
        #: Top-level keys that signal the source; ``detect`` then confirms and names the variant.
        self.markers = markers
        #: Given a marker hit, the variant name (``""`` for the only one), or None: not this source.
        self.detect = detect

    def __repr__(self) -> str:
        return f"Source({self.name!r})"


def _nested(event: dict[str, Any], key: str) -> dict[str, Any]:
    value = event.get(key)
    return value if isinstance(value, dict) else {}


# --- detectors: each runs only after one of its source's markers is present ----------------------


def _http_v1(event: dict[str, Any]) -> str | None:
    # REST REQUEST authorizers and Bedrock agent action groups also carry httpMethod.
    if "methodArn" in event or "actionGroup" in event or "agent" in event:
        return None
    context = event.get("requestContext")  # PERF: inlined _nested; every REST request runs this
    if type(context) is dict:
        if "elb" in context:
            return "alb"
        if "connectionId" in context:  # WebSocket samples that also carry httpMethod
            return None
    return "rest"


def _http_v2(event: dict[str, Any]) -> str | None:
    if "routeArn" in event:  # HTTP API Lambda authorizer (payload 2.0)
        return None
    context = _nested(event, "requestContext")
    if ".lambda-url." in str(context.get("domainName", "")):
        return "url"
    return "http"


def _lattice(event: dict[str, Any]) -> str | None:
    if "raw_path" in event:
        return "lattice"
    context = _nested(event, "requestContext")
    if "serviceNetworkArn" in context or "targetGroupArn" in context:
        return "lattice_v2"
    return None


def _eventbridge(event: dict[str, Any]) -> str | None:
    return "" if "source" in event else None


def _websocket(event: dict[str, Any]) -> str | None:
    if "methodArn" in event:  # the REQUEST authorizer guarding a WebSocket $connect
        return None
    context = _nested(event, "requestContext")
    return "" if "connectionId" in context and "eventType" in context else None


def _authorizer(event: dict[str, Any]) -> str | None:
    if "routeArn" in event:
        return "http"  # HTTP API, payload 2.0
    kind = event.get("type")
    if kind == "TOKEN":
        return "token"
    if kind == "REQUEST":
        return "request"
    return None


def _present(*keys: str) -> Detect:
    def detect(event: dict[str, Any]) -> str | None:
        return "" if all(key in event for key in keys) else None

    return detect


def _firehose(event: dict[str, Any]) -> str | None:
    # SAM's sample transformation event has no deliveryStreamArn; S3 Batch Operations also send
    # invocationId (with tasks), and Kinesis Data Analytics the same envelope with applicationArn.
    if "records" not in event or "applicationArn" in event:
        return None
    return ""


def _lex(event: dict[str, Any]) -> str | None:
    if "currentIntent" in event:
        return "v1"
    if "sessionState" in event:
        return "v2"
    return None


def _bedrock_agent(event: dict[str, Any]) -> str | None:
    if "agent" not in event:
        return None
    return "function" if "function" in event else "openapi"


def _connect(event: dict[str, Any]) -> str | None:
    return "" if event.get("Name") == "ContactFlowEvent" else None


def _appsync(event: dict[str, Any]) -> str | None:
    info = event.get("info")
    return "" if isinstance(info, dict) and "fieldName" in info else None


def _iot(event: dict[str, Any]) -> str | None:
    if "protocolData" in event or "signatureVerified" in event:
        return "authorizer"
    if "mqttContext" in event or "httpContext" in event or "tlsContext" in event:
        return "authorizer"  # the per-protocol contexts of AWS's Go sample authorizer request
    if "claimCertificateId" in event:
        return "provisioning"
    return None


def _alexa(event: dict[str, Any]) -> str | None:
    request = event.get("request")
    if isinstance(request, dict) and "requestId" in request and "version" in event:
        return ""
    return None


def _alexa_smart_home(event: dict[str, Any]) -> str | None:
    directive = event.get("directive")
    if isinstance(directive, dict):
        namespace = str(_nested(directive, "header").get("namespace", ""))
        return "v3" if namespace.startswith("Alexa") else None
    namespace = str(_nested(event, "header").get("namespace", ""))
    return "v2" if namespace.startswith("Alexa.") and "payload" in event else None


def _appsync_authorizer(event: dict[str, Any]) -> str | None:
    context = _nested(event, "requestContext")
    return "" if "apiId" in context and "queryString" in context else None


def _appsync_events(event: dict[str, Any]) -> str | None:
    info = _nested(event, "info")
    if "channelNamespace" not in info:
        return None
    operation = info.get("operation")
    return operation.lower() if operation in ("PUBLISH", "SUBSCRIBE") else None


def _iot_events(event: dict[str, Any]) -> str | None:
    # The Lambda developer guide's sample wraps the payload in "event" (once spelled "event: ").
    body = event.get("event") or event.get("event: ")
    if not isinstance(body, dict):
        body = event
    return "" if "detector" in _nested(body, "payload") else None


_EVENTS = "lambda_universal_router.events."
_BATCH = "lambda_universal_router._batch.dispatch:BatchDispatcher"
_RULES = "lambda_universal_router._batch.rules:"

#: Every source, in the order the classifier tries their markers: the 1.0 sources first so that
#: adding sources never slows down recognising them.
SOURCES: tuple[Source, ...] = (
    Source(
        "http",
        _EVENTS + "_http:APIGatewayEvent",
        dispatcher="lambda_universal_router._http.dispatch:HTTPDispatcher",
        markers=("httpMethod",),
        detect=_http_v1,
    ),
    Source(
        "http",
        _EVENTS + "_http:APIGatewayEvent",
        dispatcher="lambda_universal_router._http.dispatch:HTTPDispatcher",
        markers=("rawPath",),
        detect=_http_v2,
    ),
    Source(
        "sqs",
        _EVENTS + "_sqs:SQSEvent",
        dispatcher=_BATCH,
        batch=_RULES + "SQS",
        filters=_EVENTS + "_sqs:FILTERS",
        identity=_EVENTS + "_sqs:IDENTITY",
        record_sources=("aws:sqs",),
        record_keys=("body",),
    ),
    Source(
        "sns",
        _EVENTS + "_sns:SNSEvent",
        dispatcher=_BATCH,
        batch=_RULES + "SNS",
        filters=_EVENTS + "_sns:FILTERS",
        identity=_EVENTS + "_sns:IDENTITY",
        record_sources=("aws:sns",),
        record_keys=("Sns",),
    ),
    Source(
        "s3",
        _EVENTS + "_s3:S3Event",
        dispatcher=_BATCH,
        batch=_RULES + "S3",
        filters=_EVENTS + "_s3:FILTERS",
        identity=_EVENTS + "_s3:IDENTITY",
        record_sources=("aws:s3",),
        record_keys=("s3",),
    ),
    Source(
        "dynamodb",
        _EVENTS + "_dynamodb:DynamoDBStreamEvent",
        dispatcher=_BATCH,
        batch=_RULES + "DYNAMODB",
        filters=_EVENTS + "_dynamodb:FILTERS",
        identity=_EVENTS + "_dynamodb:IDENTITY",
        record_sources=("aws:dynamodb",),
        record_keys=("dynamodb",),
    ),
    Source(
        "kinesis",
        _EVENTS + "_kinesis:KinesisStreamEvent",
        dispatcher=_BATCH,
        batch=_RULES + "KINESIS",
        filters=_EVENTS + "_kinesis:FILTERS",
        identity=_EVENTS + "_kinesis:IDENTITY",
        record_sources=("aws:kinesis",),
        record_keys=("kinesis",),
    ),
    Source(
        "eventbridge",
        _EVENTS + "_schedule:eventbridge_event",  # ScheduledEvent for scheduled events
        dispatcher=_BATCH,
        batch=_RULES + "EVENTBRIDGE",
        filters=_EVENTS + "_eventbridge:FILTERS",
        markers=("detail-type",),
        detect=_eventbridge,
    ),
    Source(
        "kafka",
        _EVENTS + "_kafka:KafkaEvent",
        dispatcher=_BATCH,
        batch=_RULES + "KAFKA",
        filters=_EVENTS + "_kafka:FILTERS",
        identity=_EVENTS + "_kafka:IDENTITY",
        event_sources=("aws:kafka", "SelfManagedKafka", "aws:SelfManagedKafka"),
    ),
    # --- sources beyond 1.0 ---------------------------------------------------------------------
    Source(
        "http",
        _EVENTS + "_http:APIGatewayEvent",
        dispatcher="lambda_universal_router._http.dispatch:HTTPDispatcher",
        markers=("method",),
        detect=_lattice,
    ),
    Source(
        "websocket",
        _EVENTS + "_websocket:WebSocketEvent",
        dispatcher="lambda_universal_router._answers.websocket:WebSocketDispatcher",
        filters=_EVENTS + "_websocket:FILTERS",
        markers=("requestContext",),
        detect=_websocket,
    ),
    Source(
        "authorizer",
        _EVENTS + "_authorizer:AuthorizerEvent",
        filters=_EVENTS + "_authorizer:FILTERS",
        markers=("methodArn", "routeArn"),
        detect=_authorizer,
    ),
    Source(
        "cognito",
        _EVENTS + "_cognito:CognitoEvent",
        dispatcher="lambda_universal_router._answers.cognito:CognitoDispatcher",
        filters=_EVENTS + "_cognito:FILTERS",
        markers=("triggerSource",),
    ),
    Source(
        "cloudformation",
        _EVENTS + "_cloudformation:CloudFormationEvent",
        dispatcher="lambda_universal_router._answers.custom_resource:CustomResourceDispatcher",
        filters=_EVENTS + "_cloudformation:FILTERS",
        markers=("ResponseURL",),
        detect=_present("RequestType", "StackId"),
    ),
    Source(
        "cloudwatch_logs",
        _EVENTS + "_cloudwatch_logs:CloudWatchLogsEvent",
        dispatcher="lambda_universal_router._answers.logs:LogsDispatcher",
        filters=_EVENTS + "_cloudwatch_logs:FILTERS",
        markers=("awslogs",),
    ),
    Source(
        "firehose",
        _EVENTS + "_firehose:FirehoseEvent",
        dispatcher="lambda_universal_router._answers.firehose:FirehoseDispatcher",
        filters=_EVENTS + "_firehose:FILTERS",
        markers=("deliveryStreamArn", "invocationId"),
        detect=_firehose,
    ),
    Source(
        "s3_batch",
        _EVENTS + "_s3_batch:S3BatchEvent",
        dispatcher="lambda_universal_router._answers.s3_batch:S3BatchDispatcher",
        markers=("invocationSchemaVersion",),
        detect=_present("job"),
    ),
    Source(
        "s3_object_lambda",
        _EVENTS + "_s3_object_lambda:S3ObjectLambdaEvent",
        filters=_EVENTS + "_s3_object_lambda:FILTERS",
        markers=(
            "getObjectContext",
            "headObjectContext",
            "listObjectsContext",
            "listObjectsV2Context",
        ),
    ),
    Source(
        "appsync",
        _EVENTS + "_appsync:AppSyncEvent",
        dispatcher="lambda_universal_router._answers.appsync:AppSyncDispatcher",
        filters=_EVENTS + "_appsync:FILTERS",
        markers=("info",),
        detect=_appsync,
    ),
    Source(
        "codepipeline", _EVENTS + "_codepipeline:CodePipelineEvent", markers=("CodePipeline.job",)
    ),
    Source(
        "config_rule",
        _EVENTS + "_config_rule:ConfigRuleEvent",
        markers=("configRuleName",),
        filters=_EVENTS + "_config_rule:FILTERS",
        detect=_present("invokingEvent"),
    ),
    Source(
        "secrets_rotation",
        _EVENTS + "_secrets_rotation:SecretsRotationEvent",
        markers=("SecretId",),
        dispatcher="lambda_universal_router._answers.rotation:RotationDispatcher",
        filters=_EVENTS + "_secrets_rotation:FILTERS",
        detect=_present("Step", "ClientRequestToken"),
    ),
    Source(
        "lex",
        _EVENTS + "_lex:LexEvent",
        filters=_EVENTS + "_lex:FILTERS",
        markers=("invocationSource",),
        detect=_lex,
    ),
    Source(
        "bedrock_agent",
        _EVENTS + "_bedrock_agent:BedrockAgentEvent",
        dispatcher="lambda_universal_router._answers.bedrock_agent:BedrockAgentDispatcher",
        filters=_EVENTS + "_bedrock_agent:FILTERS",
        markers=("actionGroup",),
        detect=_bedrock_agent,
    ),
    Source(
        "connect",
        _EVENTS + "_connect:ConnectEvent",
        dispatcher="lambda_universal_router._answers.connect:ConnectDispatcher",
        markers=("Details",),
        detect=_connect,
    ),
    Source(
        "cloudwatch_alarm",
        _EVENTS + "_cloudwatch_alarm:CloudWatchAlarmEvent",
        filters=_EVENTS + "_cloudwatch_alarm:FILTERS",
        markers=("alarmData",),
    ),
    Source(
        "codedeploy",
        _EVENTS + "_codedeploy:CodeDeployLifecycleEvent",
        markers=("LifecycleEventHookExecutionId",),
    ),
    Source(
        "iot",
        _EVENTS + "_iot:IoTEvent",
        filters=_EVENTS + "_iot:FILTERS",
        markers=(
            "protocolData",
            "signatureVerified",
            "claimCertificateId",
            "mqttContext",
            "httpContext",
            "tlsContext",
        ),
        detect=_iot,
    ),
    Source(
        "ses",
        _EVENTS + "_ses:SESEvent",
        filters=_EVENTS + "_ses:FILTERS",
        record_sources=("aws:ses",),
        record_keys=("ses",),
    ),
    Source(
        "codecommit",
        _EVENTS + "_codecommit:CodeCommitEvent",
        filters=_EVENTS + "_codecommit:FILTERS",
        record_sources=("aws:codecommit",),
        record_keys=("codecommit",),
    ),
    Source(
        "cloudfront",
        _EVENTS + "_cloudfront:CloudFrontEvent",
        dispatcher="lambda_universal_router._answers.cloudfront:CloudFrontDispatcher",
        filters=_EVENTS + "_cloudfront:FILTERS",
        record_keys=("cf",),
    ),
    Source(
        "mq",
        _EVENTS + "_mq:MQEvent",
        dispatcher="lambda_universal_router._batch.mq:MQDispatcher",
        filters=_EVENTS + "_mq:FILTERS",
        event_sources=("aws:mq", "aws:amq", "aws:rmq"),
    ),
    Source(
        "documentdb",
        _EVENTS + "_documentdb:DocumentDBEvent",
        dispatcher="lambda_universal_router._batch.dispatch:BatchDispatcher",
        batch=_RULES + "DOCUMENTDB",
        filters=_EVENTS + "_documentdb:FILTERS",
        event_sources=("aws:docdb",),
    ),
    Source(
        "lambda_destination",
        _EVENTS + "_lambda_destination:LambdaDestinationEvent",
        filters=_EVENTS + "_lambda_destination:FILTERS",
        markers=("requestPayload",),
        detect=_present("requestContext", "timestamp"),
    ),
    Source(
        "alexa",
        _EVENTS + "_alexa:AlexaEvent",
        filters=_EVENTS + "_alexa:FILTERS",
        markers=("request",),
        detect=_alexa,
    ),
    Source(
        "alexa_smart_home",
        _EVENTS + "_alexa_smart_home:AlexaSmartHomeEvent",
        filters=_EVENTS + "_alexa_smart_home:FILTERS",
        markers=("directive", "header"),
        detect=_alexa_smart_home,
    ),
    Source(
        "transfer_family",
        _EVENTS + "_transfer_family:TransferFamilyAuthEvent",
        filters=_EVENTS + "_transfer_family:FILTERS",
        markers=("serverId",),
        detect=_present("username", "protocol"),
    ),
    Source(
        "appsync_authorizer",
        _EVENTS + "_appsync_authorizer:AppSyncAuthorizerEvent",
        markers=("authorizationToken",),
        detect=_appsync_authorizer,
    ),
    Source(
        "cognito_sync",
        _EVENTS + "_cognito_sync:CognitoSyncEvent",
        dispatcher="lambda_universal_router._answers.cognito_sync:CognitoSyncDispatcher",
        filters=_EVENTS + "_cognito_sync:FILTERS",
        markers=("datasetRecords",),
        detect=_present("datasetName"),
    ),
    Source(
        "appsync_events",
        _EVENTS + "_appsync_events:AppSyncEventsEvent",
        dispatcher="lambda_universal_router._answers.appsync_events:AppSyncEventsDispatcher",
        filters=_EVENTS + "_appsync_events:FILTERS",
        markers=("info",),
        detect=_appsync_events,
    ),
    Source(
        "iot_events",
        _EVENTS + "_iot_events:IoTEventsEvent",
        filters=_EVENTS + "_iot_events:FILTERS",
        markers=("payload", "event", "event: "),
        detect=_iot_events,
    ),
)

#: The fallback for everything the classifier does not recognise.
CUSTOM = Source("custom", _EVENTS + "_custom:CustomEvent")

#: Source names, each once, in table order (what ``Router`` accepts as a registration source).
NAMES: tuple[str, ...] = tuple(dict.fromkeys(source.name for source in SOURCES))

#: The first row of each source name (several HTTP rows share one name).
BY_NAME: dict[str, Source] = {}
for _source in SOURCES:
    BY_NAME.setdefault(_source.name, _source)

#: Sources whose records can carry others (see ``_batch.envelopes``), and the sources they carry.
CARRIER_SOURCES = ("sqs", "sns", "eventbridge")
INNER_SOURCES = frozenset({"s3", "sns", "eventbridge"})
