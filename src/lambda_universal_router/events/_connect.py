"""Amazon Connect contact flows: the "Invoke AWS Lambda function" block.

The event carries the contact (``Details.ContactData``) and the parameters the flow block sets
(``Details.Parameters``). By default the block validates the answer as ``STRING_MAP``: a flat
map of string values, which the router makes of what a handler returns (see
``_answers.connect``). A block set to ``JSON`` validation accepts any JSON: return
``ConnectJSONResponse(...)`` to send it unchanged.
"""

from __future__ import annotations

from typing import Any

from ._base import Event, mapping, text_mapping
from ._fields import text


class ConnectJSONResponse(dict[str, Any]):
    """An answer sent to Connect unchanged, nested values and all (JSON response validation)."""

    __slots__ = ()


class ConnectEvent(Event):
    """A contact flow invoking the function for one contact."""

    __slots__ = ()
    _repr_fields = ("contact_id", "channel")

    @property
    def name(self) -> str | None:
        """The event's name: ``ContactFlowEvent``."""
        return text(self.raw_event, "Name")

    @property
    def details(self) -> dict[str, Any]:
        """The ``Details`` map: ``ContactData`` and ``Parameters``."""
        return mapping(self.raw_event, "Details")

    @property
    def contact_data(self) -> dict[str, Any]:
        """Everything Connect knows of the contact, as sent."""
        return mapping(self.details, "ContactData")

    @property
    def parameters(self) -> dict[str, str]:
        """The key-values the flow block sends to the function."""
        return text_mapping(self.details, "Parameters")

    @property
    def attributes(self) -> dict[str, str]:
        """The contact attributes set so far in the flow."""
        return text_mapping(self.contact_data, "Attributes")

    @property
    def contact_id(self) -> str | None:
        """The contact's id."""
        return text(self.contact_data, "ContactId")

    @property
    def initial_contact_id(self) -> str | None:
        """The id of the first contact of a chain of transfers."""
        return text(self.contact_data, "InitialContactId")

    @property
    def previous_contact_id(self) -> str | None:
        """The id of the contact this one was transferred from."""
        return text(self.contact_data, "PreviousContactId")

    @property
    def channel(self) -> str | None:
        """``VOICE``, ``CHAT``, ``TASK`` or ``EMAIL``."""
        return text(self.contact_data, "Channel")

    @property
    def initiation_method(self) -> str | None:
        """How the contact started: ``INBOUND``, ``OUTBOUND``, ``TRANSFER``, ``CALLBACK``, ..."""
        return text(self.contact_data, "InitiationMethod")

    @property
    def instance_arn(self) -> str | None:
        """The Connect instance's ARN."""
        return text(self.contact_data, "InstanceARN")

    @property
    def language_code(self) -> str | None:
        """The contact's language (``en-US``), when the flow set one."""
        return text(self.contact_data, "LanguageCode")

    @property
    def customer_endpoint(self) -> dict[str, Any]:
        """The customer's ``Address`` (phone number...) and its ``Type``."""
        return mapping(self.contact_data, "CustomerEndpoint")

    @property
    def customer_address(self) -> str | None:
        """The customer's phone number or address."""
        return text(self.customer_endpoint, "Address")

    @property
    def system_endpoint(self) -> dict[str, Any]:
        """The number or address of the contact center the customer reached."""
        return mapping(self.contact_data, "SystemEndpoint")

    @property
    def system_address(self) -> str | None:
        """The contact center's phone number or address."""
        return text(self.system_endpoint, "Address")

    @property
    def queue(self) -> dict[str, Any]:
        """The queue the contact is in: ``ARN``, ``Name``, outbound caller id."""
        return mapping(self.contact_data, "Queue")

    @property
    def queue_name(self) -> str | None:
        """The queue's name."""
        return text(self.queue, "Name")

    @property
    def media_streams(self) -> dict[str, Any]:
        """Live media streaming details of the customer audio, when enabled."""
        return mapping(self.contact_data, "MediaStreams")

    @property
    def references(self) -> dict[str, Any]:
        """References attached to the contact (task links and the like)."""
        return mapping(self.contact_data, "References")

    @property
    def segment_attributes(self) -> dict[str, Any]:
        """System and user defined segment attributes of the contact."""
        return mapping(self.contact_data, "SegmentAttributes")
