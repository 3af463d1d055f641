"""AWS Config rules: parsed invoking events, routing by rule and message type, evaluations."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import ConfigurationError, InvalidEventError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import ConfigRuleEvent
from tests.conftest import load_event

FIXTURES = ["config_rule/change.json", "config_rule/oversized.json", "config_rule/periodic.json"]


@pytest.mark.parametrize("name", FIXTURES)
def test_rule_events_are_recognised(name: str) -> None:
    source, variant = classify(load_event(name))
    assert (source.name, variant) == ("config_rule", "")


def test_a_change_notification_is_parsed() -> None:
    event = ConfigRuleEvent(load_event("config_rule/change.json"))

    assert event.message_type == "ConfigurationItemChangeNotification"
    assert event.notification_creation_time == "2024-03-14T09:13:02.882Z"
    assert event.record_version == "1.3"
    assert event.rule_parameters == {"desiredInstanceType": "t3.micro"}
    assert event.config_rule_name == "desired-instance-type"
    assert event.config_rule_id == "config-rule-a1b2c3"
    assert event.config_rule_arn is not None
    assert event.config_rule_arn.endswith(":config-rule/config-rule-a1b2c3")
    assert event.execution_role_arn is not None
    assert event.account_id == "123456789012"
    assert event.version == "1.0"
    assert event.event_left_scope is False
    assert event.result_token is not None
    assert event.configuration_item_summary is None
    item = event.configuration_item
    assert item is not None
    assert event.resource is not None
    assert event.resource.raw_record is item.raw_record
    assert item.resource_type == "AWS::EC2::Instance"
    assert item.resource_id == "i-0a1b2c3d4e5f67890"
    assert item.resource_name is None
    assert item.arn == "arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890"
    assert item.aws_region == "eu-west-1"
    assert item.aws_account_id == "123456789012"
    assert item.availability_zone == "eu-west-1b"
    assert item.status == "OK"
    assert item.is_deleted is False
    assert item.capture_time == "2024-03-14T09:12:45.217Z"
    assert item.configuration["instanceType"] == "t3.micro"
    assert item.supplementary_configuration == {}
    assert item.tags == {"team": "payments", "env": "prod"}
    assert item.relationships[0]["resourceType"] == "AWS::EC2::SecurityGroup"
    assert item.change_type is None


def test_an_oversized_change_carries_a_summary() -> None:
    event = ConfigRuleEvent(load_event("config_rule/oversized.json"))

    assert event.message_type == "OversizedConfigurationItemChangeNotification"
    assert event.configuration_item is None
    summary = event.configuration_item_summary
    assert summary is not None
    assert summary.change_type == "UPDATE"
    assert summary.resource_type == "AWS::IAM::Policy"
    assert summary.resource_name == "wide-open-policy"
    assert summary.configuration == {}
    assert event.rule_parameters == {}


def test_a_periodic_evaluation_has_no_resource() -> None:
    event = ConfigRuleEvent(load_event("config_rule/periodic.json"))

    assert event.message_type == "ScheduledNotification"
    assert event.resource is None
    assert event.rule_parameters == {}
    assert event.invoking_event["awsAccountId"] == "123456789012"


def test_evaluations_default_to_the_changed_resource() -> None:
    event = ConfigRuleEvent(load_event("config_rule/change.json"))

    assert event.evaluation("COMPLIANT") == {
        "ComplianceResourceType": "AWS::EC2::Instance",
        "ComplianceResourceId": "i-0a1b2c3d4e5f67890",
        "ComplianceType": "COMPLIANT",
        "OrderingTimestamp": "2024-03-14T09:12:45.217Z",
    }
    long_reason = event.evaluation("NON_COMPLIANT", "x" * 300)
    assert long_reason["Annotation"] == "x" * 256


def test_periodic_evaluations_default_to_the_account() -> None:
    event = ConfigRuleEvent(load_event("config_rule/periodic.json"))

    assert event.evaluation("NON_COMPLIANT", "root has no MFA") == {
        "ComplianceResourceType": "AWS::::Account",
        "ComplianceResourceId": "123456789012",
        "ComplianceType": "NON_COMPLIANT",
        "OrderingTimestamp": "2024-03-14T12:00:00.000Z",
        "Annotation": "root has no MFA",
    }
    bucket = event.evaluation(
        "COMPLIANT", resource_type="AWS::S3::Bucket", resource_id="logs", ordering_timestamp="t"
    )
    assert bucket["ComplianceResourceType"] == "AWS::S3::Bucket"
    assert bucket["ComplianceResourceId"] == "logs"
    assert bucket["OrderingTimestamp"] == "t"


def test_put_evaluations_parameters_carry_the_result_token() -> None:
    event = ConfigRuleEvent(load_event("config_rule/change.json"))
    evaluation = event.evaluation("COMPLIANT")

    params = event.put_evaluations_params([evaluation])
    assert params == {"Evaluations": [evaluation], "ResultToken": event.result_token}
    assert event.put_evaluations_params((), test_mode=True)["TestMode"] is True


def test_bad_compliance_types_and_missing_fields_are_explained() -> None:
    event = ConfigRuleEvent(load_event("config_rule/change.json"))
    with pytest.raises(ValueError, match="NON_COMPLIANT"):
        event.evaluation("BROKEN")

    partial = ConfigRuleEvent({"invokingEvent": "{}", "configRuleName": "r"})
    with pytest.raises(InvalidEventError, match="ComplianceResourceId"):
        partial.evaluation("COMPLIANT")


def test_malformed_json_strings_are_invalid_events() -> None:
    with pytest.raises(InvalidEventError, match="invokingEvent"):
        _ = ConfigRuleEvent({"invokingEvent": "{not json"}).message_type
    with pytest.raises(InvalidEventError, match="invokingEvent"):
        _ = ConfigRuleEvent({}).invoking_event
    with pytest.raises(InvalidEventError, match="ruleParameters"):
        _ = ConfigRuleEvent({"ruleParameters": "[1, 2]"}).rule_parameters


def test_handlers_are_chosen_by_rule_and_message_type() -> None:
    router = Router()
    seen: list[str] = []

    @router.config_rule()
    def any_rule(event: ConfigRuleEvent, context: Any) -> None:
        seen.append("any")

    @router.config_rule(rule_name="desired-instance-type")
    def instance_type(event: ConfigRuleEvent, context: Any) -> None:
        seen.append("instance-type")

    @router.config_rule(
        rule_name=["mfa-on-root", "desired-instance-type"], message_type="ScheduledNotification"
    )
    def periodic(event: ConfigRuleEvent, context: Any) -> None:
        seen.append("periodic")

    for name in FIXTURES:
        router.dispatch(load_event(name), {})

    assert seen == ["instance-type", "any", "periodic"]


def test_message_types_are_checked_when_registered() -> None:
    with pytest.raises(ConfigurationError, match="ScheduledNotification"):
        Router().config_rule(message_type="Scheduled")


def test_a_handler_reports_with_put_evaluations() -> None:
    class FakeConfig:
        def __init__(self) -> None:
            self.calls: list[dict[str, Any]] = []

        def put_evaluations(self, **params: Any) -> dict[str, Any]:
            self.calls.append(params)
            return {"FailedEvaluations": []}

    config = FakeConfig()
    router = Router()

    @router.config_rule(rule_name="desired-instance-type")
    def check(event: ConfigRuleEvent, context: Any) -> None:
        item = event.configuration_item
        wanted = event.rule_parameters["desiredInstanceType"]
        if event.event_left_scope or item is None or item.is_deleted:
            verdict = event.evaluation("NOT_APPLICABLE")
        elif item.configuration.get("instanceType") == wanted:
            verdict = event.evaluation("COMPLIANT")
        else:
            verdict = event.evaluation("NON_COMPLIANT", f"instance type is not {wanted}")
        config.put_evaluations(**event.put_evaluations_params([verdict]))

    router.dispatch(load_event("config_rule/change.json"), {})

    assert config.calls[0]["Evaluations"][0]["ComplianceType"] == "COMPLIANT"


@given(parameters=st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=4))
def test_rule_parameters_round_trip(parameters: dict[str, str]) -> None:
    raw = load_event("config_rule/change.json")
    raw["ruleParameters"] = json.dumps(parameters)

    assert ConfigRuleEvent(raw).rule_parameters == parameters
