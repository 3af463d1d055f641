"""Amazon Connect dispatch: the answer becomes the flat map of strings the flow block expects.

``None`` is ``{}``; in a dict, strings stay, booleans become ``"true"``/``"false"``, numbers
their text and ``None`` an empty string. Nested values cannot go into a ``STRING_MAP`` and raise
:class:`EventError` naming the key; a ``ConnectJSONResponse`` is sent unchanged for blocks that
validate the response as ``JSON``.
"""

from __future__ import annotations

from typing import Any

from lambda_universal_router._dispatch import EventDispatcher, call
from lambda_universal_router._exceptions import InvalidResponseError


class ConnectDispatcher(EventDispatcher):
    """Calls the handler, then flattens its answer into strings."""

    __slots__ = ()

    def __call__(self, event: dict[str, Any], variant: str, context: Any) -> Any:
        typed = self.event_class(event)
        registration = self.candidates.select(typed)
        if registration is None:
            return string_map(self.router.unmatched(self.source, event, context))
        return string_map(call(registration.call, typed, context))


def string_map(result: Any) -> dict[str, Any]:
    """``result`` as Connect's ``STRING_MAP``, unless it is a ``ConnectJSONResponse``."""
    from lambda_universal_router.events._connect import ConnectJSONResponse

    if result is None:
        return {}
    if isinstance(result, ConnectJSONResponse):
        return dict(result)
    if not isinstance(result, dict):
        raise InvalidResponseError(
            f"A Connect handler returns a dict of string values (or None), not "
            f"{type(result).__name__}."
        )
    flat: dict[str, Any] = {}
    for key, value in result.items():
        if isinstance(value, str):
            flat[str(key)] = value
        elif isinstance(value, bool):
            flat[str(key)] = "true" if value else "false"
        elif isinstance(value, (int, float)):
            flat[str(key)] = str(value)
        elif value is None:
            flat[str(key)] = ""
        else:
            raise InvalidResponseError(
                f"Connect answer {key!r} holds a {type(value).__name__}; the flow block's "
                "STRING_MAP validation takes only flat string values. Flatten it, send "
                "json.dumps(value), or return ConnectJSONResponse({...}) to a block that "
                "validates the response as JSON."
            )
    return flat
