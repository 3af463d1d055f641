"""Every example of the 1.0 "DynamoDB Stream Events" page runs unchanged.

The page's code is embedded below exactly as published (only its list indentation removed). Each
example is executed in a namespace that supplies the helpers it calls as recording stubs, with
its own fresh Router: every example registers ``@router.dynamodb()``, and with several unfiltered
handlers for one source the first registered wins, as in 1.0. The page's INSERT and short MODIFY
events are then dispatched, and the stubs show what the handler did.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

import pytest

from lambda_universal_router import Router
from lambda_universal_router.events import DynamoDBStreamEvent, DynamoDBStreamRecord

# --- the page, verbatim ---------------------------------------------------------------------------

BASIC = """\
from lambda_universal_router import Router
from lambda_universal_router.events import DynamoDBStreamEvent

router = Router()

@router.dynamodb()
def process_changes(event: DynamoDBStreamEvent, context):
    for record in event.records:
        print(f"Event ID: {record.event_id}")
        print(f"Event Type: {record.event_name}")

        if record.event_name == "INSERT":
            handle_insert(record.dynamodb['NewImage'])
        elif record.event_name == "MODIFY":
            handle_update(
                record.dynamodb['OldImage'],
                record.dynamodb['NewImage']
            )
        elif record.event_name == "REMOVE":
            handle_delete(record.dynamodb['OldImage'])
"""

CDC = """\
@router.dynamodb()
def sync_to_elasticsearch(event: DynamoDBStreamEvent, context):
    for record in event.records:
        if record.event_name in ["INSERT", "MODIFY"]:
            # Get the new version of the document
            document = record.dynamodb['NewImage']
            # Index in Elasticsearch
            index_document(document)
        elif record.event_name == "REMOVE":
            # Delete from Elasticsearch
            delete_document(record.dynamodb['Keys'])
"""

FILTERING = """\
@router.dynamodb()
def filtered_processing(event: DynamoDBStreamEvent, context):
    for record in event.records:
        # Only process high-priority items
        if record.event_name != "REMOVE":
            new_image = record.dynamodb['NewImage']
            if new_image.get('priority', {}).get('S') == 'HIGH':
                process_priority_item(new_image)
"""

REPLICATION = """\
@router.dynamodb()
def replicate_changes(event: DynamoDBStreamEvent, context):
    for record in event.records:
        # Replicate to another region
        if record.event_name in ["INSERT", "MODIFY"]:
            replicate_item(
                record.dynamodb['NewImage'],
                target_region="us-west-2"
            )
        elif record.event_name == "REMOVE":
            delete_item(
                record.dynamodb['Keys'],
                target_region="us-west-2"
            )
"""

INSERT_EVENT = """\
{
    "Records": [
        {
            "eventID": "1",
            "eventName": "INSERT",
            "eventVersion": "1.0",
            "eventSource": "aws:dynamodb",
            "awsRegion": "us-east-1",
            "dynamodb": {
                "Keys": {
                    "Id": {"S": "101"}
                },
                "NewImage": {
                    "Id": {"S": "101"},
                    "Title": {"S": "Book 101"},
                    "ISBN": {"S": "978-1234567890"},
                    "Price": {"N": "29.99"}
                },
                "SequenceNumber": "111",
                "SizeBytes": 26,
                "StreamViewType": "NEW_AND_OLD_IMAGES"
            }
        }
    ]
}
"""

MODIFY_EVENT = """\
{
    "Records": [
        {
            "eventName": "MODIFY",
            "dynamodb": {
                "OldImage": {
                    "Id": {"S": "101"},
                    "Price": {"N": "29.99"}
                },
                "NewImage": {
                    "Id": {"S": "101"},
                    "Price": {"N": "25.99"}
                }
            }
        }
    ]
}
"""

ERROR_HANDLING = """\
@router.dynamodb()
def safe_process(event: DynamoDBStreamEvent, context):
    for record in event.records:
        try:
            process_record(record)
        except ValidationError:
            # Data validation failed
            log_validation_error(record)
        except ConnectionError:
            # Failed to connect to downstream service
            # Re-throw to retry
            raise
        except Exception as e:
            # Unexpected error
            log_error(record, e)
            raise
"""

BATCH = """\
@router.dynamodb()
def batch_process(event: DynamoDBStreamEvent, context):
    inserts = []
    updates = []
    deletes = []

    for record in event.records:
        if record.event_name == "INSERT":
            inserts.append(record.dynamodb['NewImage'])
        elif record.event_name == "MODIFY":
            updates.append(record.dynamodb['NewImage'])
        elif record.event_name == "REMOVE":
            deletes.append(record.dynamodb['Keys'])

    if inserts:
        batch_insert(inserts)
    if updates:
        batch_update(updates)
    if deletes:
        batch_delete(deletes)
"""

MONITORING = """\
@router.dynamodb()
def monitored_process(event: DynamoDBStreamEvent, context):
    metrics = {
        "inserts": 0,
        "updates": 0,
        "deletes": 0,
        "errors": 0
    }

    for record in event.records:
        try:
            if record.event_name == "INSERT":
                metrics["inserts"] += 1
            elif record.event_name == "MODIFY":
                metrics["updates"] += 1
            elif record.event_name == "REMOVE":
                metrics["deletes"] += 1

            process_record(record)
        except Exception:
            metrics["errors"] += 1

    log_metrics(metrics)
"""

# --- running the examples -------------------------------------------------------------------------


class ValidationError(Exception):
    """The application exception the page's error-handling example catches."""


def insert_event() -> dict[str, Any]:
    event: dict[str, Any] = ast.literal_eval(INSERT_EVENT)
    return event


def modify_event() -> dict[str, Any]:
    event: dict[str, Any] = ast.literal_eval(MODIFY_EVENT)
    return event


Call = tuple[str, tuple[Any, ...], dict[str, Any]]


def run(
    example: str,
    events: list[dict[str, Any]],
    stubs: list[str],
    effects: dict[str, Callable[..., Any]] | None = None,
) -> list[Call]:
    """Run ``example``, dispatch ``events`` to it, and return the stub calls in order."""
    calls: list[Call] = []

    def stub(name: str) -> Callable[..., Any]:
        def record_call(*args: Any, **kwargs: Any) -> Any:
            calls.append((name, args, kwargs))
            effect = (effects or {}).get(name)
            return effect(*args, **kwargs) if effect else None

        return record_call

    namespace: dict[str, Any] = {
        "__name__": "dynamodb_page_example",
        "router": Router(),
        "DynamoDBStreamEvent": DynamoDBStreamEvent,
        "ValidationError": ValidationError,
        **{name: stub(name) for name in stubs},
    }
    exec(compile(example, "<1.0 DynamoDB page>", "exec"), namespace)
    for event in events:
        namespace["router"].dispatch(event, {})
    return calls


INSERT_IMAGE = {
    "Id": {"S": "101"},
    "Title": {"S": "Book 101"},
    "ISBN": {"S": "978-1234567890"},
    "Price": {"N": "29.99"},
}
OLD_IMAGE = {"Id": {"S": "101"}, "Price": {"N": "29.99"}}
NEW_IMAGE = {"Id": {"S": "101"}, "Price": {"N": "25.99"}}


def test_basic_change_processing() -> None:
    calls = run(
        BASIC,
        [insert_event(), modify_event()],
        ["print", "handle_insert", "handle_update", "handle_delete"],
    )

    assert calls == [
        ("print", ("Event ID: 1",), {}),
        ("print", ("Event Type: INSERT",), {}),
        ("handle_insert", (INSERT_IMAGE,), {}),
        ("print", ("Event ID: None",), {}),
        ("print", ("Event Type: MODIFY",), {}),
        ("handle_update", (OLD_IMAGE, NEW_IMAGE), {}),
    ]


def test_change_data_capture() -> None:
    calls = run(CDC, [insert_event(), modify_event()], ["index_document", "delete_document"])

    assert calls == [
        ("index_document", (INSERT_IMAGE,), {}),
        ("index_document", (NEW_IMAGE,), {}),
    ]


def test_filtering_and_validation() -> None:
    priority = insert_event()
    priority["Records"][0]["dynamodb"]["NewImage"]["priority"] = {"S": "HIGH"}

    calls = run(FILTERING, [insert_event(), modify_event(), priority], ["process_priority_item"])

    assert calls == [
        ("process_priority_item", ({**INSERT_IMAGE, "priority": {"S": "HIGH"}},), {}),
    ]


def test_cross_region_replication() -> None:
    calls = run(REPLICATION, [insert_event(), modify_event()], ["replicate_item", "delete_item"])

    assert calls == [
        ("replicate_item", (INSERT_IMAGE,), {"target_region": "us-west-2"}),
        ("replicate_item", (NEW_IMAGE,), {"target_region": "us-west-2"}),
    ]


def test_error_handling_logs_validation_errors() -> None:
    def process_record(record: DynamoDBStreamRecord) -> None:
        if record.event_name == "MODIFY":
            raise ValidationError("price went down")

    calls = run(
        ERROR_HANDLING,
        [insert_event(), modify_event()],
        ["process_record", "log_validation_error", "log_error"],
        {"process_record": process_record},
    )

    assert [(name, args[0].event_name) for name, args, _ in calls] == [
        ("process_record", "INSERT"),
        ("process_record", "MODIFY"),
        ("log_validation_error", "MODIFY"),
    ]
    assert all(isinstance(args[0], DynamoDBStreamRecord) for _, args, _ in calls)


def test_error_handling_re_raises_connection_errors_for_a_retry() -> None:
    def process_record(record: DynamoDBStreamRecord) -> None:
        raise ConnectionError("search cluster down")

    with pytest.raises(ConnectionError, match="search cluster down"):
        run(
            ERROR_HANDLING, [insert_event()], ["process_record"], {"process_record": process_record}
        )


def test_batch_processing() -> None:
    calls = run(
        BATCH, [insert_event(), modify_event()], ["batch_insert", "batch_update", "batch_delete"]
    )

    assert calls == [
        ("batch_insert", ([INSERT_IMAGE],), {}),
        ("batch_update", ([NEW_IMAGE],), {}),
    ]


def test_monitoring() -> None:
    def process_record(record: DynamoDBStreamRecord) -> None:
        if record.event_name == "MODIFY":
            raise RuntimeError("downstream failed")

    calls = run(
        MONITORING,
        [insert_event(), modify_event()],
        ["process_record", "log_metrics"],
        {"process_record": process_record},
    )

    metrics = [args[0] for name, args, _ in calls if name == "log_metrics"]
    assert metrics == [
        {"inserts": 1, "updates": 0, "deletes": 0, "errors": 0},
        {"inserts": 0, "updates": 1, "deletes": 0, "errors": 1},
    ]


def test_the_page_events_also_give_plain_python_images() -> None:
    insert = DynamoDBStreamEvent(insert_event()).records[0]
    modify = DynamoDBStreamEvent(modify_event()).records[0]

    assert insert.new_image is not None and str(insert.new_image["Price"]) == "29.99"
    assert modify.keys is None
    assert modify.old_image is not None and str(modify.old_image["Price"]) == "29.99"
    assert modify.new_image is not None and str(modify.new_image["Price"]) == "25.99"
