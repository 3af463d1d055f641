"""Amazon SQS: a batch of queue messages delivered by an event source mapping."""

from __future__ import annotations

from typing import Any

from lambda_universal_router._filters import Identity, by_arn
from lambda_universal_router._selection import Predicate

from ._base import Record, mapping
from ._fields import Batch, TextField, arn_resource, parse_json


class SQSMessage(Record):
    """One message of an SQS batch."""

    __slots__ = ()
    _repr_fields = ("message_id", "queue_name")

    message_id = TextField(
        "messageId", "The ID SQS gave the message; also what a partial batch failure reports."
    )

    receipt_handle = TextField(
        "receiptHandle", "The handle to delete the message or change its visibility with."
    )

    @property
    def body(self) -> str | None:
        """The message body, as sent (SQS bodies are always text)."""
        # PERF: the one field nearly every SQS handler reads, on up to 10,000 records a batch:
        # text()'s check inlined (the call would cost as much as the lookup).
        body = self.raw_record.get("body")
        return body if type(body) is str else None

    @property
    def attributes(self) -> dict[str, Any]:
        """System attributes SQS sets: ``ApproximateReceiveCount``, ``MessageGroupId``..."""
        return mapping(self.raw_record, "attributes")

    @property
    def message_attributes(self) -> dict[str, Any]:
        """Attributes the sender set: name -> ``{"dataType", "stringValue" | "binaryValue"}``."""
        return mapping(self.raw_record, "messageAttributes")

    md5_of_body = TextField("md5OfBody", "MD5 digest of the body, to check it arrived intact.")

    event_source = TextField("eventSource", 'Always ``"aws:sqs"`` for SQS.')

    event_source_arn = TextField("eventSourceARN", "ARN of the queue the message came from.")

    aws_region = TextField("awsRegion", "Region of the queue.")

    @property
    def queue_name(self) -> str | None:
        """The queue's name, taken from its ARN (None when the ARN is missing)."""
        return arn_resource(self.event_source_arn)

    @property
    def is_fifo(self) -> bool:
        """Whether the message came from a FIFO queue.

        Read from the queue name (``.fifo``); without an ARN, from the ``SequenceNumber`` attribute
        only FIFO queues set.
        """
        name = self.queue_name
        if name is not None:
            return name.endswith(".fifo")
        return "SequenceNumber" in self.attributes

    @property
    def message_group_id(self) -> str | None:
        """The FIFO message group, which SQS delivers in order."""
        value = self.attributes.get("MessageGroupId")
        return value if type(value) is str else None

    def json(self) -> Any:
        """The body parsed as JSON; raises ``InvalidEventError`` when it is not JSON."""
        return parse_json(self.body, f"SQS message {self.message_id!r} body")


class SQSEvent(Batch[SQSMessage]):
    """A batch of SQS messages (``event.records``)."""

    __slots__ = ()
    _record = SQSMessage


_queue = by_arn(":")

FILTERS: dict[str, Predicate] = {
    "queue": lambda wanted, message: _queue(wanted, message.event_source_arn),
}
IDENTITY = Identity("queue", lambda message: message.event_source_arn)
