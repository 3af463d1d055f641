"""How Lambda reads a batch's answer when the mapping reports batch item failures.

Complete success: nothing returned, an empty object, or ``batchItemFailures`` null or empty.
Complete failure: an exception, a timeout, or an answer Lambda cannot use (not an object,
``batchItemFailures`` not a list, an item without a non-empty ``itemIdentifier`` of the batch).
Otherwise: exactly the named records failed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Verdict:
    """What to acknowledge: ``failed`` is None when the whole batch failed."""

    failed: frozenset[str] | None
    #: Why the whole batch failed (for the log), or why an answer was refused.
    reason: str = ""

    @property
    def whole_batch_failed(self) -> bool:
        return self.failed is None


SUCCESS = Verdict(frozenset())


def read_answer(answer: Any, identifiers: Collection[str]) -> Verdict:
    """The verdict on a batch whose records are named by ``identifiers``."""
    if answer is None:
        return SUCCESS
    if not isinstance(answer, dict):
        return Verdict(None, f"the answer is a {type(answer).__name__}, not an object")
    failures = answer.get("batchItemFailures")
    if failures is None:
        return SUCCESS
    if not isinstance(failures, list):
        return Verdict(None, "batchItemFailures is not a list")
    failed = set()
    for item in failures:
        identifier = item.get("itemIdentifier") if isinstance(item, dict) else None
        if not isinstance(identifier, str) or not identifier:
            return Verdict(None, f"batchItemFailures holds {item!r}, without an itemIdentifier")
        if identifier not in identifiers:
            return Verdict(None, f"batchItemFailures names {identifier!r}, not in the batch")
        failed.add(identifier)
    return Verdict(frozenset(failed))


def whole_batch_failure(reason: str) -> Verdict:
    return Verdict(None, reason)
