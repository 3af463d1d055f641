"""AppSync Events handlers: publishes and subscriptions typed, routed by channel, answered."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import ConfigurationError, InvalidResponseError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router._exceptions import UnmatchedEventError
from lambda_universal_router.events import AppSyncEventsEvent, AppSyncPublishedEvent
from lambda_universal_router.testing import appsync_events
from tests.conftest import load_event

PUBLISH = "appsync_events/publish.json"
SUBSCRIBE = "appsync_events/subscribe.json"


@pytest.mark.parametrize(("name", "variant"), [(PUBLISH, "publish"), (SUBSCRIBE, "subscribe")])
def test_both_operations_are_recognised(name: str, variant: str) -> None:
    source, found = classify(load_event(name))
    assert (source.name, found) == ("appsync_events", variant)


def test_graphql_resolvers_stay_appsync() -> None:
    assert classify(load_event("appsync/query_cognito.json"))[0].name == "appsync"
    odd = load_event(PUBLISH)
    odd["info"]["operation"] = "CONNECT"
    assert classify(odd)[0].name == "custom"


def test_publish_is_typed() -> None:
    event = AppSyncEventsEvent(load_event(PUBLISH))

    assert event.operation == "PUBLISH"
    assert event.channel == "/chat/rooms/42"
    assert event.channel_segments == ["chat", "rooms", "42"]
    assert event.namespace == "chat"
    assert event.identity["username"] == "ada"
    assert event.request_headers["x-forwarded-for"] == "203.0.113.40"
    assert event.domain_name is None
    assert event.stash == {}
    first, _, third = event.events
    assert isinstance(first, AppSyncPublishedEvent)
    assert first.id == "4b0e8c2a-1f3d-4a5b-9c6d-7e8f9a0b1c2d"
    assert first.payload == {"text": "hello room", "author": "ada"}
    assert third.payload == "a bare string payload"
    assert event.events is event.events
    assert repr(event) == "AppSyncEventsEvent(operation='PUBLISH', channel='/chat/rooms/42')"


def test_subscribe_has_no_events() -> None:
    event = AppSyncEventsEvent(load_event(SUBSCRIBE))
    assert (event.operation, event.events) == ("SUBSCRIBE", [])


def test_answers() -> None:
    first, second, _ = AppSyncEventsEvent(load_event(PUBLISH)).events

    assert first.forward() == {"id": first.id, "payload": first.payload}
    assert first.forward({"text": "hi"}) == {"id": first.id, "payload": {"text": "hi"}}
    assert first.forward(None) == {"id": first.id, "payload": None}
    assert second.fail("spam") == {"id": second.id, "error": "spam"}
    assert AppSyncEventsEvent.broadcast([first, second.fail("spam")]) == {
        "events": [first.forward(), {"id": second.id, "error": "spam"}]
    }
    assert AppSyncEventsEvent.reject("Unauthorized") == {"error": "Unauthorized"}


def test_publish_handler_filters_and_changes_events() -> None:
    # Given a moderation handler for the chat rooms
    router = Router()

    @router.appsync_events(channel="/chat/rooms/*", operation="PUBLISH")
    def moderate(event: AppSyncEventsEvent, context: Any) -> list[dict[str, Any]]:
        kept = []
        for item in event.events:
            if not isinstance(item.payload, dict):
                continue  # dropped: not broadcast
            if "CHEAP" in item.payload["text"]:
                kept.append(item.fail("spam"))
            else:
                kept.append(item.forward({**item.payload, "room": event.channel_segments[-1]}))
        return kept

    # When a publish arrives, then AppSync gets the events to broadcast
    assert router.dispatch(load_event(PUBLISH), {}) == {
        "events": [
            {
                "id": "4b0e8c2a-1f3d-4a5b-9c6d-7e8f9a0b1c2d",
                "payload": {"text": "hello room", "author": "ada", "room": "42"},
            },
            {"id": "9d8c7b6a-5f4e-4d3c-8b2a-1a0f9e8d7c6b", "error": "spam"},
        ]
    }


def test_publish_handler_returning_none_broadcasts_everything_unchanged() -> None:
    router = Router()
    router.appsync_events()(lambda event, context: None)

    answer = router.dispatch(load_event(PUBLISH), {})

    assert answer == {"events": load_event(PUBLISH)["events"]}


def test_subscribe_handler_allows_or_rejects() -> None:
    router = Router()

    @router.appsync_events(namespace="chat", operation="SUBSCRIBE")
    def members_only(event: AppSyncEventsEvent, context: Any) -> dict[str, Any] | None:
        if "moderators" in event.identity.get("groups", []):
            return None
        return event.reject("Unauthorized")

    assert router.dispatch(load_event(SUBSCRIBE), {}) is None
    outsider = load_event(SUBSCRIBE)
    outsider["identity"]["groups"] = []
    assert router.dispatch(outsider, {}) == {"error": "Unauthorized"}


def test_most_specific_handler_wins_and_unmatched_channels_follow_the_policy() -> None:
    router = Router()
    router.appsync_events(namespace="chat")(lambda event, context: event.reject("namespace"))
    router.appsync_events(namespace="chat", channel="/chat/rooms/42")(
        lambda event, context: event.reject("exact")
    )

    assert router.dispatch(load_event(PUBLISH), {}) == {"error": "exact"}
    other_room = appsync_events(channel="/chat/rooms/7")
    assert router.dispatch(other_room, {}) == {"error": "namespace"}
    elsewhere = appsync_events([{"n": 1}], channel="/alerts/all")
    assert router.dispatch(elsewhere, {}) == {"events": elsewhere["events"]}

    strict = Router(unmatched="fail")
    strict.appsync_events(namespace="chat")(lambda event, context: None)
    with pytest.raises(UnmatchedEventError):
        strict.dispatch(elsewhere, {})


def test_other_answers_are_refused() -> None:
    router = Router()
    router.appsync_events()(lambda event, context: "ok")

    with pytest.raises(InvalidResponseError, match="publish handler"):
        router.dispatch(load_event(PUBLISH), {})


def test_operations_are_checked_when_registered() -> None:
    with pytest.raises(ConfigurationError, match="PUBLISH"):
        Router().appsync_events(operation="publish")


@given(
    payloads=st.lists(
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=8),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(st.text(max_size=5), inner, max_size=3)
            ),
            max_leaves=6,
        ),
        max_size=5,
    )
)
def test_any_published_payloads_are_forwarded_as_they_came(payloads: list[Any]) -> None:
    router = Router()
    router.appsync_events()(lambda event, context: None)
    raw = appsync_events(payloads)

    answer = router.dispatch(raw, {})

    assert [item["payload"] for item in answer["events"]] == payloads
    assert [item["id"] for item in answer["events"]] == [e["id"] for e in raw["events"]]
