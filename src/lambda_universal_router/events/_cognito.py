"""Cognito User Pool triggers: one event class for every ``triggerSource``.

Every trigger shares the envelope (``version``, ``triggerSource``, ``userPoolId``, ``userName``,
``callerContext``) and differs in ``request`` and ``response``. ``request`` is read through one
class whose attributes read as None or empty where a trigger does not send them; ``response`` is
a typed, writable view chosen by trigger family (see ``_cognito_responses``), and the router
answers Cognito with the event carrying it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ._base import UNSET, Event, listing, mapping, text_listing, text_mapping
from ._fields import text

#: Every trigger source Cognito sends, by family (the part before the underscore).
TRIGGERS: dict[str, tuple[str, ...]] = {
    "PreSignUp": ("SignUp", "AdminCreateUser", "ExternalProvider"),
    "PostConfirmation": ("ConfirmSignUp", "ConfirmForgotPassword"),
    "PreAuthentication": ("Authentication",),
    "PostAuthentication": ("Authentication",),
    "TokenGeneration": (
        "HostedAuth",
        "Authentication",
        "NewPasswordChallenge",
        "AuthenticateDevice",
        "RefreshTokens",
        "ClientCredentials",
    ),
    "CustomMessage": (
        "SignUp",
        "AdminCreateUser",
        "ResendCode",
        "ForgotPassword",
        "UpdateUserAttribute",
        "VerifyUserAttribute",
        "Authentication",
    ),
    "DefineAuthChallenge": ("Authentication",),
    "CreateAuthChallenge": ("Authentication",),
    "VerifyAuthChallengeResponse": ("Authentication",),
    "UserMigration": ("Authentication", "ForgotPassword"),
    "CustomEmailSender": (
        "SignUp",
        "ResendCode",
        "ForgotPassword",
        "UpdateUserAttribute",
        "VerifyUserAttribute",
        "AdminCreateUser",
        "Authentication",
        "AccountTakeOverNotification",
    ),
    "CustomSMSSender": (
        "SignUp",
        "ResendCode",
        "ForgotPassword",
        "UpdateUserAttribute",
        "VerifyUserAttribute",
        "AdminCreateUser",
        "Authentication",
    ),
    "InboundFederation": ("ExternalProvider",),
}

#: Names of the user pool's Lambda configuration that differ from the trigger source family.
FAMILY_ALIASES = {"PreTokenGeneration": "TokenGeneration"}


class CognitoEvent(Event):
    """A Cognito User Pool trigger invocation."""

    __slots__ = ("_request", "_response")
    _repr_fields = ("trigger_source", "user_pool_id")

    def __init__(self, raw_event: dict[str, Any]) -> None:
        super().__init__(raw_event)
        self._request: Any = UNSET
        self._response: Any = UNSET

    @property
    def version(self) -> str | None:
        """The event version: ``"1"``; pre token generation sends ``"2"`` or ``"3"`` for V2_0
        and V3_0 triggers."""
        return text(self.raw_event, "version")

    @property
    def trigger_source(self) -> str | None:
        """What happened, e.g. ``PreSignUp_SignUp`` or ``TokenGeneration_RefreshTokens``."""
        return text(self.raw_event, "triggerSource")

    @property
    def trigger(self) -> str:
        """The trigger family: ``trigger_source`` up to its first underscore (``PreSignUp``)."""
        return str(self.raw_event.get("triggerSource") or "").partition("_")[0]

    @property
    def region(self) -> str | None:
        """The user pool's region."""
        return text(self.raw_event, "region")

    @property
    def user_pool_id(self) -> str | None:
        """The user pool's id (``us-east-1_EXAMPLE``)."""
        return text(self.raw_event, "userPoolId")

    @property
    def user_name(self) -> str | None:
        """The user's name in the pool (``None`` for client-credentials token requests)."""
        return text(self.raw_event, "userName")

    @property
    def caller_context(self) -> dict[str, Any]:
        """``awsSdkVersion`` and ``clientId`` of the call that caused the trigger."""
        return mapping(self.raw_event, "callerContext")

    @property
    def client_id(self) -> str | None:
        """The app client the user signed in with."""
        return text(self.caller_context, "clientId")

    @property
    def aws_sdk_version(self) -> str | None:
        """The SDK version of the call that caused the trigger."""
        return text(self.caller_context, "awsSdkVersion")

    @property
    def request(self) -> CognitoRequest:
        """What Cognito sends for this trigger (user attributes, metadata, challenge data...)."""
        if self._request is UNSET:
            self._request = CognitoRequest(mapping(self.raw_event, "request"))
        request: CognitoRequest = self._request
        return request

    @property
    def response(self) -> Any:
        """The answer to fill in, typed for the trigger family.

        ``PreSignUpResponse``, ``PreTokenGenerationResponse`` (version 1),
        ``PreTokenGenerationV2Response`` (versions 2 and 3), ``CustomMessageResponse``,
        ``DefineAuthChallengeResponse``, ``CreateAuthChallengeResponse``,
        ``VerifyAuthChallengeResponse``, ``UserMigrationResponse``,
        ``InboundFederationResponse``, or ``CognitoResponse`` for triggers with nothing to answer.
        Setting an attribute writes into ``raw_event["response"]``.
        """
        if self._response is UNSET:
            from ._cognito_responses import response_for

            self._response = response_for(self)
        return self._response


class CognitoRequest:
    """The ``request`` map of a trigger; fields a trigger does not send read as None or empty."""

    __slots__ = ("raw",)

    def __init__(self, raw: dict[str, Any]) -> None:
        #: The ``request`` dict as Cognito sent it.
        self.raw = raw

    def __repr__(self) -> str:
        return f"CognitoRequest(keys={sorted(self.raw)!r})"

    @property
    def user_attributes(self) -> dict[str, str]:
        """The user's attributes (``email``, ``sub``, ``custom:...``), as strings."""
        return text_mapping(self.raw, "userAttributes")

    @property
    def validation_data(self) -> dict[str, str]:
        """Validation data the client sent with sign-up or sign-in (not stored in the pool)."""
        return text_mapping(self.raw, "validationData")

    @property
    def client_metadata(self) -> dict[str, str]:
        """Custom key-values the client passed to the API call that caused the trigger."""
        return text_mapping(self.raw, "clientMetadata")

    @property
    def user_not_found(self) -> bool:
        """Whether the user does not exist (when the pool hides that from clients)."""
        return bool(self.raw.get("userNotFound"))

    @property
    def new_device_used(self) -> bool:
        """Whether the user signed in from a new device (post authentication)."""
        return bool(self.raw.get("newDeviceUsed"))

    @property
    def group_configuration(self) -> dict[str, Any]:
        """The user's groups and IAM roles, before a pre token generation override."""
        return mapping(self.raw, "groupConfiguration")

    @property
    def groups(self) -> list[str]:
        """The groups the user belongs to (pre token generation)."""
        return text_listing(self.group_configuration, "groupsToOverride")

    @property
    def scopes(self) -> list[str]:
        """The OAuth scopes of the access token (pre token generation versions 2 and 3)."""
        return text_listing(self.raw, "scopes")

    @property
    def code_parameter(self) -> str | None:
        """The placeholder (``{####}``) a custom message must contain for the code."""
        return text(self.raw, "codeParameter")

    @property
    def username_parameter(self) -> str | None:
        """The placeholder for the user name in an invitation message (``AdminCreateUser``)."""
        return text(self.raw, "usernameParameter")

    @property
    def link_parameter(self) -> str | None:
        """The placeholder for a verification link, when the pool sends links."""
        return text(self.raw, "linkParameter")

    @property
    def session(self) -> list[dict[str, Any]]:
        """The challenges answered so far: ``challengeName``, ``challengeResult``,
        ``challengeMetadata`` (custom authentication flow)."""
        return listing(self.raw, "session")

    @property
    def challenge_name(self) -> str | None:
        """The challenge to create (create auth challenge)."""
        return text(self.raw, "challengeName")

    @property
    def private_challenge_parameters(self) -> dict[str, str]:
        """What the create challenge step kept for checking the answer (verify step)."""
        return text_mapping(self.raw, "privateChallengeParameters")

    @property
    def challenge_answer(self) -> Any:
        """The user's answer to the custom challenge (verify step)."""
        return self.raw.get("challengeAnswer")

    @property
    def password(self) -> str | None:
        """The password the user signed in with (user migration, ``Authentication`` only)."""
        return text(self.raw, "password")

    @property
    def type(self) -> str | None:
        """The request format of custom sender triggers (``customEmailSenderRequestV1``)."""
        return text(self.raw, "type")

    @property
    def code(self) -> str | None:
        """The code to send, encrypted with the pool's KMS key (custom sender triggers)."""
        return text(self.raw, "code")

    @property
    def provider_name(self) -> str | None:
        """The external identity provider's name (inbound federation)."""
        return text(self.raw, "providerName")

    @property
    def provider_type(self) -> str | None:
        """``OIDC``, ``SAML``, ``Google``, ... (inbound federation)."""
        return text(self.raw, "providerType")

    @property
    def attributes(self) -> dict[str, Any]:
        """What the provider returned: ``tokenResponse``, ``idToken``, ``userInfo`` or
        ``samlResponse`` (inbound federation)."""
        return mapping(self.raw, "attributes")


def triggers(value: str | Iterable[str] | None) -> frozenset[str] | None:
    """The decorator's ``trigger=``: trigger sources and families Cognito sends, aliases
    resolved. A name Cognito never sends raises :class:`ConfigurationError` with a suggestion."""
    from lambda_universal_router._exceptions import ConfigurationError
    from lambda_universal_router._filters import names

    wanted = names("trigger", value)
    if wanted is None:
        return None
    resolved = set()
    for name in sorted(wanted):
        family, _, event = name.partition("_")
        family = FAMILY_ALIASES.get(family, family)
        if family not in TRIGGERS or (event and event not in TRIGGERS[family]):
            import difflib

            known = [f"{f}_{e}" for f, events in TRIGGERS.items() for e in events]
            hints = difflib.get_close_matches(name, [*TRIGGERS, *FAMILY_ALIASES, *known], n=3)
            hint = f" Did you mean {', '.join(map(repr, hints))}?" if hints else ""
            raise ConfigurationError(
                f"Cognito sends no trigger {name!r}.{hint} Give a trigger source "
                "(PreSignUp_SignUp) or a family (PreSignUp, TokenGeneration)."
            )
        resolved.add(f"{family}_{event}" if event else family)
    return frozenset(resolved)


def _trigger(wanted: frozenset[str], event: CognitoEvent) -> bool:
    """Trigger sources (with ``_``) match exactly, families match every source they hold."""
    return event.trigger_source in wanted or event.trigger in wanted


#: Filters for ``@router.cognito(trigger=...)``.
FILTERS: dict[str, Callable[[Any, Any], bool]] = {"trigger": _trigger}
