"""A small YAML writer for the generated templates: block style, strings quoted unless plain-safe.

Only what JSON can hold is written (dicts, lists, strings, numbers, booleans, None), so every
template also round-trips through JSON. Strings that a YAML 1.1 or 1.2 reader could take for
anything but a string are double-quoted, with JSON's escapes (YAML understands them).
"""

from __future__ import annotations

import json
import re
from typing import Any

_PLAIN = re.compile(r"[A-Za-z_/$][A-Za-z0-9_./$:{}+*()-]*\Z")
#: Characters YAML does not allow as they are, and those it reads as line breaks (YAML 1.1).
_ESCAPED = re.compile("[\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\u2028\u2029]")
#: Words YAML 1.1 reads as booleans or null.
_RESERVED = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null"])


def dump(value: Any, header: str = "") -> str:
    """``value`` as a YAML document; ``header`` lines become leading comments."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines.extend(_block(value, 0))
    return "\n".join(lines) + "\n"


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    text = str(value)
    # Plain only when it cannot read as a key, a number, a boolean or null.
    if (
        _PLAIN.match(text)
        and text.lower() not in _RESERVED
        and not text.endswith(":")
        and "::" not in text
    ):
        return text
    return _quoted(text)


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar: JSON's escapes, plus ``\\u`` for what YAML reads otherwise."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(f"\\u{ord(c):04x}" if _ESCAPED.match(c) else c for c in quoted)


def _block(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return [pad + "{}"]
        lines = []
        for key, item in value.items():
            lines.extend(_entry(f"{pad}{_scalar(key)}:", item, indent + 2))
        return lines
    if isinstance(value, list):
        if not value:
            return [pad + "[]"]
        lines = []
        for item in value:
            if isinstance(item, dict) and item:
                nested = _block(item, indent + 2)
                lines.append(f"{pad}- {nested[0].lstrip()}")
                lines.extend(nested[1:])
            else:
                lines.extend(_entry(f"{pad}-", item, indent + 2))
        return lines
    return [pad + _scalar(value)]


def _entry(prefix: str, item: Any, indent: int) -> list[str]:
    """``prefix`` (a key or a dash) followed by ``item`` inline or as an indented block."""
    if isinstance(item, (dict, list)) and item:
        return [prefix, *_block(item, indent)]
    return [f"{prefix} {_block(item, 0)[0]}"]
