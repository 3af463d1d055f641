"""Typed views of the events each AWS source delivers to Lambda.

Every class is importable from here; its module loads on first access, so importing this package
costs almost nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._base import Event, Record

if TYPE_CHECKING:
    from ._alexa import AlexaEvent
    from ._alexa_smart_home import AlexaSmartHomeEvent
    from ._appsync import AppSyncEvent
    from ._appsync_authorizer import AppSyncAuthorizerEvent
    from ._appsync_events import AppSyncEventsEvent, AppSyncPublishedEvent
    from ._authorizer import AuthorizerEvent
    from ._bedrock_agent import BedrockAgentEvent
    from ._cloudformation import CloudFormationEvent
    from ._cloudfront import (
        CloudFrontEvent,
        CloudFrontHeaders,
        CloudFrontRequest,
        CloudFrontResponse,
    )
    from ._cloudwatch_alarm import AlarmConfiguration, AlarmState, CloudWatchAlarmEvent
    from ._cloudwatch_logs import CloudWatchLogEvent, CloudWatchLogsEvent
    from ._codecommit import CodeCommitEvent, CodeCommitRecord, CodeCommitReference
    from ._codedeploy import CodeDeployLifecycleEvent
    from ._codepipeline import (
        CodePipelineArtifact,
        CodePipelineCredentials,
        CodePipelineEvent,
        CodePipelineJob,
    )
    from ._cognito import CognitoEvent, CognitoRequest
    from ._cognito_responses import (
        AccessTokenClaims,
        CognitoResponse,
        CreateAuthChallengeResponse,
        CustomMessageResponse,
        DefineAuthChallengeResponse,
        GroupOverride,
        InboundFederationResponse,
        PreSignUpResponse,
        PreTokenGenerationResponse,
        PreTokenGenerationV2Response,
        TokenClaims,
        UserMigrationResponse,
        VerifyAuthChallengeResponse,
    )
    from ._cognito_sync import CognitoSyncEvent, CognitoSyncRecord
    from ._config_rule import ConfigRuleEvent, ConfigurationItem
    from ._connect import ConnectEvent, ConnectJSONResponse
    from ._custom import CustomEvent
    from ._documentdb import DocumentDBEvent, DocumentDBRecord
    from ._dynamodb import DynamoDBStreamEvent, DynamoDBStreamRecord
    from ._eventbridge import EventBridgeEvent
    from ._firehose import FirehoseEvent, FirehoseRecord, FirehoseResult
    from ._http import APIGatewayEvent, APIGatewayRequestContext, RequestIdentity
    from ._iot import IoTAuthorizerEvent, IoTEvent, IoTProvisioningEvent
    from ._iot_events import IoTEventsEvent
    from ._kafka import KafkaEvent, KafkaRecord
    from ._kinesis import KinesisRecord, KinesisStreamEvent
    from ._lambda_destination import LambdaDestinationEvent
    from ._lex import LexEvent
    from ._mq import ActiveMQMessage, MQEvent, MQMessage, RabbitMQMessage
    from ._s3 import S3Bucket, S3Details, S3Event, S3Object, S3Record
    from ._s3_batch import S3BatchEvent, S3BatchResult, S3BatchTask
    from ._s3_object_lambda import S3ObjectLambdaEvent
    from ._schedule import ScheduledEvent
    from ._secrets_rotation import SecretsRotationEvent
    from ._ses import SESCommonHeaders, SESEvent, SESMail, SESReceipt, SESRecord
    from ._sns import SNSEvent, SNSMessage
    from ._sqs import SQSEvent, SQSMessage
    from ._transfer_family import TransferFamilyAuthEvent
    from ._websocket import WebSocketEvent

#: Public class name -> the private module that defines it.
_MODULES: dict[str, str] = {
    "APIGatewayEvent": "_http",
    "APIGatewayRequestContext": "_http",
    "RequestIdentity": "_http",
    "SQSEvent": "_sqs",
    "SQSMessage": "_sqs",
    "S3Event": "_s3",
    "S3Record": "_s3",
    "S3Bucket": "_s3",
    "S3Object": "_s3",
    "S3Details": "_s3",
    "DynamoDBStreamEvent": "_dynamodb",
    "DynamoDBStreamRecord": "_dynamodb",
    "KinesisStreamEvent": "_kinesis",
    "KinesisRecord": "_kinesis",
    "SNSEvent": "_sns",
    "SNSMessage": "_sns",
    "EventBridgeEvent": "_eventbridge",
    "KafkaEvent": "_kafka",
    "KafkaRecord": "_kafka",
    "CustomEvent": "_custom",
    "WebSocketEvent": "_websocket",
    "AuthorizerEvent": "_authorizer",
    "CloudFormationEvent": "_cloudformation",
    "FirehoseEvent": "_firehose",
    "FirehoseRecord": "_firehose",
    "FirehoseResult": "_firehose",
    "CloudWatchLogEvent": "_cloudwatch_logs",
    "CloudWatchLogsEvent": "_cloudwatch_logs",
    "SESCommonHeaders": "_ses",
    "SESEvent": "_ses",
    "SESMail": "_ses",
    "SESReceipt": "_ses",
    "SESRecord": "_ses",
    "S3BatchEvent": "_s3_batch",
    "S3BatchResult": "_s3_batch",
    "S3BatchTask": "_s3_batch",
    "ActiveMQMessage": "_mq",
    "MQEvent": "_mq",
    "MQMessage": "_mq",
    "RabbitMQMessage": "_mq",
    "CodePipelineArtifact": "_codepipeline",
    "CodePipelineCredentials": "_codepipeline",
    "CodePipelineEvent": "_codepipeline",
    "CodePipelineJob": "_codepipeline",
    "CodeDeployLifecycleEvent": "_codedeploy",
    "ConfigRuleEvent": "_config_rule",
    "ConfigurationItem": "_config_rule",
    "SecretsRotationEvent": "_secrets_rotation",
    "CognitoEvent": "_cognito",
    "CognitoRequest": "_cognito",
    "AccessTokenClaims": "_cognito_responses",
    "CognitoResponse": "_cognito_responses",
    "CreateAuthChallengeResponse": "_cognito_responses",
    "CustomMessageResponse": "_cognito_responses",
    "DefineAuthChallengeResponse": "_cognito_responses",
    "GroupOverride": "_cognito_responses",
    "InboundFederationResponse": "_cognito_responses",
    "PreSignUpResponse": "_cognito_responses",
    "PreTokenGenerationResponse": "_cognito_responses",
    "PreTokenGenerationV2Response": "_cognito_responses",
    "TokenClaims": "_cognito_responses",
    "UserMigrationResponse": "_cognito_responses",
    "VerifyAuthChallengeResponse": "_cognito_responses",
    "S3ObjectLambdaEvent": "_s3_object_lambda",
    "AlarmConfiguration": "_cloudwatch_alarm",
    "AlarmState": "_cloudwatch_alarm",
    "CloudWatchAlarmEvent": "_cloudwatch_alarm",
    "CodeCommitEvent": "_codecommit",
    "CodeCommitRecord": "_codecommit",
    "CodeCommitReference": "_codecommit",
    "DocumentDBEvent": "_documentdb",
    "DocumentDBRecord": "_documentdb",
    "AppSyncEvent": "_appsync",
    "CloudFrontEvent": "_cloudfront",
    "CloudFrontHeaders": "_cloudfront",
    "CloudFrontRequest": "_cloudfront",
    "CloudFrontResponse": "_cloudfront",
    "IoTAuthorizerEvent": "_iot",
    "IoTEvent": "_iot",
    "IoTProvisioningEvent": "_iot",
    "LexEvent": "_lex",
    "BedrockAgentEvent": "_bedrock_agent",
    "ScheduledEvent": "_schedule",
    "ConnectEvent": "_connect",
    "ConnectJSONResponse": "_connect",
    "LambdaDestinationEvent": "_lambda_destination",
    "AlexaEvent": "_alexa",
    "AlexaSmartHomeEvent": "_alexa_smart_home",
    "TransferFamilyAuthEvent": "_transfer_family",
    "AppSyncAuthorizerEvent": "_appsync_authorizer",
    "AppSyncEventsEvent": "_appsync_events",
    "AppSyncPublishedEvent": "_appsync_events",
    "CognitoSyncEvent": "_cognito_sync",
    "CognitoSyncRecord": "_cognito_sync",
    "IoTEventsEvent": "_iot_events",
}

__all__ = [
    "APIGatewayEvent",
    "APIGatewayRequestContext",
    "AccessTokenClaims",
    "ActiveMQMessage",
    "AlarmConfiguration",
    "AlarmState",
    "AlexaEvent",
    "AlexaSmartHomeEvent",
    "AppSyncAuthorizerEvent",
    "AppSyncEvent",
    "AppSyncEventsEvent",
    "AppSyncPublishedEvent",
    "AuthorizerEvent",
    "BedrockAgentEvent",
    "CloudFormationEvent",
    "CloudFrontEvent",
    "CloudFrontHeaders",
    "CloudFrontRequest",
    "CloudFrontResponse",
    "CloudWatchAlarmEvent",
    "CloudWatchLogEvent",
    "CloudWatchLogsEvent",
    "CodeCommitEvent",
    "CodeCommitRecord",
    "CodeCommitReference",
    "CodeDeployLifecycleEvent",
    "CodePipelineArtifact",
    "CodePipelineCredentials",
    "CodePipelineEvent",
    "CodePipelineJob",
    "CognitoEvent",
    "CognitoRequest",
    "CognitoResponse",
    "CognitoSyncEvent",
    "CognitoSyncRecord",
    "ConfigRuleEvent",
    "ConfigurationItem",
    "ConnectEvent",
    "ConnectJSONResponse",
    "CreateAuthChallengeResponse",
    "CustomEvent",
    "CustomMessageResponse",
    "DefineAuthChallengeResponse",
    "DocumentDBEvent",
    "DocumentDBRecord",
    "DynamoDBStreamEvent",
    "DynamoDBStreamRecord",
    "Event",
    "EventBridgeEvent",
    "FirehoseEvent",
    "FirehoseRecord",
    "FirehoseResult",
    "GroupOverride",
    "InboundFederationResponse",
    "IoTAuthorizerEvent",
    "IoTEvent",
    "IoTEventsEvent",
    "IoTProvisioningEvent",
    "KafkaEvent",
    "KafkaRecord",
    "KinesisRecord",
    "KinesisStreamEvent",
    "LambdaDestinationEvent",
    "LexEvent",
    "MQEvent",
    "MQMessage",
    "PreSignUpResponse",
    "PreTokenGenerationResponse",
    "PreTokenGenerationV2Response",
    "RabbitMQMessage",
    "Record",
    "RequestIdentity",
    "S3BatchEvent",
    "S3BatchResult",
    "S3BatchTask",
    "S3Bucket",
    "S3Details",
    "S3Event",
    "S3Object",
    "S3ObjectLambdaEvent",
    "S3Record",
    "SESCommonHeaders",
    "SESEvent",
    "SESMail",
    "SESReceipt",
    "SESRecord",
    "SNSEvent",
    "SNSMessage",
    "SQSEvent",
    "SQSMessage",
    "ScheduledEvent",
    "SecretsRotationEvent",
    "TokenClaims",
    "TransferFamilyAuthEvent",
    "UserMigrationResponse",
    "VerifyAuthChallengeResponse",
    "WebSocketEvent",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'lambda_universal_router.events' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
