"""Testing helpers: realistic events for every source, a fake Lambda context, an HTTP test client.

    from lambda_universal_router.testing import LambdaContext, sqs

    result = router.dispatch(sqs(["first", "second"], queue="orders"), LambdaContext())

    client = router.test_client(flavor="http")
    response = client.get("/users/1")
    assert response.status_code == 200 and response.json() == {"id": "1"}

Stdlib only, and never imported by the router itself: tests and the command line load it.
"""

from __future__ import annotations

from ._catalog import generate, names
from ._client import Headers, TestClient, TestResponse
from ._context import CognitoIdentity, LambdaContext
from ._factories import custom, dynamodb, eventbridge, kafka, kinesis, s3, sns, sqs
from ._factories_api import (
    appsync,
    appsync_batch,
    authorizer,
    bedrock_agent,
    cognito,
    connect,
    lex,
    websocket,
)
from ._factories_extra import appsync_authorizer, appsync_events, cognito_sync, iot_events
from ._factories_misc import (
    alexa,
    alexa_smart_home,
    cloudwatch_alarm,
    codecommit,
    codedeploy,
    codepipeline,
    config_rule,
    documentdb,
    lambda_destination,
    mq,
    schedule,
    scheduled_event,
    secrets_rotation,
    ses,
    transfer_family,
)
from ._factories_ops import (
    cloudformation,
    cloudfront,
    cloudwatch_logs,
    firehose,
    iot,
    iot_authorizer,
    iot_provisioning,
    s3_batch,
    s3_object_lambda,
)
from ._http_factory import FLAVORS, http

__all__ = [
    "CognitoIdentity",
    "FLAVORS",
    "Headers",
    "LambdaContext",
    "TestClient",
    "TestResponse",
    "alexa",
    "alexa_smart_home",
    "appsync",
    "appsync_authorizer",
    "appsync_batch",
    "appsync_events",
    "authorizer",
    "bedrock_agent",
    "cloudformation",
    "cloudfront",
    "cloudwatch_alarm",
    "cloudwatch_logs",
    "codecommit",
    "codedeploy",
    "codepipeline",
    "cognito",
    "cognito_sync",
    "config_rule",
    "connect",
    "custom",
    "documentdb",
    "dynamodb",
    "eventbridge",
    "firehose",
    "generate",
    "http",
    "iot",
    "iot_authorizer",
    "iot_events",
    "iot_provisioning",
    "kafka",
    "kinesis",
    "lambda_destination",
    "lex",
    "mq",
    "names",
    "s3",
    "s3_batch",
    "s3_object_lambda",
    "schedule",
    "scheduled_event",
    "secrets_rotation",
    "ses",
    "sns",
    "sqs",
    "transfer_family",
    "websocket",
]
