"""Amazon Lex V1 and V2 code hooks: detection, attributes, routing by intent, dialog answers."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import Router, UnmatchedEventError
from lambda_universal_router._classify import classify
from lambda_universal_router.events import LexEvent
from lambda_universal_router.testing._factories_api import lex
from tests.conftest import load_event


@pytest.mark.parametrize(
    ("name", "variant"),
    [("v1_dialog", "v1"), ("v1_fulfillment", "v1"), ("v2_dialog", "v2"), ("v2_fulfillment", "v2")],
)
def test_both_versions_are_recognised(name: str, variant: str) -> None:
    source, detected = classify(load_event(f"lex/{name}.json"))
    assert (source.name, detected) == ("lex", variant)
    assert LexEvent(load_event(f"lex/{name}.json")).version == variant


def test_v1_attributes() -> None:
    event = LexEvent(load_event("lex/v1_dialog.json"))

    assert event.intent_name == "OrderFlowers"
    assert event.invocation_source == "DialogCodeHook"
    assert event.input_transcript == "I would like to order some roses"
    assert event.input_mode == "Text"
    assert event.bot_name == "OrderFlowersBot"
    assert event.session_id == "user-7f3c"
    assert event.confirmation_state == "None"
    assert event.slots == {"FlowerType": "roses", "PickupDate": None, "PickupTime": None}
    assert event.slot_values == {"FlowerType": "roses", "PickupDate": None, "PickupTime": None}
    assert event.slot("FlowerType") == "roses"
    assert event.slot("Unknown") is None
    assert event.session_attributes == {"store": "downtown"}
    assert event.request_attributes == {"x-amz-lex:channel-type": "Slack"}
    assert event.alternative_intents[0]["name"] == "AMAZON.FallbackIntent"
    assert event.message_version == "1.0"
    assert event.intent_state is None


def test_v2_attributes() -> None:
    event = LexEvent(load_event("lex/v2_fulfillment.json"))

    assert event.intent_name == "OrderFlowers"
    assert event.invocation_source == "FulfillmentCodeHook"
    assert event.input_mode == "Speech"
    assert event.session_id == "123456789012345"
    assert event.bot["localeId"] == "en_US"
    assert event.confirmation_state == "Confirmed"
    assert event.intent_state == "ReadyForFulfillment"
    assert event.slot_values == {
        "FlowerType": "roses",
        "PickupDate": "2024-02-14",
        "PickupTime": "10:00",
    }
    assert event.active_contexts[0]["name"] == "flowers"
    assert event.session_attributes == {"store": "downtown"}
    assert repr(event) == (
        "LexEvent(version='v2', intent_name='OrderFlowers', "
        "invocation_source='FulfillmentCodeHook')"
    )


def test_v2_dialog_extras() -> None:
    event = LexEvent(load_event("lex/v2_dialog.json"))

    assert event.interpretations[0]["nluConfidence"]["score"] == 0.92
    assert event.proposed_next_state["dialogAction"]["slotToElicit"] == "PickupDate"
    assert event.transcriptions[0]["transcription"].startswith("I would")


# --- answers ---------------------------------------------------------------------------------


def test_v1_answers() -> None:
    event = LexEvent(load_event("lex/v1_dialog.json"))

    assert event.elicit_slot("PickupDate", "Which day?") == {
        "sessionAttributes": {"store": "downtown"},
        "dialogAction": {
            "type": "ElicitSlot",
            "intentName": "OrderFlowers",
            "slots": {"FlowerType": "roses", "PickupDate": None, "PickupTime": None},
            "slotToElicit": "PickupDate",
            "message": {"contentType": "PlainText", "content": "Which day?"},
        },
    }
    assert event.close("Done", fulfilled=False, session_attributes={})["dialogAction"] == {
        "type": "Close",
        "fulfillmentState": "Failed",
        "message": {"contentType": "PlainText", "content": "Done"},
    }
    assert event.delegate(slots={"PickupTime": "10:00"})["dialogAction"] == {
        "type": "Delegate",
        "slots": {"FlowerType": "roses", "PickupDate": None, "PickupTime": "10:00"},
    }
    confirm = event.confirm_intent({"contentType": "SSML", "content": "<speak>Sure?</speak>"})
    assert confirm["dialogAction"]["type"] == "ConfirmIntent"
    assert confirm["dialogAction"]["message"]["contentType"] == "SSML"
    assert event.elicit_intent("What else?")["dialogAction"]["type"] == "ElicitIntent"


def test_v2_answers() -> None:
    event = LexEvent(load_event("lex/v2_dialog.json"))

    answer = event.elicit_slot("PickupDate", "Which day?", slots={"PickupTime": "10:00"})

    assert answer["messages"] == [{"contentType": "PlainText", "content": "Which day?"}]
    session = answer["sessionState"]
    assert session["dialogAction"] == {"type": "ElicitSlot", "slotToElicit": "PickupDate"}
    assert session["sessionAttributes"] == {"store": "downtown"}
    assert session["intent"]["name"] == "OrderFlowers"
    assert session["intent"]["state"] == "InProgress"
    assert session["intent"]["slots"]["PickupTime"] == {
        "shape": "Scalar",
        "value": {
            "originalValue": "10:00",
            "interpretedValue": "10:00",
            "resolvedValues": ["10:00"],
        },
    }
    assert session["intent"]["slots"]["FlowerType"]["value"]["interpretedValue"] == "roses"
    assert "activeContexts" not in session


def test_v2_close_delegate_confirm_and_elicit_intent() -> None:
    event = LexEvent(load_event("lex/v2_fulfillment.json"))

    closed = event.close("Your roses are ordered.")
    assert closed["sessionState"]["dialogAction"] == {"type": "Close"}
    assert closed["sessionState"]["intent"]["state"] == "Fulfilled"
    assert closed["sessionState"]["activeContexts"][0]["name"] == "flowers"
    failed = event.close(fulfilled=False)
    assert failed["sessionState"]["intent"]["state"] == "Failed"
    assert "messages" not in failed
    delegated = event.delegate()
    assert delegated["sessionState"]["intent"]["state"] == "ReadyForFulfillment"
    assert event.confirm_intent("Sure?")["sessionState"]["dialogAction"]["type"] == "ConfirmIntent"
    elicit = event.elicit_intent("Anything else?", session_attributes={"done": "yes"})
    assert "intent" not in elicit["sessionState"]
    assert elicit["sessionState"]["sessionAttributes"] == {"done": "yes"}


# --- routing ---------------------------------------------------------------------------------


def test_intent_and_invocation_source_route() -> None:
    router = Router(unmatched="fail")

    @router.lex(intent="OrderFlowers")
    def dialog(event: LexEvent, context: Any) -> dict[str, Any]:
        return event.delegate()

    @router.lex(intent="OrderFlowers", invocation_source="FulfillmentCodeHook")
    def fulfil(event: LexEvent, context: Any) -> dict[str, Any]:
        return event.close(f"{event.slot('FlowerType')} ordered")

    @router.lex(intent=["BookHotel", "BookCar"])
    def travel(event: LexEvent, context: Any) -> dict[str, Any]:
        return event.close("booked")

    assert router.dispatch(load_event("lex/v2_dialog.json"))["sessionState"]["dialogAction"] == {
        "type": "Delegate"
    }
    answer = router.dispatch(load_event("lex/v1_fulfillment.json"))
    assert answer["dialogAction"]["message"]["content"] == "roses ordered"
    assert router.dispatch(lex("BookCar"))["messages"][0]["content"] == "booked"
    with pytest.raises(UnmatchedEventError):
        router.dispatch(lex("Greeting"))


@given(
    version=st.sampled_from([1, 2]),
    slots=st.dictionaries(
        st.text("ABCDEFGHIJKLMNOP", min_size=1, max_size=8),
        st.one_of(st.none(), st.text(min_size=1, max_size=12)),
        max_size=5,
    ),
)
def test_slot_values_round_trip_through_both_versions(
    version: int, slots: dict[str, str | None]
) -> None:
    event = LexEvent(lex(slots=slots, version=version))

    assert event.slot_values == slots
    answer = event.delegate()
    slots_back = (
        answer["dialogAction"]["slots"]
        if version == 1
        else answer["sessionState"]["intent"]["slots"]
    )
    assert set(slots_back) == set(slots)
