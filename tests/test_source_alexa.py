"""Alexa custom skills: typed requests, routing by request type and intent, speech answers."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import AlexaEvent
from tests.conftest import load_event

FIXTURES = ["alexa/launch.json", "alexa/intent.json", "alexa/session_ended.json"]


@pytest.mark.parametrize("name", FIXTURES)
def test_skill_requests_are_recognised(name: str) -> None:
    source, variant = classify(load_event(name))
    assert (source.name, variant) == ("alexa", "")


def test_an_intent_request_is_typed() -> None:
    event = AlexaEvent(load_event("alexa/intent.json"))

    assert event.version == "1.0"
    assert event.request_type == "IntentRequest"
    assert event.request_id == "amzn1.echo-api.request.66666666-7777-8888-9999-000000000000"
    assert event.timestamp == "2024-03-14T18:02:40Z"
    assert event.locale == "en-GB"
    assert event.intent_name == "OrderPizzaIntent"
    assert event.dialog_state == "COMPLETED"
    assert event.slots == {"Size": "large", "Topping": None}
    assert event.slot("Size") == "large"
    assert event.slot("Crust") is None
    assert event.new_session is False
    assert event.session_id is not None
    assert event.session_attributes == {"order": ["margherita"]}
    assert event.application_id == "amzn1.ask.skill.6b2f4c1e-8d3a-4f5b-9c7e-0a1b2c3d4e5f"
    assert event.user_id == "amzn1.ask.account.AGF7EXAMPLEUSERID"
    assert event.device_id == "amzn1.ask.device.AEXAMPLEDEVICEID"
    assert event.access_token == "Atza|EXAMPLELINKEDACCOUNTTOKEN"
    assert event.api_endpoint == "https://api.eu.amazonalexa.com"
    assert event.api_access_token is not None
    assert event.context["AudioPlayer"] == {"playerActivity": "IDLE"}


def test_tokens_never_show_in_repr() -> None:
    text = repr(AlexaEvent(load_event("alexa/intent.json")))

    assert "OrderPizzaIntent" in text
    assert "Atza" not in text
    assert "EXAMPLEAPITOKEN" not in text


def test_a_request_without_a_session_reads_from_the_context() -> None:
    raw = load_event("alexa/launch.json")
    del raw["session"]
    event = AlexaEvent(raw)

    assert event.new_session is False
    assert event.session_attributes == {}
    assert event.user_id == "amzn1.ask.account.AGF7EXAMPLEUSERID"
    assert event.intent_name is None
    assert event.slots == {}


def test_speech_answers() -> None:
    event = AlexaEvent(load_event("alexa/intent.json"))

    assert event.speak("One large pizza.") == {
        "version": "1.0",
        "response": {
            "outputSpeech": {"type": "PlainText", "text": "One large pizza."},
            "shouldEndSession": True,
        },
        "sessionAttributes": {"order": ["margherita"]},
    }
    answer = event.speak(
        "<speak>Which topping?</speak>",
        reprompt="Which topping would you like?",
        end_session=False,
        card_title="Pizza",
        card_text="Large",
        session_attributes={"size": "large"},
    )
    assert answer["response"]["outputSpeech"] == {
        "type": "SSML",
        "ssml": "<speak>Which topping?</speak>",
    }
    assert answer["response"]["reprompt"]["outputSpeech"]["text"] == (
        "Which topping would you like?"
    )
    assert answer["response"]["card"] == {"type": "Simple", "title": "Pizza", "content": "Large"}
    assert answer["response"]["shouldEndSession"] is False
    assert answer["sessionAttributes"] == {"size": "large"}
    silent = AlexaEvent(load_event("alexa/launch.json")).speak(end_session=None)
    assert silent == {"version": "1.0", "response": {}}


def test_handlers_are_chosen_by_request_type_and_intent() -> None:
    router = Router()

    @router.alexa()
    def anything(event: AlexaEvent, context: Any) -> dict[str, Any]:
        return event.speak(f"unhandled {event.request_type}")

    @router.alexa(request_type="LaunchRequest")
    def launch(event: AlexaEvent, context: Any) -> dict[str, Any]:
        return event.speak("Welcome! What would you like?", end_session=False)

    @router.alexa(intent=["OrderPizzaIntent", "AMAZON.OrderIntent"])
    def order(event: AlexaEvent, context: Any) -> dict[str, Any]:
        return event.speak(f"A {event.slot('Size')} pizza is on its way.")

    def spoken(name: str) -> str:
        return router.dispatch(load_event(name), {})["response"]["outputSpeech"]["text"]

    assert spoken("alexa/launch.json") == "Welcome! What would you like?"
    assert spoken("alexa/intent.json") == "A large pizza is on its way."
    assert spoken("alexa/session_ended.json") == "unhandled SessionEndedRequest"


def test_an_intent_filter_only_takes_intent_requests() -> None:
    raw = load_event("alexa/launch.json")
    raw["request"]["intent"] = {"name": "OrderPizzaIntent"}  # not an IntentRequest
    router = Router()
    router.alexa(intent="OrderPizzaIntent")(lambda event, context: "order")
    router.alexa()(lambda event, context: "other")

    assert router.dispatch(raw, {}) == "other"


@given(speech=st.text(max_size=50))
def test_any_text_is_spoken_as_plain_text_or_ssml(speech: str) -> None:
    answer = AlexaEvent(load_event("alexa/launch.json")).speak(speech)
    output = answer["response"]["outputSpeech"]

    assert speech in (output.get("text"), output.get("ssml"))
