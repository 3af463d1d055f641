"""Agents for Amazon Bedrock: action group invocations, OpenAPI or function details.

An OpenAPI action group sends ``apiPath`` and ``httpMethod``; a function details action group
sends ``function``. Both send ``parameters`` (names, types and values as text), and the answer
repeats the action group and the operation with the result (``response``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from lambda_universal_router._exceptions import InvalidResponseError

from ._base import Event, listing, mapping, text_mapping
from ._fields import text

#: The content type of function details answers (the only one Bedrock accepts there).
FUNCTION_CONTENT_TYPE = "TEXT"


class BedrockAgentEvent(Event):
    """A Bedrock agent asking its action group to run an API operation or a function."""

    __slots__ = ()
    _repr_fields = ("action_group", "api_path", "http_method", "function")

    @property
    def message_version(self) -> str | None:
        """The format version of the event and of the answer (``"1.0"``)."""
        return text(self.raw_event, "messageVersion")

    @property
    def agent(self) -> dict[str, Any]:
        """The agent: ``name``, ``id``, ``alias`` and ``version``."""
        return mapping(self.raw_event, "agent")

    @property
    def agent_name(self) -> str | None:
        """The agent's name."""
        return text(self.agent, "name")

    @property
    def agent_id(self) -> str | None:
        """The agent's id."""
        return text(self.agent, "id")

    @property
    def agent_alias(self) -> str | None:
        """The alias the agent was invoked through."""
        return text(self.agent, "alias")

    @property
    def agent_version(self) -> str | None:
        """The agent version behind that alias."""
        return text(self.agent, "version")

    @property
    def input_text(self) -> str | None:
        """What the user said in this turn of the conversation."""
        return text(self.raw_event, "inputText")

    @property
    def session_id(self) -> str | None:
        """The agent session's id."""
        return text(self.raw_event, "sessionId")

    @property
    def action_group(self) -> str | None:
        """The action group's name."""
        return text(self.raw_event, "actionGroup")

    @property
    def api_path(self) -> str | None:
        """The operation's path as the OpenAPI schema writes it (``/orders/{orderId}``)."""
        return text(self.raw_event, "apiPath")

    @property
    def http_method(self) -> str | None:
        """The operation's method as the OpenAPI schema writes it."""
        return text(self.raw_event, "httpMethod")

    @property
    def function(self) -> str | None:
        """The function's name (function details action groups)."""
        return text(self.raw_event, "function")

    @property
    def is_function(self) -> bool:
        """Whether the action group is defined with function details rather than OpenAPI."""
        return "function" in self.raw_event

    @property
    def parameters(self) -> list[dict[str, Any]]:
        """The parameters as sent: ``name``, ``type`` and ``value`` (always text)."""
        return listing(self.raw_event, "parameters")

    @property
    def params(self) -> dict[str, Any]:
        """The parameters by name, values converted by their declared type (``integer`` to
        int, ``number`` to float, ``boolean`` to bool, ``array``/``object`` parsed as JSON)."""
        return _typed(self.parameters)

    @property
    def request_body(self) -> dict[str, Any]:
        """The request body of an OpenAPI operation: ``{"content": {type: {"properties"}}}``."""
        return mapping(self.raw_event, "requestBody")

    def body_properties(self, content_type: str = "application/json") -> dict[str, Any]:
        """The request body's properties for ``content_type``, by name, values converted by
        type (``{}`` when the operation has no such body)."""
        content = mapping(mapping(self.request_body, "content"), content_type)
        return _typed(listing(content, "properties"))

    @property
    def session_attributes(self) -> dict[str, str]:
        """Attributes kept for the whole agent session."""
        return text_mapping(self.raw_event, "sessionAttributes")

    @property
    def prompt_session_attributes(self) -> dict[str, str]:
        """Attributes kept for this turn only."""
        return text_mapping(self.raw_event, "promptSessionAttributes")

    # --- the answer -----------------------------------------------------------------------------

    def response(
        self,
        body: Any = None,
        *,
        status_code: int = 200,
        content_type: str | None = None,
        response_state: str | None = None,
        session_attributes: Mapping[str, str] | None = None,
        prompt_session_attributes: Mapping[str, str] | None = None,
        knowledge_bases_configuration: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """The answer Bedrock expects, for this event's kind of action group.

        ``body`` is sent as text: strings as they are, anything else as JSON. OpenAPI answers
        carry ``status_code`` and ``content_type`` (default ``application/json``); function
        answers use ``TEXT`` and may set ``response_state`` to ``FAILURE`` or ``REPROMPT``.
        Session attributes default to those of the event.
        """
        text = body if isinstance(body, str) else _json(body)
        result: dict[str, Any] = {"actionGroup": self.action_group}
        if self.is_function:
            if response_state not in (None, "FAILURE", "REPROMPT"):
                raise InvalidResponseError(
                    f"response_state is 'FAILURE' or 'REPROMPT' (or left out), not "
                    f"{response_state!r}."
                )
            kind = content_type or FUNCTION_CONTENT_TYPE
            function_response: dict[str, Any] = {"responseBody": {kind: {"body": text}}}
            if response_state is not None:
                function_response["responseState"] = response_state
            result["function"] = self.function
            result["functionResponse"] = function_response
        else:
            if response_state is not None:
                raise InvalidResponseError(
                    "response_state answers function details action groups only; an OpenAPI "
                    "operation reports failure with its status_code."
                )
            result["apiPath"] = self.api_path
            result["httpMethod"] = self.http_method
            result["httpStatusCode"] = status_code
            result["responseBody"] = {content_type or "application/json": {"body": text}}
        session = self.session_attributes if session_attributes is None else session_attributes
        prompt = (
            self.prompt_session_attributes
            if prompt_session_attributes is None
            else prompt_session_attributes
        )
        answer: dict[str, Any] = {
            "messageVersion": self.message_version or "1.0",
            "response": result,
            "sessionAttributes": dict(session),
            "promptSessionAttributes": dict(prompt),
        }
        if knowledge_bases_configuration is not None:
            answer["knowledgeBasesConfiguration"] = knowledge_bases_configuration
        return answer


def _json(value: Any) -> str:
    import json

    return json.dumps(value, default=str)


def _typed(parameters: list[Any]) -> dict[str, Any]:
    return {
        str(item.get("name")): _convert(item.get("type"), item.get("value"))
        for item in parameters
        if isinstance(item, dict)
    }


def _convert(kind: Any, value: Any) -> Any:
    """A parameter's text value as its declared type; the text itself if it does not parse."""
    if not isinstance(value, str):
        return value
    try:
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
    except ValueError:
        return value
    if kind == "boolean":
        lowered = value.strip().lower()
        return lowered == "true" if lowered in ("true", "false") else value
    if kind in ("array", "object"):
        import json

        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


#: Filters for ``@router.bedrock_agent(...)``; ``http_method`` values arrive upper-cased.
FILTERS: dict[str, Callable[[Any, Any], bool]] = {
    "api_path": lambda wanted, event: event.api_path in wanted,
    "http_method": lambda wanted, event: (event.http_method or "").upper() in wanted,
    "function": lambda wanted, event: event.function in wanted,
    "action_group": lambda wanted, event: event.action_group in wanted,
}
