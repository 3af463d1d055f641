"""Recognise which source sent a raw Lambda event, in time independent of registered handlers.

The lookups are built once from the table in ``_sources``: batch events are told apart by the
``eventSource`` of their first record (one dict lookup), Kafka, MQ and DocumentDB by their top-level
``eventSource``, everything else by a fixed sequence of marker keys whose detectors separate
look-alikes (REST vs ALB, HTTP API vs Function URL, authorizers vs the APIs they guard).
"""

from __future__ import annotations

from ._exceptions import InvalidEventError
from ._sources import CUSTOM, SOURCES, Source

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any


# PERF: classify runs on every event; its branches stay inline (C901 opt-out, as for its maker).
def make_classifier(sources: Sequence[Source]) -> Callable[[object], tuple[Source, str]]:  # noqa: C901
    """A classifier for the table ``sources`` (the library uses the full table, ``SOURCES``)."""
    by_record_source = {value: source for source in sources for value in source.record_sources}
    by_record_key = tuple((key, source) for source in sources for key in source.record_keys)
    by_event_source = {value: source for source in sources for value in source.event_sources}
    by_marker = tuple((key, source) for source in sources for key in source.markers)

    def classify(event: object) -> tuple[Source, str]:  # noqa: C901
        """Return the source of ``event`` and its variant (``""`` when the source has only one).

        Unrecognised dicts classify as the custom source. Anything but a dict (or AppSync's
        batch list) raises :class:`InvalidEventError`.
        """
        if not isinstance(event, dict):
            return _classify_non_dict(event)
        records = event.get("Records")
        if type(records) is list and records and isinstance(records[0], dict):
            first = records[0]
            tag = first.get("eventSource") or first.get("EventSource")
            source = by_record_source.get(tag) if type(tag) is str else None
            if source is not None:
                return source, ""
            for key, source in by_record_key:
                if key in first:
                    return source, ""
            return CUSTOM, ""
        event_source = event.get("eventSource")
        if type(event_source) is str:
            source = by_event_source.get(event_source)
            if source is not None:
                return source, ""
        for key, source in by_marker:
            if key in event:
                detect = source.detect
                if detect is None:
                    return source, ""
                variant = detect(event)
                if variant is not None:
                    return source, variant
        return CUSTOM, ""

    return classify


classify = make_classifier(SOURCES)
_APPSYNC = next(source for source in SOURCES if source.name == "appsync")


def _classify_non_dict(event: object) -> tuple[Source, str]:
    if isinstance(event, list) and event and all(_is_appsync_call(item) for item in event):
        return _APPSYNC, "batch"
    kind = type(event).__name__
    raise InvalidEventError(
        f"dispatch() needs the event as a dict (the JSON object Lambda passes), got {kind}. "
        "Pass the handler's event argument unchanged; if you hold JSON text, json.loads() it first."
    )


def _is_appsync_call(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("info"), dict)
