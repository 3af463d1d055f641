"""One invocation of the app: a Lambda-like context, the call, and what came of it.

The context's remaining time counts down from the function timeout. The call runs in the poller's
own thread; an answer that arrives after the deadline is discarded and the batch fails as a whole,
as Lambda fails an invocation that times out.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
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

    @property
    def arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{self.account}:function:{self.name}"

    @property
    def role_arn(self) -> str:
        """The role Kinesis events name as ``invokeIdentityArn`` (the poller has no real one)."""
        return f"arn:aws:iam::{self.account}:role/{self.name}"


def new_context(function: Function, clock: Callable[[], float] = time.monotonic) -> Any:
    """A context whose ``get_remaining_time_in_millis()`` starts at the function timeout."""
    from lambda_universal_router.testing._context import LambdaContext

    return LambdaContext(
        function_name=function.name,
        timeout=function.timeout,
        region=function.region,
        account=function.account,
        clock=clock,
    )


def invoke(
    app: App,
    event: dict[str, Any],
    identifiers: list[str],
    function: Function,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[Verdict, str]:
    """Call ``app`` with ``event``; the verdict on the batch and the invocation's request id."""
    context = new_context(function, clock)
    started = clock()
    try:
        answer = app(event, context)
    except Exception as error:
        LOG.exception("the function raised %s; the whole batch failed", type(error).__name__)
        return whole_batch_failure(f"{type(error).__name__}: {error}"), context.aws_request_id
    elapsed = clock() - started
    if elapsed > function.timeout:
        LOG.error(
            "the function ran %.1f s, past its %g s timeout; the whole batch failed",
            elapsed,
            function.timeout,
        )
        return whole_batch_failure("timed out"), context.aws_request_id
    verdict = read_answer(answer, identifiers)
    if verdict.whole_batch_failed:
        LOG.error("the answer cannot be used (%s); the whole batch failed", verdict.reason)
    return verdict, context.aws_request_id
