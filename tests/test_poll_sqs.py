"""SQS polling rules on an in-memory client: batching windows, deletes, refusals, signals."""

from __future__ import annotations

import logging
import os
import signal
import threading
from typing import Any

import pytest

from lambda_universal_router._poll.context import Function
from lambda_universal_router._poll.runner import stopping_on_signals
from lambda_universal_router._poll.sqs import QueueSettings, SqsQueue

FUNCTION = Function("orders", 5.0, "eu-west-1")


class FakeSqs:
    """Hands out ``per_receive`` messages a receive; records every call."""

    def __init__(self, count: int, per_receive: int = 10, refuse: set[str] | None = None) -> None:
        self.waiting = [self._message(n) for n in range(count)]
        self.per_receive = per_receive
        self.refuse = refuse or set()
        self.receives: list[dict[str, Any]] = []
        self.deleted: list[str] = []

    @staticmethod
    def _message(n: int) -> dict[str, Any]:
        return {
            "MessageId": f"m{n}",
            "ReceiptHandle": f"r{n}",
            "MD5OfBody": "x",
            "Body": str(n),
            "Attributes": {"ApproximateReceiveCount": "1", "SenderId": "s"},
        }

    def get_queue_attributes(self, **_: Any) -> dict[str, Any]:
        return {
            "Attributes": {
                "QueueArn": "arn:aws:sqs:eu-west-1:123456789012:orders",
                "VisibilityTimeout": "30",
                "RedrivePolicy": "{}",
            }
        }

    def receive_message(self, **request: Any) -> dict[str, Any]:
        self.receives.append(request)
        count = min(request["MaxNumberOfMessages"], self.per_receive)
        taken, self.waiting = self.waiting[:count], self.waiting[count:]
        return {"Messages": taken} if taken else {}

    def delete_message_batch(self, QueueUrl: str, Entries: list[dict[str, str]]) -> Any:
        failed = []
        for entry in Entries:
            message_id = "m" + entry["ReceiptHandle"][1:]
            if message_id in self.refuse:
                failed.append({"Id": entry["Id"], "Code": "ReceiptHandleIsInvalid"})
            else:
                self.deleted.append(message_id)
        return {"Failed": failed} if failed else {}


def queue(client: FakeSqs, **settings: Any) -> SqsQueue:
    return SqsQueue(
        client,
        "https://sqs.eu-west-1.amazonaws.com/123456789012/orders",
        settings=QueueSettings(**settings),
        function=FUNCTION,
        stop=threading.Event(),
    )


def test_without_a_window_one_receive_makes_the_batch() -> None:
    client = FakeSqs(25)
    batches: list[int] = []
    queue(client, batch_size=10).poll_once(
        lambda event, context: batches.append(len(event["Records"]))
    )
    assert batches == [10]
    assert len(client.receives) == 1
    assert client.receives[0]["WaitTimeSeconds"] == 20
    assert client.receives[0]["AttributeNames"] == ["All"]


def test_a_window_gathers_receives_up_to_the_batch_size() -> None:
    client = FakeSqs(25, per_receive=3)
    batches: list[int] = []
    poller = queue(client, batch_size=7, batch_window=5)
    poller.poll_once(lambda event, context: batches.append(len(event["Records"])))
    assert batches == [7]
    assert [r["MaxNumberOfMessages"] for r in client.receives] == [7, 4, 1]
    assert client.deleted == [f"m{n}" for n in range(7)]


def test_an_exception_or_an_unusable_answer_deletes_nothing() -> None:
    client = FakeSqs(4)

    def fails(event: Any, context: Any) -> None:
        raise RuntimeError("down")

    queue(client).poll_once(fails)
    client.waiting = [FakeSqs._message(n) for n in range(4)]
    queue(client).poll_once(
        lambda event, context: {"batchItemFailures": [{"itemIdentifier": "zz"}]}
    )
    assert client.deleted == []


def test_a_partial_answer_deletes_all_but_the_reported_messages() -> None:
    client = FakeSqs(4)
    answer = {"batchItemFailures": [{"itemIdentifier": "m1"}, {"itemIdentifier": "m3"}]}
    queue(client).poll_once(lambda event, context: answer)
    assert client.deleted == ["m0", "m2"]


def test_a_refused_delete_is_logged_and_left_to_come_back(caplog: pytest.LogCaptureFixture) -> None:
    client = FakeSqs(3, refuse={"m1"})
    with caplog.at_level(logging.WARNING):
        queue(client).poll_once(lambda event, context: None)
    assert client.deleted == ["m0", "m2"]
    assert "did not delete message m1" in caplog.text


def test_the_first_signal_stops_after_the_batch_and_a_second_sigint_interrupts() -> None:
    stop = threading.Event()
    before = signal.getsignal(signal.SIGINT)
    with stopping_on_signals(stop):
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop.is_set()
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is before
