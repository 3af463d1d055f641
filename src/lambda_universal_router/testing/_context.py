"""A stand-in for the context object the Lambda Python runtime passes to every handler."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from ._shapes import ACCOUNT, REGION


class CognitoIdentity:
    """The Cognito identity of a mobile-SDK caller; both ids are None for every other caller."""

    __slots__ = ("cognito_identity_id", "cognito_identity_pool_id")

    def __init__(
        self, cognito_identity_id: str | None = None, cognito_identity_pool_id: str | None = None
    ) -> None:
        self.cognito_identity_id = cognito_identity_id
        self.cognito_identity_pool_id = cognito_identity_pool_id

    def __repr__(self) -> str:
        return (
            f"CognitoIdentity(cognito_identity_id={self.cognito_identity_id!r}, "
            f"cognito_identity_pool_id={self.cognito_identity_pool_id!r})"
        )


class LambdaContext:
    """The context of one invocation, with the attributes the real runtime sets.

    ``get_remaining_time_in_millis()`` counts down from ``timeout`` seconds, starting when the
    context is made, on ``clock`` (``time.monotonic`` by default; pass ``clock=lambda: 0.0`` for a
    clock that never moves, or any callable returning seconds to drive it from a test).

    As in the real runtime, ``memory_limit_in_mb`` is a string, ``identity`` is a
    :class:`CognitoIdentity` whose ids are None unless given, and ``client_context`` and
    ``tenant_id`` are None unless given. Every context gets a fresh ``aws_request_id``.
    """

    def __init__(
        self,
        *,
        function_name: str = "my-function",
        function_version: str = "$LATEST",
        memory_limit_in_mb: int = 128,
        timeout: float = 3.0,
        region: str = REGION,
        account: str = ACCOUNT,
        invoked_function_arn: str | None = None,
        aws_request_id: str | None = None,
        log_group_name: str | None = None,
        log_stream_name: str | None = None,
        identity: CognitoIdentity | None = None,
        client_context: Any = None,
        tenant_id: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        #: The function's name.
        self.function_name = function_name
        #: The version that runs: ``$LATEST`` or a published version number.
        self.function_version = function_version
        #: The ARN the caller invoked, with an alias or version qualifier when it used one.
        self.invoked_function_arn = invoked_function_arn or (
            f"arn:aws:lambda:{region}:{account}:function:{function_name}"
        )
        #: The memory configured for the function, in MB, as a string (as the runtime sets it).
        self.memory_limit_in_mb = str(memory_limit_in_mb)
        #: This invocation's id; retries of the same request reuse it.
        self.aws_request_id = aws_request_id or str(uuid.uuid4())
        #: The CloudWatch Logs group the function writes to.
        self.log_group_name = log_group_name or f"/aws/lambda/{function_name}"
        #: The log stream of this execution environment.
        self.log_stream_name = log_stream_name or (
            datetime.now(timezone.utc).strftime("%Y/%m/%d")
            + f"/[{function_version}]{uuid.uuid4().hex}"
        )
        #: The caller's Cognito identity (mobile SDK callers only).
        self.identity = identity if identity is not None else CognitoIdentity()
        #: What a mobile-SDK caller said about its app and device, else None.
        self.client_context = client_context
        #: The tenant this invocation serves, for functions in tenant isolation mode, else None.
        self.tenant_id = tenant_id
        self._clock = clock
        self._deadline = clock() + timeout

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds left before the invocation would time out (never negative)."""
        return max(0, int((self._deadline - self._clock()) * 1000))

    def log(self, message: Any) -> None:
        """Write ``message`` to the function's log (stdout), as the runtime's ``log`` does."""
        import sys

        sys.stdout.write(str(message))

    def __repr__(self) -> str:
        return (
            f"LambdaContext(function_name={self.function_name!r}, "
            f"aws_request_id={self.aws_request_id!r})"
        )
