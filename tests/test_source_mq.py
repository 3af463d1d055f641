"""Amazon MQ: ActiveMQ and RabbitMQ batches read the same way, routed by queue."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import InvalidEventError, Router, UnmatchedEventError
from lambda_universal_router._classify import classify
from lambda_universal_router.events import (
    ActiveMQMessage,
    MQEvent,
    RabbitMQMessage,
)
from tests.conftest import load_event


@pytest.mark.parametrize("name", ["mq/activemq.json", "mq/rabbitmq.json"])
def test_both_brokers_are_recognised(name: str) -> None:
    source, variant = classify(load_event(name))
    assert (source.name, variant) == ("mq", "")


def test_activemq_messages_are_typed() -> None:
    event = MQEvent(load_event("mq/activemq.json"))

    assert event.broker == "ActiveMQ"
    assert event.event_source == "aws:mq"
    assert event.event_source_arn is not None
    assert event.event_source_arn.startswith("arn:aws:mq:eu-west-1:")
    assert event.queue == "orders"
    first, second = event.records
    assert isinstance(first, ActiveMQMessage)
    assert first.message_id is not None
    assert first.message_id.endswith(":1:1:1:1")
    assert first.message_type == "jms/text-message"
    assert first.json() == {"order_id": 1234, "total": "59.90"}
    assert first.text.startswith("{")
    assert first.queue == "orders"
    assert first.destination == {"physicalName": "orders"}
    assert first.properties == {"tenant": "acme", "attempt": "1"}
    assert first.correlation_id == "order-1234"
    assert first.delivery_mode == 2
    assert first.priority == 4
    assert first.timestamp == 1710410813411
    assert first.broker_in_time == 1710410813412
    assert first.broker_out_time == 1710410813457
    assert first.expiration == 0
    assert first.reply_to == "null"
    assert first.type == ""
    assert first.redelivered is False
    assert isinstance(second, ActiveMQMessage)
    assert second.message_type == "jms/bytes-message"
    assert second.data == bytes([0, 1, 2, 250, 255])
    assert second.properties == {}
    assert second.redelivered is True


def test_rabbitmq_queues_are_flattened_in_order() -> None:
    event = MQEvent(load_event("mq/rabbitmq.json"))

    assert event.broker == "RabbitMQ"
    assert [(m.queue, m.message_id) for m in event.records] == [
        ("pizzaQueue", "msg-0001"),
        ("pizzaQueue", None),
        ("dessertQueue", "msg-0003"),
    ]
    first = event.records[0]
    assert isinstance(first, RabbitMQMessage)
    assert first.virtual_host == "/"
    assert first.json() == {"pizza": "margherita", "size": "L"}
    assert first.content_type == "application/json"
    assert first.headers == {"source": "web-shop", "retries": 0}
    assert first.correlation_id == "c-42"
    assert first.expiration == "60000"
    assert first.delivery_mode == 2
    assert first.priority == 5
    assert first.user_id == "AIDACKCEVSQ6C2EXAMPLE"
    assert first.app_id == "web-shop"
    assert first.body_size == 39
    assert first.timestamp == "Mar 14, 2024, 10:06:53 AM"
    assert first.basic_properties["clusterId"] is None
    second, third = event.records[1:]
    assert isinstance(second, RabbitMQMessage)
    assert second.text == "extra cheese"
    assert second.headers == {}
    assert second.redelivered is True
    assert isinstance(third, RabbitMQMessage)
    assert third.virtual_host == "kitchen"


def test_repr_shows_ids_not_bodies() -> None:
    event = MQEvent(load_event("mq/activemq.json"))

    assert "orders" in repr(event.records[0])
    assert "59.90" not in repr(event.records[0])
    assert "ActiveMQ" in repr(event)


def test_bad_bodies_raise_invalid_event_errors() -> None:
    raw = load_event("mq/activemq.json")
    raw["messages"][0]["data"] = "not base64!"
    raw["messages"][1]["data"] = base64.b64encode(b"\xff\xfe").decode()
    first, second = MQEvent(raw).records

    with pytest.raises(InvalidEventError, match="base64"):
        _ = first.data
    with pytest.raises(InvalidEventError, match="UTF-8"):
        _ = second.text
    with pytest.raises(InvalidEventError, match="JSON"):
        second.json()


def test_a_malformed_message_list_is_an_invalid_event() -> None:
    with pytest.raises(InvalidEventError, match="messages"):
        _ = MQEvent({"eventSource": "aws:mq", "messages": "nope"}).records


def test_an_empty_batch_has_no_queue() -> None:
    event = MQEvent({"eventSource": "aws:rmq", "rmqMessagesByQueue": None})

    assert event.records == []
    assert event.queue is None


def test_handlers_are_chosen_by_queue() -> None:
    router = Router()

    @router.mq()
    def any_queue(event: MQEvent, context: Any) -> str:
        return "any"

    @router.mq(queue=["orders", "refunds"])
    def orders(event: MQEvent, context: Any) -> list[Any]:
        return [event.records[0].json()]

    @router.mq(queue="pizzaQueue")
    def pizzas(event: MQEvent, context: Any) -> str:
        return "pizza"

    assert router.dispatch(load_event("mq/activemq.json"), {}) == [
        {"order_id": 1234, "total": "59.90"}
    ]
    # Not every message of this batch is from pizzaQueue, so the unfiltered handler takes it.
    assert router.dispatch(load_event("mq/rabbitmq.json"), {}) == "any"
    only_pizza = load_event("mq/rabbitmq.json")
    del only_pizza["rmqMessagesByQueue"]["dessertQueue::kitchen"]
    assert router.dispatch(only_pizza, {}) == "pizza"


def test_a_batch_no_filter_accepts_fails_when_the_router_says_so() -> None:
    router = Router(unmatched="fail")
    router.mq(queue="elsewhere")(lambda event, context: None)

    with pytest.raises(UnmatchedEventError, match="No mq handler"):
        router.dispatch(load_event("mq/activemq.json"), {})


@given(body=st.dictionaries(st.text(max_size=8), st.integers(), max_size=5))
def test_any_json_body_round_trips(body: dict[str, int]) -> None:
    raw = load_event("mq/rabbitmq.json")
    encoded = base64.b64encode(json.dumps(body).encode()).decode()
    raw["rmqMessagesByQueue"]["pizzaQueue::/"][0]["data"] = encoded

    assert MQEvent(raw).records[0].json() == body
