"""DocumentDB change streams: typed changes, and batches split across handlers by filters."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import ConfigurationError, InvalidEventError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import DocumentDBEvent
from tests.conftest import load_event

CHANGES = "documentdb/changes.json"


def test_change_streams_are_recognised() -> None:
    source, variant = classify(load_event(CHANGES))
    assert (source.name, variant) == ("documentdb", "")


def test_changes_are_typed() -> None:
    event = DocumentDBEvent(load_event(CHANGES))

    assert event.event_source == "aws:docdb"
    assert event.event_source_arn == "arn:aws:rds:eu-west-1:123456789012:cluster:shop-docdb"
    insert, update, customer, delete = event.records
    assert insert.operation_type == "insert"
    assert (insert.database, insert.collection) == ("shop", "orders")
    assert insert.ns == {"db": "shop", "coll": "orders"}
    assert insert.document_key == {"_id": {"$oid": "65f2c1a9d418cd98afb1c1d7"}}
    assert insert.full_document is not None
    assert insert.full_document["total"] == {"$numberDecimal": "59.90"}
    assert insert.cluster_time == {"$timestamp": {"t": 1710407593, "i": 1}}
    assert insert.cluster_time_seconds == 1710407593
    assert insert.resume_token == "0165f2c1a9000000010100000001000041e1"
    assert insert.update_description == {}
    assert update.updated_fields == {"status": "paid"}
    assert update.removed_fields == ["draft"]
    assert update.full_document is None
    assert customer.collection == "customers"
    assert delete.operation_type == "delete"
    assert delete.change["operationType"] == "delete"
    assert repr(insert) == (
        "DocumentDBRecord(operation_type='insert', database='shop', collection='orders')"
    )


def test_a_malformed_batch_is_an_invalid_event() -> None:
    with pytest.raises(InvalidEventError, match="events"):
        _ = DocumentDBEvent({"eventSource": "aws:docdb", "events": [1, 2]}).records


def test_filters_split_the_batch_between_handlers() -> None:
    router = Router()
    calls: list[tuple[str, list[str | None]]] = []

    def log(name: str, event: DocumentDBEvent) -> None:
        calls.append((name, [record.resume_token for record in event.records]))

    @router.documentdb()
    def everything_else(event: DocumentDBEvent, context: Any) -> None:
        log("else", event)

    @router.documentdb(collection="orders", operation_types=["insert", "replace"])
    def new_orders(event: DocumentDBEvent, context: Any) -> None:
        log("new orders", event)

    @router.documentdb(collection="orders", database="shop")
    def orders(event: DocumentDBEvent, context: Any) -> None:
        log("orders", event)

    router.dispatch(load_event(CHANGES), {})

    tokens = [r.resume_token for r in DocumentDBEvent(load_event(CHANGES)).records]
    assert sorted(calls) == sorted(
        [
            ("new orders", [tokens[0]]),
            ("orders", [tokens[1], tokens[3]]),
            ("else", [tokens[2]]),
        ]
    )


def test_one_handler_taking_everything_gets_the_event_as_sent() -> None:
    router = Router()

    @router.documentdb(database="shop")
    def shop(event: DocumentDBEvent, context: Any) -> int:
        return len(event.records)

    assert router.dispatch(load_event(CHANGES), {}) == 4


def test_operation_types_are_checked_when_registered() -> None:
    with pytest.raises(ConfigurationError, match="operation_types="):
        Router().documentdb(operation_types="INSERT")


@given(operations=st.lists(st.sampled_from(["insert", "update", "delete", "replace"]), max_size=12))
def test_every_change_reaches_exactly_one_handler(operations: list[str]) -> None:
    raw = load_event(CHANGES)
    template = raw["events"][0]
    raw["events"] = []
    for index, operation in enumerate(operations):
        change = {**template["event"], "operationType": operation, "_id": {"_data": str(index)}}
        raw["events"].append({"event": change})
    router = Router()
    seen: list[str | None] = []

    @router.documentdb(operation_types="insert")
    def inserts(event: DocumentDBEvent, context: Any) -> None:
        seen.extend(record.resume_token for record in event.records)

    @router.documentdb(operation_types=["update", "replace"])
    def updates(event: DocumentDBEvent, context: Any) -> None:
        seen.extend(record.resume_token for record in event.records)

    @router.documentdb()
    def rest(event: DocumentDBEvent, context: Any) -> None:
        seen.extend(record.resume_token for record in event.records)

    router.dispatch(raw, {})

    assert sorted(seen, key=lambda token: int(token or 0)) == [
        str(i) for i in range(len(operations))
    ]
