"""Secrets Manager rotation: the rotation function is invoked once per step of a rotation.

Each rotation runs four steps in order, each a separate invocation with the same
``ClientRequestToken`` (the version id of the new secret value being rotated in):
``createSecret``, ``setSecret``, ``testSecret``, ``finishSecret``. Secrets Manager ignores the
return value; a step fails by raising.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from lambda_universal_router._exceptions import ConfigurationError
from lambda_universal_router._selection import Predicate

from ._base import Event
from ._fields import text

#: The rotation steps, in the order Secrets Manager runs them.
STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")


class SecretsRotationEvent(Event):
    """One step of a secret's rotation."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("secret_id", "step")

    @property
    def secret_id(self) -> str | None:
        """ARN of the secret being rotated."""
        return text(self.raw_event, "SecretId")

    @property
    def client_request_token(self) -> str | None:
        """Version id of the new secret value (``AWSPENDING`` until ``finishSecret``)."""
        return text(self.raw_event, "ClientRequestToken")

    @property
    def step(self) -> str | None:
        """``createSecret``, ``setSecret``, ``testSecret`` or ``finishSecret``."""
        return text(self.raw_event, "Step")

    @property
    def rotation_token(self) -> str | None:
        """Proof of the request's origin, for rotations that assume a role or cross accounts."""
        return text(self.raw_event, "RotationToken")


def steps(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """``step=`` checked against the four rotation steps."""
    from lambda_universal_router._filters import names

    wanted = names("step", value)
    if wanted is not None and not wanted <= frozenset(STEPS):
        unknown = sorted(wanted - frozenset(STEPS))
        spelled = {step.lower(): step for step in STEPS}
        hints = [
            f"{name!r} (did you mean {spelled[key]!r}?)" if key in spelled else repr(name)
            for name in unknown
            for key in [name.replace("_", "").lower()]
        ]
        raise ConfigurationError(
            f"Unknown rotation step {', '.join(hints)}: step= takes {', '.join(STEPS)}, "
            "spelled as Secrets Manager sends them"
        )
    return wanted


FILTERS: dict[str, Predicate] = {"step": lambda wanted, event: event.step in wanted}
