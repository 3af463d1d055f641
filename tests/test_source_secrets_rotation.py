"""Secrets Manager rotation: one handler per step, step names checked when registered."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lambda_universal_router import ConfigurationError, EventError, Router
from lambda_universal_router._classify import classify
from lambda_universal_router.events import SecretsRotationEvent
from lambda_universal_router.events._secrets_rotation import STEPS
from tests.conftest import load_event


@pytest.mark.parametrize(
    "name", ["secrets_rotation/create_secret.json", "secrets_rotation/finish_secret.json"]
)
def test_rotation_steps_are_recognised(name: str) -> None:
    source, variant = classify(load_event(name))
    assert (source.name, variant) == ("secrets_rotation", "")


def test_the_step_is_typed() -> None:
    event = SecretsRotationEvent(load_event("secrets_rotation/create_secret.json"))

    assert event.step == "createSecret"
    assert event.secret_id is not None
    assert event.secret_id.endswith(":secret:prod/orders/db-AbCdEf")
    assert event.client_request_token == "3a1f7c2e-9b4d-4e8a-8f6c-0d2b5e7a9c11"
    assert event.rotation_token is not None
    assert (
        SecretsRotationEvent(load_event("secrets_rotation/finish_secret.json")).rotation_token
        is None
    )


def test_repr_never_shows_tokens() -> None:
    text = repr(SecretsRotationEvent(load_event("secrets_rotation/create_secret.json")))

    assert "createSecret" in text
    assert "3a1f7c2e" not in text
    assert "c2VjcmV0" not in text


def _rotation_event(step: str) -> dict[str, Any]:
    raw = load_event("secrets_rotation/create_secret.json")
    raw["Step"] = step
    return raw


def test_each_step_goes_to_its_handler() -> None:
    router = Router()
    done: list[str] = []

    @router.secrets_rotation(step="createSecret")
    def create(event: SecretsRotationEvent, context: Any) -> None:
        done.append("create")

    @router.secrets_rotation(step=["setSecret", "testSecret"])
    def set_and_test(event: SecretsRotationEvent, context: Any) -> None:
        done.append(f"set-or-test:{event.step}")

    @router.secrets_rotation()
    def other(event: SecretsRotationEvent, context: Any) -> None:
        done.append(f"other:{event.step}")

    for step in STEPS:
        router.dispatch(_rotation_event(step), {})

    assert done == [
        "create",
        "set-or-test:setSecret",
        "set-or-test:testSecret",
        "other:finishSecret",
    ]


@pytest.mark.parametrize("unmatched", ["ack", "fail"])
def test_an_unhandled_step_raises_so_the_rotation_stops(unmatched: str) -> None:
    router = Router(unmatched=unmatched)
    router.secrets_rotation(step="createSecret")(lambda event, context: None)

    with pytest.raises(EventError, match="takes step 'testSecret'"):
        router.dispatch(_rotation_event("testSecret"), {})


@pytest.mark.parametrize(
    ("step", "hint"),
    [
        ("create_secret", "did you mean 'createSecret'"),
        ("CreateSecret", "did you mean 'createSecret'"),
        ("rotate", "'rotate'"),
    ],
)
def test_step_names_are_checked_when_registered(step: str, hint: str) -> None:
    with pytest.raises(ConfigurationError, match=hint):
        Router().secrets_rotation(step=step)


@given(step=st.text(max_size=15).filter(lambda s: s not in STEPS and s))
def test_only_the_four_steps_are_accepted(step: str) -> None:
    with pytest.raises(ConfigurationError, match="step= takes createSecret"):
        Router().secrets_rotation(step=step)
