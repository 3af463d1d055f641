"""Typed views of the events each AWS source delivers to Lambda.

Every class is importable from here; its module loads on first access, so importing this package
costs almost nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._base import Event as Event
from ._base import Record as Record

# NOTE: ``X as X`` marks a re-export for type checkers, since ``__all__`` is computed.
if TYPE_CHECKING:
    from ._alexa import AlexaEvent as AlexaEvent
    from ._alexa_smart_home import AlexaSmartHomeEvent as AlexaSmartHomeEvent
    from ._appsync import AppSyncEvent as AppSyncEvent
    from ._appsync_authorizer import AppSyncAuthorizerEvent as AppSyncAuthorizerEvent
    from ._appsync_events import AppSyncEventsEvent as AppSyncEventsEvent
    from ._appsync_events import AppSyncPublishedEvent as AppSyncPublishedEvent
    from ._authorizer import AuthorizerEvent as AuthorizerEvent
    from ._bedrock_agent import BedrockAgentEvent as BedrockAgentEvent
    from ._cloudformation import CloudFormationEvent as CloudFormationEvent
    from ._cloudfront import CloudFrontEvent as CloudFrontEvent
    from ._cloudfront import CloudFrontHeaders as CloudFrontHeaders
    from ._cloudfront import CloudFrontRequest as CloudFrontRequest
    from ._cloudfront import CloudFrontResponse as CloudFrontResponse
    from ._cloudwatch_alarm import AlarmConfiguration as AlarmConfiguration
    from ._cloudwatch_alarm import AlarmState as AlarmState
    from ._cloudwatch_alarm import CloudWatchAlarmEvent as CloudWatchAlarmEvent
    from ._cloudwatch_logs import CloudWatchLogEvent as CloudWatchLogEvent
    from ._cloudwatch_logs import CloudWatchLogsEvent as CloudWatchLogsEvent
    from ._codecommit import CodeCommitEvent as CodeCommitEvent
    from ._codecommit import CodeCommitRecord as CodeCommitRecord
    from ._codecommit import CodeCommitReference as CodeCommitReference
    from ._codedeploy import CodeDeployLifecycleEvent as CodeDeployLifecycleEvent
    from ._codepipeline import CodePipelineArtifact as CodePipelineArtifact
    from ._codepipeline import CodePipelineCredentials as CodePipelineCredentials
    from ._codepipeline import CodePipelineEvent as CodePipelineEvent
    from ._codepipeline import CodePipelineJob as CodePipelineJob
    from ._cognito import CognitoEvent as CognitoEvent
    from ._cognito import CognitoRequest as CognitoRequest
    from ._cognito_responses import AccessTokenClaims as AccessTokenClaims
    from ._cognito_responses import CognitoResponse as CognitoResponse
    from ._cognito_responses import CreateAuthChallengeResponse as CreateAuthChallengeResponse
    from ._cognito_responses import CustomMessageResponse as CustomMessageResponse
    from ._cognito_responses import DefineAuthChallengeResponse as DefineAuthChallengeResponse
    from ._cognito_responses import GroupOverride as GroupOverride
    from ._cognito_responses import InboundFederationResponse as InboundFederationResponse
    from ._cognito_responses import PreSignUpResponse as PreSignUpResponse
    from ._cognito_responses import PreTokenGenerationResponse as PreTokenGenerationResponse
    from ._cognito_responses import PreTokenGenerationV2Response as PreTokenGenerationV2Response
    from ._cognito_responses import TokenClaims as TokenClaims
    from ._cognito_responses import UserMigrationResponse as UserMigrationResponse
    from ._cognito_responses import VerifyAuthChallengeResponse as VerifyAuthChallengeResponse
    from ._cognito_sync import CognitoSyncEvent as CognitoSyncEvent
    from ._cognito_sync import CognitoSyncRecord as CognitoSyncRecord
    from ._config_rule import ConfigRuleEvent as ConfigRuleEvent
    from ._config_rule import ConfigurationItem as ConfigurationItem
    from ._connect import ConnectEvent as ConnectEvent
    from ._connect import ConnectJSONResponse as ConnectJSONResponse
    from ._custom import CustomEvent as CustomEvent
    from ._documentdb import DocumentDBEvent as DocumentDBEvent
    from ._documentdb import DocumentDBRecord as DocumentDBRecord
    from ._dynamodb import DynamoDBStreamEvent as DynamoDBStreamEvent
    from ._dynamodb import DynamoDBStreamRecord as DynamoDBStreamRecord
    from ._eventbridge import EventBridgeEvent as EventBridgeEvent
    from ._firehose import FirehoseEvent as FirehoseEvent
    from ._firehose import FirehoseRecord as FirehoseRecord
    from ._firehose import FirehoseResult as FirehoseResult
    from ._http import APIGatewayEvent as APIGatewayEvent
    from ._http import APIGatewayRequestContext as APIGatewayRequestContext
    from ._http import RequestIdentity as RequestIdentity
    from ._iot import IoTAuthorizerEvent as IoTAuthorizerEvent
    from ._iot import IoTEvent as IoTEvent
    from ._iot import IoTProvisioningEvent as IoTProvisioningEvent
    from ._iot_events import IoTEventsEvent as IoTEventsEvent
    from ._kafka import KafkaEvent as KafkaEvent
    from ._kafka import KafkaRecord as KafkaRecord
    from ._kinesis import KinesisRecord as KinesisRecord
    from ._kinesis import KinesisStreamEvent as KinesisStreamEvent
    from ._lambda_destination import LambdaDestinationEvent as LambdaDestinationEvent
    from ._lex import LexEvent as LexEvent
    from ._mq import ActiveMQMessage as ActiveMQMessage
    from ._mq import MQEvent as MQEvent
    from ._mq import MQMessage as MQMessage
    from ._mq import RabbitMQMessage as RabbitMQMessage
    from ._s3 import S3Bucket as S3Bucket
    from ._s3 import S3Details as S3Details
    from ._s3 import S3Event as S3Event
    from ._s3 import S3Object as S3Object
    from ._s3 import S3Record as S3Record
    from ._s3_batch import S3BatchEvent as S3BatchEvent
    from ._s3_batch import S3BatchResult as S3BatchResult
    from ._s3_batch import S3BatchTask as S3BatchTask
    from ._s3_object_lambda import S3ObjectLambdaEvent as S3ObjectLambdaEvent
    from ._schedule import ScheduledEvent as ScheduledEvent
    from ._secrets_rotation import SecretsRotationEvent as SecretsRotationEvent
    from ._ses import SESCommonHeaders as SESCommonHeaders
    from ._ses import SESEvent as SESEvent
    from ._ses import SESMail as SESMail
    from ._ses import SESReceipt as SESReceipt
    from ._ses import SESRecord as SESRecord
    from ._sns import SNSEvent as SNSEvent
    from ._sns import SNSMessage as SNSMessage
    from ._sqs import SQSEvent as SQSEvent
    from ._sqs import SQSMessage as SQSMessage
    from ._transfer_family import TransferFamilyAuthEvent as TransferFamilyAuthEvent
    from ._websocket import WebSocketEvent as WebSocketEvent

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

#: Every public name: the two bases and the table above, so a class is added in one place (and
#: once more under TYPE_CHECKING, as ``X as X``, for type checkers).
__all__ = sorted(["Event", "Record", *_MODULES])  # noqa: PLE0605 - computed from the table


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
