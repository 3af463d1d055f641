"""What each batch source needs for exact partial-failure reporting.

For every source whose events carry several records: how to list the raw records, how Lambda
identifies a record in ``batchItemFailures``, which records must stay in order relative to each
other, what a failure does to the records after it, and how to rebuild an event holding a subset.

Raw records are checked once, where the batch is split: an entry that is not a JSON object is
reported failed by the dispatcher (see ``is_object``). The functions here still accept anything
a record holds: an identifier or ordering key that is not text never reaches a ``set`` or a
``dict`` as an unhashable value.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from lambda_universal_router._exceptions import InvalidEventError

JSON = dict[str, Any]

#: After a failure: keep going (SQS standard), skip the rest of the failed record's ordering
#: key (SQS FIFO message groups), or stop the whole batch (Kinesis and DynamoDB Streams checkpoint
#: at the lowest failed sequence number, so nothing after it may count as done).
CONTINUE, BLOCK_KEY, STOP = "continue", "block_key", "stop"


#: The ordering key of records whose own key is not text: they stay in order with each other.
MALFORMED_KEY = ("malformed ordering key",)


#: Whether a raw record is a JSON object (else it cannot be read, only reported failed); one C
#: call, so ``all(map(is_object, records))`` runs at C speed.
is_object = dict.__instancecheck__


def _records(event: JSON) -> list[JSON]:
    records = event.get("Records")
    return records if isinstance(records, list) else []


def _inner(record: Any, outer: str, key: str) -> Any:
    """``record[outer][key]``, or None when either level is not a JSON object."""
    inner = record.get(outer) if type(record) is dict else None
    return inner.get(key) if type(inner) is dict else None


def _text(value: Any) -> str | None:
    return value if type(value) is str else None


def _key(value: Any) -> Hashable | None:
    if value is None or type(value) is str:
        return value
    return MALFORMED_KEY


def _with_records(event: JSON, records: list[JSON]) -> JSON:
    return {**event, "Records": records}


def _sqs_id(record: JSON) -> str | None:
    return _text(record.get("messageId")) if type(record) is dict else None


def _sqs_group(record: JSON) -> Hashable | None:
    return _key(_inner(record, "attributes", "MessageGroupId"))


def _is_fifo(records: list[JSON]) -> bool:
    first = records[0] if records else None
    arn = first.get("eventSourceARN") if type(first) is dict else None
    if isinstance(arn, str) and arn.endswith(".fifo"):
        return True
    return bool(records and _sqs_group(records[0]))


def _kinesis_id(record: JSON) -> str | None:
    return _text(_inner(record, "kinesis", "sequenceNumber"))


def _kinesis_key(record: JSON) -> Hashable | None:
    return _key(_inner(record, "kinesis", "partitionKey"))


def _dynamodb_id(record: JSON) -> str | None:
    return _text(_inner(record, "dynamodb", "SequenceNumber"))


def _dynamodb_key(record: JSON) -> Hashable | None:
    keys = _inner(record, "dynamodb", "Keys")
    if not isinstance(keys, dict):
        return None
    import json

    try:
        return json.dumps(keys, sort_keys=True, default=str)
    except (RecursionError, TypeError, ValueError):  # nested past any real key, or odd names
        return MALFORMED_KEY


def _sns_id(record: JSON) -> str | None:
    return _text(_inner(record, "Sns", "MessageId"))


def _s3_id(record: JSON) -> str | None:
    obj = _inner(record, "s3", "object")
    if not isinstance(obj, dict):
        return None
    key, version = obj.get("key"), obj.get("sequencer") or obj.get("versionId") or ""
    return f"{_text(key)}@{_text(version) or ''}"


def _kafka_records(event: JSON) -> list[JSON]:
    """Every record of every topic-partition; a malformed ``records`` is an error, never skipped."""
    partitions = event.get("records")
    if not isinstance(partitions, dict):
        kind = "missing" if partitions is None else f"a {type(partitions).__name__}"
        raise InvalidEventError(
            f"A Kafka event's records must map topic-partition to a list of records, not {kind}"
        )
    records = []
    for key, batch in partitions.items():
        if not isinstance(batch, list):
            raise InvalidEventError(f"Kafka records[{key!r}] must be a list of records")
        for position, record in enumerate(batch):
            if not isinstance(record, dict):
                raise InvalidEventError(
                    f"Kafka records[{key!r}][{position}] must be a JSON object, not "
                    f"{type(record).__name__}"
                )
            records.append(record)
    return records


def _kafka_subset(event: JSON, records: list[JSON]) -> JSON:
    chosen = {id(record) for record in records}
    partitions = event.get("records")
    kept = {
        key: [record for record in batch if id(record) in chosen]
        for key, batch in (partitions.items() if isinstance(partitions, dict) else ())
        if isinstance(batch, list)
    }
    return {**event, "records": {key: batch for key, batch in kept.items() if batch}}


def _kafka_partition(record: JSON) -> str:
    """The topic-partition, written as AWS keys the event's ``records`` map: ``orders-0``."""
    return f"{record.get('topic')}-{record.get('partition')}"


def _kafka_id(record: JSON) -> JSON:
    """Kafka's ``itemIdentifier`` is an object: the topic-partition and the record's offset."""
    return {"partition": _kafka_partition(record), "offset": record.get("offset")}


class BatchRules:
    """How one batch source is split into records and how its failures are reported."""

    __slots__ = (
        "after_failure",
        "fifo",
        "order_key",
        "partial",
        "record",
        "record_id",
        "records",
        "single",
        "subset",
    )

    def __init__(
        self,
        record: str,
        record_id: Callable[[JSON], Any],
        *,
        partial: bool,
        single: bool = False,
        after_failure: str = CONTINUE,
        order_key: Callable[[JSON], Hashable | None] | None = None,
        fifo: Callable[[list[JSON]], bool] | None = None,
        records: Callable[[JSON], list[JSON]] = _records,
        subset: Callable[[JSON, list[JSON]], JSON] = _with_records,
    ) -> None:
        #: ``"module:Class"`` of the typed record per-record handlers receive.
        self.record = record
        #: The ``itemIdentifier`` Lambda expects for a failed record.
        self.record_id = record_id
        #: Whether Lambda accepts ``batchItemFailures`` from this source.
        self.partial = partial
        #: Whether each invocation carries one notification (SNS, S3, EventBridge): one that no
        #: handler takes goes to ``custom()`` when there is one.
        self.single = single
        #: CONTINUE, BLOCK_KEY or STOP: what a failure means for the records after it.
        self.after_failure = after_failure
        #: Records sharing a key are processed strictly in order (None: any order).
        self.order_key = order_key
        #: For SQS: whether this batch comes from a FIFO queue (then groups block after a failure).
        self.fifo = fifo
        #: The raw records of an event, in delivery order.
        self.records = records
        #: A copy of the event holding only some of its records (for filtered whole-batch handlers).
        self.subset = subset


_EVENTS = "lambda_universal_router.events."

SQS = BatchRules(
    _EVENTS + "_sqs:SQSMessage",
    _sqs_id,
    partial=True,
    order_key=_sqs_group,
    fifo=_is_fifo,
)
KINESIS = BatchRules(
    _EVENTS + "_kinesis:KinesisRecord",
    _kinesis_id,
    partial=True,
    after_failure=STOP,
    order_key=_kinesis_key,
)
DYNAMODB = BatchRules(
    _EVENTS + "_dynamodb:DynamoDBStreamRecord",
    _dynamodb_id,
    partial=True,
    after_failure=STOP,
    order_key=_dynamodb_key,
)
SNS = BatchRules(_EVENTS + "_sns:SNSMessage", _sns_id, partial=False, single=True)
S3 = BatchRules(_EVENTS + "_s3:S3Record", _s3_id, partial=False, single=True)
# Lambda resumes each topic-partition at the offset reported failed (docs/batch.md): like a
# stream shard, but per partition, so a failure blocks only the rest of its own partition.
KAFKA = BatchRules(
    _EVENTS + "_kafka:KafkaRecord",
    _kafka_id,
    partial=True,
    after_failure=BLOCK_KEY,
    order_key=_kafka_partition,
    records=_kafka_records,
    subset=_kafka_subset,
)
EVENTBRIDGE = BatchRules(
    _EVENTS + "_eventbridge:EventBridgeEvent",
    lambda event: _text(event.get("id")) if type(event) is dict else None,
    partial=False,
    single=True,
    records=lambda event: [event],
    subset=lambda event, records: event,
)


def _documentdb_changes(event: JSON) -> list[JSON]:
    items = event.get("events")
    return items if isinstance(items, list) else []


def _documentdb_token(record: JSON) -> str | None:
    change = record.get("event") if type(record) is dict else None
    key = change.get("_id") if isinstance(change, dict) else None
    token = key.get("_data") if isinstance(key, dict) else None
    return token if isinstance(token, str) else None


#: How the batch dispatcher splits a DocumentDB batch. Lambda cannot retry single changes: a
#: failure fails the batch, which is retried from its first change.
DOCUMENTDB = BatchRules(
    _EVENTS + "_documentdb:DocumentDBRecord",
    _documentdb_token,
    partial=False,
    after_failure=STOP,
    records=_documentdb_changes,
    subset=lambda event, records: {**event, "events": records},
)
