"""Transfer Family custom identity providers: authenticate a user connecting to a server.

A Transfer Family server whose identity provider is a Lambda function invokes it at every login
with the user name, the password (empty for SSH key logins), the protocol and the client's IP,
and waits for the user's settings: the IAM role, the home directory, a session policy, and for
key logins the user's public keys. An empty answer refuses the login; ``allow()`` and
``deny()`` build the two.

The password never appears in ``repr``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from lambda_universal_router._selection import Predicate

from ._base import Event
from ._fields import text

#: The protocols a Transfer Family server accepts.
PROTOCOLS = frozenset({"SFTP", "FTP", "FTPS", "AS2"})


class TransferFamilyAuthEvent(Event):
    """A login to a Transfer Family server, for the function to accept or refuse."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("username", "protocol", "server_id")

    @property
    def username(self) -> str | None:
        """The user name the client logs in with."""
        return text(self.raw_event, "username")

    @property
    def password(self) -> str | None:
        """The password; empty or absent when the client authenticates with an SSH key."""
        return text(self.raw_event, "password")

    @property
    def is_password_login(self) -> bool:
        """Whether the client sent a password (otherwise answer with the user's public keys)."""
        return bool(self.password)

    @property
    def protocol(self) -> str | None:
        """``SFTP``, ``FTP``, ``FTPS`` or ``AS2``."""
        return text(self.raw_event, "protocol")

    @property
    def server_id(self) -> str | None:
        """The server (``s-...``) the client connects to."""
        return text(self.raw_event, "serverId")

    @property
    def source_ip(self) -> str | None:
        """The client's IP address."""
        return text(self.raw_event, "sourceIp")

    @staticmethod
    def allow(
        role: str,
        *,
        home_directory: str | None = None,
        home_directory_details: Iterable[Mapping[str, str]] | None = None,
        policy: Mapping[str, Any] | str | None = None,
        public_keys: Iterable[str] | None = None,
        posix_profile: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Accept the login with these settings.

        ``home_directory`` is a path (``/bucket/home/ada``); ``home_directory_details`` are
        logical mappings (``{"Entry": "/", "Target": "/bucket/home/ada"}``) that confine the
        user to them. ``policy`` is a session policy (a dict or its JSON text);
        ``public_keys`` answer SSH key logins; ``posix_profile`` (``Uid``, ``Gid``) is for EFS.
        """
        import json

        answer: dict[str, Any] = {"Role": role}
        if home_directory_details is not None:
            answer["HomeDirectoryType"] = "LOGICAL"
            answer["HomeDirectoryDetails"] = json.dumps([dict(d) for d in home_directory_details])
        elif home_directory is not None:
            answer["HomeDirectoryType"] = "PATH"
        if home_directory is not None:
            answer["HomeDirectory"] = home_directory
        if policy is not None:
            answer["Policy"] = policy if isinstance(policy, str) else json.dumps(policy)
        if public_keys is not None:
            answer["PublicKeys"] = list(public_keys)
        if posix_profile is not None:
            answer["PosixProfile"] = dict(posix_profile)
        return answer

    @staticmethod
    def deny() -> dict[str, Any]:
        """Refuse the login (Transfer Family reads an answer without a role as a refusal)."""
        return {}


def protocols(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """``protocol=`` checked against the protocols Transfer Family serves."""
    from lambda_universal_router._exceptions import ConfigurationError
    from lambda_universal_router._filters import names

    wanted = names("protocol", value)
    if wanted is not None and not wanted <= PROTOCOLS:
        unknown = ", ".join(sorted(wanted - PROTOCOLS))
        raise ConfigurationError(f"protocol= takes AS2, FTP, FTPS and SFTP, not {unknown}")
    return wanted


FILTERS: dict[str, Predicate] = {
    "protocol": lambda wanted, event: event.protocol in wanted,
    "server": lambda wanted, event: event.server_id in wanted,
}
