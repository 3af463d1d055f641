"""Every fixture under tests/events is recognised as exactly its source and variant.

Each helper appends its fixtures to ``CASES``; a router with only a ``custom()`` handler must
dispatch every one of them without crashing (the fallback takes them).
"""

from __future__ import annotations

from typing import Any

import pytest

from lambda_universal_router import Router
from lambda_universal_router._classify import classify
from tests.conftest import load_event

CASES: list[tuple[str, str, str]] = [
    ("websocket/connect.json", "websocket", ""),
    ("websocket/message.json", "websocket", ""),
    ("websocket/disconnect.json", "websocket", ""),
    ("websocket/binary_message.json", "websocket", ""),
    ("authorizer/token.json", "authorizer", "token"),
    ("authorizer/request.json", "authorizer", "request"),
    ("authorizer/http_v1.json", "authorizer", "request"),
    ("authorizer/http_v2.json", "authorizer", "http"),
    ("authorizer/websocket_request.json", "authorizer", "request"),
    ("cognito/pre_sign_up.json", "cognito", ""),
    ("cognito/pre_sign_up_external.json", "cognito", ""),
    ("cognito/post_confirmation.json", "cognito", ""),
    ("cognito/pre_authentication.json", "cognito", ""),
    ("cognito/post_authentication.json", "cognito", ""),
    ("cognito/pre_token_generation_v1.json", "cognito", ""),
    ("cognito/pre_token_generation_v2.json", "cognito", ""),
    ("cognito/pre_token_generation_v3.json", "cognito", ""),
    ("cognito/custom_message.json", "cognito", ""),
    ("cognito/define_auth_challenge.json", "cognito", ""),
    ("cognito/create_auth_challenge.json", "cognito", ""),
    ("cognito/verify_auth_challenge.json", "cognito", ""),
    ("cognito/user_migration.json", "cognito", ""),
    ("cognito/custom_email_sender.json", "cognito", ""),
    ("cognito/custom_sms_sender.json", "cognito", ""),
    ("cognito/inbound_federation.json", "cognito", ""),
    ("appsync/query_cognito.json", "appsync", ""),
    ("appsync/mutation_iam.json", "appsync", ""),
    ("appsync/field_api_key.json", "appsync", ""),
    ("appsync/batch.json", "appsync", "batch"),
    ("lex/v1_dialog.json", "lex", "v1"),
    ("lex/v1_fulfillment.json", "lex", "v1"),
    ("lex/v2_dialog.json", "lex", "v2"),
    ("lex/v2_fulfillment.json", "lex", "v2"),
    ("bedrock_agent/openapi_get.json", "bedrock_agent", "openapi"),
    ("bedrock_agent/openapi_post.json", "bedrock_agent", "openapi"),
    ("bedrock_agent/function.json", "bedrock_agent", "function"),
    ("connect/voice.json", "connect", ""),
    ("connect/chat.json", "connect", ""),
    ("cloudformation/create.json", "cloudformation", ""),
    ("cloudformation/update.json", "cloudformation", ""),
    ("cloudformation/delete.json", "cloudformation", ""),
    ("firehose/direct_put.json", "firehose", ""),
    ("firehose/kinesis_source.json", "firehose", ""),
    ("firehose/msk_source.json", "firehose", ""),
    ("cloudwatch_logs/data_message.json", "cloudwatch_logs", ""),
    ("cloudwatch_logs/extracted_fields.json", "cloudwatch_logs", ""),
    ("cloudwatch_logs/control_message.json", "cloudwatch_logs", ""),
    ("s3_batch/schema_1.json", "s3_batch", ""),
    ("s3_batch/schema_2.json", "s3_batch", ""),
    ("ses/event.json", "ses", ""),
    ("ses/request_response.json", "ses", ""),
    ("mq/activemq.json", "mq", ""),
    ("mq/rabbitmq.json", "mq", ""),
    ("codepipeline/job.json", "codepipeline", ""),
    ("codepipeline/continuation.json", "codepipeline", ""),
    ("config_rule/change.json", "config_rule", ""),
    ("config_rule/oversized.json", "config_rule", ""),
    ("config_rule/periodic.json", "config_rule", ""),
    ("secrets_rotation/create_secret.json", "secrets_rotation", ""),
    ("secrets_rotation/finish_secret.json", "secrets_rotation", ""),
    ("cloudwatch_alarm/metric.json", "cloudwatch_alarm", ""),
    ("cloudwatch_alarm/composite.json", "cloudwatch_alarm", ""),
    ("codedeploy/before_allow_traffic.json", "codedeploy", ""),
    ("codecommit/push.json", "codecommit", ""),
    ("codecommit/tag_created.json", "codecommit", ""),
    ("documentdb/changes.json", "documentdb", ""),
    ("s3_object_lambda/get_object.json", "s3_object_lambda", ""),
    ("s3_object_lambda/head_object.json", "s3_object_lambda", ""),
    ("s3_object_lambda/list_objects.json", "s3_object_lambda", ""),
    ("s3_object_lambda/list_objects_v2.json", "s3_object_lambda", ""),
    ("cloudfront/viewer_request.json", "cloudfront", ""),
    ("cloudfront/origin_request.json", "cloudfront", ""),
    ("cloudfront/origin_response.json", "cloudfront", ""),
    ("cloudfront/viewer_response.json", "cloudfront", ""),
    ("iot/authorizer_mqtt.json", "iot", "authorizer"),
    ("iot/authorizer_http.json", "iot", "authorizer"),
    ("iot/provisioning.json", "iot", "provisioning"),
    ("schedule/rule.json", "eventbridge", ""),
    ("schedule/custom_bus_rule.json", "eventbridge", ""),
    ("lambda_destination/on_failure.json", "lambda_destination", ""),
    ("lambda_destination/on_success.json", "lambda_destination", ""),
    ("lambda_destination/event_age_exceeded.json", "lambda_destination", ""),
    ("alexa/launch.json", "alexa", ""),
    ("alexa/intent.json", "alexa", ""),
    ("alexa/session_ended.json", "alexa", ""),
    ("alexa_smart_home/discover.json", "alexa_smart_home", "v3"),
    ("alexa_smart_home/turn_on.json", "alexa_smart_home", "v3"),
    ("alexa_smart_home/v2_turn_on.json", "alexa_smart_home", "v2"),
    ("transfer_family/password.json", "transfer_family", ""),
    ("transfer_family/public_key.json", "transfer_family", ""),
    ("transfer_family/ftps.json", "transfer_family", ""),
    # shapes found in AWS's own sample events (see tests/test_aws_samples.py)
    ("websocket/connect_with_http_method.json", "websocket", ""),
    ("firehose/without_stream_arn.json", "firehose", ""),
    ("iot/authorizer_protocol_contexts.json", "iot", "authorizer"),
    ("mq/activemq_amq_source.json", "mq", ""),
    ("cloudwatch_logs/zlib_account_policy.json", "cloudwatch_logs", ""),
    ("custom/kinesis_analytics_preprocessing.json", "custom", ""),
    ("appsync_authorizer/request.json", "appsync_authorizer", ""),
    ("appsync_authorizer/without_headers.json", "appsync_authorizer", ""),
    ("cognito_sync/sync_trigger.json", "cognito_sync", ""),
    ("iot_events/message.json", "iot_events", ""),
    ("iot_events/guide_wrapped.json", "iot_events", ""),
    ("iot_events/timer.json", "iot_events", ""),
    ("http/lattice_v1.json", "http", "lattice"),
    ("http/lattice_v2.json", "http", "lattice_v2"),
    ("appsync_events/publish.json", "appsync_events", "publish"),
    ("appsync_events/subscribe.json", "appsync_events", "subscribe"),
]


@pytest.mark.parametrize(("name", "source", "variant"), CASES)
def test_fixture_is_recognised_as_its_source(name: str, source: str, variant: str) -> None:
    detected, detected_variant = classify(load_event(name))
    assert (detected.name, detected_variant) == (source, variant)


@pytest.mark.parametrize(("name", "source", "variant"), CASES)
def test_custom_only_router_takes_every_fixture(name: str, source: str, variant: str) -> None:
    router = Router()
    seen: list[Any] = []

    @router.custom()
    def fallback(event: Any, context: Any) -> str:
        seen.append(event)
        return "fallback"

    assert router.dispatch(load_event(name), {}) == "fallback"
    assert len(seen) == 1
