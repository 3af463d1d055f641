"""Alexa custom skills: a request from the Alexa Skills Kit, answered with speech.

Alexa sends a request envelope (``version``, ``session``, ``context``, ``request``) and waits for
a response envelope saying what to speak, what card to show and whether the session goes on;
``speak()`` builds it. Requests are launches, intents and session ends, plus the interface
requests of audio, display and purchase skills (``request.type`` names them all).

The user's access token and the Alexa API token never appear in ``repr``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from lambda_universal_router._selection import Predicate

from ._base import Event, mapping
from ._fields import text


class AlexaEvent(Event):
    """A request to a custom Alexa skill."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("request_type", "intent_name", "request_id")

    @property
    def version(self) -> str | None:
        """Version of the request envelope (``1.0``)."""
        return text(self.raw_event, "version")

    @property
    def request(self) -> dict[str, Any]:
        """The request itself, as Alexa sent it."""
        return mapping(self.raw_event, "request")

    @property
    def request_type(self) -> str | None:
        """``LaunchRequest``, ``IntentRequest``, ``SessionEndedRequest``, ``AudioPlayer...``..."""
        return text(self.request, "type")

    @property
    def request_id(self) -> str | None:
        """The request's id."""
        return text(self.request, "requestId")

    @property
    def timestamp(self) -> str | None:
        """When the user spoke, ISO 8601 (check it is recent to refuse replays)."""
        return text(self.request, "timestamp")

    @property
    def locale(self) -> str | None:
        """The user's locale (``en-US``); answer in this language."""
        return text(self.request, "locale")

    @property
    def intent(self) -> dict[str, Any]:
        """The intent of an ``IntentRequest``: ``name``, ``slots``, ``confirmationStatus``."""
        return mapping(self.request, "intent")

    @property
    def intent_name(self) -> str | None:
        """The intent's name (``AMAZON.HelpIntent``, ``OrderPizzaIntent``...)."""
        return text(self.intent, "name")

    @property
    def dialog_state(self) -> str | None:
        """``STARTED``, ``IN_PROGRESS`` or ``COMPLETED`` for multi-turn dialogs."""
        return text(self.request, "dialogState")

    @property
    def slots(self) -> dict[str, str | None]:
        """Each slot's spoken value by slot name (None for a slot the user did not fill)."""
        slots = mapping(self.intent, "slots")
        return {
            name: text(slot, "value") if isinstance(slot, dict) else None
            for name, slot in slots.items()
        }

    def slot(self, name: str) -> str | None:
        """The spoken value of slot ``name``, or None."""
        return text(self.slots, name)

    @property
    def session(self) -> dict[str, Any]:
        """The session: ``new``, ``sessionId``, ``attributes``, ``application``, ``user``."""
        return mapping(self.raw_event, "session")

    @property
    def new_session(self) -> bool:
        """Whether this request starts the session."""
        return self.session.get("new") is True

    @property
    def session_id(self) -> str | None:
        """The session's id."""
        return text(self.session, "sessionId")

    @property
    def session_attributes(self) -> dict[str, Any]:
        """What the skill kept in the session on earlier turns (``sessionAttributes``)."""
        return mapping(self.session, "attributes")

    @property
    def context(self) -> dict[str, Any]:
        """The device's state: ``System``, ``AudioPlayer``, ``Viewport``..."""
        return mapping(self.raw_event, "context")

    @property
    def system(self) -> dict[str, Any]:
        """``context.System``: application, user, device, API endpoint."""
        return mapping(self.context, "System")

    @property
    def application_id(self) -> str | None:
        """The skill's id (check it to refuse requests meant for another skill)."""
        application = mapping(self.system, "application") or mapping(self.session, "application")
        return text(application, "applicationId")

    @property
    def user_id(self) -> str | None:
        """The user's id for this skill."""
        user = mapping(self.system, "user") or mapping(self.session, "user")
        return text(user, "userId")

    @property
    def access_token(self) -> str | None:
        """The linked account's access token, when the user linked one."""
        user = mapping(self.system, "user") or mapping(self.session, "user")
        return text(user, "accessToken")

    @property
    def device_id(self) -> str | None:
        """The device the user spoke to."""
        return text(mapping(self.system, "device"), "deviceId")

    @property
    def api_endpoint(self) -> str | None:
        """Base URL of the Alexa APIs for this user's region."""
        return text(self.system, "apiEndpoint")

    @property
    def api_access_token(self) -> str | None:
        """Token for calling the Alexa APIs on this request's behalf."""
        return text(self.system, "apiAccessToken")

    def speak(
        self,
        speech: str | None = None,
        *,
        reprompt: str | None = None,
        end_session: bool | None = True,
        card_title: str | None = None,
        card_text: str | None = None,
        session_attributes: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The response envelope: speech (plain text, or SSML when it starts with ``<speak>``).

        ``reprompt`` is spoken if the user says nothing; ``end_session=False`` keeps the
        session open and ``None`` leaves it to the device (audio and video skills).
        ``session_attributes`` come back on the session's next request.
        """
        response: dict[str, Any] = {}
        if speech is not None:
            response["outputSpeech"] = _speech(speech)
        if reprompt is not None:
            response["reprompt"] = {"outputSpeech": _speech(reprompt)}
        if card_title is not None or card_text is not None:
            response["card"] = {
                "type": "Simple",
                "title": card_title or "",
                "content": card_text or "",
            }
        if end_session is not None:
            response["shouldEndSession"] = end_session
        envelope: dict[str, Any] = {"version": "1.0", "response": response}
        attributes = self.session_attributes if session_attributes is None else session_attributes
        if attributes:
            envelope["sessionAttributes"] = dict(attributes)
        return envelope


def _speech(value: str) -> dict[str, str]:
    if value.lstrip().startswith("<speak>"):
        return {"type": "SSML", "ssml": value}
    return {"type": "PlainText", "text": value}


FILTERS: dict[str, Predicate] = {
    "request_type": lambda wanted, event: event.request_type in wanted,
    "intent": lambda wanted, event: (
        event.request_type == "IntentRequest" and event.intent_name in wanted
    ),
}
