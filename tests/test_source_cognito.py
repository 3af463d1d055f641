"""Cognito User Pool triggers: detection, typed request, writable response, routing, answers."""

from __future__ import annotations

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
from lambda_universal_router.events import (
    CognitoEvent,
    CognitoResponse,
    CreateAuthChallengeResponse,
    CustomMessageResponse,
    DefineAuthChallengeResponse,
    InboundFederationResponse,
    PreSignUpResponse,
    PreTokenGenerationResponse,
    PreTokenGenerationV2Response,
    UserMigrationResponse,
    VerifyAuthChallengeResponse,
)
from lambda_universal_router.events._cognito import TRIGGERS
from lambda_universal_router.testing._factories_api import CATALOG, cognito
from tests.conftest import load_event

FIXTURES = {
    "pre_sign_up": ("PreSignUp_SignUp", PreSignUpResponse),
    "pre_sign_up_external": ("PreSignUp_ExternalProvider", PreSignUpResponse),
    "post_confirmation": ("PostConfirmation_ConfirmSignUp", CognitoResponse),
    "pre_authentication": ("PreAuthentication_Authentication", CognitoResponse),
    "post_authentication": ("PostAuthentication_Authentication", CognitoResponse),
    "pre_token_generation_v1": ("TokenGeneration_Authentication", PreTokenGenerationResponse),
    "pre_token_generation_v2": ("TokenGeneration_RefreshTokens", PreTokenGenerationV2Response),
    "pre_token_generation_v3": ("TokenGeneration_ClientCredentials", PreTokenGenerationV2Response),
    "custom_message": ("CustomMessage_SignUp", CustomMessageResponse),
    "define_auth_challenge": ("DefineAuthChallenge_Authentication", DefineAuthChallengeResponse),
    "create_auth_challenge": ("CreateAuthChallenge_Authentication", CreateAuthChallengeResponse),
    "verify_auth_challenge": (
        "VerifyAuthChallengeResponse_Authentication",
        VerifyAuthChallengeResponse,
    ),
    "user_migration": ("UserMigration_Authentication", UserMigrationResponse),
    "custom_email_sender": ("CustomEmailSender_ForgotPassword", CognitoResponse),
    "custom_sms_sender": ("CustomSMSSender_Authentication", CognitoResponse),
    "inbound_federation": ("InboundFederation_ExternalProvider", InboundFederationResponse),
}
ALL_TRIGGERS = [f"{family}_{event}" for family, events in TRIGGERS.items() for event in events]


@pytest.mark.parametrize(("name", "expected"), FIXTURES.items())
def test_every_fixture_is_recognised_with_its_response(name: str, expected: Any) -> None:
    raw = load_event(f"cognito/{name}.json")
    source, variant = classify(raw)
    event = CognitoEvent(raw)

    assert (source.name, variant) == ("cognito", "")
    assert event.trigger_source == expected[0]
    assert type(event.response) is expected[1]


@pytest.mark.parametrize("trigger", ALL_TRIGGERS)
def test_every_trigger_source_from_the_factory_is_recognised(trigger: str) -> None:
    assert classify(CATALOG[f"cognito:{trigger}"]())[0].name == "cognito"


def test_envelope_and_request() -> None:
    event = CognitoEvent(load_event("cognito/pre_sign_up.json"))

    assert event.version == "1"
    assert event.trigger == "PreSignUp"
    assert event.region == "us-east-1"
    assert event.user_pool_id == "us-east-1_EXAMPLE"
    assert event.user_name == "jane-doe"
    assert event.client_id == "1example23456789"
    assert event.aws_sdk_version == "aws-sdk-unknown-unknown"
    assert event.request.user_attributes["email"] == "jane@example.com"
    assert event.request.validation_data == {"invite": "welcome-2024"}
    assert event.request.client_metadata == {"campaign": "spring"}
    assert event.request.session == []
    assert event.request.code_parameter is None
    assert "jane" not in repr(event)


def test_request_fields_of_the_other_triggers() -> None:
    define = CognitoEvent(load_event("cognito/define_auth_challenge.json")).request
    create = CognitoEvent(load_event("cognito/create_auth_challenge.json")).request
    verify = CognitoEvent(load_event("cognito/verify_auth_challenge.json")).request
    message = CognitoEvent(load_event("cognito/custom_message.json")).request
    token = CognitoEvent(load_event("cognito/pre_token_generation_v2.json")).request
    migration = CognitoEvent(load_event("cognito/user_migration.json")).request
    sender = CognitoEvent(load_event("cognito/custom_email_sender.json")).request
    federation = CognitoEvent(load_event("cognito/inbound_federation.json")).request
    post = CognitoEvent(load_event("cognito/post_authentication.json")).request

    assert [step["challengeName"] for step in define.session] == ["SRP_A", "PASSWORD_VERIFIER"]
    assert not define.user_not_found
    assert create.challenge_name == "CUSTOM_CHALLENGE"
    assert verify.private_challenge_parameters == {"answer": "5"}
    assert verify.challenge_answer == "5"
    assert message.code_parameter == "{####}"
    assert message.link_parameter == "{##Click Here##}"
    assert message.username_parameter is None
    assert token.groups == ["readers"]
    assert token.scopes == ["openid", "email", "aws.cognito.signin.user.admin"]
    assert migration.password == "correct horse battery staple"
    assert sender.type == "customEmailSenderRequestV1"
    assert sender.code is not None
    assert sender.client_metadata == {}
    assert federation.provider_name == "Google"
    assert federation.provider_type == "Google"
    assert federation.attributes["idToken"]["email"] == "jane@example.com"
    assert post.new_device_used
    assert "battery" not in repr(migration)


def test_a_partial_event_reads_as_empty() -> None:
    event = CognitoEvent({"triggerSource": "PreSignUp_SignUp"})

    assert event.request.user_attributes == {}
    assert event.client_id is None
    assert event.response.auto_confirm_user is None


# --- responses -------------------------------------------------------------------------------


def test_pre_sign_up_response_writes_into_the_raw_event() -> None:
    raw = load_event("cognito/pre_sign_up.json")
    event = CognitoEvent(raw)

    event.response.auto_confirm_user = True
    event.response.auto_verify_email = True

    assert raw["response"] == {
        "autoConfirmUser": True,
        "autoVerifyEmail": True,
        "autoVerifyPhone": False,
    }
    assert event.response.auto_confirm_user is True


def test_pre_token_generation_v1_claims_and_groups() -> None:
    raw = load_event("cognito/pre_token_generation_v1.json")
    response = CognitoEvent(raw).response

    response.add_claim("tier", "gold")
    response.suppress_claim("email")
    response.suppress_claim("email")
    response.group_override.groups_to_override = ["admins"]

    assert raw["response"] == {
        "claimsOverrideDetails": {
            "claimsToAddOrOverride": {"tier": "gold"},
            "claimsToSuppress": ["email"],
            "groupOverrideDetails": {"groupsToOverride": ["admins"]},
        }
    }


def test_pre_token_generation_v2_tokens_and_scopes() -> None:
    raw = load_event("cognito/pre_token_generation_v2.json")
    response = CognitoEvent(raw).response

    response.id_token.add_claim("tenant", "acme")
    response.access_token.claims_to_add_or_override = {"roles": ["reader"]}
    response.access_token.add_scope("orders/read")
    response.access_token.suppress_scope("aws.cognito.signin.user.admin")

    assert raw["response"]["claimsAndScopeOverrideDetails"] == {
        "idTokenGeneration": {"claimsToAddOrOverride": {"tenant": "acme"}},
        "accessTokenGeneration": {
            "claimsToAddOrOverride": {"roles": ["reader"]},
            "scopesToAdd": ["orders/read"],
            "scopesToSuppress": ["aws.cognito.signin.user.admin"],
        },
    }
    assert response.group_override.groups_to_override is None


def test_an_untouched_response_is_left_as_cognito_sent_it() -> None:
    raw = load_event("cognito/pre_token_generation_v2.json")
    response = CognitoEvent(raw).response

    assert response.access_token.claims_to_suppress is None
    assert raw["response"] == {"claimsAndScopeOverrideDetails": None}


def test_challenge_responses() -> None:
    define = CognitoEvent(load_event("cognito/define_auth_challenge.json"))
    create = CognitoEvent(load_event("cognito/create_auth_challenge.json"))
    verify = CognitoEvent(load_event("cognito/verify_auth_challenge.json"))

    define.response.challenge_name = "CUSTOM_CHALLENGE"
    define.response.issue_tokens = False
    define.response.fail_authentication = False
    create.response.public_challenge_parameters = {"question": "2 + 3?"}
    create.response.private_challenge_parameters = {"answer": "5"}
    create.response.challenge_metadata = "MATH"
    verify.response.answer_correct = True

    assert define.raw_event["response"]["challengeName"] == "CUSTOM_CHALLENGE"
    assert create.raw_event["response"]["privateChallengeParameters"] == {"answer": "5"}
    assert verify.raw_event["response"] == {"answerCorrect": True}


def test_message_migration_and_federation_responses() -> None:
    message = CognitoEvent(load_event("cognito/custom_message.json"))
    migration = CognitoEvent(load_event("cognito/user_migration.json"))
    federation = CognitoEvent(load_event("cognito/inbound_federation.json"))

    message.response.email_subject = "Welcome"
    message.response.email_message = "Your code is {####}"
    message.response.sms_message = "Code {####}"
    migration.response.user_attributes = {"email": "old@example.com", "email_verified": "true"}
    migration.response.final_user_status = "CONFIRMED"
    migration.response.message_action = "SUPPRESS"
    migration.response.desired_delivery_mediums = ["EMAIL"]
    migration.response.force_alias_creation = False
    migration.response.enable_sms_mfa = False
    federation.response.user_attributes_to_map = {"email": "jane@example.com"}

    assert message.raw_event["response"]["emailMessage"] == "Your code is {####}"
    assert migration.raw_event["response"]["enableSMSMFA"] is False
    assert migration.raw_event["response"]["finalUserStatus"] == "CONFIRMED"
    assert federation.raw_event["response"] == {
        "userAttributesToMap": {"email": "jane@example.com"}
    }


def test_raw_gives_any_response_field() -> None:
    event = CognitoEvent(load_event("cognito/custom_sms_sender.json"))

    event.response.raw["anything"] = 1

    assert event.raw_event["response"] == {"anything": 1}


# --- routing and answers ---------------------------------------------------------------------


def test_exact_trigger_beats_family_beats_catch_all() -> None:
    router = Router()
    calls: list[str] = []

    @router.cognito()
    def anything(event: CognitoEvent, context: Any) -> None:
        calls.append("any")

    @router.cognito(trigger="PreSignUp")
    def family(event: CognitoEvent, context: Any) -> None:
        calls.append("family")

    @router.cognito(trigger=["PreSignUp_AdminCreateUser", "PreSignUp_ExternalProvider"])
    def exact(event: CognitoEvent, context: Any) -> None:
        calls.append("exact")

    @router.cognito(trigger="PreTokenGeneration")
    def tokens(event: CognitoEvent, context: Any) -> None:
        calls.append("tokens")

    router.dispatch(load_event("cognito/pre_sign_up.json"))
    router.dispatch(load_event("cognito/pre_sign_up_external.json"))
    router.dispatch(load_event("cognito/post_confirmation.json"))
    router.dispatch(load_event("cognito/pre_token_generation_v3.json"))

    assert calls == ["family", "exact", "any", "tokens"]


def test_the_answer_is_the_event_with_its_response() -> None:
    router = Router()

    @router.cognito(trigger="PreSignUp_SignUp")
    def confirm(event: CognitoEvent, context: Any) -> None:
        if event.request.user_attributes["email"].endswith("@example.com"):
            event.response.auto_confirm_user = True

    raw = load_event("cognito/pre_sign_up.json")
    answer = router.dispatch(raw)

    assert answer is raw
    assert answer["response"]["autoConfirmUser"] is True
    assert answer["triggerSource"] == "PreSignUp_SignUp"


def test_returning_the_typed_event_or_a_dict() -> None:
    router = Router()

    @router.cognito(trigger="PostConfirmation")
    def same(event: CognitoEvent, context: Any) -> CognitoEvent:
        return event

    @router.cognito(trigger="PreAuthentication")
    def whole(event: CognitoEvent, context: Any) -> dict[str, Any]:
        return {**event.raw_event, "response": {}}

    raw = load_event("cognito/post_confirmation.json")
    assert router.dispatch(raw) is raw
    assert router.dispatch(load_event("cognito/pre_authentication.json"))["response"] == {}


def test_async_handlers_are_awaited() -> None:
    router = Router()

    @router.cognito()
    async def confirm(event: CognitoEvent, context: Any) -> None:
        event.response.auto_verify_phone = True

    assert router.dispatch(load_event("cognito/pre_sign_up.json"))["response"]["autoVerifyPhone"]


def test_a_handler_returning_something_else_is_a_clear_error() -> None:
    router = Router()

    @router.cognito()
    def wrong(event: CognitoEvent, context: Any) -> bool:
        return True

    with pytest.raises(InvalidResponseError, match=r"fills in event\.response"):
        router.dispatch(load_event("cognito/pre_sign_up.json"))


def test_unmatched_triggers_follow_the_router_policy() -> None:
    acked = Router()
    failing = Router(unmatched="fail")
    for router in (acked, failing):
        router.cognito(trigger="PreSignUp")(lambda event, context: None)

    raw = load_event("cognito/post_confirmation.json")
    assert acked.dispatch(raw) is raw
    with pytest.raises(UnmatchedEventError):
        failing.dispatch(load_event("cognito/post_confirmation.json"))


@pytest.mark.parametrize(
    ("trigger", "hint"),
    [("PreSignup", "PreSignUp"), ("PreSignUp_Signup", "PreSignUp_SignUp"), ("Nope", "")],
)
def test_unknown_trigger_names_are_refused_at_registration(trigger: str, hint: str) -> None:
    router = Router()

    with pytest.raises(ConfigurationError, match=f"no trigger '{trigger}'.*{hint}"):
        router.cognito(trigger=trigger)


def test_the_lambda_configuration_name_of_the_family_is_accepted() -> None:
    router = Router()

    @router.cognito(trigger=["PreTokenGeneration"])
    def tokens(event: CognitoEvent, context: Any) -> None:
        event.response.add_claim("via", "alias")

    answer = router.dispatch(load_event("cognito/pre_token_generation_v1.json"))
    assert answer["response"]["claimsOverrideDetails"]["claimsToAddOrOverride"] == {"via": "alias"}


@given(
    trigger=st.sampled_from(ALL_TRIGGERS),
    attributes=st.dictionaries(st.text(min_size=1, max_size=10), st.text(max_size=20)),
)
def test_any_trigger_is_answered_with_its_event(trigger: str, attributes: dict[str, str]) -> None:
    router = Router()

    @router.cognito(trigger=trigger.partition("_")[0])
    def handler(event: CognitoEvent, context: Any) -> None:
        assert event.request.user_attributes == attributes or event.trigger in (
            "UserMigration",
            "InboundFederation",
            "PreAuthentication",
        )

    raw = cognito(trigger, user_attributes=attributes)
    assert router.dispatch(raw) is raw
