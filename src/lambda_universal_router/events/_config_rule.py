"""AWS Config custom Lambda rules: evaluate a resource (or the account) and report compliance.

Config sends the triggering notification as a JSON *string* (``invokingEvent``), and the rule's
parameters as another (``ruleParameters``); both are parsed on first access. Config ignores the
function's return value: the function reports with ``PutEvaluations`` and the event's result
token, and ``evaluation()`` and ``put_evaluations_params()`` build that call's arguments.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from lambda_universal_router._exceptions import InvalidEventError
from lambda_universal_router._selection import Predicate

from ._base import UNSET, Event, Record, listing, mapping, text_mapping
from ._fields import parse_json, text

#: The notifications Config invokes a rule's function with.
MESSAGE_TYPES = (
    "ConfigurationItemChangeNotification",
    "OversizedConfigurationItemChangeNotification",
    "ScheduledNotification",
)
#: What ``PutEvaluations`` accepts as ``ComplianceType``.
COMPLIANCE_TYPES = frozenset({"COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE", "INSUFFICIENT_DATA"})
#: The resource a periodic rule evaluates when it judges the account as a whole.
ACCOUNT_RESOURCE_TYPE = "AWS::::Account"


class ConfigurationItem(Record):
    """A resource as Config recorded it (or, for oversized changes, its summary)."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("resource_type", "resource_id")

    @property
    def resource_type(self) -> str | None:
        """The resource's type, such as ``AWS::EC2::Instance``."""
        return text(self.raw_record, "resourceType")

    @property
    def resource_id(self) -> str | None:
        """The resource's id, such as ``i-0abc...``."""
        return text(self.raw_record, "resourceId")

    @property
    def resource_name(self) -> str | None:
        """The resource's name, when it has one."""
        return text(self.raw_record, "resourceName")

    @property
    def arn(self) -> str | None:
        """The resource's ARN."""
        return text(self.raw_record, "ARN")

    @property
    def aws_region(self) -> str | None:
        """The resource's region."""
        return text(self.raw_record, "awsRegion")

    @property
    def aws_account_id(self) -> str | None:
        """The account that owns the resource."""
        return text(self.raw_record, "awsAccountId")

    @property
    def availability_zone(self) -> str | None:
        """The resource's availability zone, when it has one."""
        return text(self.raw_record, "availabilityZone")

    @property
    def status(self) -> str | None:
        """``OK``, ``ResourceDiscovered``, ``ResourceNotRecorded``, ``ResourceDeleted``..."""
        return text(self.raw_record, "configurationItemStatus")

    @property
    def capture_time(self) -> str | None:
        """When Config recorded this state, ISO 8601 (the evaluation's ordering timestamp)."""
        return text(self.raw_record, "configurationItemCaptureTime")

    @property
    def is_deleted(self) -> bool:
        """Whether the resource no longer exists (evaluate it as ``NOT_APPLICABLE``)."""
        return self.status in {"ResourceDeleted", "ResourceDeletedNotRecorded"}

    @property
    def configuration(self) -> dict[str, Any]:
        """The resource's configuration, as its service describes it (``{}`` in a summary)."""
        return mapping(self.raw_record, "configuration")

    @property
    def supplementary_configuration(self) -> dict[str, Any]:
        """Extra configuration some resource types carry (bucket policies, ...)."""
        return mapping(self.raw_record, "supplementaryConfiguration")

    @property
    def tags(self) -> dict[str, str]:
        """The resource's tags."""
        return text_mapping(self.raw_record, "tags")

    @property
    def relationships(self) -> list[dict[str, Any]]:
        """Related resources: ``{"resourceType", "resourceId", "name"}`` dicts."""
        return listing(self.raw_record, "relationships")

    @property
    def change_type(self) -> str | None:
        """``CREATE``, ``UPDATE`` or ``DELETE`` (oversized summaries only)."""
        return text(self.raw_record, "changeType")


class ConfigRuleEvent(Event):
    """A Config rule evaluation request: what changed (or the schedule) and how to answer."""

    __slots__ = ("_invoking", "_parameters")
    _repr_fields: ClassVar[tuple[str, ...]] = ("config_rule_name", "message_type")

    def __init__(self, raw_event: dict[str, Any]) -> None:
        super().__init__(raw_event)
        self._invoking: dict[str, Any] = UNSET
        self._parameters: dict[str, Any] = UNSET

    @property
    def invoking_event(self) -> dict[str, Any]:
        """The notification that triggered the rule, parsed from its JSON string."""
        if self._invoking is UNSET:
            self._invoking = _object(self.raw_event.get("invokingEvent"), "invokingEvent")
        return self._invoking

    @property
    def message_type(self) -> str | None:
        """Why Config invoked the rule: a (possibly oversized) change, or the schedule."""
        return text(self.invoking_event, "messageType")

    @property
    def notification_creation_time(self) -> str | None:
        """When Config created the notification, ISO 8601."""
        return text(self.invoking_event, "notificationCreationTime")

    @property
    def record_version(self) -> str | None:
        """Version of the notification format."""
        return text(self.invoking_event, "recordVersion")

    @property
    def configuration_item(self) -> ConfigurationItem | None:
        """The changed resource (change notifications only)."""
        item = self.invoking_event.get("configurationItem")
        return ConfigurationItem(item) if isinstance(item, dict) else None

    @property
    def configuration_item_summary(self) -> ConfigurationItem | None:
        """The changed resource's summary, when the full item was too large to send."""
        item = self.invoking_event.get("configurationItemSummary")
        return ConfigurationItem(item) if isinstance(item, dict) else None

    @property
    def resource(self) -> ConfigurationItem | None:
        """The item, or its summary for oversized changes; None for scheduled evaluations."""
        return self.configuration_item or self.configuration_item_summary

    @property
    def rule_parameters(self) -> dict[str, Any]:
        """The rule's input parameters, parsed from their JSON string (``{}`` when none)."""
        if self._parameters is UNSET:
            raw = self.raw_event.get("ruleParameters")
            self._parameters = {} if raw in (None, "") else _object(raw, "ruleParameters")
        return self._parameters

    @property
    def result_token(self) -> str | None:
        """The token ``PutEvaluations`` needs to attribute results to this evaluation."""
        return text(self.raw_event, "resultToken")

    @property
    def event_left_scope(self) -> bool:
        """Whether the resource left the rule's scope (evaluate it as ``NOT_APPLICABLE``)."""
        return self.raw_event.get("eventLeftScope") is True

    @property
    def config_rule_name(self) -> str | None:
        """The rule's name."""
        return text(self.raw_event, "configRuleName")

    @property
    def config_rule_arn(self) -> str | None:
        """The rule's ARN."""
        return text(self.raw_event, "configRuleArn")

    @property
    def config_rule_id(self) -> str | None:
        """The rule's id (``config-rule-...``)."""
        return text(self.raw_event, "configRuleId")

    @property
    def execution_role_arn(self) -> str | None:
        """The role Config assumed (assume it to read resources in other accounts)."""
        return text(self.raw_event, "executionRoleArn")

    @property
    def account_id(self) -> str | None:
        """The account the rule evaluates."""
        return text(self.raw_event, "accountId")

    @property
    def version(self) -> str | None:
        """Version of the event format (``1.0``)."""
        return text(self.raw_event, "version")

    def evaluation(
        self,
        compliance_type: str,
        annotation: str | None = None,
        *,
        resource_type: str | None = None,
        resource_id: str | None = None,
        ordering_timestamp: str | None = None,
    ) -> dict[str, Any]:
        """One ``Evaluations`` entry for ``put_evaluations``.

        The resource and timestamp default to the changed resource and its capture time, or,
        for scheduled evaluations, to the account and the notification's creation time.
        ``annotation`` (why, shown in the console) is cut to Config's 256 characters.
        """
        if compliance_type not in COMPLIANCE_TYPES:
            known = ", ".join(sorted(COMPLIANCE_TYPES))
            raise ValueError(f"compliance_type must be one of {known}, not {compliance_type!r}")
        item = self.resource
        if item is not None:
            default_type, default_id, default_time = (
                item.resource_type,
                item.resource_id,
                item.capture_time,
            )
        else:
            default_type, default_id = ACCOUNT_RESOURCE_TYPE, self.account_id
            default_time = self.notification_creation_time
        evaluation: dict[str, Any] = {
            "ComplianceResourceType": resource_type or default_type,
            "ComplianceResourceId": resource_id or default_id,
            "ComplianceType": compliance_type,
            "OrderingTimestamp": ordering_timestamp or default_time,
        }
        if annotation:
            evaluation["Annotation"] = annotation[:256]
        missing = [key for key, value in evaluation.items() if value is None]
        if missing:
            raise InvalidEventError(
                f"This Config event does not say {', '.join(missing)}; pass it to evaluation()"
            )
        return evaluation

    def put_evaluations_params(
        self, evaluations: Iterable[dict[str, Any]], *, test_mode: bool = False
    ) -> dict[str, Any]:
        """Arguments for ``config.put_evaluations(**params)`` with this event's result token."""
        params: dict[str, Any] = {
            "Evaluations": list(evaluations),
            "ResultToken": self.result_token,
        }
        if test_mode:
            params["TestMode"] = True
        return params


def _object(raw: Any, field: str) -> dict[str, Any]:
    parsed = parse_json(raw, f"Config {field}")
    if not isinstance(parsed, dict):
        raise InvalidEventError(f"Config {field} must hold a JSON object")
    return parsed


def message_types(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """``message_type=`` checked against the notifications Config sends."""
    from lambda_universal_router._filters import choices

    return choices("message_type", value, MESSAGE_TYPES)


FILTERS: dict[str, Predicate] = {
    "rule_name": lambda wanted, event: event.config_rule_name in wanted,
    "message_type": lambda wanted, event: event.message_type in wanted,
}
