"""The fallback: any event no other source recognises."""

from __future__ import annotations

from typing import Any

from ._base import Event


class CustomEvent(Event):
    """An unrecognised event, handed over as it came."""

    __slots__ = ()

    @property
    def event_data(self) -> dict[str, Any]:
        """The raw event dict (the 1.0 name of ``raw_event``)."""
        return self.raw_event
