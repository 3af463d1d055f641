"""Records from a queue, stream, table, topic or bucket no identity filter names fail loudly.

An identity filter (``queue=``, ``stream=``, ``table=``, ``topic=``, ``bucket=``) names where
records come from. A record from somewhere none of them names means the function is wired to
something its code does not handle: it is reported failed (or the invocation fails, where Lambda
cannot retry one record) with one WARNING per batch, whatever ``unmatched=`` says. Records other
filters decline are acknowledged as Lambda's own event filtering would (or failed with
``unmatched="fail"``).
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

import pytest

from lambda_universal_router import NoHandlerError, Router, UnknownOriginError, UnmatchedEventError
from lambda_universal_router.testing import dynamodb, eventbridge, kafka, kinesis, s3, sns, sqs

CFN_QUEUE = "arn:aws:sqs:us-east-1:123456789012:orders-prod-PaymentsQueue-1A2B3C"
LOGGER = "lambda_universal_router"


def failed_ids(result: Any) -> list[Any]:
    return [entry["itemIdentifier"] for entry in result["batchItemFailures"]]


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


# --- the CloudFormation-named queue ---------------------------------------------------------------


def test_a_cloudformation_named_queue_fails_every_record_with_one_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    router = Router()
    ran: list[str] = []
    router.sqs(queue="payments", per_record=True)(lambda m, c: ran.append(m.message_id))
    event = sqs(["a", "b", "c"], queue=CFN_QUEUE)

    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        result = router.dispatch(event, {})

    assert ran == []
    assert failed_ids(result) == [record["messageId"] for record in event["Records"]]
    [warning] = warnings_of(caplog)
    assert warning.startswith("3 of 3 sqs records came from " + CFN_QUEUE)
    assert "queue= filters: payments" in warning


@pytest.mark.parametrize("unmatched", ["ack", "fail"])
@pytest.mark.parametrize("concurrency", [1, 4])
def test_per_record_sync_and_concurrent_handlers(unmatched: str, concurrency: int) -> None:
    router = Router(unmatched=unmatched)
    router.sqs(queue=["payments", "refunds"], per_record=True, concurrency=concurrency)(
        lambda m, c: None
    )
    event = sqs(["a", "b"], queue=CFN_QUEUE)

    assert len(failed_ids(router.dispatch(event, {}))) == 2


def test_async_handlers() -> None:
    router = Router()
    ran: list[str] = []

    @router.sqs(queue="payments", per_record=True, concurrency=2)
    async def pay(message: Any, context: Any) -> None:
        ran.append(message.body)

    known = sqs(["ok"], queue="payments")["Records"]
    unknown = sqs(["lost?"], queue=CFN_QUEUE)["Records"]
    result = router.dispatch({"Records": known + unknown}, {})

    assert ran == ["ok"]
    assert failed_ids(result) == [unknown[0]["messageId"]]


def test_an_arn_filter_names_its_queue_and_a_name_filter_any_region() -> None:
    router = Router()
    router.sqs(queue=CFN_QUEUE, per_record=True)(lambda m, c: None)
    router.sqs(queue="refunds", per_record=True)(lambda m, c: None)

    assert router.dispatch(sqs(["a"], queue=CFN_QUEUE), {}) == {"batchItemFailures": []}
    other_region = "arn:aws:sqs:eu-west-1:123456789012:refunds"
    assert router.dispatch(sqs(["a"], queue=other_region), {}) == {"batchItemFailures": []}


def test_a_handler_without_an_identity_filter_takes_records_from_anywhere() -> None:
    router = Router()
    taken: list[str] = []
    router.sqs(queue="payments", per_record=True)(lambda m, c: None)
    router.sqs(per_record=True)(lambda m, c: taken.append(m.body))

    assert router.dispatch(sqs(["a"], queue=CFN_QUEUE), {}) == {"batchItemFailures": []}
    assert taken == ["a"]


# --- whole-batch and filtered handlers ------------------------------------------------------------


def test_whole_batch_handlers_fail_the_invocation(caplog: pytest.LogCaptureFixture) -> None:
    # Without per-record handlers the mapping may not report batch item failures (the template
    # wires ReportBatchItemFailures only for them), and would take a partial answer for success.
    router = Router()
    router.sqs(queue="payments")(lambda event, context: None)

    with (
        caplog.at_level(logging.WARNING, logger=LOGGER),
        pytest.raises(UnknownOriginError) as caught,
    ):
        router.dispatch(sqs(["a", "b"], queue=CFN_QUEUE), {})

    error = caught.value
    assert isinstance(error, UnmatchedEventError)
    assert (error.source, error.keyword) == ("sqs", "queue")
    assert error.origins == (CFN_QUEUE,)
    assert error.filters == ("payments",)
    assert len(warnings_of(caplog)) == 1


def test_a_whole_batch_handler_answering_for_itself_gets_the_records_reported() -> None:
    # A handler that answers with batchItemFailures shows the mapping reads them.
    known = sqs(["ok", "bad"], queue="payments")["Records"]
    unknown = sqs(["x"], queue=CFN_QUEUE)["Records"]
    router = Router()
    router.sqs(queue="payments")(
        lambda event, context: {"batchItemFailures": [{"itemIdentifier": known[1]["messageId"]}]}
    )

    result = router.dispatch({"Records": known + unknown}, {})

    assert failed_ids(result) == [known[1]["messageId"], unknown[0]["messageId"]]


def test_streams_report_the_unknown_record_and_everything_after_it() -> None:
    router = Router()
    router.kinesis(stream="clicks", per_record=True)(lambda r, c: None)
    event = kinesis(["a", "b"], stream="orders-prod-ClicksStream-XYZ")

    ids = [r["kinesis"]["sequenceNumber"] for r in event["Records"]]
    assert failed_ids(router.dispatch(event, {})) == ids


def test_tables_by_name_or_stream_arn_and_filters_that_decline() -> None:
    router = Router()
    seen: list[str] = []
    router.dynamodb(table="Books", event_names="INSERT", per_record=True)(
        lambda r, c: seen.append(r.event_name)
    )

    assert router.dispatch(dynamodb("INSERT", table="Books"), {}) == {"batchItemFailures": []}
    assert router.dispatch(dynamodb("REMOVE", table="Books"), {}) == {"batchItemFailures": []}
    assert len(failed_ids(router.dispatch(dynamodb("INSERT", table="Authors"), {}))) == 1
    assert seen == ["INSERT"]


def test_declined_records_are_logged_at_debug_only(caplog: pytest.LogCaptureFixture) -> None:
    router = Router()
    router.dynamodb(table="Books", event_names="INSERT", per_record=True)(lambda r, c: None)

    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        router.dispatch(dynamodb("REMOVE", table="Books"), {})

    assert warnings_of(caplog) == []
    assert any("No dynamodb handler matched" in r.getMessage() for r in caplog.records)


def test_kafka_topics_no_handler_names() -> None:
    router = Router()
    router.kafka(topic="orders")(lambda event, context: None)

    with pytest.raises(UnknownOriginError, match="topic= filters: orders"):
        router.dispatch(kafka(["a", "b"], topic="audit"), {})


# --- envelopes ------------------------------------------------------------------------------------


def test_an_envelope_a_handler_takes_is_not_from_an_unknown_queue() -> None:
    router = Router()
    uploads: list[str] = []
    router.sqs(queue="payments", per_record=True)(lambda m, c: None)
    router.s3(bucket="media", per_record=True)(lambda r, c: uploads.append(r.s3_object.key))
    notification = json.dumps(s3("cat.jpg", bucket="media"))

    assert router.dispatch(sqs([notification], queue=CFN_QUEUE), {}) == {"batchItemFailures": []}
    assert uploads == ["cat.jpg"]


def test_an_envelope_no_handler_takes_from_an_unknown_queue_fails() -> None:
    router = Router()
    router.sqs(queue="payments", per_record=True)(lambda m, c: None)
    router.s3(bucket="media", per_record=True)(lambda r, c: None)
    notification = json.dumps(s3("cat.jpg", bucket="elsewhere"))

    assert len(failed_ids(router.dispatch(sqs([notification], queue=CFN_QUEUE), {}))) == 1


def test_an_envelope_from_a_bucket_no_filter_names_is_reported_failed_not_declined() -> None:
    # SQS has no handler of its own: what a message carries is all a handler can take. A bucket
    # no bucket= filter names is a wiring mistake (alone in its batch it raises NoHandlerError),
    # never a filter declining it: so in a mixed batch it is reported failed too.
    router = Router()
    uploads: list[str] = []
    router.s3(bucket="media", per_record=True)(lambda r, c: uploads.append(r.s3_object.key))
    bodies = [json.dumps(s3("cat.jpg", bucket="media")), json.dumps(s3("x", bucket="elsewhere"))]
    event = sqs(bodies, queue="uploads")

    assert failed_ids(router.dispatch(event, {})) == [event["Records"][1]["messageId"]]
    assert uploads == ["cat.jpg"]
    with pytest.raises(NoHandlerError):
        router.dispatch(sqs(bodies[1:], queue="uploads"), {})


def test_an_envelope_handler_declining_by_its_other_filters_is_filtering() -> None:
    # prefix= declines a notification of a bucket the code names: acknowledged (unmatched="ack")
    # or reported failed (unmatched="fail"), alone in its batch or beside others alike.
    for policy, declined_fails in (("ack", False), ("fail", True)):
        router = Router(unmatched=policy)
        uploads: list[str] = []
        router.s3(bucket="media", prefix="in/", per_record=True)(
            lambda r, c, uploads=uploads: uploads.append(r.s3_object.key)
        )
        bodies = [
            json.dumps(s3("in/cat.jpg", bucket="media")),
            json.dumps(s3("out/x", bucket="media")),
        ]
        event = sqs(bodies, queue="uploads")
        declined = [event["Records"][1]["messageId"]] if declined_fails else []

        assert failed_ids(router.dispatch(event, {})) == declined
        assert uploads == ["in/cat.jpg"]
        alone = sqs(bodies[1:], queue="uploads")
        alone_declined = [alone["Records"][0]["messageId"]] if declined_fails else []
        assert failed_ids(router.dispatch(alone, {})) == alone_declined


# --- single events --------------------------------------------------------------------------------


def test_sns_and_s3_invoking_directly_raise() -> None:
    router = Router()
    router.sns(topic="alerts", per_record=True)(lambda m, c: None)
    router.s3(bucket="media")(lambda event, context: None)

    with pytest.raises(UnknownOriginError, match="topic= filters: alerts"):
        router.dispatch(sns(["x"], topic="alerts-prod-Topic-9Z"), {})
    with pytest.raises(UnknownOriginError, match="bucket= filters: media"):
        router.dispatch(s3("cat.jpg", bucket="media-prod-bucket-1"), {})


def test_single_events_no_filter_takes_go_to_custom() -> None:
    router = Router(unmatched="fail")
    router.sns(topic="alerts")(lambda event, context: "alerts")
    router.s3(bucket="media", prefix="in/")(lambda event, context: "media")
    router.eventbridge(source="shop")(lambda event, context: "shop")
    router.custom()(lambda event, context: "custom")

    assert router.dispatch(sns(["x"], topic="other"), {}) == "custom"
    assert router.dispatch(s3("out/cat.jpg", bucket="media"), {}) == "custom"
    assert router.dispatch(eventbridge(source="billing"), {}) == "custom"
    assert router.dispatch(eventbridge(source="shop"), {}) == "shop"


def test_queues_are_not_single_events_custom_does_not_take_them() -> None:
    router = Router()
    router.sqs(queue="payments", per_record=True)(lambda m, c: None)
    router.custom()(lambda event, context: "custom")

    assert len(failed_ids(router.dispatch(sqs(["a"], queue=CFN_QUEUE), {}))) == 1


def test_identity_checks_run_once_per_record_from_any_thread() -> None:
    router = Router()
    lock = threading.Lock()
    seen: set[str] = set()

    def handle(message: Any, context: Any) -> None:
        with lock:
            seen.add(message.body)

    router.sqs(queue="payments", per_record=True, concurrency=8)(handle)
    known = sqs([str(i) for i in range(20)], queue="payments")["Records"]
    unknown = sqs(["x", "y"], queue=CFN_QUEUE)["Records"]
    result = router.dispatch({"Records": known + unknown}, {})

    assert seen == {str(i) for i in range(20)}
    assert failed_ids(result) == [r["messageId"] for r in unknown]
