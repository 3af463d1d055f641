"""Reading a whole-batch handler's answer as Lambda reads a partial batch response.

Alone, a whole-batch handler's answer goes to Lambda unchanged. Sharing a batch with other
handlers, it decides the fate of the records it received and no others; the router reads it by
Lambda's rules: ``None``, an object without ``batchItemFailures``, or a null or empty list fails
nothing; entries naming records fail those. Anything else (not an object, ``batchItemFailures``
that is not a list, an entry without an identifier or naming a record the handler did not
receive) would make Lambda retry the whole batch: here it fails every record of that handler.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

JSON = dict[str, Any]


def claims_a_report(result: Any) -> bool:
    """Whether a handler's answer is (or means to be) a partial batch response of its own."""
    return isinstance(result, dict) and "batchItemFailures" in result


def reported(
    result: Any, indexes: list[int], raws: list[JSON], record_id: Callable[[JSON], Any]
) -> tuple[set[int], str | None]:
    """The records (of ``indexes``) an answer reports failed, and what is wrong with the answer
    when it is not a valid partial batch response (then every one of ``indexes`` failed)."""
    if result is None or (isinstance(result, dict) and result.get("batchItemFailures") is None):
        return set(), None
    entries = result.get("batchItemFailures") if isinstance(result, dict) else result
    if not isinstance(result, dict) or not isinstance(entries, list):
        return set(indexes), f"a {type(entries).__name__}, not a partial batch response"
    mine = {comparable(record_id(raws[index])): index for index in indexes}
    mine.pop(None, None)  # records without an identifier cannot be named
    mine.pop("", None)
    failed = set()
    for entry in entries:
        identifier = entry.get("itemIdentifier") if isinstance(entry, dict) else None
        index = mine.get(comparable(identifier))
        if index is None:
            return set(indexes), f"an entry naming none of its records ({entry!r:.80})"
        failed.add(index)
    return failed, None


def comparable(identifier: Any) -> Hashable:
    """An ``itemIdentifier`` in a form that compares and hashes (Kafka's are objects)."""
    if isinstance(identifier, dict):
        return tuple(sorted((str(key), str(value)) for key, value in identifier.items()))
    if identifier is None or isinstance(identifier, str | int):
        return identifier
    return repr(identifier)
