"""Amazon SNS: a notification published to a topic the function subscribes to."""

from __future__ import annotations

from typing import Any

from lambda_universal_router._filters import Identity, by_arn
from lambda_universal_router._selection import Predicate

from ._base import Record, mapping
from ._fields import Batch, arn_resource, parse_json, text


class SNSMessage(Record):
    """One SNS notification (the record's ``Sns`` part, plus the subscription fields)."""

    __slots__ = ()
    _repr_fields = ("message_id", "topic_arn")

    @property
    def _sns(self) -> dict[str, Any]:
        return mapping(self.raw_record, "Sns")

    @property
    def message_id(self) -> str | None:
        """The ID SNS gave the message when it was published."""
        return text(self._sns, "MessageId")

    @property
    def topic_arn(self) -> str | None:
        """ARN of the topic the message was published to."""
        return text(self._sns, "TopicArn")

    @property
    def topic_name(self) -> str | None:
        """The topic's name, taken from ``topic_arn``."""
        return arn_resource(self.topic_arn)

    @property
    def message(self) -> str | None:
        """The message text, as published."""
        return text(self._sns, "Message")

    @property
    def subject(self) -> str | None:
        """The subject, when the publisher gave one."""
        return text(self._sns, "Subject")

    @property
    def timestamp(self) -> str | None:
        """When the message was published, ISO 8601 in UTC."""
        return text(self._sns, "Timestamp")

    @property
    def message_attributes(self) -> dict[str, Any]:
        """Attributes the publisher set: name -> ``{"Type": ..., "Value": ...}``."""
        return mapping(self._sns, "MessageAttributes")

    @property
    def type(self) -> str | None:
        """``Notification`` for published messages."""
        return text(self._sns, "Type")

    @property
    def signature_version(self) -> str | None:
        """Version of the signature scheme (``1`` SHA1, ``2`` SHA256)."""
        return text(self._sns, "SignatureVersion")

    @property
    def signature(self) -> str | None:
        """Base64 signature of the message, to verify it came from SNS."""
        return text(self._sns, "Signature")

    @property
    def signing_cert_url(self) -> str | None:
        """Where the certificate that made ``signature`` can be fetched."""
        return text(self._sns, "SigningCertUrl")

    @property
    def unsubscribe_url(self) -> str | None:
        """Visiting this URL unsubscribes the endpoint from the topic."""
        return text(self._sns, "UnsubscribeUrl")

    @property
    def event_source(self) -> str | None:
        """Always ``"aws:sns"``."""
        return text(self.raw_record, "EventSource")

    @property
    def event_version(self) -> str | None:
        """Version of the record format."""
        return text(self.raw_record, "EventVersion")

    @property
    def event_subscription_arn(self) -> str | None:
        """ARN of the subscription that delivered the message to this function."""
        return text(self.raw_record, "EventSubscriptionArn")

    def json(self) -> Any:
        """The message parsed as JSON; raises ``InvalidEventError`` when it is not JSON."""
        return parse_json(self.message, f"SNS message {self.message_id!r}")


class SNSEvent(Batch[SNSMessage]):
    """SNS notifications (``event.records``); SNS sends one per invocation in practice."""

    __slots__ = ()
    _record = SNSMessage


_topic = by_arn(":")

FILTERS: dict[str, Predicate] = {
    "topic": lambda wanted, message: _topic(wanted, message.topic_arn),
}
IDENTITY = Identity("topic", lambda message: message.topic_arn)
