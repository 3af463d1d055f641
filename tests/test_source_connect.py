"""Amazon Connect contact flows: detection, contact data, the flat string answer."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import InvalidResponseError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import ConnectEvent, ConnectJSONResponse
from lambda_universal_router.testing._factories_api import connect
from tests.conftest import load_event


@pytest.mark.parametrize("name", ["voice", "chat"])
def test_contact_flow_events_are_recognised(name: str) -> None:
    source, variant = classify(load_event(f"connect/{name}.json"))
    assert (source.name, variant) == ("connect", "")


def test_other_details_events_are_not_connect() -> None:
    assert classify({"Details": {}, "Name": "SomethingElse"})[0].name == "custom"


def test_voice_contact_attributes() -> None:
    event = ConnectEvent(load_event("connect/voice.json"))

    assert event.name == "ContactFlowEvent"
    assert event.contact_id == "4a573372-1f28-4e26-b97b-0a1b2c3d4e5f"
    assert event.initial_contact_id == event.contact_id
    assert event.previous_contact_id == event.contact_id
    assert event.channel == "VOICE"
    assert event.initiation_method == "INBOUND"
    assert event.instance_arn is not None
    assert event.instance_arn.startswith("arn:aws:connect:us-east-1:123456789012:instance/")
    assert event.language_code == "en-US"
    assert event.customer_address == "+12065550100"
    assert event.customer_endpoint["Type"] == "TELEPHONE_NUMBER"
    assert event.system_address == "+12065550199"
    assert event.queue_name == "PasswordReset"
    assert event.queue["OutboundCallerId"]["Address"] == "+12065550199"
    assert event.attributes == {"language": "en"}
    assert event.parameters == {"lookup": "account", "sentAttributeKey": "sentAttributeValue"}
    assert event.media_streams["Customer"]["Audio"]["StreamARN"] is None
    assert event.references == {}
    assert event.segment_attributes["connect:Subtype"]["ValueString"] == "connect:Telephony"
    assert event.details["Parameters"] == event.parameters
    assert "+1206" not in repr(event)


def test_chat_contact_reads_missing_endpoints_as_empty() -> None:
    event = ConnectEvent(load_event("connect/chat.json"))

    assert event.channel == "CHAT"
    assert event.customer_endpoint == {}
    assert event.customer_address is None
    assert event.queue_name is None
    assert event.parameters == {}


# --- the answer ------------------------------------------------------------------------------


def _router(result: Any) -> Router:
    router = Router()

    @router.connect()
    def handler(event: ConnectEvent, context: Any) -> Any:
        return result

    return router


def test_answers_are_flattened_to_strings() -> None:
    answer = _router(
        {"name": "Jane", "balance": 12.5, "tier": 3, "vip": True, "closed": False, "note": None}
    ).dispatch(load_event("connect/voice.json"))

    assert answer == {
        "name": "Jane",
        "balance": "12.5",
        "tier": "3",
        "vip": "true",
        "closed": "false",
        "note": "",
    }


def test_no_answer_is_an_empty_map() -> None:
    assert _router(None).dispatch(load_event("connect/voice.json")) == {}


@pytest.mark.parametrize("value", [{"nested": 1}, [1, 2]])
def test_nested_values_are_a_clear_error(value: Any) -> None:
    with pytest.raises(InvalidResponseError, match="STRING_MAP"):
        _router({"key": value}).dispatch(load_event("connect/voice.json"))


def test_a_non_map_answer_is_a_clear_error() -> None:
    with pytest.raises(InvalidResponseError, match="dict of string values"):
        _router("hello").dispatch(load_event("connect/voice.json"))


def test_a_json_response_goes_unchanged() -> None:
    nested = ConnectJSONResponse({"customer": {"name": "Jane", "orders": [1, 2]}})

    assert _router(nested).dispatch(load_event("connect/voice.json")) == {
        "customer": {"name": "Jane", "orders": [1, 2]}
    }


@given(
    answer=st.dictionaries(
        st.text(max_size=10),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(allow_nan=False),
            st.text(max_size=20),
        ),
        max_size=8,
    )
)
def test_every_scalar_answer_becomes_a_string_map(answer: dict[str, Any]) -> None:
    result = _router(answer).dispatch(connect({"action": "lookup"}))

    assert set(result) == set(answer)
    assert all(isinstance(value, str) for value in result.values())
