"""Shared test helpers: realistic events live as JSON files under tests/events/<source>/."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

EVENTS = Path(__file__).parent / "events"


@cache
def _read(name: str) -> Any:
    return json.loads((EVENTS / name).read_text(encoding="utf-8"))


def load_event(name: str) -> Any:
    """A fresh copy of ``tests/events/<name>`` (e.g. ``"sqs/standard.json"``)."""
    return copy.deepcopy(_read(name))
