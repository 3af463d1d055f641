"""Cognito Sync triggers: dataset records typed, changed in place, answered with the event."""

from __future__ import annotations

from typing import Any

import pytest

from lambda_universal_router import ConfigurationError, InvalidResponseError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router._exceptions import UnmatchedEventError
from lambda_universal_router.events import CognitoSyncEvent, CognitoSyncRecord
from lambda_universal_router.testing._factories_extra import cognito_sync
from tests.conftest import load_event

FIXTURE = "cognito_sync/sync_trigger.json"


def test_sync_trigger_is_recognised_and_not_taken_for_a_user_pool_trigger() -> None:
    assert classify(load_event(FIXTURE))[0].name == "cognito_sync"
    assert classify(load_event("cognito/pre_sign_up.json"))[0].name == "cognito"


def test_event_and_records_are_typed() -> None:
    event = CognitoSyncEvent(load_event(FIXTURE))

    assert event.version == 2
    assert event.event_type == "SyncTrigger"
    assert event.region == "eu-west-1"
    assert event.identity_pool_id == "eu-west-1:5c1f0e9a-7b3d-4e2a-9f8c-6d5e4c3b2a10"
    assert event.identity_id == "eu-west-1:0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d"
    assert event.dataset_name == "game_state"
    assert list(event.records) == ["level", "nickname", "cheat_mode"]
    level = event.records["level"]
    assert isinstance(level, CognitoSyncRecord)
    assert (level.key, level.old_value, level.new_value, level.op) == (
        "level",
        "11",
        "12",
        "replace",
    )
    assert event.records["cheat_mode"].old_value is None
    assert event.records is event.records
    assert repr(level) == "CognitoSyncRecord(key='level', op='replace')"
    assert "game_state" in repr(event)


def test_odd_records_are_left_out_and_a_bare_event_reads_as_empty() -> None:
    raw = load_event(FIXTURE)
    raw["datasetRecords"]["broken"] = "not a record"
    assert "broken" not in CognitoSyncEvent(raw).records
    bare = CognitoSyncEvent({})
    assert (bare.records, bare.dataset_name, bare.version) == ({}, None, None)


def test_handler_changes_records_and_the_router_answers_with_the_event() -> None:
    # Given a trigger that tidies nicknames and refuses cheats
    router = Router()

    @router.cognito_sync(dataset="game_state")
    def tidy(event: CognitoSyncEvent, context: Any) -> None:
        event.records["nickname"].replace((event.records["nickname"].new_value or "").strip())
        event.records["cheat_mode"].remove()

    # When Cognito Sync sends the dataset
    answer = router.dispatch(load_event(FIXTURE), {})

    # Then the answer is the event with the changed records
    records = answer["datasetRecords"]
    assert records["nickname"] == {"oldValue": "ada", "newValue": "Ada L.", "op": "replace"}
    assert records["cheat_mode"]["op"] == "remove"
    assert records["level"] == {"oldValue": "11", "newValue": "12", "op": "replace"}
    assert answer["datasetName"] == "game_state"


def test_handler_may_return_the_event_or_a_whole_answer() -> None:
    router = Router()
    router.cognito_sync(dataset="game_state")(lambda event, context: event)
    router.cognito_sync()(lambda event, context: {**event.raw_event, "datasetRecords": {}})

    assert router.dispatch(load_event(FIXTURE), {}) == load_event(FIXTURE)
    other = load_event(FIXTURE)
    other["datasetName"] = "settings"
    assert router.dispatch(other, {})["datasetRecords"] == {}


def test_unmatched_datasets_sync_unchanged_or_fail() -> None:
    acking = Router()
    acking.cognito_sync(dataset="settings")(lambda event, context: None)
    assert acking.dispatch(load_event(FIXTURE), {}) == load_event(FIXTURE)

    failing = Router(unmatched="fail")
    failing.cognito_sync(dataset="settings")(lambda event, context: None)
    with pytest.raises(UnmatchedEventError):
        failing.dispatch(load_event(FIXTURE), {})


def test_other_answers_are_refused() -> None:
    router = Router()
    router.cognito_sync()(lambda event, context: "ok")

    with pytest.raises(InvalidResponseError, match="Cognito Sync"):
        router.dispatch(load_event(FIXTURE), {})


def test_dataset_filter_is_checked_when_registered() -> None:
    with pytest.raises(ConfigurationError, match="dataset="):
        Router().cognito_sync(dataset="")


def test_factory_event_round_trips() -> None:
    raw = cognito_sync({"score": ("1", "2")}, dataset="scores")
    assert classify(raw)[0].name == "cognito_sync"
    event = CognitoSyncEvent(raw)
    assert event.dataset_name == "scores"
    assert event.records["score"].new_value == "2"
