"""Python values as the JSON data an answer would carry, for defaults and examples in schemas."""

from __future__ import annotations

import json
from typing import Any

from lambda_universal_router._http.encoding import encode_json


def dump(value: Any) -> Any:
    """``value`` as JSON data, written by the answer encoder (Decimal, dates, Enum, dataclasses
    ...) and read back."""
    return json.loads(encode_json(value))
