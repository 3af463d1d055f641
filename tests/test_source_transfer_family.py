"""Transfer Family identity providers: logins typed, routed, accepted or refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import ConfigurationError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import TransferFamilyAuthEvent
from tests.conftest import load_event

FIXTURES = [
    "transfer_family/password.json",
    "transfer_family/public_key.json",
    "transfer_family/ftps.json",
]
ROLE = "arn:aws:iam::123456789012:role/transfer-users"


@pytest.mark.parametrize("name", FIXTURES)
def test_logins_are_recognised(name: str) -> None:
    source, variant = classify(load_event(name))
    assert (source.name, variant) == ("transfer_family", "")


def test_a_password_login_is_typed() -> None:
    event = TransferFamilyAuthEvent(load_event("transfer_family/password.json"))

    assert event.username == "ada"
    assert event.password == "correct horse battery staple"
    assert event.is_password_login is True
    assert event.protocol == "SFTP"
    assert event.server_id == "s-0123456789abcdef0"
    assert event.source_ip == "198.51.100.23"
    assert "battery" not in repr(event)
    assert "ada" in repr(event)


def test_a_key_login_has_no_password() -> None:
    event = TransferFamilyAuthEvent(load_event("transfer_family/public_key.json"))

    assert event.password is None
    assert event.is_password_login is False
    assert TransferFamilyAuthEvent({"password": ""}).is_password_login is False


def test_answers() -> None:
    assert TransferFamilyAuthEvent.deny() == {}
    assert TransferFamilyAuthEvent.allow(ROLE) == {"Role": ROLE}
    assert TransferFamilyAuthEvent.allow(ROLE, home_directory="/uploads/ada") == {
        "Role": ROLE,
        "HomeDirectoryType": "PATH",
        "HomeDirectory": "/uploads/ada",
    }
    logical = TransferFamilyAuthEvent.allow(
        ROLE,
        home_directory_details=[{"Entry": "/", "Target": "/uploads/ada"}],
        policy={"Version": "2012-10-17", "Statement": []},
        public_keys=["ssh-ed25519 AAAAC3Nza... ada"],
        posix_profile={"Uid": 1000, "Gid": 1000},
    )
    assert logical["HomeDirectoryType"] == "LOGICAL"
    assert json.loads(logical["HomeDirectoryDetails"]) == [{"Entry": "/", "Target": "/uploads/ada"}]
    assert "HomeDirectory" not in logical
    assert json.loads(logical["Policy"]) == {"Version": "2012-10-17", "Statement": []}
    assert logical["PublicKeys"] == ["ssh-ed25519 AAAAC3Nza... ada"]
    assert logical["PosixProfile"] == {"Uid": 1000, "Gid": 1000}
    assert TransferFamilyAuthEvent.allow(ROLE, policy='{"a": 1}')["Policy"] == '{"a": 1}'


def test_handlers_are_chosen_by_protocol_and_server() -> None:
    router = Router()
    users = {"ada": "correct horse battery staple"}

    @router.transfer_family()
    def everyone_else(event: TransferFamilyAuthEvent, context: Any) -> dict[str, Any]:
        return event.deny()

    @router.transfer_family(protocol="SFTP", server="s-0123456789abcdef0")
    def sftp(event: TransferFamilyAuthEvent, context: Any) -> dict[str, Any]:
        if event.is_password_login and users.get(event.username or "") != event.password:
            return event.deny()
        return event.allow(ROLE, home_directory=f"/uploads/{event.username}")

    assert router.dispatch(load_event("transfer_family/password.json"), {})["Role"] == ROLE
    key_login = router.dispatch(load_event("transfer_family/public_key.json"), {})
    assert key_login["HomeDirectory"] == "/uploads/build-bot"
    assert router.dispatch(load_event("transfer_family/ftps.json"), {}) == {}


def test_protocols_are_checked_when_registered() -> None:
    with pytest.raises(ConfigurationError, match="SFTP"):
        Router().transfer_family(protocol="sftp")


@given(password=st.text(min_size=1, max_size=40))
def test_the_password_never_reaches_repr(password: str) -> None:
    raw = load_event("transfer_family/password.json")
    raw["password"] = password
    event = TransferFamilyAuthEvent(raw)

    assert event.password == password
    assert repr(event) == (
        "TransferFamilyAuthEvent(username='ada', protocol='SFTP', server_id='s-0123456789abcdef0')"
    )
