"""Amazon SQS: a batch of queue messages delivered by an event source mapping."""

from __future__ import annotations

from typing import Any

from ._base import Record, mapping
from ._fields import Batch, arn_resource, parse_json, text


class SQSMessage(Record):
    """One message of an SQS batch."""

    __slots__ = ()
    _repr_fields = ("message_id", "queue_name")

    @property
    def message_id(self) -> str | None:
        """The ID SQS gave the message; also what a partial batch failure reports."""
        return text(self.raw_record, "messageId")

    @property
    def receipt_handle(self) -> str | None:
        """The handle to delete the message or change its visibility with."""
        return text(self.raw_record, "receiptHandle")

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

    @property
    def md5_of_body(self) -> str | None:
        """MD5 digest of the body, to check it arrived intact."""
        return text(self.raw_record, "md5OfBody")

    @property
    def event_source(self) -> str | None:
        """Always ``"aws:sqs"`` for SQS."""
        return text(self.raw_record, "eventSource")

    @property
    def event_source_arn(self) -> str | None:
        """ARN of the queue the message came from."""
        return text(self.raw_record, "eventSourceARN")

    @property
    def aws_region(self) -> str | None:
        """Region of the queue."""
        return text(self.raw_record, "awsRegion")

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
