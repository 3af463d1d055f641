"""CodeCommit triggers: repository events with their references, routed by repository."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import InvalidEventError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import CodeCommitEvent
from tests.conftest import load_event


@pytest.mark.parametrize("name", ["codecommit/push.json", "codecommit/tag_created.json"])
def test_triggers_are_recognised(name: str) -> None:
    source, variant = classify(load_event(name))
    assert (source.name, variant) == ("codecommit", "")


def test_a_push_is_typed() -> None:
    (record,) = CodeCommitEvent(load_event("codecommit/push.json")).records

    assert record.repository == "orders-service"
    assert record.event_source == "aws:codecommit"
    assert record.event_source_arn == "arn:aws:codecommit:eu-west-1:123456789012:orders-service"
    assert record.event_name == "ReferenceChanges"
    assert record.event_id == "8d1c7f2a-3b4e-4c5d-9e6f-7a8b9c0d1e2f"
    assert record.event_time == "2024-03-14T09:20:31.447+0000"
    assert record.aws_region == "eu-west-1"
    assert record.custom_data == "deploy-on-push"
    assert record.event_trigger_name == "notify-deployer"
    assert record.event_trigger_config_id == "1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b"
    assert record.event_part_number == record.event_total_parts == 1
    assert record.user_identity_arn == "arn:aws:sts::123456789012:assumed-role/developer/jane"
    (reference,) = record.references
    assert reference.ref == "refs/heads/main"
    assert reference.branch == "main"
    assert reference.tag is None
    assert reference.commit == "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
    assert reference.created is reference.deleted is False
    assert "orders-service" in repr(record)


def test_created_and_deleted_references() -> None:
    (record,) = CodeCommitEvent(load_event("codecommit/tag_created.json")).records
    tag, branch = record.references

    assert (tag.tag, tag.created, tag.deleted) == ("v2.4.0", True, False)
    assert (branch.branch, branch.created, branch.deleted) == ("release-2.3", False, True)
    assert record.custom_data is None


def test_malformed_records_are_invalid_events() -> None:
    with pytest.raises(InvalidEventError, match="Records"):
        _ = CodeCommitEvent({"Records": {"eventSource": "aws:codecommit"}}).records


def test_handlers_are_chosen_by_repository() -> None:
    router = Router()

    @router.codecommit()
    def any_repository(event: CodeCommitEvent, context: Any) -> str:
        return "any"

    @router.codecommit(repository=["orders-service", "payments-service"])
    def services(event: CodeCommitEvent, context: Any) -> list[str | None]:
        return [ref.branch for record in event.records for ref in record.references]

    assert router.dispatch(load_event("codecommit/push.json"), {}) == ["main"]
    assert router.dispatch(load_event("codecommit/tag_created.json"), {}) == "any"


def test_a_repository_arn_is_accepted_as_filter() -> None:
    router = Router()
    arn = "arn:aws:codecommit:eu-west-1:123456789012:billing-service"
    router.codecommit(repository=arn)(lambda event, context: "billing")

    assert router.dispatch(load_event("codecommit/tag_created.json"), {}) == "billing"


@given(name=st.from_regex(r"[A-Za-z0-9_.-]{1,30}", fullmatch=True))
def test_the_repository_name_comes_from_the_arn(name: str) -> None:
    raw = load_event("codecommit/push.json")
    raw["Records"][0]["eventSourceARN"] = f"arn:aws:codecommit:eu-west-1:123456789012:{name}"

    assert CodeCommitEvent(raw).records[0].repository == name
