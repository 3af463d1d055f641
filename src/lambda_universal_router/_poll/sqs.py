"""Polling an SQS queue as Lambda's event source mapping does.

A long-polling receive gathers up to ``batch_size`` messages (over ``batch_window`` seconds when
set); the app gets them as one event. Then: success deletes the batch, a partial answer deletes
all but the reported messages, and an exception, a timeout or an unusable answer deletes nothing.
What is not deleted reappears after the queue's visibility timeout and, after ``maxReceiveCount``
receives, goes to the dead-letter queue of the queue's own redrive policy.

FIFO queues keep their order by themselves: SQS hands out no message of a group while another of
it is in flight, and this poller runs one batch at a time.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .context import App, Function, invoke
from .events import sqs_record

LOG = logging.getLogger("lambda_universal_router.poll")

#: SQS's longest long poll, and the most messages one receive returns.
MAX_WAIT = 20
MAX_RECEIVE = 10
#: AWS advises a visibility timeout of at least six times the function timeout.
ADVISED_FACTOR = 6


class QueueConfigError(Exception):
    """The queue cannot be polled with these settings (the message says why and what to do)."""


@dataclass(frozen=True)
class QueueSettings:
    batch_size: int = 10
    batch_window: float = 0.0
    #: The longest long poll, in seconds (at most 20, at most the function timeout).
    wait: int = MAX_WAIT


@dataclass(frozen=True)
class QueueAttributes:
    arn: str
    visibility_timeout: int
    fifo: bool
    redrive: bool


class SqsQueue:
    """One queue: receive a batch, hand it to the app, delete what the answer allows."""

    def __init__(
        self,
        client: Any,
        url: str,
        *,
        settings: QueueSettings,
        function: Function,
        stop: threading.Event,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.url = url
        self.settings = settings
        self.function = function
        self.stop = stop
        self.clock = clock
        self.attributes = self._describe()
        self.name = self.attributes.arn
        self._check()

    def _describe(self) -> QueueAttributes:
        found = self.client.get_queue_attributes(QueueUrl=self.url, AttributeNames=["All"])
        values = found.get("Attributes", {})
        return QueueAttributes(
            arn=values["QueueArn"],
            visibility_timeout=int(values.get("VisibilityTimeout", 30)),
            fifo=values.get("FifoQueue") == "true",
            redrive=bool(values.get("RedrivePolicy")),
        )

    def _check(self) -> None:
        queue, timeout = self.attributes, self.function.timeout
        if queue.fifo and self.settings.batch_size > MAX_RECEIVE:
            raise QueueConfigError(
                f"{self.url} is a FIFO queue: --batch-size is at most {MAX_RECEIVE}, "
                f"not {self.settings.batch_size}"
            )
        if queue.visibility_timeout < timeout:
            raise QueueConfigError(
                f"{self.url}: its visibility timeout ({queue.visibility_timeout} s) is shorter "
                f"than --function-timeout ({timeout:g} s), so messages would reappear while "
                "being processed (Lambda refuses this too); raise the queue's VisibilityTimeout"
            )
        if queue.visibility_timeout < ADVISED_FACTOR * timeout:
            LOG.warning(
                "%s: visibility timeout %d s is under %d x the function timeout (%g s), as AWS "
                "advises; a message may reappear while a slow batch is still running",
                self.url,
                queue.visibility_timeout,
                ADVISED_FACTOR,
                timeout,
            )
        if not queue.redrive:
            LOG.warning(
                "%s has no redrive policy: a message that always fails is received again "
                "until the queue's retention period deletes it; give it a dead-letter queue",
                self.url,
            )

    long_polls = True

    def close(self) -> None:
        """Nothing to release: what SQS holds for this poller is in the queue."""

    def poll_once(self, app: App) -> int:
        """Receive one batch and settle it; the number of messages (0 when none came)."""
        messages = self.receive()
        if messages:
            self.process(app, messages)
        return len(messages)

    def receive(self) -> list[dict[str, Any]]:
        """One batch: a long poll, then more receives while the batching window is open."""
        size, window = self.settings.batch_size, self.settings.batch_window
        messages: list[dict[str, Any]] = self._receive(size, self.settings.wait)
        if not messages or not window or len(messages) >= size or self.stop.is_set():
            return messages
        seen = {message["MessageId"] for message in messages}
        closes = self.clock() + window
        while len(messages) < size and not self.stop.is_set():
            left = closes - self.clock()
            if left <= 0:
                break
            for message in self._receive(size - len(messages), math.ceil(left)):
                if message["MessageId"] not in seen:  # NOTE: a standard queue may repeat one
                    seen.add(message["MessageId"])
                    messages.append(message)
        return messages

    def _receive(self, count: int, wait: float) -> list[dict[str, Any]]:
        response = self.client.receive_message(
            QueueUrl=self.url,
            MaxNumberOfMessages=min(MAX_RECEIVE, count),
            WaitTimeSeconds=max(0, min(MAX_WAIT, int(wait))),
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        )
        messages: list[dict[str, Any]] = response.get("Messages", [])
        return messages

    def process(self, app: App, messages: list[dict[str, Any]]) -> None:
        queue, region = self.attributes.arn, self.function.region
        records = [sqs_record(message, queue_arn=queue, region=region) for message in messages]
        identifiers = [message["MessageId"] for message in messages]
        verdict, _ = invoke(app, {"Records": records}, identifiers, self.function, self.clock)
        if verdict.failed is None:
            return  # nothing deleted: the whole batch reappears after the visibility timeout
        failed = verdict.failed
        self.delete([m for m in messages if m["MessageId"] not in failed] if failed else messages)

    def delete(self, messages: list[dict[str, Any]]) -> None:
        """Delete ``messages``; one that SQS refuses is received again (a duplicate, not a loss)."""
        for start in range(0, len(messages), MAX_RECEIVE):
            chunk = messages[start : start + MAX_RECEIVE]
            entries = [
                {"Id": str(index), "ReceiptHandle": message["ReceiptHandle"]}
                for index, message in enumerate(chunk)
            ]
            result = self.client.delete_message_batch(QueueUrl=self.url, Entries=entries)
            for failure in result.get("Failed", []):
                message = chunk[int(failure["Id"])]
                LOG.warning(
                    "SQS did not delete message %s (%s); it will be received again",
                    message["MessageId"],
                    failure.get("Message") or failure.get("Code"),
                )
