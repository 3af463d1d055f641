"""SQS: the typed batch, FIFO details, JSON bodies and dispatch through the router."""

from __future__ import annotations

from typing import Any

import pytest

from lambda_universal_router import InvalidEventError, Router
from lambda_universal_router.events import SQSEvent, SQSMessage
from tests.conftest import load_event


def test_standard_queue_messages_are_typed() -> None:
    event = SQSEvent(load_event("sqs/standard.json"))

    first, second = event.records
    assert first.message_id == "059f36b4-87a3-44ab-83d2-661975830a7d"
    assert first.receipt_handle is not None and first.receipt_handle.startswith("AQEBwJnKyrHi")
    assert first.body == '{"orderId": "o-1001", "amount": "29.99"}'
    assert first.attributes["ApproximateReceiveCount"] == "1"
    assert first.message_attributes["Priority"]["stringValue"] == "HIGH"
    assert first.md5_of_body == "e4e68fb7bd0e697a0ae8f1bb342846b3"
    assert first.event_source == "aws:sqs"
    assert first.event_source_arn == "arn:aws:sqs:us-east-1:123456789012:orders"
    assert first.aws_region == "us-east-1"
    assert first.queue_name == "orders"
    assert first.is_fifo is False
    assert first.message_group_id is None
    assert second.message_attributes == {}
    assert second.attributes["ApproximateReceiveCount"] == "3"


def test_fifo_messages_know_their_group() -> None:
    message = SQSEvent(load_event("sqs/fifo.json")).records[0]

    assert message.queue_name == "payments.fifo"
    assert message.is_fifo is True
    assert message.message_group_id == "customer-42"


def test_json_parses_the_body_and_names_the_message_when_it_cannot() -> None:
    first, second = SQSEvent(load_event("sqs/standard.json")).records

    assert first.json() == {"orderId": "o-1001", "amount": "29.99"}
    with pytest.raises(InvalidEventError, match="2e1424d4-f796-459a-8184-9c92662be6da"):
        second.json()
    with pytest.raises(ValueError):  # InvalidEventError is a ValueError, as 1.0 code expects
        second.json()


def test_records_are_built_once() -> None:
    event = SQSEvent(load_event("sqs/standard.json"))

    assert event.records is event.records
    assert all(type(message) is SQSMessage for message in event.records)


def test_the_1_0_documentation_examples_read_the_same_fields() -> None:
    # Given the two example events of the 1.0 SQS page (the FIFO one without most fields)
    standard = load_event("sqs/docs_1_0_standard.json")
    fifo = load_event("sqs/docs_1_0_fifo.json")
    seen: list[tuple[Any, ...]] = []
    router = Router()

    @router.sqs()
    def process_with_attributes(event: SQSEvent, context: Any) -> None:
        for message in event.records:
            priority = message.attributes.get("Priority", {}).get("StringValue")
            seen.append((message.message_id, message.body, priority, message.is_fifo))

    # When both are dispatched
    router.dispatch(standard, {})
    router.dispatch(fifo, {})

    # Then the 1.0 code ran unchanged, and the FIFO message is known as one without an ARN
    assert seen == [
        ("059f36b4-87a3-44ab-83d2-661975830a7d", "Hello World", None, False),
        ("059f36b4-87a3-44ab-83d2-661975830a7d", "Hello World", None, True),
    ]


def test_partial_records_give_none_and_empty_mappings() -> None:
    message = SQSEvent({"Records": [{"body": "x"}]}).records[0]

    assert message.message_id is None
    assert message.attributes == {}
    assert message.message_attributes == {}
    assert message.queue_name is None
    assert message.is_fifo is False


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ("not a list", "Records must be a list"),
        ([{"body": "x"}, 3], r"Records\[1\] must be a JSON object"),
    ],
)
def test_malformed_batches_raise_invalid_event_error(records: Any, message: str) -> None:
    with pytest.raises(InvalidEventError, match=message):
        _ = SQSEvent({"Records": records}).records


def test_a_router_hands_the_handler_an_sqs_event() -> None:
    router = Router()
    received: list[Any] = []
    router.sqs()(lambda event, context: received.append(event) or len(event.records))

    result = router.dispatch(load_event("sqs/standard.json"), {})

    assert result == 2
    assert isinstance(received[0], SQSEvent)
    assert [m.queue_name for m in received[0].records] == ["orders", "orders"]


def test_repr_names_the_message_but_never_shows_the_body() -> None:
    message = SQSEvent(load_event("sqs/standard.json")).records[0]

    assert repr(message) == (
        "SQSMessage(message_id='059f36b4-87a3-44ab-83d2-661975830a7d', queue_name='orders')"
    )
    assert "orderId" not in repr(message)
