"""Every decorator that registers a handler for a source, the 1.0 ones included.

A mixin of ``Router``: each decorator checks its options and hands them to ``Router._register``,
grouped by family. The sources themselves are rows of the table in ``_sources``; the router's own
hooks (``middleware``, ``exception_handler``, ``not_found``) stay on ``Router``, as they set its
state rather than register a handler.

NOTE: the batch decorators repeat their keywords (``per_record``, ``concurrency``,
``middlewares``) on purpose: each signature is complete where IDEs and ``help()`` show it.
"""

from __future__ import annotations

from ._exceptions import ConfigurationError

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from typing import Any, TypeVar

    from typing_extensions import TypedDict, Unpack

    from ._exceptions import HTTPError
    from ._http.cors import CORS

    F = TypeVar("F", bound=Callable[..., Any])
    Middleware = Callable[..., Any]

    class RouteOptions(TypedDict, total=False):
        """Keyword options of the HTTP route decorators (see :meth:`Router.route`)."""

        status_code: int
        responses: Iterable[type[HTTPError]] | Mapping[int, str]
        tags: Iterable[str]
        operation_id: str
        deprecated: bool
        include_in_schema: bool
        middlewares: Iterable[Middleware]
        cors: CORS | bool | None
        compress: bool | int | None


class Decorators:
    """Registration decorators: HTTP routes, the 1.0 batch sources, and every later source."""

    if TYPE_CHECKING:

        def _register(self, source: str, **options: Any) -> Callable[[F], F]: ...

    # --- HTTP ------------------------------------------------------------------------------------

    def route(
        self,
        path: str,
        methods: str | Iterable[str] = ("GET",),
        *,
        status_code: int = 200,
        responses: Iterable[type[HTTPError]] | Mapping[int, str] | None = None,
        tags: Iterable[str] | None = None,
        operation_id: str | None = None,
        deprecated: bool = False,
        include_in_schema: bool = True,
        middlewares: Iterable[Middleware] = (),
        cors: CORS | bool | None = None,
        compress: bool | int | None = None,
    ) -> Callable[[F], F]:
        """Register an HTTP handler for ``path`` and ``methods`` (``"ANY"`` matches every method).

        ``path`` may hold ``{name}`` (one segment) and ``{name+}`` (the rest of the path); the
        values reach the handler, percent-decoded, in ``event.path_parameters`` (and in the
        parameters of the same names of a typed handler). ``status_code`` is the status of a
        typed handler's answers; the other options are what the OpenAPI document says of the
        route: ``responses`` (the ``HTTPError`` classes it raises, or status -> description),
        ``tags``, ``operation_id``, ``deprecated``, and ``include_in_schema=False`` to leave it out.
        ``middlewares`` run around this handler only; ``cors`` (a :class:`CORS`, or False for
        none) and ``compress`` override the router's settings for this route.
        """
        if isinstance(status_code, bool) or not isinstance(status_code, int):
            raise ConfigurationError(f"status_code= takes an HTTP status, not {status_code!r}")
        if not 100 <= status_code <= 599:
            raise ConfigurationError(f"status_code= takes an HTTP status, not {status_code!r}")
        documented = None
        if responses is not None:
            from ._app.settings import checked_responses

            documented = checked_responses(responses, f"responses= on {path!r}")
        wanted = (methods,) if isinstance(methods, str) else tuple(methods)
        docs: dict[str, Any] = {
            "tags": None if tags is None else [tags] if isinstance(tags, str) else list(tags),
            "operation_id": operation_id,
            "deprecated": deprecated,
            "include_in_schema": include_in_schema,
            "responses": documented,
        }
        if cors is not None or compress is not None:
            from ._app.settings import checked_compress, checked_route_cors

            cors = checked_route_cors(cors, f"cors= on {path!r}")
            compress = None if compress is None else checked_compress(compress, "compress=")
        return self._register(
            "http",
            path=path,
            methods=tuple(m.upper() for m in wanted),
            status_code=status_code,
            docs={key: value for key, value in docs.items() if value is not None},
            middlewares=middlewares,
            cors=cors,
            compress=compress,
        )

    def apigateway(
        self, path: str, method: str = "GET", **options: Unpack[RouteOptions]
    ) -> Callable[[F], F]:
        """Register an HTTP handler (the 1.0 name of :meth:`route` with one method)."""
        return self.route(path, (method,), **options)

    def get(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Register an HTTP GET handler (HEAD requests are answered by it too)."""
        return self.route(path, ("GET",), **options)

    def post(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Register an HTTP POST handler."""
        return self.route(path, ("POST",), **options)

    def put(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Register an HTTP PUT handler."""
        return self.route(path, ("PUT",), **options)

    def patch(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Register an HTTP PATCH handler."""
        return self.route(path, ("PATCH",), **options)

    def delete(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Register an HTTP DELETE handler."""
        return self.route(path, ("DELETE",), **options)

    def head(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Register an HTTP HEAD handler."""
        return self.route(path, ("HEAD",), **options)

    def options(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Register an HTTP OPTIONS handler."""
        return self.route(path, ("OPTIONS",), **options)

    def any(self, path: str, **options: Unpack[RouteOptions]) -> Callable[[F], F]:
        """Register an HTTP handler for every method on ``path``."""
        return self.route(path, ("ANY",), **options)

    # --- the 1.0 sources beyond HTTP --------------------------------------------------------------

    def _register_batch(
        self,
        source: str,
        filters: dict[str, Any],
        per_record: bool,
        concurrency: int,
        middlewares: Iterable[Middleware],
    ) -> Callable[[F], F]:
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise ConfigurationError(
                f"concurrency= takes a whole number of at least 1, not {concurrency!r}"
            )
        if concurrency > 1 and not per_record:
            raise ConfigurationError(
                "concurrency= needs per_record=True: a whole-batch handler runs once per batch"
            )
        return self._register(
            source,
            filters=filters,
            per_record=per_record,
            concurrency=concurrency,
            middlewares=middlewares,
        )

    def sqs(
        self,
        *,
        queue: str | Iterable[str] | None = None,
        per_record: bool = False,
        concurrency: int = 1,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for SQS messages from ``queue`` (name or ARN; default: any).

        Whole-batch handlers receive an ``SQSEvent``; with ``per_record=True`` the handler receives
        one ``SQSMessage`` at a time and failures are reported as partial batch failures.
        """
        from ._filters import names

        return self._register_batch(
            "sqs", {"queue": names("queue", queue)}, per_record, concurrency, middlewares
        )

    def s3(
        self,
        *,
        bucket: str | Iterable[str] | None = None,
        prefix: str | None = None,
        suffix: str | None = None,
        events: str | Iterable[str] | None = None,
        per_record: bool = False,
        concurrency: int = 1,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for S3 notifications, direct or carried by SNS, SQS or EventBridge.

        Filters: ``bucket`` (name or ARN), key ``prefix`` and ``suffix``, and ``events`` as in
        bucket notification settings (``"ObjectCreated:*"``). It receives an ``S3Event`` (an
        ``S3Record`` with ``per_record=True``).
        """
        from ._filters import names, s3_event_names

        filters = {
            "bucket": names("bucket", bucket),
            "prefix": prefix,
            "suffix": suffix,
            "events": s3_event_names(events),
        }
        return self._register_batch("s3", filters, per_record, concurrency, middlewares)

    def dynamodb(
        self,
        *,
        table: str | Iterable[str] | None = None,
        event_names: str | Iterable[str] | None = None,
        per_record: bool = False,
        concurrency: int = 1,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for DynamoDB Streams of ``table`` (name or ARN), for ``event_names``.

        It receives a ``DynamoDBStreamEvent`` (a ``DynamoDBStreamRecord`` with ``per_record=True``).
        """
        from ._filters import dynamodb_event_names, names

        filters = {"table": names("table", table), "event_names": dynamodb_event_names(event_names)}
        return self._register_batch("dynamodb", filters, per_record, concurrency, middlewares)

    def kinesis(
        self,
        *,
        stream: str | Iterable[str] | None = None,
        per_record: bool = False,
        concurrency: int = 1,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for Kinesis Data Streams records from ``stream`` (name or ARN).

        It receives a ``KinesisStreamEvent`` (a ``KinesisRecord`` with ``per_record=True``).
        """
        from ._filters import names

        return self._register_batch(
            "kinesis", {"stream": names("stream", stream)}, per_record, concurrency, middlewares
        )

    def sns(
        self,
        *,
        topic: str | Iterable[str] | None = None,
        per_record: bool = False,
        concurrency: int = 1,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for SNS notifications from ``topic`` (name or ARN), direct or via SQS.

        It receives an ``SNSEvent`` (an ``SNSMessage`` with ``per_record=True``).
        """
        from ._filters import names

        return self._register_batch(
            "sns", {"topic": names("topic", topic)}, per_record, concurrency, middlewares
        )

    def eventbridge(
        self,
        *,
        source: str | Iterable[str] | None = None,
        detail_type: str | Iterable[str] | None = None,
        pattern: Mapping[str, Any] | None = None,
        per_record: bool = False,
        concurrency: int = 1,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for EventBridge events, direct or carried by SQS.

        Filters: ``source``, ``detail_type``, and ``pattern``, an EventBridge event pattern
        (validated now, matched with EventBridge's rules). It receives an ``EventBridgeEvent``.
        """
        from ._filters import names

        compiled = None
        if pattern is not None:
            from ._patterns.compile import compile_pattern

            compiled = compile_pattern(pattern)
        filters = {
            "source": names("source", source),
            "detail_type": names("detail_type", detail_type),
            "pattern": compiled,
        }
        return self._register_batch("eventbridge", filters, per_record, concurrency, middlewares)

    def kafka(
        self,
        *,
        topic: str | Iterable[str] | None = None,
        per_record: bool = False,
        concurrency: int = 1,
        middlewares: Iterable[Middleware] = (),
    ) -> Callable[[F], F]:
        """Register a handler for MSK and self-managed Kafka records of ``topic``.

        It receives a ``KafkaEvent`` holding just the records of the topics it asked for; with
        ``per_record=True``, one ``KafkaRecord`` at a time, failures reported per partition.
        """
        from ._filters import names

        return self._register_batch(
            "kafka", {"topic": names("topic", topic)}, per_record, concurrency, middlewares
        )

    def custom(self, *, middlewares: Iterable[Middleware] = ()) -> Callable[[F], F]:
        """Register the fallback for events no other handler takes; it receives a ``CustomEvent``.

        Only one custom handler can be registered.
        """
        return self._register("custom", middlewares=middlewares)

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
