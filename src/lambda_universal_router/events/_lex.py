"""Amazon Lex code hooks, V1 and V2: one event class, and answers shaped for the bot's version.

V1 sends ``currentIntent`` and answers with ``dialogAction``; V2 sends ``sessionState`` and
answers with ``sessionState.dialogAction`` plus ``messages``. Attributes read whichever the event
carries, and the helpers (``close``, ``elicit_slot``, ``confirm_intent``, ``delegate``,
``elicit_intent``) build the answer for the same version.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ._base import Event, listing, mapping, text_mapping
from ._fields import text

Message = str | Mapping[str, Any]


class LexEvent(Event):
    """A Lex dialog or fulfillment code hook invocation."""

    __slots__ = ()
    _repr_fields = ("version", "intent_name", "invocation_source")

    @property
    def version(self) -> str:
        """``"v2"`` for Lex V2 events (``sessionState``), ``"v1"`` otherwise."""
        return "v2" if "sessionState" in self.raw_event else "v1"

    @property
    def session_state(self) -> dict[str, Any]:
        """The V2 ``sessionState`` map (``{}`` on V1)."""
        return mapping(self.raw_event, "sessionState")

    @property
    def message_version(self) -> str | None:
        """The event format version (``"1.0"``)."""
        return text(self.raw_event, "messageVersion")

    @property
    def invocation_source(self) -> str | None:
        """``DialogCodeHook`` (validate each turn) or ``FulfillmentCodeHook`` (act)."""
        return text(self.raw_event, "invocationSource")

    @property
    def input_transcript(self) -> str | None:
        """What the user said or typed, as Lex understood it."""
        return text(self.raw_event, "inputTranscript")

    @property
    def input_mode(self) -> str | None:
        """How the user spoke to the bot: ``Text``, ``Speech`` or ``DTMF`` (V2), the output
        dialog mode ``Text`` or ``Voice`` (V1)."""
        return text(self.raw_event, "inputMode") or text(self.raw_event, "outputDialogMode")

    @property
    def bot(self) -> dict[str, Any]:
        """The bot: ``name``, ``version`` and alias (and ``id``, ``localeId`` on V2)."""
        return mapping(self.raw_event, "bot")

    @property
    def bot_name(self) -> str | None:
        """The bot's name."""
        return text(self.bot, "name")

    @property
    def session_id(self) -> str | None:
        """The conversation's id (``sessionId`` on V2, ``userId`` on V1)."""
        return text(self.raw_event, "sessionId") or text(self.raw_event, "userId")

    @property
    def intent(self) -> dict[str, Any]:
        """The intent being handled (V1 ``currentIntent``, V2 ``sessionState.intent``)."""
        if "sessionState" in self.raw_event:
            return mapping(self.session_state, "intent")
        return mapping(self.raw_event, "currentIntent")

    @property
    def intent_name(self) -> str | None:
        """The intent's name (``OrderFlowers``)."""
        return text(self.intent, "name")

    @property
    def confirmation_state(self) -> str | None:
        """``None``, ``Confirmed`` or ``Denied``: whether the user confirmed the intent."""
        intent = self.intent
        return text(intent, "confirmationState") or text(intent, "confirmationStatus")

    @property
    def intent_state(self) -> str | None:
        """The V2 intent state (``InProgress``, ``ReadyForFulfillment``, ...)."""
        return text(self.intent, "state")

    @property
    def slots(self) -> dict[str, Any]:
        """The intent's slots as the bot's version sends them (V2: value maps, V1: strings)."""
        return mapping(self.intent, "slots")

    @property
    def slot_values(self) -> dict[str, str | None]:
        """Each slot's value as text: V2's ``interpretedValue``, V1's string; None if unfilled."""
        return {name: _slot_text(value) for name, value in self.slots.items()}

    def slot(self, name: str) -> str | None:
        """The value of slot ``name`` as text, or None when it is empty or unknown."""
        return _slot_text(self.slots.get(name))

    @property
    def session_attributes(self) -> dict[str, str]:
        """Attributes kept for the whole session."""
        if "sessionState" in self.raw_event:
            return text_mapping(self.session_state, "sessionAttributes")
        return text_mapping(self.raw_event, "sessionAttributes")

    @property
    def request_attributes(self) -> dict[str, str]:
        """Attributes the client sent with this request only."""
        return text_mapping(self.raw_event, "requestAttributes")

    @property
    def active_contexts(self) -> list[dict[str, Any]]:
        """The active contexts of the session."""
        if "sessionState" in self.raw_event:
            return listing(self.session_state, "activeContexts")
        return listing(self.raw_event, "activeContexts")

    @property
    def interpretations(self) -> list[dict[str, Any]]:
        """The intents Lex considered, best first, with confidence scores (V2)."""
        return listing(self.raw_event, "interpretations")

    @property
    def alternative_intents(self) -> list[dict[str, Any]]:
        """Other intents Lex considered (V1)."""
        return listing(self.raw_event, "alternativeIntents")

    @property
    def proposed_next_state(self) -> dict[str, Any]:
        """What Lex would do next without this hook (V2)."""
        return mapping(self.raw_event, "proposedNextState")

    @property
    def transcriptions(self) -> list[dict[str, Any]]:
        """The speech transcriptions Lex considered (V2)."""
        return listing(self.raw_event, "transcriptions")

    # --- answers --------------------------------------------------------------------------------

    def close(
        self,
        message: Message | None = None,
        *,
        fulfilled: bool = True,
        session_attributes: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """End the intent, fulfilled or failed, optionally telling the user ``message``."""
        state = "Fulfilled" if fulfilled else "Failed"
        if self.version == "v1":
            action: dict[str, Any] = {"type": "Close", "fulfillmentState": state}
            return self._v1(action, message, session_attributes)
        return self._v2("Close", message, session_attributes, state=state)

    def elicit_slot(
        self,
        slot: str,
        message: Message | None = None,
        *,
        slots: Mapping[str, Any] | None = None,
        session_attributes: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """Ask the user for ``slot`` (``slots`` updates the intent's slots first)."""
        if self.version == "v1":
            action = {
                "type": "ElicitSlot",
                "intentName": self.intent_name,
                "slots": self._v1_slots(slots),
                "slotToElicit": slot,
            }
            return self._v1(action, message, session_attributes)
        return self._v2(
            "ElicitSlot",
            message,
            session_attributes,
            slots=slots,
            state="InProgress",
            extra={"slotToElicit": slot},
        )

    def confirm_intent(
        self,
        message: Message | None = None,
        *,
        slots: Mapping[str, Any] | None = None,
        session_attributes: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """Ask the user to confirm the intent before it is fulfilled."""
        if self.version == "v1":
            action = {
                "type": "ConfirmIntent",
                "intentName": self.intent_name,
                "slots": self._v1_slots(slots),
            }
            return self._v1(action, message, session_attributes)
        return self._v2(
            "ConfirmIntent", message, session_attributes, slots=slots, state="InProgress"
        )

    def delegate(
        self,
        *,
        slots: Mapping[str, Any] | None = None,
        session_attributes: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """Let Lex choose the next step, with the intent's slots (updated by ``slots``)."""
        if self.version == "v1":
            action = {"type": "Delegate", "slots": self._v1_slots(slots)}
            return self._v1(action, None, session_attributes)
        return self._v2("Delegate", None, session_attributes, slots=slots, state=self.intent_state)

    def elicit_intent(
        self,
        message: Message | None = None,
        *,
        session_attributes: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """Ask the user what they want to do next."""
        if self.version == "v1":
            return self._v1({"type": "ElicitIntent"}, message, session_attributes)
        return self._v2("ElicitIntent", message, session_attributes, with_intent=False)

    # --- shaping --------------------------------------------------------------------------------

    def _v1(
        self,
        action: dict[str, Any],
        message: Message | None,
        session_attributes: Mapping[str, str] | None,
    ) -> dict[str, Any]:
        if message is not None:
            action["message"] = _message(message)
        attributes = self.session_attributes if session_attributes is None else session_attributes
        return {"sessionAttributes": dict(attributes), "dialogAction": action}

    def _v1_slots(self, slots: Mapping[str, Any] | None) -> dict[str, Any]:
        return {**self.slots, **(slots or {})}

    def _v2(
        self,
        kind: str,
        message: Message | None,
        session_attributes: Mapping[str, str] | None,
        *,
        slots: Mapping[str, Any] | None = None,
        state: str | None = None,
        extra: Mapping[str, Any] | None = None,
        with_intent: bool = True,
    ) -> dict[str, Any]:
        attributes = self.session_attributes if session_attributes is None else session_attributes
        session: dict[str, Any] = {
            "sessionAttributes": dict(attributes),
            "dialogAction": {"type": kind, **(extra or {})},
        }
        if self.active_contexts:
            session["activeContexts"] = self.active_contexts
        if with_intent:
            intent = dict(self.intent)
            intent["slots"] = {**self.slots, **{k: _v2_slot(v) for k, v in (slots or {}).items()}}
            if state is not None:
                intent["state"] = state
            session["intent"] = intent
        answer: dict[str, Any] = {"sessionState": session}
        if message is not None:
            answer["messages"] = [_message(message)]
        return answer


def _message(message: Message) -> dict[str, Any]:
    if isinstance(message, str):
        return {"contentType": "PlainText", "content": message}
    return dict(message)


def _v2_slot(value: Any) -> Any:
    """A plain value as a V2 slot; None (empty) and slot maps pass through."""
    if value is None or isinstance(value, Mapping):
        return value
    text = str(value)
    return {
        "shape": "Scalar",
        "value": {"originalValue": text, "interpretedValue": text, "resolvedValues": [text]},
    }


def _slot_text(value: Any) -> str | None:
    if isinstance(value, Mapping):
        inner = value.get("value")
        if isinstance(inner, dict):
            return text(inner, "interpretedValue") or text(inner, "originalValue")
        return None
    return None if value is None else str(value)


#: Filters for ``@router.lex(intent=..., invocation_source=...)``.
FILTERS: dict[str, Callable[[Any, Any], bool]] = {
    "intent": lambda wanted, event: event.intent_name in wanted,
    "invocation_source": lambda wanted, event: event.invocation_source in wanted,
}
