"""Decorators for the event sources beyond the nine of the 1.0 API.

A mixin of ``Router``: each decorator is a one-line shim over ``Router._register``, grouped by
family. The sources themselves are rows of the table in ``_sources``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any, TypeVar

    F = TypeVar("F", bound=Callable[..., Any])
    Middleware = Callable[..., Any]


class SourceDecorators:
    """Registration decorators for WebSocket, authorizers, Cognito, CloudFormation, ..."""

    if TYPE_CHECKING:

        def _register(self, source: str, **options: Any) -> Callable[[F], F]: ...

    # --- sources beyond 1.0: APIs, identity and conversations ----------------------------------

    def websocket(
        self,
        route_key: str | Iterable[str] | None = None,
        *,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for API Gateway WebSocket routes; it receives a ``WebSocketEvent``.

        ``route_key="$default"`` also receives messages whose route key no handler names.
        """
        from ._filters import names

        return self._register(
            "websocket",
            filters={"route_key": names("route_key", route_key)},
            middlewares=middlewares,
        )

    def authorizer(
        self, type: str | Iterable[str] | None = None, *, middlewares: Iterable[Middleware] = ()
    ) -> Callable[[F], F]:
        """Register an API Gateway Lambda authorizer; it receives an ``AuthorizerEvent``.

        ``type`` picks the variant: ``"token"``, ``"request"`` or ``"http"`` (payload 2.0).
        """
        from .events._authorizer import variants

        return self._register(
            "authorizer", filters={"type": variants(type)}, middlewares=middlewares
        )

    def cognito(
        self, trigger: str | Iterable[str] | None = None, *, middlewares: Iterable[Middleware] = ()
    ) -> Callable[[F], F]:
        """Register a handler for Cognito User Pool triggers; it receives a ``CognitoEvent``.

        ``trigger`` is a trigger source (``"PreSignUp_SignUp"``), a family (``"PreSignUp"``,
        ``"TokenGeneration"``) or a list of them.
        """
        from .events._cognito import triggers

        return self._register(
            "cognito", filters={"trigger": triggers(trigger)}, middlewares=middlewares
        )

    def cognito_sync(
        self, *, dataset: str | Iterable[str] | None = None, middlewares: Iterable[Middleware] = ()
    ) -> Callable[[F], F]:
        """Register a Cognito Sync trigger; it receives a ``CognitoSyncEvent`` and may change
        its records (the router answers with the event).
        """
        from ._filters import names

        return self._register(
            "cognito_sync", filters={"dataset": names("dataset", dataset)}, middlewares=middlewares
        )

    def appsync(
        self,
        type_name: str | Iterable[str] | None = None,
        field_name: str | Iterable[str] | None = None,
        *,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register an AppSync direct Lambda resolver; it receives an ``AppSyncEvent``.

        Batched invocations are resolved item by item, each by its own handler.
        """
        from ._filters import names

        filters = {
            "type_name": names("type_name", type_name),
            "field_name": names("field_name", field_name),
        }
        return self._register("appsync", filters=filters, middlewares=middlewares)

    def appsync_authorizer(self, *, middlewares: Iterable[Middleware] = ()) -> Callable[[F], F]:
        """Register an AppSync Lambda authorizer; it receives an ``AppSyncAuthorizerEvent`` and
        answers with ``event.allow(...)`` or ``event.deny()``.
        """
        return self._register("appsync_authorizer", middlewares=middlewares)

    def appsync_events(
        self,
        *,
        namespace: str | Iterable[str] | None = None,
        channel: str | Iterable[str] | None = None,
        operation: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register an AppSync Events channel namespace handler (direct Lambda integration); it
        receives an ``AppSyncEventsEvent``.

        ``channel`` is a path (``/chat/rooms/42``) or ends with ``/*`` for every channel below
        it; ``operation`` is ``"PUBLISH"`` or ``"SUBSCRIBE"``.
        """
        from ._filters import choices, names
        from .events._appsync_events import OPERATIONS

        filters = {
            "namespace": names("namespace", namespace),
            "channel": names("channel", channel),
            "operation": choices("operation", operation, OPERATIONS),
        }
        return self._register("appsync_events", filters=filters, middlewares=middlewares)

    def lex(
        self,
        intent: str | Iterable[str] | None = None,
        *,
        invocation_source: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register an Amazon Lex (V1 or V2) code hook; it receives a ``LexEvent``.

        ``invocation_source`` is ``"DialogCodeHook"`` or ``"FulfillmentCodeHook"``.
        """
        from ._filters import names

        filters = {
            "intent": names("intent", intent),
            "invocation_source": names("invocation_source", invocation_source),
        }
        return self._register("lex", filters=filters, middlewares=middlewares)

    def bedrock_agent(
        self,
        api_path: str | Iterable[str] | None = None,
        http_method: str | Iterable[str] | None = None,
        *,
        function: str | Iterable[str] | None = None,
        action_group: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a Bedrock agent action group handler; it receives a ``BedrockAgentEvent``.

        OpenAPI action groups route by ``api_path`` (as the schema writes it) and
        ``http_method``; function details action groups by ``function``.
        """
        from ._filters import names

        methods = names("http_method", http_method)
        filters = {
            "api_path": names("api_path", api_path),
            "http_method": None if methods is None else frozenset(m.upper() for m in methods),
            "function": names("function", function),
            "action_group": names("action_group", action_group),
        }
        return self._register("bedrock_agent", filters=filters, middlewares=middlewares)

    def connect(self, *, middlewares: Iterable[Middleware] = ()) -> Callable[[F], F]:
        """Register an Amazon Connect contact flow handler; it receives a ``ConnectEvent``.

        Its answer is sent as a flat map of strings (``ConnectJSONResponse`` for JSON).
        """
        return self._register("connect", middlewares=middlewares)

    # --- sources beyond 1.0: infrastructure and data pipelines ---------------------------------

    def cloudformation(
        self,
        resource_type: str | Iterable[str] | None = None,
        *,
        request_type: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a CloudFormation custom resource handler; it receives a
        ``CloudFormationEvent``. The router sends the stack the answer (SUCCESS or FAILED).
        """
        from ._filters import names
        from .events._cloudformation import request_types

        filters = {
            "resource_type": names("resource_type", resource_type),
            "request_type": request_types(request_type),
        }
        return self._register("cloudformation", filters=filters, middlewares=middlewares)

    def firehose(
        self,
        *,
        delivery_stream: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a Firehose transformation; it receives each ``FirehoseRecord`` and returns
        its new data or a ``FirehoseResult``. ``delivery_stream`` takes names or ARNs.
        """
        from ._filters import names

        return self._register(
            "firehose",
            filters={"delivery_stream": names("delivery_stream", delivery_stream)},
            middlewares=middlewares,
        )

    def cloudwatch_logs(
        self,
        log_group: str | Iterable[str] | None = None,
        *,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for CloudWatch Logs subscriptions; it receives a
        ``CloudWatchLogsEvent``. ``log_group`` takes names, or prefixes ending in ``*``.
        """
        from .events._cloudwatch_logs import log_group_patterns

        return self._register(
            "cloudwatch_logs",
            filters={"log_group": log_group_patterns(log_group)},
            middlewares=middlewares,
        )

    def s3_batch(self, *, middlewares: Iterable[Middleware] = ()) -> Callable[[F], F]:
        """Register an S3 Batch Operations handler; it receives each ``S3BatchTask`` and returns
        None, a result string or an ``S3BatchResult``.
        """
        return self._register("s3_batch", middlewares=middlewares)

    def s3_object_lambda(
        self,
        operation: str | Iterable[str] | None = None,
        *,
        access_point: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register an S3 Object Lambda handler; it receives an ``S3ObjectLambdaEvent``.

        ``operation`` is ``GetObject``, ``HeadObject``, ``ListObjects`` or ``ListObjectsV2``;
        ``access_point`` takes Object Lambda access point names or ARNs.
        """
        from ._filters import names
        from .events._s3_object_lambda import operations

        filters = {
            "operation": operations(operation),
            "access_point": names("access_point", access_point),
        }
        return self._register("s3_object_lambda", filters=filters, middlewares=middlewares)

    def cloudfront(
        self,
        event_type: str | Iterable[str] | None = None,
        *,
        distribution_id: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a Lambda@Edge handler; it receives a ``CloudFrontEvent`` and returns the
        request, a response, or None to pass them on unchanged.

        ``event_type`` is ``viewer-request``, ``origin-request``, ``origin-response`` or
        ``viewer-response``.
        """
        from ._filters import names
        from .events._cloudfront import event_types

        filters = {
            "event_type": event_types(event_type),
            "distribution_id": names("distribution_id", distribution_id),
        }
        return self._register("cloudfront", filters=filters, middlewares=middlewares)

    def iot(
        self, kind: str | Iterable[str] | None = None, *, middlewares: Iterable[Middleware] = ()
    ) -> Callable[[F], F]:
        """Register a handler for IoT Core custom authorizers and pre-provisioning hooks; it
        receives an ``IoTAuthorizerEvent`` or an ``IoTProvisioningEvent``.

        ``kind`` is ``"authorizer"`` or ``"provisioning"``. IoT rule actions go to ``custom()``.
        """
        from .events._iot import kinds

        return self._register("iot", filters={"kind": kinds(kind)}, middlewares=middlewares)

    def iot_events(
        self,
        *,
        detector_model: str | Iterable[str] | None = None,
        event_name: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for IoT Events detector model actions; it receives an
        ``IoTEventsEvent`` (the return value is ignored).
        """
        from ._filters import names

        filters = {
            "detector_model": names("detector_model", detector_model),
            "event_name": names("event_name", event_name),
        }
        return self._register("iot_events", filters=filters, middlewares=middlewares)

    # --- sources beyond 1.0: notifications, deployments and configuration -----------------------

    def ses(
        self,
        *,
        recipient: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for SES receipt rules; it receives an ``SESEvent``.

        ``recipient`` picks messages for an address, or a whole domain written ``"@example.com"``.
        """
        from .events._ses import recipient_patterns

        return self._register(
            "ses", filters={"recipient": recipient_patterns(recipient)}, middlewares=middlewares
        )

    def mq(
        self,
        *,
        queue: str | Iterable[str] | None = None,
        per_record: bool = False,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for Amazon MQ (ActiveMQ, RabbitMQ); it receives an ``MQEvent``.

        With ``per_record=True`` it receives each message (``ActiveMQMessage`` or
        ``RabbitMQMessage``); if any fails, the invocation fails once all have run, as Lambda
        retries MQ batches whole.
        """
        from ._filters import names

        return self._register(
            "mq",
            filters={"queue": names("queue", queue)},
            per_record=per_record,
            middlewares=middlewares,
        )

    def documentdb(
        self,
        *,
        collection: str | Iterable[str] | None = None,
        database: str | Iterable[str] | None = None,
        operation_types: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for DocumentDB change streams; it receives a ``DocumentDBEvent``.

        Filters pick changes, not batches: each handler gets an event with the changes it takes.
        """
        from .events._documentdb import filters

        return self._register(
            "documentdb",
            filters=filters(collection, database, operation_types),
            middlewares=middlewares,
        )

    def codecommit(
        self,
        *,
        repository: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for CodeCommit triggers; it receives a ``CodeCommitEvent``."""
        from ._filters import names

        return self._register(
            "codecommit",
            filters={"repository": names("repository", repository)},
            middlewares=middlewares,
        )

    def cloudwatch_alarm(
        self,
        *,
        alarm_name: str | Iterable[str] | None = None,
        state: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for CloudWatch alarm actions; it receives a ``CloudWatchAlarmEvent``.

        ``state`` picks the state the alarm entered: ``ALARM``, ``OK``, ``INSUFFICIENT_DATA``.
        """
        from ._filters import names
        from .events._cloudwatch_alarm import alarm_states

        return self._register(
            "cloudwatch_alarm",
            filters={"alarm_name": names("alarm_name", alarm_name), "state": alarm_states(state)},
            middlewares=middlewares,
        )

    def codepipeline(self, *, middlewares: Iterable[Middleware] = ()) -> Callable[[F], F]:
        """Register a handler for CodePipeline jobs; it receives a ``CodePipelineEvent``.

        CodePipeline ignores the return value: report the job with ``event.succeed()`` or
        ``event.fail(message)``.
        """
        return self._register("codepipeline", middlewares=middlewares)

    def codedeploy(self, *, middlewares: Iterable[Middleware] = ()) -> Callable[[F], F]:
        """Register a CodeDeploy lifecycle hook; it receives a ``CodeDeployLifecycleEvent``.

        Report the hook with ``event.succeed()`` or ``event.fail()``.
        """
        return self._register("codedeploy", middlewares=middlewares)

    def config_rule(
        self,
        *,
        rule_name: str | Iterable[str] | None = None,
        message_type: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for AWS Config custom rules; it receives a ``ConfigRuleEvent``."""
        from ._filters import names
        from .events._config_rule import message_types

        return self._register(
            "config_rule",
            filters={
                "rule_name": names("rule_name", rule_name),
                "message_type": message_types(message_type),
            },
            middlewares=middlewares,
        )

    def secrets_rotation(
        self, step: str | Iterable[str] | None = None, *, middlewares: Iterable[Middleware] = ()
    ) -> Callable[[F], F]:
        """Register a Secrets Manager rotation step handler; it receives ``SecretsRotationEvent``.

        ``step`` is ``createSecret``, ``setSecret``, ``testSecret`` or ``finishSecret`` (or a list).
        """
        from .events._secrets_rotation import steps

        return self._register(
            "secrets_rotation", filters={"step": steps(step)}, middlewares=middlewares
        )

    def schedule(
        self, rule: str | Iterable[str] | None = None, *, middlewares: Iterable[Middleware] = ()
    ) -> Callable[[F], F]:
        """Register a handler for EventBridge scheduled rules; it receives a ``ScheduledEvent``.

        ``rule`` picks rules by name or ARN. These handlers take scheduled events before an
        unfiltered ``eventbridge()`` handler does.
        """
        from ._filters import names

        return self._register(
            "eventbridge",
            filters={"scheduled": True, "rule": names("rule", rule)},
            middlewares=middlewares,
        )

    def lambda_destination(
        self,
        *,
        condition: str | Iterable[str] | None = None,
        function: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for asynchronous invocation records sent to this function as a
        destination; it receives a ``LambdaDestinationEvent``.

        ``condition`` is ``Success``, ``RetriesExhausted`` or ``EventAgeExceeded``; ``function``
        the invoked function's name or ARN.
        """
        from ._filters import names
        from .events._lambda_destination import conditions

        return self._register(
            "lambda_destination",
            filters={"condition": conditions(condition), "function": names("function", function)},
            middlewares=middlewares,
        )

    def alexa(
        self,
        *,
        request_type: str | Iterable[str] | None = None,
        intent: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for Alexa custom skill requests; it receives an ``AlexaEvent``.

        ``request_type`` is ``LaunchRequest``, ``IntentRequest``, ``SessionEndedRequest``...;
        ``intent`` picks intent requests by intent name. Answer with ``event.speak(...)``.
        """
        from ._filters import names

        return self._register(
            "alexa",
            filters={
                "request_type": names("request_type", request_type),
                "intent": names("intent", intent),
            },
            middlewares=middlewares,
        )

    def alexa_smart_home(
        self,
        *,
        namespace: str | Iterable[str] | None = None,
        name: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for Alexa smart home directives; it receives an
        ``AlexaSmartHomeEvent``.

        ``namespace`` (``Alexa.PowerController``) and ``name`` (``TurnOn``) pick directives.
        """
        from ._filters import names

        return self._register(
            "alexa_smart_home",
            filters={"namespace": names("namespace", namespace), "name": names("name", name)},
            middlewares=middlewares,
        )

    def transfer_family(
        self,
        *,
        protocol: str | Iterable[str] | None = None,
        server: str | Iterable[str] | None = None,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a Transfer Family custom identity provider; it receives a
        ``TransferFamilyAuthEvent`` and answers with ``event.allow(...)`` or ``event.deny()``.
        """
        from ._filters import names
        from .events._transfer_family import protocols

        return self._register(
            "transfer_family",
            filters={"protocol": protocols(protocol), "server": names("server", server)},
            middlewares=middlewares,
        )
