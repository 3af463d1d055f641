"""Small helpers the event factories share: identifiers, clocks, payload encodings, ARNs.

The values look like AWS's (same lengths, alphabets and formats) so that code which validates or
logs them behaves as in production, but they are random or made up, never real resources.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

JSON = dict[str, Any]

#: Region and account every factory uses unless told otherwise (an account id AWS reserves for
#: documentation examples).
REGION = "us-east-1"
ACCOUNT = "123456789012"


def many(values: Any) -> list[Any]:
    """``values`` as a list: one string, bytes or mapping is one item, any other iterable many."""
    if isinstance(values, (str, bytes, bytearray, Mapping)) or not isinstance(values, Iterable):
        return [values]
    return list(values)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(value: Any) -> str:
    """``value`` as JSON text; ``Decimal`` numbers keep their value, sets become lists."""
    return json.dumps(value, default=_json_default)


def text(value: Any) -> str:
    """A payload as the text AWS carries: strings unchanged, bytes as UTF-8, anything else JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8")
    return dumps(value)


def raw(value: Any) -> bytes:
    """A payload as bytes: bytes unchanged, strings as UTF-8, anything else as JSON."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return text(value).encode("utf-8")


def b64(value: Any) -> str:
    """A payload base64-encoded, as Kinesis, Kafka and binary HTTP bodies carry it."""
    return base64.b64encode(raw(value)).decode("ascii")


def now() -> float:
    """Seconds since the epoch, the moment every factory stamps its events with."""
    return time.time()


def iso(epoch: float, *, millis: bool = True) -> str:
    """``2024-05-01T12:00:00.000Z``: the ISO 8601 UTC form most AWS events use."""
    moment = datetime.fromtimestamp(epoch, tz=timezone.utc)
    if millis:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def clf(epoch: float) -> str:
    """``01/May/2024:12:00:00 +0000``: the access-log form API Gateway puts in request times."""
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")


def request_id() -> str:
    """A fresh UUID, the shape of most AWS request and message ids."""
    return str(uuid.uuid4())


def hex_id(length: int, *, upper: bool = False) -> str:
    """Random hexadecimal digits (S3 request ids, sequencers, DynamoDB event ids)."""
    digits = (uuid.uuid4().hex + uuid.uuid4().hex) * (length // 64 + 1)
    return digits[:length].upper() if upper else digits[:length]


def token(length: int) -> str:
    """Random base64 text of about ``length`` characters (receipt handles, signatures)."""
    import os

    return base64.b64encode(os.urandom(length * 3 // 4 + 1)).decode("ascii")[:length]


def arn(service: str, region: str, account: str, resource: str) -> str:
    """``arn:aws:<service>:<region>:<account>:<resource>``."""
    return f"arn:aws:{service}:{region}:{account}:{resource}"


def split_arn(name_or_arn: str, region: str, account: str) -> tuple[str, str, str]:
    """``(name, region, account)`` from a resource name, or from an ARN that overrides both."""
    if name_or_arn.startswith("arn:"):
        parts = name_or_arn.split(":", 5)
        if len(parts) == 6:
            return parts[5].rsplit("/", 1)[-1], parts[3], parts[4]
    return name_or_arn, region, account
