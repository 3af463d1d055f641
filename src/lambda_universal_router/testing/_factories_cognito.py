"""Realistic Cognito User Pool trigger events, for every trigger source.

Each trigger source gets the ``request`` fields Cognito sends for it and the ``response`` it
starts from (``null`` values for the answer to fill in), shaped after the example events of the
Cognito developer guide.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from lambda_universal_router.events._cognito import TRIGGERS

from ._shapes import ACCOUNT, JSON, REGION, token

__all__ = ["SUB", "cognito", "trigger_sources"]

SUB = "4d7e4f5a-1b2c-4c3d-8e9f-0a1b2c3d4e5f"
_GROUPS: JSON = {
    "groupsToOverride": ["readers"],
    "iamRolesToOverride": [f"arn:aws:iam::{ACCOUNT}:role/readers"],
    "preferredRole": f"arn:aws:iam::{ACCOUNT}:role/readers",
}


def _cognito_request(family: str, event: str, attributes: JSON, metadata: JSON) -> JSON:
    """The ``request`` a trigger family sends, with its default extras."""
    if family == "PreAuthentication":
        return {"userAttributes": attributes, "validationData": {}, "userNotFound": False}
    if family == "UserMigration":
        password = {"password": "correct horse battery staple"} if event == "Authentication" else {}
        return {**password, "validationData": {}, "clientMetadata": metadata}
    if family == "InboundFederation":
        claims = {"sub": "107654321098765432109", "email": attributes.get("email")}
        return {
            "providerName": "Google",
            "providerType": "Google",
            "attributes": {"idToken": claims},
        }
    base: JSON = {"userAttributes": attributes, "clientMetadata": metadata}
    extras = _REQUEST_EXTRAS.get(family)
    return base if extras is None else {**base, **extras(event)}


def _custom_message(event: str) -> JSON:
    link = "{##Click Here##}" if event in ("SignUp", "ResendCode") else None
    user = "{username}" if event == "AdminCreateUser" else None
    return {"codeParameter": "{####}", "linkParameter": link, "usernameParameter": user}


#: Trigger family -> the fields its ``request`` adds to the user attributes and client metadata,
#: made afresh for each event (given the trigger's event name).
_REQUEST_EXTRAS: dict[str, Callable[[str], JSON]] = {
    "PreSignUp": lambda event: {"validationData": {}},
    "PostAuthentication": lambda event: {"newDeviceUsed": False},
    "TokenGeneration": lambda event: {
        "groupConfiguration": dict(_GROUPS),
        "scopes": ["openid", "email"],
    },
    "CustomMessage": _custom_message,
    "DefineAuthChallenge": lambda event: {
        "session": [{"challengeName": "SRP_A", "challengeResult": True, "challengeMetadata": None}],
        "userNotFound": False,
    },
    "CreateAuthChallenge": lambda event: {
        "challengeName": "CUSTOM_CHALLENGE",
        "session": [],
        "userNotFound": False,
    },
    "VerifyAuthChallengeResponse": lambda event: {
        "privateChallengeParameters": {"answer": "42"},
        "challengeAnswer": "42",
    },
    "CustomEmailSender": lambda event: {
        "type": "customEmailSenderRequestV1",
        "code": "AYADeBgvbgAU" + token(40),
    },
    "CustomSMSSender": lambda event: {
        "type": "customSMSSenderRequestV1",
        "code": "AYADeBgvbgAU" + token(40),
    },
}


_COGNITO_RESPONSES: dict[str, JSON] = {
    "PreSignUp": {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False},
    "CustomMessage": {"smsMessage": None, "emailMessage": None, "emailSubject": None},
    "DefineAuthChallenge": {"challengeName": None, "issueTokens": None, "failAuthentication": None},
    "CreateAuthChallenge": {
        "publicChallengeParameters": None,
        "privateChallengeParameters": None,
        "challengeMetadata": None,
    },
    "VerifyAuthChallengeResponse": {"answerCorrect": None},
    "UserMigration": {
        "userAttributes": None,
        "finalUserStatus": None,
        "messageAction": None,
        "desiredDeliveryMediums": None,
        "forceAliasCreation": None,
        "enableSMSMFA": None,
    },
    "InboundFederation": {"userAttributesToMap": None},
}


def cognito(
    trigger: str = "PreSignUp_SignUp",
    *,
    user_name: str | None = "jane-doe",
    user_attributes: Mapping[str, str] | None = None,
    client_metadata: Mapping[str, str] | None = None,
    request: Mapping[str, Any] | None = None,
    version: str | None = None,
    user_pool_id: str | None = None,
    client_id: str = "1example23456789",
    region: str = REGION,
) -> JSON:
    """A Cognito User Pool trigger event for ``trigger`` (a trigger source such as
    ``"PreSignUp_SignUp"``), with the ``request`` and empty ``response`` that trigger carries.

    ``request`` entries replace the defaults; ``version`` is ``"1"`` except for pre token
    generation, where ``"2"`` or ``"3"`` ask for the V2_0 and V3_0 shapes.
    """
    family, _, event = trigger.partition("_")
    default = {"sub": SUB, "email": "jane@example.com"}
    attributes = dict(default if user_attributes is None else user_attributes)
    built = _cognito_request(family, event, attributes, dict(client_metadata or {}))
    built.update(request or {})
    shaped: JSON = {
        "version": version or "1",
        "region": region,
        "userPoolId": user_pool_id or f"{region}_EXAMPLE",
        "userName": user_name,
        "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": client_id},
        "triggerSource": trigger,
        "request": built,
    }
    if family == "TokenGeneration":
        v1 = shaped["version"] in ("1", "1.0")
        shaped["response"] = {
            "claimsOverrideDetails" if v1 else "claimsAndScopeOverrideDetails": None
        }
    elif family not in ("CustomEmailSender", "CustomSMSSender"):
        shaped["response"] = dict(_COGNITO_RESPONSES.get(family, {}))
    return shaped


def trigger_sources() -> list[str]:
    """Every trigger source Cognito sends."""
    return [f"{family}_{event}" for family, events in TRIGGERS.items() for event in events]
