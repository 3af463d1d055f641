"""Whole-batch handlers' answers in a shared dispatch, and records that reach no handler at all.

Alone, a whole-batch handler's answer goes to Lambda unchanged. Beside other handlers the router
answers for the batch, reading each whole-batch answer as Lambda reads a partial batch response:
an answer it cannot match to the handler's own records fails all of them (docs/batch.md). A
record of a carrier without handlers of its own that no envelope handler takes reached no handler
and is reported failed, never acknowledged.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from lambda_universal_router import NoHandlerError, Router
from lambda_universal_router.testing import kafka, s3, sqs

LOGGER = "lambda_universal_router"


def failed_ids(result: Any) -> list[Any]:
    return [entry["itemIdentifier"] for entry in result["batchItemFailures"]]


def ids(event: dict[str, Any]) -> list[str]:
    return [record["messageId"] for record in event["Records"]]


def two_queues() -> tuple[dict[str, Any], list[str], list[str]]:
    a = sqs(["a1", "a2"], queue="a")
    b = sqs(["b1", "b2"], queue="b")
    return {"Records": a["Records"] + b["Records"]}, ids(a), ids(b)


def add_neighbour(router: Router, kind: str, ran: list[str]) -> None:
    """A handler sharing the dispatch with the whole-batch handler of queue "a"."""
    if kind == "per-record":
        router.sqs(queue="b", per_record=True)(lambda m, c: ran.append(m.body))
    elif kind == "concurrent":
        router.sqs(queue="b", per_record=True, concurrency=4)(lambda m, c: ran.append(m.body))
    elif kind == "async":

        @router.sqs(queue="b", per_record=True)
        async def handle(message: Any, context: Any) -> None:
            await asyncio.sleep(0)
            ran.append(message.body)

    elif kind == "envelope":
        router.sns(per_record=True)(lambda m, c: ran.append(m.message))
        router.sqs(queue="b", per_record=True)(lambda m, c: ran.append(m.body))
    else:  # another whole-batch handler
        router.sqs(queue="b")(lambda event, c: ran.extend(m.body for m in event.records))


NEIGHBOURS = ["per-record", "concurrent", "async", "envelope", "whole-batch"]

#: Answers the router cannot match to the handler's records: (name, answer given the records).
UNMATCHABLE = {
    "unknown id": lambda mine, theirs: {"batchItemFailures": [{"itemIdentifier": "zzz"}]},
    "null id": lambda mine, theirs: {"batchItemFailures": [{"itemIdentifier": None}]},
    "empty id": lambda mine, theirs: {"batchItemFailures": [{"itemIdentifier": ""}]},
    "no id": lambda mine, theirs: {"batchItemFailures": [{"id": mine[0]}]},
    "entry not an object": lambda mine, theirs: {"batchItemFailures": [mine[0]]},
    "another handler's record": lambda mine, theirs: {
        "batchItemFailures": [{"itemIdentifier": theirs[0]}]
    },
    "one good, one unknown": lambda mine, theirs: {
        "batchItemFailures": [{"itemIdentifier": mine[0]}, {"itemIdentifier": "zzz"}]
    },
    "failures not a list": lambda mine, theirs: {"batchItemFailures": "x"},
    "a list": lambda mine, theirs: [{"itemIdentifier": mine[0]}],
    "text": lambda mine, theirs: "done",
}
NOT_REPORTS = {"a list", "text"}


@pytest.mark.parametrize(
    ("answer", "neighbour"),
    [
        (answer, neighbour)
        for answer in sorted(UNMATCHABLE)
        for neighbour in NEIGHBOURS
        # Whole-batch neighbours only, and no batchItemFailures: see the test below.
        if not (neighbour == "whole-batch" and answer in NOT_REPORTS)
    ],
)
def test_an_answer_naming_none_of_its_records_fails_them_all(
    answer: str, neighbour: str, caplog: pytest.LogCaptureFixture
) -> None:
    event, mine, theirs = two_queues()
    ran: list[str] = []
    router = Router()
    router.sqs(queue="a")(lambda ev, c: UNMATCHABLE[answer](mine, theirs))
    add_neighbour(router, neighbour, ran)

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        result = router.dispatch(event, {})

    assert failed_ids(result) == mine
    assert sorted(ran) == ["b1", "b2"]
    assert any("its 2 sqs records are reported failed" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("answer", sorted(NOT_REPORTS))
def test_without_partial_answers_whole_batch_answers_go_to_lambda(answer: str) -> None:
    # No per-record handler, no batchItemFailures answer: nothing shows the mapping reads partial
    # answers, so the router decides nothing and Lambda reads the answers, as it would alone.
    event, mine, theirs = two_queues()
    router = Router()
    router.sqs(queue="a")(lambda ev, c: UNMATCHABLE[answer](mine, theirs))
    add_neighbour(router, "whole-batch", [])

    assert router.dispatch(event, {}) == [UNMATCHABLE[answer](mine, theirs), None]


@pytest.mark.parametrize("neighbour", NEIGHBOURS)
def test_a_valid_answer_fails_exactly_the_records_it_names(neighbour: str) -> None:
    event, mine, _ = two_queues()
    ran: list[str] = []
    router = Router()
    router.sqs(queue="a")(lambda ev, c: {"batchItemFailures": [{"itemIdentifier": mine[1]}]})
    add_neighbour(router, neighbour, ran)

    assert failed_ids(router.dispatch(event, {})) == [mine[1]]
    assert sorted(ran) == ["b1", "b2"]


@pytest.mark.parametrize(
    "answer", [None, {"batchItemFailures": []}, {"batchItemFailures": None}, {"processed": 2}]
)
def test_answers_lambda_reads_as_success_fail_nothing(answer: Any) -> None:
    event, _, _ = two_queues()
    router = Router()
    router.sqs(queue="a")(lambda ev, c: answer)
    add_neighbour(router, "per-record", [])

    assert router.dispatch(event, {}) == {"batchItemFailures": []}


@pytest.mark.parametrize(
    "answer",
    [
        {"batchItemFailures": [{"itemIdentifier": "zzz"}]},
        {"batchItemFailures": [{"itemIdentifier": None}]},
        {"batchItemFailures": "x"},
        ["a list"],
    ],
)
def test_alone_the_answer_goes_to_lambda_unchanged(answer: Any) -> None:
    router = Router()
    router.sqs(queue="a")(lambda ev, c: answer)

    assert router.dispatch(sqs(["a1", "a2"], queue="a"), {}) is answer


def test_an_envelope_whole_batch_handler_answering_for_records_it_cannot_name() -> None:
    # An S3 whole-batch handler under SQS cannot know the carrying messageIds: any failure it
    # reports fails the messages that carried its records, not the plain messages beside them.
    notification = {
        "Records": [
            {
                "eventSource": "aws:s3",
                "eventName": "ObjectCreated:Put",
                "s3": {"bucket": {"name": "media"}, "object": {"key": "cat.jpg"}},
            }
        ]
    }
    event = sqs([json.dumps(notification), "plain"], queue="a")
    router = Router()
    router.s3(bucket="media")(lambda ev, c: {"batchItemFailures": [{"itemIdentifier": "cat.jpg"}]})
    router.sqs(per_record=True)(lambda m, c: None)

    assert failed_ids(router.dispatch(event, {})) == ids(event)[:1]


def test_kafka_whole_batch_answers_are_matched_per_handler() -> None:
    a, b = kafka(["x", "y"], topic="a"), kafka(["z"], topic="b", partition=1)
    event = {**a, "records": {**a["records"], **b["records"]}}
    router = Router()
    router.kafka(topic="a")(
        lambda ev, c: {
            "batchItemFailures": [{"itemIdentifier": {"partition": "b-1", "offset": 15}}]
        }
    )
    router.kafka(topic="b", per_record=True)(lambda r, c: None)

    assert failed_ids(router.dispatch(event, {})) == [
        {"partition": "a-0", "offset": 15},
        {"partition": "a-0", "offset": 16},
    ]


# --- records that reach no handler ----------------------------------------------------------------


def media(key: str, bucket: str = "media") -> str:
    return json.dumps(s3(key, bucket=bucket))


@pytest.mark.parametrize("variant", ["sync", "concurrent", "async", "whole-batch"])
def test_a_plain_message_no_handler_takes_is_reported_failed_beside_envelopes(
    variant: str, caplog: pytest.LogCaptureFixture
) -> None:
    router = Router()
    uploads: list[str] = []
    if variant == "async":

        @router.s3(bucket="media", per_record=True)
        async def upload(record: Any, context: Any) -> None:
            uploads.append(record.s3_object.key)

    elif variant == "whole-batch":
        router.s3(bucket="media")(lambda ev, c: uploads.extend(r.s3_object.key for r in ev.records))
    else:
        workers = 4 if variant == "concurrent" else 1
        router.s3(bucket="media", per_record=True, concurrency=workers)(
            lambda r, c: uploads.append(r.s3_object.key)
        )
    event = sqs([media("cat.jpg"), "plain text", media("x", bucket="other")], queue="uploads")

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        if variant == "whole-batch":  # no partial answers: the invocation fails, all are retried
            with pytest.raises(NoHandlerError):
                router.dispatch(event, {})
        else:
            assert failed_ids(router.dispatch(event, {})) == ids(event)[1:]

    assert uploads == ["cat.jpg"]
    assert any("2 of 3 sqs records reached no handler" in r.getMessage() for r in caplog.records)
    for body in ("plain text", media("x", bucket="other")):  # alone: the 1.0 NoHandlerError
        with pytest.raises(NoHandlerError):
            router.dispatch(sqs([body], queue="uploads"), {})


def test_a_custom_handler_still_takes_an_event_whose_records_reach_no_handler() -> None:
    router = Router()
    router.s3(bucket="media", per_record=True)(lambda r, c: None)
    router.custom()(lambda event, context: "custom")

    assert router.dispatch(sqs(["plain text"], queue="uploads"), {}) == "custom"
