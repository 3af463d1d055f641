"""The on-failure destination: an SQS queue told which stream records were skipped.

What is sent is the invocation record Lambda sends when a stream batch exhausts its retries: the
request and response context, and the shard, sequence-number range, arrival times and size of
the skipped records (not the records themselves; they stay readable in the stream).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Protocol

from . import events
from .context import Function
from .stream_apis import StreamApi


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def failure_record(
    api: StreamApi,
    shard: str,
    records: list[dict[str, Any]],
    *,
    function: Function,
    request_id: str,
    invocations: int,
    now: datetime,
) -> dict[str, Any]:
    """The JSON document Lambda sends to an on-failure destination for ``records``."""
    return {
        "requestContext": {
            "requestId": request_id,
            "functionArn": function.arn,
            "condition": "RetryAttemptsExhausted",
            "approximateInvokeCount": invocations,
        },
        "responseContext": {
            "statusCode": 200,
            "executedVersion": "$LATEST",
            "functionError": "Unhandled",
        },
        "version": "1.0",
        "timestamp": _iso(now),
        api.batch_info: {
            "shardId": shard,
            "startSequenceNumber": api.sequence(records[0]),
            "endSequenceNumber": api.sequence(records[-1]),
            "approximateArrivalOfFirstRecord": _iso(events.arrival(records[0])),
            "approximateArrivalOfLastRecord": _iso(events.arrival(records[-1])),
            "batchSize": len(records),
            "streamArn": api.arn,
        },
    }


class Destination(Protocol):
    def send(self, record: dict[str, Any]) -> None: ...


class QueueDestination:
    """Sends failure records to the SQS queue at ``url``."""

    def __init__(self, client: Any, url: str) -> None:
        self.client = client
        self.url = url

    def send(self, record: dict[str, Any]) -> None:
        """Raises when SQS refuses: the caller then keeps the records instead of skipping them."""
        self.client.send_message(QueueUrl=self.url, MessageBody=json.dumps(record))
