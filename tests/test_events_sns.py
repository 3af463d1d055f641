"""SNS: the typed notification, partial records as in 1.0, JSON messages, dispatch."""

from __future__ import annotations

from typing import Any

import pytest

from lambda_universal_router import InvalidEventError, Router
from lambda_universal_router.events import SNSEvent, SNSMessage
from tests.conftest import load_event


def test_a_notification_is_typed() -> None:
    message = SNSEvent(load_event("sns/notification.json")).records[0]

    assert message.message_id == "95df01b4-ee98-5cb9-9903-4c221d41eb5e"
    assert message.topic_arn == "arn:aws:sns:us-east-1:123456789012:alerts"
    assert message.topic_name == "alerts"
    assert message.subject == "CPU high"
    assert message.timestamp == "2024-03-17T12:00:00.000Z"
    assert message.type == "Notification"
    assert message.message_attributes["MessageType"] == {"Type": "String", "Value": "CRITICAL"}
    assert message.signature_version == "1"
    assert message.signature is not None
    assert message.signing_cert_url is not None and message.signing_cert_url.endswith(".pem")
    assert message.unsubscribe_url is not None
    assert "Action=Unsubscribe" in message.unsubscribe_url
    assert message.event_source == "aws:sns"
    assert message.event_version == "1.0"
    assert message.event_subscription_arn is not None
    assert message.event_subscription_arn.startswith(message.topic_arn + ":")


def test_json_parses_the_message() -> None:
    message = SNSEvent(load_event("sns/notification.json")).records[0]

    assert message.json() == {"type": "alert", "severity": "high", "host": "web-1"}


def test_the_1_0_partial_example_works() -> None:
    event = {
        "Records": [
            {
                "Sns": {
                    "Message": '{"type":"alert","severity":"high","message":"System alert"}',
                    "MessageAttributes": {"AlertType": {"Type": "String", "Value": "SystemAlert"}},
                }
            }
        ]
    }
    seen: list[Any] = []
    router = Router()

    @router.sns()
    def process_with_attributes(event: SNSEvent, context: Any) -> None:
        for message in event.records:
            message_type = message.message_attributes.get("MessageType", {}).get("Value")
            seen.append((message.message_id, message.json()["type"], message_type))

    router.dispatch(event, {})

    assert seen == [(None, "alert", None)]


def test_a_message_that_is_not_json_raises_invalid_event_error() -> None:
    message = SNSMessage({"Sns": {"MessageId": "m-1", "Message": "plain words"}})

    with pytest.raises(InvalidEventError, match="'m-1'"):
        message.json()


def test_a_record_without_sns_reads_as_empty() -> None:
    message = SNSMessage({"EventSource": "aws:sns"})

    assert message.message is None
    assert message.message_attributes == {}
    assert message.topic_name is None


def test_a_router_hands_the_handler_an_sns_event() -> None:
    router = Router()
    router.sns()(lambda event, context: [m.subject for m in event.records])

    assert router.dispatch(load_event("sns/notification.json"), {}) == ["CPU high"]


def test_repr_shows_ids_not_the_message() -> None:
    message = SNSEvent(load_event("sns/notification.json")).records[0]

    assert "web-1" not in repr(message)
    assert repr(message) == (
        "SNSMessage(message_id='95df01b4-ee98-5cb9-9903-4c221d41eb5e', "
        "topic_arn='arn:aws:sns:us-east-1:123456789012:alerts')"
    )
