"""A batch's answer read as Lambda reads it with ReportBatchItemFailures."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router._poll.answers import read_answer

BATCH = ["m1", "m2", "m3"]


def test_no_answer_an_empty_object_and_empty_failures_are_complete_success() -> None:
    for answer in (None, {}, {"batchItemFailures": []}, {"batchItemFailures": None}):
        verdict = read_answer(answer, BATCH)
        assert verdict.failed == frozenset(), answer


def test_named_records_fail_and_only_those() -> None:
    verdict = read_answer({"batchItemFailures": [{"itemIdentifier": "m2"}]}, BATCH)
    assert verdict.failed == {"m2"}


def test_unusable_answers_fail_the_whole_batch() -> None:
    for answer in (
        "ok",
        ["m1"],
        {"batchItemFailures": "m1"},
        {"batchItemFailures": [{"itemIdentifier": ""}]},
        {"batchItemFailures": [{"itemIdentifier": None}]},
        {"batchItemFailures": [{"id": "m1"}]},
        {"batchItemFailures": [{"itemIdentifier": "not-in-the-batch"}]},
        {"batchItemFailures": ["m1"]},
    ):
        verdict = read_answer(answer, BATCH)
        assert verdict.whole_batch_failed, answer
        assert verdict.reason


answers = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.sampled_from(BATCH),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["batchItemFailures", "itemIdentifier", "x"]), inner)
    ),
    max_leaves=12,
)


@given(answers)
def test_no_answer_acknowledges_a_record_it_names_as_failed(answer: Any) -> None:
    verdict = read_answer(answer, BATCH)
    failures = answer.get("batchItemFailures") if isinstance(answer, dict) else None
    items = failures if isinstance(failures, list) else []
    named = {
        item["itemIdentifier"]
        for item in items
        if isinstance(item, dict) and isinstance(item.get("itemIdentifier"), str)
    }
    if verdict.failed is not None:
        assert named <= verdict.failed
        assert verdict.failed <= set(BATCH)
