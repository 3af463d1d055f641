"""CloudFormation custom resources: a stack asks the function to create, update or delete one.

CloudFormation invokes the function asynchronously and then waits (up to an hour, or the
resource's ``ServiceTimeout``) for an answer PUT to the pre-signed ``ResponseURL``. The router
sends that answer itself, see ``_answers.custom_resource``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from lambda_universal_router._selection import Predicate

from ._base import Event, mapping
from ._fields import text

#: The start of the physical id the router reports when a Create fails, so that the Delete
#: CloudFormation sends while rolling back is recognised and acknowledged.
CREATE_FAILED_PREFIX = "create-failed:"

REQUEST_TYPES = ("Create", "Update", "Delete")


class CloudFormationEvent(Event):
    """A custom resource request: what to do, to which resource, with which properties."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = (
        "request_type",
        "resource_type",
        "logical_resource_id",
        "physical_resource_id",
    )

    @property
    def request_type(self) -> str | None:
        """``"Create"``, ``"Update"`` or ``"Delete"``."""
        return text(self.raw_event, "RequestType")

    @property
    def service_token(self) -> str | None:
        """The ARN the template's ``ServiceToken`` names (this function, or an SNS topic)."""
        return text(self.raw_event, "ServiceToken")

    @property
    def response_url(self) -> str | None:
        """The pre-signed S3 URL that takes the answer (a write credential: keep it out of logs)."""
        return text(self.raw_event, "ResponseURL")

    @property
    def stack_id(self) -> str | None:
        """The ARN of the stack that holds the resource."""
        return text(self.raw_event, "StackId")

    @property
    def stack_name(self) -> str | None:
        """The stack's name, read from ``stack_id`` (``arn:...:stack/<name>/<uuid>``)."""
        parts = (self.stack_id or "").split(":stack/", 1)
        return parts[1].split("/", 1)[0] if len(parts) == 2 else None

    @property
    def request_id(self) -> str | None:
        """The id of this request; the answer must repeat it."""
        return text(self.raw_event, "RequestId")

    @property
    def logical_resource_id(self) -> str | None:
        """The resource's name in the template (its logical id)."""
        return text(self.raw_event, "LogicalResourceId")

    @property
    def physical_resource_id(self) -> str | None:
        """The id the function gave the resource when it was created; None on Create."""
        return text(self.raw_event, "PhysicalResourceId")

    @property
    def resource_type(self) -> str | None:
        """The template's type, ``"Custom::<Name>"`` or ``AWS::CloudFormation::CustomResource``."""
        return text(self.raw_event, "ResourceType")

    @property
    def resource_properties(self) -> dict[str, Any]:
        """The template's ``Properties`` (``ServiceToken`` included); scalars arrive as strings."""
        return mapping(self.raw_event, "ResourceProperties")

    @property
    def old_resource_properties(self) -> dict[str, Any]:
        """On Update, the properties before the change; ``{}`` otherwise."""
        return mapping(self.raw_event, "OldResourceProperties")

    @property
    def create_failed(self) -> bool:
        """Whether this is the Delete of a resource whose Create failed (so nothing exists)."""
        return (self.physical_resource_id or "").startswith(CREATE_FAILED_PREFIX)


FILTERS: dict[str, Predicate] = {
    "resource_type": lambda wanted, event: event.resource_type in wanted,
    "request_type": lambda wanted, event: event.request_type in wanted,
}


def request_types(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """The decorator's ``request_type=`` checked against the three CloudFormation sends."""
    from lambda_universal_router._filters import choices

    return choices("request_type", value, REQUEST_TYPES)
