"""Agents for Amazon Bedrock: OpenAPI and function action groups, routing, answers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import (
    ConfigurationError,
    InvalidResponseError,
    Router,
    UnmatchedEventError,
)
from lambda_universal_router._classify import classify
from lambda_universal_router.events import BedrockAgentEvent
from lambda_universal_router.testing._factories_api import bedrock_agent
from tests.conftest import load_event


@pytest.mark.parametrize(
    ("name", "variant"),
    [("openapi_get", "openapi"), ("openapi_post", "openapi"), ("function", "function")],
)
def test_both_kinds_are_recognised_and_never_taken_for_http(name: str, variant: str) -> None:
    source, detected = classify(load_event(f"bedrock_agent/{name}.json"))
    assert (source.name, detected) == ("bedrock_agent", variant)


def test_openapi_attributes_and_typed_parameters() -> None:
    event = BedrockAgentEvent(load_event("bedrock_agent/openapi_get.json"))

    assert event.message_version == "1.0"
    assert (event.agent_name, event.agent_id, event.agent_alias, event.agent_version) == (
        "OrdersAgent",
        "AGENT12345",
        "TSTALIASID",
        "DRAFT",
    )
    assert event.input_text == "Where is my order 1234?"
    assert event.session_id == "123456789012345"
    assert event.action_group == "OrdersActionGroup"
    assert event.api_path == "/orders/{orderId}"
    assert event.http_method == "GET"
    assert event.function is None
    assert not event.is_function
    assert event.parameters[0] == {"name": "orderId", "type": "integer", "value": "1234"}
    assert event.params == {"orderId": 1234, "includeItems": True}
    assert event.session_attributes == {"customer": "c-42"}
    assert event.body_properties() == {}
    assert "Where" not in repr(event)


def test_request_body_properties_are_typed() -> None:
    event = BedrockAgentEvent(load_event("bedrock_agent/openapi_post.json"))

    assert event.body_properties() == {
        "product": "roses",
        "quantity": 2,
        "price": 4.5,
        "colors": ["red"],
    }
    assert event.body_properties("text/plain") == {}
    assert event.prompt_session_attributes == {"today": "2024-02-09"}


def test_values_that_do_not_parse_stay_text() -> None:
    event = BedrockAgentEvent(
        {
            "agent": {},
            "actionGroup": "g",
            "function": "f",
            "parameters": [
                {"name": "n", "type": "integer", "value": "twelve"},
                {"name": "b", "type": "boolean", "value": "yes"},
                {"name": "a", "type": "array", "value": "[red, green]"},
                {"name": "x", "type": "number", "value": "1e3"},
            ],
        }
    )

    assert event.params == {"n": "twelve", "b": "yes", "a": "[red, green]", "x": 1000.0}


def test_function_attributes() -> None:
    event = BedrockAgentEvent(load_event("bedrock_agent/function.json"))

    assert event.is_function
    assert event.function == "get_weather"
    assert event.api_path is None
    assert event.params == {"city": "Seattle", "days": 3}


# --- answers ---------------------------------------------------------------------------------


def test_openapi_response_shape() -> None:
    event = BedrockAgentEvent(load_event("bedrock_agent/openapi_get.json"))

    assert event.response({"status": "shipped"}, status_code=200) == {
        "messageVersion": "1.0",
        "response": {
            "actionGroup": "OrdersActionGroup",
            "apiPath": "/orders/{orderId}",
            "httpMethod": "GET",
            "httpStatusCode": 200,
            "responseBody": {"application/json": {"body": json.dumps({"status": "shipped"})}},
        },
        "sessionAttributes": {"customer": "c-42"},
        "promptSessionAttributes": {},
    }


def test_function_response_shape_with_state_and_knowledge_bases() -> None:
    event = BedrockAgentEvent(load_event("bedrock_agent/function.json"))
    kb = [{"knowledgeBaseId": "KB1", "retrievalConfiguration": {}}]

    answer = event.response(
        "Need a city name",
        response_state="REPROMPT",
        session_attributes={"asked": "city"},
        knowledge_bases_configuration=kb,
    )

    assert answer["response"] == {
        "actionGroup": "WeatherActionGroup",
        "function": "get_weather",
        "functionResponse": {
            "responseBody": {"TEXT": {"body": "Need a city name"}},
            "responseState": "REPROMPT",
        },
    }
    assert answer["sessionAttributes"] == {"asked": "city"}
    assert answer["knowledgeBasesConfiguration"] == kb


def test_bad_response_states_are_refused() -> None:
    function = BedrockAgentEvent(load_event("bedrock_agent/function.json"))
    openapi = BedrockAgentEvent(load_event("bedrock_agent/openapi_get.json"))

    with pytest.raises(InvalidResponseError, match="FAILURE"):
        function.response("x", response_state="BROKEN")
    with pytest.raises(InvalidResponseError, match="status_code"):
        openapi.response("x", response_state="FAILURE")


# --- routing and dispatch --------------------------------------------------------------------


def _agent_router() -> Router:
    router = Router(unmatched="fail")

    @router.bedrock_agent(api_path="/orders/{orderId}", http_method="get")
    def get_order(event: BedrockAgentEvent, context: Any) -> dict[str, Any]:
        return {"orderId": event.params["orderId"], "status": "shipped"}

    @router.bedrock_agent(api_path="/orders")
    def create_order(event: BedrockAgentEvent, context: Any) -> dict[str, Any]:
        return event.response({"created": True}, status_code=201)

    @router.bedrock_agent(function="get_weather")
    def weather(event: BedrockAgentEvent, context: Any) -> str:
        return f"Sunny in {event.params['city']}"

    return router


def test_plain_results_are_wrapped_in_the_documented_answer() -> None:
    router = _agent_router()

    answer = router.dispatch(load_event("bedrock_agent/openapi_get.json"))
    body = answer["response"]["responseBody"]["application/json"]["body"]
    assert json.loads(body) == {"orderId": 1234, "status": "shipped"}
    assert answer["response"]["httpStatusCode"] == 200

    weather = router.dispatch(load_event("bedrock_agent/function.json"))
    assert weather["response"]["functionResponse"]["responseBody"] == {
        "TEXT": {"body": "Sunny in Seattle"}
    }


def test_a_full_answer_is_returned_as_is() -> None:
    answer = _agent_router().dispatch(load_event("bedrock_agent/openapi_post.json"))

    assert answer["response"]["httpStatusCode"] == 201


def test_filter_values_are_checked_at_registration() -> None:
    with pytest.raises(ConfigurationError, match="api_path="):
        Router().bedrock_agent(api_path="")


def test_unrouted_operations_follow_the_router_policy() -> None:
    with pytest.raises(UnmatchedEventError):
        _agent_router().dispatch(bedrock_agent("/customers", "GET"))


@given(
    value=st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=30),
        st.lists(st.integers(), max_size=4),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    ),
    function=st.booleans(),
)
def test_any_plain_result_becomes_a_text_body(value: Any, function: bool) -> None:
    router = Router()

    @router.bedrock_agent()
    def handler(event: BedrockAgentEvent, context: Any) -> Any:
        return value

    event = bedrock_agent(function="f") if function else bedrock_agent()
    answer = router.dispatch(event)
    result = answer["response"]
    body = (
        result["functionResponse"]["responseBody"]["TEXT"]["body"]
        if function
        else result["responseBody"]["application/json"]["body"]
    )
    assert body == (value if isinstance(value, str) else json.dumps(value))
