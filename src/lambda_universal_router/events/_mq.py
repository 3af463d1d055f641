"""Amazon MQ: a batch of ActiveMQ or RabbitMQ messages read by an event source mapping.

ActiveMQ batches list their messages under ``messages``; RabbitMQ batches group them by
``"queue::virtual-host"`` under ``rmqMessagesByQueue``. Both become one ``records`` list here, in
the order Lambda delivered them, so a handler reads either broker the same way.
"""

from __future__ import annotations

from typing import Any, ClassVar

from lambda_universal_router._selection import Predicate

from ._base import UNSET, Record, mapping
from ._fields import Batch, base64_bytes, build_records, integer, parse_json, text

_BROKERS = {"aws:mq": "ActiveMQ", "aws:amq": "ActiveMQ", "aws:rmq": "RabbitMQ"}


class MQMessage(Record):
    """What messages of both broker engines share: the body and the redelivery flag."""

    __slots__ = ("_data",)
    _repr_fields: ClassVar[tuple[str, ...]] = ("message_id", "queue")

    def __init__(self, raw_record: dict[str, Any]) -> None:
        super().__init__(raw_record)
        self._data: bytes = UNSET

    @property
    def redelivered(self) -> bool:
        """Whether the broker delivered this message before (a retry)."""
        return self.raw_record.get("redelivered") is True

    @property
    def data(self) -> bytes:
        """The message body, decoded from the base64 Lambda sends."""
        if self._data is UNSET:
            self._data = base64_bytes(self.raw_record.get("data"), "MQ message data")
        return self._data

    @property
    def text(self) -> str:
        """The body as UTF-8 text."""
        try:
            return self.data.decode()
        except UnicodeDecodeError as exc:
            from lambda_universal_router._exceptions import InvalidEventError

            raise InvalidEventError(f"MQ message data is not UTF-8 text ({exc})") from None

    def json(self) -> Any:
        """The body parsed as JSON."""
        return parse_json(self.data, "MQ message data")


class ActiveMQMessage(MQMessage):
    """One ActiveMQ message: JMS headers, properties and the body."""

    __slots__ = ()

    @property
    def queue(self) -> str | None:
        """The destination's physical name (the queue, or a virtual topic's consumer queue)."""
        destination = mapping(self.raw_record, "destination")
        # AWS's Java sample events spell the key physicalname.
        return text(destination, "physicalName") or text(destination, "physicalname")

    @property
    def message_id(self) -> str | None:
        """The JMS message id (``ID:...``)."""
        return text(self.raw_record, "messageID")

    @property
    def message_type(self) -> str | None:
        """``jms/text-message`` or ``jms/bytes-message``."""
        return text(self.raw_record, "messageType")

    @property
    def destination(self) -> dict[str, Any]:
        """Where the producer sent it: ``{"physicalName": ...}``."""
        return mapping(self.raw_record, "destination")

    @property
    def timestamp(self) -> int | None:
        """When the producer sent it, epoch milliseconds."""
        return integer(self.raw_record, "timestamp")

    @property
    def broker_in_time(self) -> int | None:
        """When the broker received it, epoch milliseconds."""
        return integer(self.raw_record, "brokerInTime")

    @property
    def broker_out_time(self) -> int | None:
        """When the broker handed it to Lambda, epoch milliseconds."""
        return integer(self.raw_record, "brokerOutTime")

    @property
    def delivery_mode(self) -> int | None:
        """JMS delivery mode: 1 non-persistent, 2 persistent."""
        return integer(self.raw_record, "deliveryMode")

    @property
    def correlation_id(self) -> str | None:
        """The JMS correlation id, linking a reply to its request."""
        return text(self.raw_record, "correlationID")

    @property
    def reply_to(self) -> str | None:
        """Where replies go (ActiveMQ sends the string ``"null"`` when unset)."""
        return text(self.raw_record, "replyTo")

    @property
    def type(self) -> str | None:
        """The JMS type the producer set."""
        return text(self.raw_record, "type")

    @property
    def priority(self) -> int | None:
        """JMS priority, 0 to 9."""
        return integer(self.raw_record, "priority")

    @property
    def expiration(self) -> int | None:
        """When the message expires, epoch milliseconds (0: never)."""
        return integer(self.raw_record, "expiration")

    @property
    def properties(self) -> dict[str, Any]:
        """The message properties the producer set (``{}`` when none)."""
        return mapping(self.raw_record, "properties")


class RabbitMQMessage(MQMessage):
    """One RabbitMQ message: AMQP basic properties and the body."""

    __slots__ = ("_queue", "_virtual_host")

    def __init__(self, raw_record: dict[str, Any], queue: str, virtual_host: str) -> None:
        super().__init__(raw_record)
        self._queue = queue
        self._virtual_host = virtual_host

    @property
    def queue(self) -> str | None:
        """The queue the message was read from."""
        return self._queue

    @property
    def virtual_host(self) -> str:
        """The virtual host of the queue (``/`` by default)."""
        return self._virtual_host

    @property
    def basic_properties(self) -> dict[str, Any]:
        """The AMQP basic properties, as Lambda sent them."""
        return mapping(self.raw_record, "basicProperties")

    @property
    def message_id(self) -> str | None:
        """The ``message-id`` property, when the producer set it."""
        return text(self.basic_properties, "messageId")

    @property
    def content_type(self) -> str | None:
        """The ``content-type`` property."""
        return text(self.basic_properties, "contentType")

    @property
    def content_encoding(self) -> str | None:
        """The ``content-encoding`` property."""
        return text(self.basic_properties, "contentEncoding")

    @property
    def correlation_id(self) -> str | None:
        """The ``correlation-id`` property."""
        return text(self.basic_properties, "correlationId")

    @property
    def reply_to(self) -> str | None:
        """The ``reply-to`` property."""
        return text(self.basic_properties, "replyTo")

    @property
    def delivery_mode(self) -> int | None:
        """1 non-persistent, 2 persistent."""
        return integer(self.basic_properties, "deliveryMode")

    @property
    def priority(self) -> int | None:
        """The ``priority`` property."""
        return integer(self.basic_properties, "priority")

    @property
    def expiration(self) -> str | None:
        """The ``expiration`` property: a TTL in milliseconds, as text."""
        return text(self.basic_properties, "expiration")

    @property
    def timestamp(self) -> str | None:
        """The ``timestamp`` property, formatted as Lambda sends it (``Jan 1, 1970, ...``)."""
        return text(self.basic_properties, "timestamp")

    @property
    def type(self) -> str | None:
        """The ``type`` property."""
        return text(self.basic_properties, "type")

    @property
    def user_id(self) -> str | None:
        """The ``user-id`` property: the broker user that published the message."""
        return text(self.basic_properties, "userId")

    @property
    def app_id(self) -> str | None:
        """The ``app-id`` property."""
        return text(self.basic_properties, "appId")

    @property
    def body_size(self) -> int | None:
        """Size of the body in bytes."""
        return integer(self.basic_properties, "bodySize")

    @property
    def headers(self) -> dict[str, Any]:
        """Message headers; text values Lambda sends as ``{"bytes": [...]}`` come back as str."""
        headers = mapping(self.basic_properties, "headers")
        return {name: _header_value(value) for name, value in headers.items()}


def _header_value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"bytes"} and isinstance(value["bytes"], list):
        try:
            return bytes(value["bytes"]).decode()
        except (TypeError, ValueError):
            return value
    return value


#: A record of an ``MQEvent``: which class depends on the broker engine.
MQRecord = ActiveMQMessage | RabbitMQMessage


class MQEvent(Batch[MQRecord]):
    """A batch of messages from an Amazon MQ broker (ActiveMQ or RabbitMQ); ``records`` in
    delivery order (RabbitMQ queues one after another)."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("broker", "event_source_arn")

    @property
    def event_source(self) -> str | None:
        """``aws:mq`` for ActiveMQ (``aws:amq`` in some AWS samples), ``aws:rmq`` for RabbitMQ."""
        return text(self.raw_event, "eventSource")

    @property
    def event_source_arn(self) -> str | None:
        """ARN of the broker."""
        return text(self.raw_event, "eventSourceArn")

    @property
    def broker(self) -> str | None:
        """The broker engine: ``"ActiveMQ"`` or ``"RabbitMQ"``."""
        source = self.raw_event.get("eventSource")
        return _BROKERS.get(source) if type(source) is str else None

    @property
    def queue(self) -> str | None:
        """The queue of the batch (an event source mapping reads one queue)."""
        records = self.records
        return records[0].queue if records else None

    def _build_records(self) -> list[MQRecord]:
        records: list[MQRecord] = []
        if self.raw_event.get("eventSource") != "aws:rmq":
            records.extend(
                build_records(self.raw_event.get("messages"), "messages", ActiveMQMessage)
            )
            return records
        for key, items in mapping(self.raw_event, "rmqMessagesByQueue").items():
            queue, _, virtual_host = str(key).partition("::")
            where = f"rmqMessagesByQueue[{key!r}]"
            for raw in build_records(items, where, lambda item: item):
                records.append(RabbitMQMessage(raw, queue, virtual_host))
        return records


def _queue(wanted: frozenset[str], event: MQEvent) -> bool:
    records = event.records
    return bool(records) and all(record.queue in wanted for record in records)


FILTERS: dict[str, Predicate] = {"queue": _queue}
