"""CloudWatch Logs subscriptions: control messages are acknowledged without calling a handler.

CloudWatch Logs sends a ``CONTROL_MESSAGE`` when a subscription is set up, to check that the
destination answers. It carries no log events, so no handler should have to skip it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lambda_universal_router._dispatch import EventDispatcher, call

if TYPE_CHECKING:
    from lambda_universal_router.events._cloudwatch_logs import CloudWatchLogsEvent


class LogsDispatcher(EventDispatcher):
    """Acknowledges control messages; hands data messages to the most specific handler."""

    __slots__ = ()

    def __call__(self, event: dict[str, Any], variant: str, context: Any) -> Any:
        typed: CloudWatchLogsEvent = self.event_class(event)
        if typed.is_control_message:
            return None
        registration = self.candidates.select(typed)
        if registration is None:
            return self.router.unmatched(self.source, event, context)
        return call(registration.call, typed, context)
