"""Writable views of the ``response`` map of Cognito triggers, one class per trigger family.

Reading an attribute reads ``raw_event["response"]`` (None when unset); assigning one writes it,
creating the nested maps Cognito expects on the way. Nothing is written until a handler assigns,
so an untouched response goes back to Cognito exactly as it came.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

if TYPE_CHECKING:
    from ._cognito import CognitoEvent

T = TypeVar("T")
JSON = dict[str, Any]


class _Section:
    """A map at ``path`` inside the raw event, read without creating it, created on write."""

    __slots__ = ("_path", "_root")

    def __init__(self, root: JSON, path: tuple[str, ...]) -> None:
        self._root = root
        self._path = path

    def _read(self) -> JSON:
        node: Any = self._root
        for key in self._path:
            node = node.get(key)
            if not isinstance(node, dict):
                return {}
        result: JSON = node
        return result

    def _write(self) -> JSON:
        node = self._root
        for key in self._path:
            child = node.get(key)
            if not isinstance(child, dict):
                child = node[key] = {}
            node = child
        return node

    @property
    def raw(self) -> JSON:
        """The map itself (created if absent), for fields this class does not name."""
        return self._write()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._read()!r})"


class _Field(Generic[T]):
    """One key of a section: ``None`` until set."""

    def __init__(self, key: str, doc: str) -> None:
        self.key = key
        self.__doc__ = doc

    @overload
    def __get__(self, section: None, owner: type) -> _Field[T]: ...

    @overload
    def __get__(self, section: _Section, owner: type) -> T | None: ...

    def __get__(self, section: _Section | None, owner: type) -> Any:
        if section is None:
            return self
        return section._read().get(self.key)

    def __set__(self, section: _Section, value: T | None) -> None:
        section._write()[self.key] = value


class CognitoResponse(_Section):
    """The response of triggers that answer nothing but the event itself."""

    __slots__ = ()


class PreSignUpResponse(CognitoResponse):
    """Pre sign-up: confirm the user, or mark their email or phone as verified."""

    __slots__ = ()
    auto_confirm_user = _Field[bool]("autoConfirmUser", "Confirm the user without a code.")
    auto_verify_email = _Field[bool]("autoVerifyEmail", "Mark the email address as verified.")
    auto_verify_phone = _Field[bool]("autoVerifyPhone", "Mark the phone number as verified.")


class CustomMessageResponse(CognitoResponse):
    """Custom message: the SMS and email Cognito sends (keep the code placeholder in them)."""

    __slots__ = ()
    sms_message = _Field[str]("smsMessage", "The SMS text; must contain the code parameter.")
    email_message = _Field[str]("emailMessage", "The email body; must contain the code parameter.")
    email_subject = _Field[str]("emailSubject", "The email subject line.")


class DefineAuthChallengeResponse(CognitoResponse):
    """Define auth challenge: the next challenge, or issue tokens, or fail."""

    __slots__ = ()
    challenge_name = _Field[str]("challengeName", "The next challenge (``CUSTOM_CHALLENGE``...).")
    issue_tokens = _Field[bool]("issueTokens", "Whether the user has answered enough challenges.")
    fail_authentication = _Field[bool]("failAuthentication", "Whether to end the sign-in.")


class CreateAuthChallengeResponse(CognitoResponse):
    """Create auth challenge: what the client sees and what the verify step checks."""

    __slots__ = ()
    public_challenge_parameters = _Field[dict[str, str]](
        "publicChallengeParameters", "Sent to the client to present the challenge."
    )
    private_challenge_parameters = _Field[dict[str, str]](
        "privateChallengeParameters", "Kept for the verify step (the expected answer)."
    )
    challenge_metadata = _Field[str]("challengeMetadata", "A name for this challenge in session.")


class VerifyAuthChallengeResponse(CognitoResponse):
    """Verify auth challenge response: whether the user's answer is right."""

    __slots__ = ()
    answer_correct = _Field[bool]("answerCorrect", "Whether the answer is correct.")


class UserMigrationResponse(CognitoResponse):
    """User migration: the attributes and status of the user created from the old directory."""

    __slots__ = ()
    user_attributes = _Field[dict[str, str]]("userAttributes", "Attributes of the new user.")
    final_user_status = _Field[str]("finalUserStatus", "``CONFIRMED`` or ``RESET_REQUIRED``.")
    message_action = _Field[str]("messageAction", "``SUPPRESS`` to send no welcome message.")
    desired_delivery_mediums = _Field[list[str]](
        "desiredDeliveryMediums", "Where to send the welcome message: ``EMAIL``, ``SMS``."
    )
    force_alias_creation = _Field[bool](
        "forceAliasCreation", "Move an email or phone alias from another user to this one."
    )
    enable_sms_mfa = _Field[bool]("enableSMSMFA", "Turn on SMS multi-factor authentication.")


class InboundFederationResponse(CognitoResponse):
    """Inbound federation: the attributes to keep for the federated user."""

    __slots__ = ()
    user_attributes_to_map = _Field[dict[str, str]](
        "userAttributesToMap", "Attributes to store; ``{}`` keeps the provider's unchanged."
    )


class GroupOverride(_Section):
    """Groups and IAM roles to put in the tokens instead of the user's own."""

    __slots__ = ()
    groups_to_override = _Field[list[str]]("groupsToOverride", "The ``cognito:groups`` claim.")
    iam_roles_to_override = _Field[list[str]]("iamRolesToOverride", "The ``cognito:roles`` claim.")
    preferred_role = _Field[str]("preferredRole", "The ``cognito:preferred_role`` claim.")


class TokenClaims(_Section):
    """Claims to add to, change in, or remove from one token."""

    __slots__ = ()
    claims_to_add_or_override = _Field[dict[str, Any]](
        "claimsToAddOrOverride", "Claims to add or replace, name to value."
    )
    claims_to_suppress = _Field[list[str]]("claimsToSuppress", "Claims to leave out.")

    def add_claim(self, name: str, value: Any) -> None:
        """Add or replace the claim ``name``."""
        self._write().setdefault("claimsToAddOrOverride", {})[name] = value

    def suppress_claim(self, name: str) -> None:
        """Leave the claim ``name`` out of the token."""
        suppressed = self._write().setdefault("claimsToSuppress", [])
        if name not in suppressed:
            suppressed.append(name)


class AccessTokenClaims(TokenClaims):
    """Claims and scopes of the access token."""

    __slots__ = ()
    scopes_to_add = _Field[list[str]]("scopesToAdd", "OAuth scopes to add.")
    scopes_to_suppress = _Field[list[str]]("scopesToSuppress", "OAuth scopes to remove.")

    def add_scope(self, scope: str) -> None:
        """Add ``scope`` to the token's scopes."""
        added = self._write().setdefault("scopesToAdd", [])
        if scope not in added:
            added.append(scope)

    def suppress_scope(self, scope: str) -> None:
        """Remove ``scope`` from the token's scopes."""
        removed = self._write().setdefault("scopesToSuppress", [])
        if scope not in removed:
            removed.append(scope)


class PreTokenGenerationResponse(TokenClaims):
    """Pre token generation, version 1: claims of the ID token, and group overrides."""

    __slots__ = ()

    def __init__(self, root: JSON) -> None:
        super().__init__(root, ("response", "claimsOverrideDetails"))

    @property
    def group_override(self) -> GroupOverride:
        """Groups and roles to put in the tokens instead of the user's own."""
        return GroupOverride(self._root, (*self._path, "groupOverrideDetails"))


class PreTokenGenerationV2Response(CognitoResponse):
    """Pre token generation, versions 2 and 3: ID and access token claims, scopes, groups."""

    __slots__ = ()
    _DETAILS = ("response", "claimsAndScopeOverrideDetails")

    @property
    def id_token(self) -> TokenClaims:
        """Claims of the ID token."""
        return TokenClaims(self._root, (*self._DETAILS, "idTokenGeneration"))

    @property
    def access_token(self) -> AccessTokenClaims:
        """Claims and scopes of the access token."""
        return AccessTokenClaims(self._root, (*self._DETAILS, "accessTokenGeneration"))

    @property
    def group_override(self) -> GroupOverride:
        """Groups and roles to put in the tokens instead of the user's own."""
        return GroupOverride(self._root, (*self._DETAILS, "groupOverrideDetails"))


_BY_FAMILY: dict[str, type[CognitoResponse]] = {
    "PreSignUp": PreSignUpResponse,
    "CustomMessage": CustomMessageResponse,
    "DefineAuthChallenge": DefineAuthChallengeResponse,
    "CreateAuthChallenge": CreateAuthChallengeResponse,
    "VerifyAuthChallengeResponse": VerifyAuthChallengeResponse,
    "UserMigration": UserMigrationResponse,
    "InboundFederation": InboundFederationResponse,
}


def response_for(event: CognitoEvent) -> _Section:
    """The response view for the event's trigger family (and pre token generation version)."""
    family = event.trigger
    if family == "TokenGeneration":
        if str(event.version or "1") in ("1", "1.0"):
            return PreTokenGenerationResponse(event.raw_event)
        return PreTokenGenerationV2Response(event.raw_event, ("response",))
    return _BY_FAMILY.get(family, CognitoResponse)(event.raw_event, ("response",))
