"""What a typed handler returns, made into JSON-ready data for the answer.

Dataclasses, pydantic models (``model_dump``), and the scalars JSON has no type for (Decimal,
UUID, datetime, date, Enum, set) become dicts, lists, numbers and strings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import uuid
from decimal import Decimal
from typing import Any

#: Types JSON carries as they are.
_PLAIN = frozenset({str, int, float, bool, type(None)})


def dump(value: Any) -> Any:
    """``value`` with every part JSON can carry as is, others converted (recursively).

    A dict or list that needs nothing converted is returned as it is, not copied.
    """
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        # PERF: most answers are dicts of plain values; look before copying.
        for member in value.values():
            if type(member) not in _PLAIN:
                return {key: dump(member) for key, member in value.items()}
        return value
    if kind is list:
        for member in value:
            if type(member) not in _PLAIN:
                return [dump(member) for member in value]
        return value
    if kind is tuple or kind is set or kind is frozenset:
        return [dump(member) for member in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: dump(getattr(value, field.name)) for field in dataclasses.fields(value)}
    model_dump = getattr(value, "model_dump", None)
    if model_dump is not None:
        return model_dump(mode="json")
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, enum.Enum):
        return dump(value.value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {key: dump(member) for key, member in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [dump(member) for member in value]
    return value
