"""Firehose transformations: one handler call per record, one answer per record, in order.

A handler returns the record's new data, a :class:`FirehoseResult`, or None (deliver the record
unchanged). A handler that raises fails only its record (``ProcessingFailed``: Firehose delivers
it to the error output), so nothing is lost. MSK sources are answered with ``kafkaRecordValue``
instead of ``data``, as Firehose requires.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lambda_universal_router._dispatch import EventDispatcher, call, logger
from lambda_universal_router.events._firehose import FirehoseResult

if TYPE_CHECKING:
    from lambda_universal_router.events._firehose import FirehoseEvent, FirehoseRecord


class FirehoseDispatcher(EventDispatcher):
    """Selects the handler for the delivery stream, then transforms each record with it."""

    __slots__ = ()

    def __call__(self, event: dict[str, Any], variant: str, context: Any) -> Any:
        typed: FirehoseEvent = self.event_class(event)
        key = "kafkaRecordValue" if typed.source_msk_arn else "data"
        registration = self.candidates.select(typed)
        if registration is None:
            self.router.unmatched(self.source, event, context)  # raises for unmatched="fail"
            return {"records": [_answer(record, None, key) for record in typed.records]}
        answers = []
        for record in typed.records:
            try:
                answers.append(_answer(record, call(registration.call, record, context), key))
            except Exception:
                logger().exception(
                    "Firehose handler %s failed on record %s", registration.name, record.record_id
                )
                answers.append(_answer(record, FirehoseResult.failed(), key))
        return {"records": answers}


def _answer(record: FirehoseRecord, outcome: Any, key: str) -> dict[str, Any]:
    from base64 import b64encode

    result = outcome if isinstance(outcome, FirehoseResult) else FirehoseResult.ok(outcome)
    answer: dict[str, Any] = {"recordId": record.record_id, "result": result.result}
    if result.data is None or result.result != FirehoseResult.OK:
        answer[key] = record.raw_data
    else:
        answer[key] = b64encode(result.data).decode("ascii")
    if result.partition_keys and result.result == FirehoseResult.OK:
        answer["metadata"] = {"partitionKeys": result.partition_keys}
    return answer
