"""Amazon MQ dispatch: whole-batch handlers get the ``MQEvent``, per-record ones each message.

Lambda cannot retry one MQ message alone, so when any message fails the invocation fails (the
single error itself, or a ``BatchError`` naming every failed message), after every message had
its turn: nothing is lost, and a message that worked is not the reason for the retry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lambda_universal_router._dispatch import EventDispatcher, call, logger
from lambda_universal_router._exceptions import BatchError, RecordValidationError

if TYPE_CHECKING:
    from lambda_universal_router._registry import Registration


class MQDispatcher(EventDispatcher):
    """Chooses the handler for an MQ batch, then runs it on the batch or on each message."""

    __slots__ = ()

    def __call__(self, event: dict[str, Any], variant: str, context: Any) -> Any:
        typed = self.event_class(event)
        registration = self.candidates.select(typed)
        if registration is None:
            return self.router.unmatched(self.source, event, context)
        if not registration.per_record:
            return call(registration.call, typed, context)
        return _each_message(registration, typed.records, context)


def _each_message(registration: Registration, records: list[Any], context: Any) -> None:
    failures: list[tuple[Any, Exception]] = []
    for record in records:
        try:
            call(registration.call, record, context)
        except Exception as error:
            failures.append((record, error))
    if not failures:
        return
    log = logger()
    for record, failure in failures:
        if isinstance(failure, RecordValidationError):
            log.warning(
                "mq record %s failed validation: %s",
                record.message_id,
                str(failure).partition(": ")[2],
            )
    if len(failures) == 1:
        raise failures[0][1]
    ids = [record.message_id for record, _ in failures]
    raise BatchError("mq", ids, len(records)) from failures[0][1]
