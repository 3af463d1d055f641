"""One invocation of the app: a Lambda-like context, the call, and what came of it.

The context's remaining time counts down from the function timeout. The call runs in the poller's
own thread; an answer that arrives after the deadline is discarded and the batch fails as a whole,
as Lambda fails an invocation that times out.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .answers import Verdict, read_answer, whole_batch_failure

LOG = logging.getLogger("lambda_universal_router.poll")

App = Callable[[Any, Any], Any]


@dataclass
class Function:
    """What Lambda knows about the function: its name, timeout, region and account.

    The account is the sources' own (read from their ARNs once they are connected).
    """

    name: str
    timeout: float
    region: str
    account: str = "123456789012"
    #: The log stream every batch of this process names, as an execution environment's does.
    log_stream: str = field(
        default_factory=lambda: f"{time.strftime('%Y/%m/%d')}/[$LATEST]{uuid.uuid4().hex}"
    )

    @property
    def arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{self.account}:function:{self.name}"

    @property
    def role_arn(self) -> str:
        """The role Kinesis events name as ``invokeIdentityArn`` (the poller has no real one)."""
        return f"arn:aws:iam::{self.account}:role/{self.name}"


class PollContext:
    """The context Lambda passes a handler, for one batch of the poller.

    The log group and stream are the process's (on Lambda they name the execution environment);
    the request id is new for every batch; the remaining time counts down from the timeout.
    """

    __slots__ = (
        "_clock",
        "_deadline",
        "_request_id",
        "client_context",
        "function_name",
        "function_version",
        "identity",
        "invoked_function_arn",
        "log_group_name",
        "log_stream_name",
        "memory_limit_in_mb",
        "tenant_id",
    )

    def __init__(self, function: Function, clock: Callable[[], float]) -> None:
        self.function_name = function.name
        self.function_version = "$LATEST"
        self.invoked_function_arn = function.arn
        self.memory_limit_in_mb = "128"
        self._request_id: str | None = None
        self.log_group_name = f"/aws/lambda/{function.name}"
        self.log_stream_name = function.log_stream
        self.identity = None
        self.client_context = None
        self.tenant_id = None
        self._clock = clock
        self._deadline = clock() + function.timeout

    @property
    def aws_request_id(self) -> str:
        """This batch's invocation id, made when first read (PERF: uuid4 costs a system call)."""
        if self._request_id is None:
            self._request_id = str(uuid.uuid4())
        return self._request_id

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds left before the batch times out (never negative)."""
        return max(0, int((self._deadline - self._clock()) * 1000))

    def __repr__(self) -> str:
        return f"PollContext({self.function_name!r}, aws_request_id={self.aws_request_id!r})"


def invoke(
    app: App,
    event: dict[str, Any],
    identifiers: list[str],
    function: Function,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[Verdict, PollContext]:
    """Call ``app`` with ``event``; the verdict on the batch, and the context it was given."""
    context = PollContext(function, clock)
    started = clock()
    try:
        answer = app(event, context)
    except Exception as error:
        LOG.exception("the function raised %s; the whole batch failed", type(error).__name__)
        return whole_batch_failure(f"{type(error).__name__}: {error}"), context
    elapsed = clock() - started
    if elapsed > function.timeout:
        LOG.error(
            "the function ran %.1f s, past its %g s timeout; the whole batch failed",
            elapsed,
            function.timeout,
        )
        return whole_batch_failure("timed out"), context
    verdict = read_answer(answer, identifiers)
    if verdict.whole_batch_failed:
        LOG.error("the answer cannot be used (%s); the whole batch failed", verdict.reason)
    return verdict, context
