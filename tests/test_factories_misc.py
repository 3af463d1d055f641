"""The misc event factories produce events the typed classes read back as asked."""

from __future__ import annotations

import pytest

from lambda_universal_router.events import (
    AlexaEvent,
    AlexaSmartHomeEvent,
    CloudWatchAlarmEvent,
    CodeCommitEvent,
    CodeDeployLifecycleEvent,
    CodePipelineEvent,
    ConfigRuleEvent,
    DocumentDBEvent,
    LambdaDestinationEvent,
    MQEvent,
    SecretsRotationEvent,
    SESEvent,
    TransferFamilyAuthEvent,
)
from lambda_universal_router.testing import _factories_misc as factories


def test_ses() -> None:
    event = SESEvent(
        factories.ses(["a@shop.example", "b@shop.example"], subject="Hi", synchronous=True)
    )

    assert event.receipt.recipients == ["a@shop.example", "b@shop.example"]
    assert event.mail.common_headers.subject == "Hi"
    assert event.mail.source == "jane@example.org"
    assert event.receipt.invocation_type == "RequestResponse"
    assert SESEvent(factories.ses(verdict="FAIL")).receipt.dmarc_policy == "reject"


@pytest.mark.parametrize("engine", ["ActiveMQ", "RabbitMQ"])
def test_mq(engine: str) -> None:
    event = MQEvent(factories.mq([{"n": 1}, b"\x00raw", "text"], queue="jobs", engine=engine))

    assert event.broker == engine
    assert [record.queue for record in event.records] == ["jobs"] * 3
    first, second, third = event.records
    assert first.json() == {"n": 1}
    assert second.data == b"\x00raw"
    assert third.text == "text"


def test_mq_engines_are_checked() -> None:
    with pytest.raises(ValueError, match="RabbitMQ"):
        factories.mq(engine="Kafka")


def test_codepipeline() -> None:
    event = CodePipelineEvent(
        factories.codepipeline({"stage": "prod"}, output_artifacts=["Out"], continuation_token="c")
    )

    assert event.job.user_parameters_json() == {"stage": "prod"}
    assert [a.name for a in event.job.input_artifacts] == ["SourceArtifact"]
    assert [a.name for a in event.job.output_artifacts] == ["Out"]
    assert event.job.continuation_token == "c"
    assert event.job.artifact_credentials.access_key_id is not None
    assert CodePipelineEvent(factories.codepipeline()).job.user_parameters is None


@pytest.mark.parametrize(
    "message_type",
    [
        "ConfigurationItemChangeNotification",
        "OversizedConfigurationItemChangeNotification",
        "ScheduledNotification",
    ],
)
def test_config_rule(message_type: str) -> None:
    event = ConfigRuleEvent(
        factories.config_rule(message_type, rule_name="r", parameters={"max": 3})
    )

    assert event.message_type == message_type
    assert event.config_rule_name == "r"
    assert event.rule_parameters == {"max": 3}
    evaluation = event.evaluation("COMPLIANT")
    if message_type == "ScheduledNotification":
        assert evaluation["ComplianceResourceType"] == "AWS::::Account"
    else:
        assert evaluation["ComplianceResourceId"] == "i-0123456789abcdef0"


def test_config_rule_rejects_unknown_message_types() -> None:
    with pytest.raises(ValueError, match="message type"):
        factories.config_rule("Daily")


def test_secrets_rotation_steps_share_a_token() -> None:
    steps = [
        factories.secrets_rotation(step, token="t-1") for step in ("createSecret", "setSecret")
    ]

    assert [SecretsRotationEvent(raw).step for raw in steps] == ["createSecret", "setSecret"]
    assert {SecretsRotationEvent(raw).client_request_token for raw in steps} == {"t-1"}
    assert (
        SecretsRotationEvent(factories.secrets_rotation(rotation_token="r")).rotation_token == "r"
    )


def test_documentdb() -> None:
    event = DocumentDBEvent(factories.documentdb([{"a": 1}, {"a": 2}], collection="c"))
    update = DocumentDBEvent(factories.documentdb({"a": 3}, operation="update"))

    assert [r.full_document["a"] for r in event.records if r.full_document] == [1, 2]
    assert {r.collection for r in event.records} == {"c"}
    assert update.records[0].updated_fields == {"a": 3}


@pytest.mark.parametrize("composite", [False, True])
def test_cloudwatch_alarm(composite: bool) -> None:
    event = CloudWatchAlarmEvent(factories.cloudwatch_alarm("cpu", "OK", composite=composite))

    assert (event.alarm_name, event.state.value, event.is_composite) == ("cpu", "OK", composite)


def test_codedeploy_and_codecommit() -> None:
    hook = CodeDeployLifecycleEvent(factories.codedeploy("d-ABC"))
    push = CodeCommitEvent(factories.codecommit("svc", ref="refs/tags/v1", commit="c0ffee"))

    assert hook.deployment_id == "d-ABC"
    assert hook.succeeded_params()["status"] == "Succeeded"
    (record,) = push.records
    assert record.repository == "svc"
    assert (record.references[0].tag, record.references[0].commit) == ("v1", "c0ffee")


@pytest.mark.parametrize("condition", ["Success", "RetriesExhausted", "EventAgeExceeded"])
def test_lambda_destination(condition: str) -> None:
    event = LambdaDestinationEvent(
        factories.lambda_destination({"order": 7}, condition=condition, function="charge")
    )

    assert (event.condition, event.function_name) == (condition, "charge")
    assert event.request_payload == {"order": 7}
    assert (event.error_type is not None) is (condition == "RetriesExhausted")


def test_alexa() -> None:
    launch = AlexaEvent(factories.alexa(new_session=True, attributes={"n": 1}))
    order = AlexaEvent(factories.alexa(intent="Order", slots={"Size": "L", "Crust": None}))

    assert (launch.request_type, launch.new_session) == ("LaunchRequest", True)
    assert launch.session_attributes == {"n": 1}
    assert (order.request_type, order.intent_name) == ("IntentRequest", "Order")
    assert order.slots == {"Size": "L", "Crust": None}


def test_alexa_smart_home() -> None:
    control = AlexaSmartHomeEvent(factories.alexa_smart_home(payload={"brightness": 40}))
    discover = AlexaSmartHomeEvent(factories.alexa_smart_home("Alexa.Discovery", "Discover"))

    assert (control.endpoint_id, control.payload) == ("light-1", {"brightness": 40})
    assert control.correlation_token is not None
    assert control.token is not None
    assert discover.endpoint_id is None
    assert discover.token is not None


def test_transfer_family() -> None:
    password = TransferFamilyAuthEvent(factories.transfer_family("bob", "pw", protocol="FTPS"))
    key = TransferFamilyAuthEvent(factories.transfer_family(password=None))

    assert (password.username, password.password, password.protocol) == ("bob", "pw", "FTPS")
    assert password.server_id is not None
    assert password.server_id.startswith("s-")
    assert key.is_password_login is False
