"""CloudFormation custom resources: the router runs the handler and PUTs the answer to the stack.

A stack waits for that answer (an hour by default) and then fails and rolls back, which waits
again. So whatever happens an answer goes out:

- the handler returns None, or a dict with any of ``PhysicalResourceId``, ``Data`` and ``NoEcho``:
  ``SUCCESS``. Without ``PhysicalResourceId`` the id CloudFormation already knows is kept
  (Update, Delete); a Create gets ``"<LogicalResourceId>-<RequestId>"``, unique and stable;
- the handler raises, or returns something else: ``FAILED``, with ``"<Type>: <message>"`` as
  the reason CloudFormation shows in the stack's events;
- the Lambda time limit comes near: ``FAILED`` from a timer, shortly before Lambda stops the
  function;
- no handler's filters accept the request: ``FAILED`` saying so;
- the Delete CloudFormation sends to roll back a failed Create: ``SUCCESS`` without calling the
  handler. A failed Create reports a physical id starting with ``create-failed:``, so its Delete
  is recognised and the stack does not get stuck in ``DELETE_FAILED`` over a resource that never
  existed.

``dispatch`` returns the answer it sent. An answer goes only to a usable ``ResponseURL`` (https,
or plain http to this machine for tests): AWS's sample events carry a placeholder, so the handler
still runs, the answer is logged, and :class:`CustomResourceResponseError` names the URL. Local
tools (``lambda-router invoke`` and ``serve``) run requests under :func:`answers_returned`, which
returns the answer without sending it anywhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from lambda_universal_router._dispatch import EventDispatcher, call, logger
from lambda_universal_router._exceptions import CustomResourceResponseError
from lambda_universal_router.events._cloudformation import CREATE_FAILED_PREFIX

if TYPE_CHECKING:
    import threading

    from lambda_universal_router.events._cloudformation import CloudFormationEvent

#: CloudFormation rejects answers longer than this many bytes.
RESPONSE_LIMIT = 4096
#: PUT attempts before giving up, the seconds each may take, and the first pause between them
#: (doubled after each retry).
ATTEMPTS = 4
ATTEMPT_TIMEOUT = 10.0
BACKOFF = 0.25
#: How long before the Lambda time limit the timer answers FAILED, at most (a quarter of the
#: time left when that is less).
MARGIN_MS = 2000

_RESULT_KEYS = ("PhysicalResourceId", "Data", "NoEcho")
_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
_ANSWERS_RETURNED: ContextVar[bool] = ContextVar("answers_returned", default=False)


@contextmanager
def answers_returned() -> Iterator[None]:
    """Within the block, custom resource answers are returned by ``dispatch`` and never sent."""
    token = _ANSWERS_RETURNED.set(True)
    try:
        yield
    finally:
        _ANSWERS_RETURNED.reset(token)


class CustomResourceDispatcher(EventDispatcher):
    """Runs the most specific handler for the request and sends CloudFormation the outcome."""

    __slots__ = ()

    def __call__(self, event: dict[str, Any], variant: str, context: Any) -> Any:
        typed: CloudFormationEvent = self.event_class(event)
        answer = _Answer(typed, typed.response_url, context)
        if typed.request_type == "Delete" and typed.create_failed:
            return answer.send(answer.success(None))
        registration = self.candidates.select(typed)
        if registration is None:
            return answer.send(
                answer.failure(
                    f"No handler is registered for {typed.resource_type} "
                    f"{typed.request_type} requests"
                )
            )
        timer = answer.start_timer()
        try:
            body = answer.success(call(registration.call, typed, context))
        except Exception as exc:
            logger().exception("Custom resource handler %s failed", registration.name)
            body = answer.failure(f"{type(exc).__name__}: {exc}")
        finally:
            if timer is not None:
                timer.cancel()
        return answer.send(body)


class _Answer:
    """The one answer a request gets, whichever of the handler and the timer is first."""

    __slots__ = (
        "_deadline",
        "_event",
        "_lock",
        "_log_stream",
        "_remaining",
        "_returned",
        "_sent",
        "_url",
    )

    def __init__(self, event: CloudFormationEvent, url: str | None, context: Any) -> None:
        import threading
        import time

        self._event = event
        self._url = url
        # NOTE: read now: the timer's thread does not see the caller's context variables.
        self._returned = _ANSWERS_RETURNED.get()
        self._lock = threading.Lock()
        self._sent: dict[str, Any] | None = None
        remaining = getattr(context, "get_remaining_time_in_millis", None)
        left = int(remaining()) if callable(remaining) else 0
        # NOTE: no time left only happens with a test context whose clock ran out; Lambda would
        # have stopped the function. Treat it as unknown rather than fail every request.
        self._remaining: int | None = left if left > 0 else None
        self._deadline = (
            None if self._remaining is None else time.monotonic() + self._remaining / 1000
        )
        stream = getattr(context, "log_stream_name", None)
        self._log_stream = stream if isinstance(stream, str) else None

    def _body(self, status: str, physical_id: str) -> dict[str, Any]:
        event = self._event
        return {
            "Status": status,
            "PhysicalResourceId": physical_id,
            "StackId": event.stack_id,
            "RequestId": event.request_id,
            "LogicalResourceId": event.logical_resource_id,
        }

    def _new_id(self) -> str:
        return f"{self._event.logical_resource_id}-{self._event.request_id}"

    def success(self, result: Any) -> dict[str, Any]:
        """The SUCCESS answer for what the handler returned; raises if that is not valid."""
        physical_id, data, no_echo = _result_fields(result)
        body = self._body(
            "SUCCESS", physical_id or self._event.physical_resource_id or self._new_id()
        )
        if no_echo:
            body["NoEcho"] = True
        if data:
            body["Data"] = dict(data)
        size = len(_encode(body))
        if size > RESPONSE_LIMIT:
            raise ValueError(
                f"the answer would be {size} bytes and CloudFormation accepts at most "
                f"{RESPONSE_LIMIT}: return less Data"
            )
        return body

    def failure(self, reason: str) -> dict[str, Any]:
        """The FAILED answer, its reason cut to fit CloudFormation's size limit."""
        physical_id = self._event.physical_resource_id or CREATE_FAILED_PREFIX + self._new_id()
        body = self._body("FAILED", physical_id)
        if self._log_stream:
            reason = f"{reason} (log stream: {self._log_stream})"
        body["Reason"] = reason
        if len(_encode(body)) > RESPONSE_LIMIT:
            # JSON escapes make the size of a prefix hard to predict: search for the longest.
            fits, too_long = 0, len(reason)
            while too_long - fits > 1:
                middle = (fits + too_long) // 2
                body["Reason"] = reason[:middle] + "..."
                if len(_encode(body)) <= RESPONSE_LIMIT:
                    fits = middle
                else:
                    too_long = middle
            body["Reason"] = reason[:fits] + "..."
        return body

    def start_timer(self) -> threading.Timer | None:
        """Answer FAILED shortly before the time limit, when the context tells the time left."""
        import threading

        if self._remaining is None:
            return None
        margin = min(MARGIN_MS, self._remaining // 4)
        timer = threading.Timer((self._remaining - margin) / 1000, self._time_out)
        timer.daemon = True
        timer.start()
        return timer

    def _time_out(self) -> None:
        reason = (
            "The handler did not finish before the function's time limit; the router answered "
            "FAILED so that the stack does not wait for its own timeout"
        )
        try:
            self.send(self.failure(reason))
        except Exception:
            logger().exception("Could not send the FAILED answer for the time limit")

    def send(self, body: dict[str, Any]) -> dict[str, Any]:
        """PUT ``body`` unless an answer already went out; return the answer that did."""
        with self._lock:
            if self._sent is None:
                if not self._returned:
                    self._put(body)
                self._sent = body
            return self._sent

    def _put(self, body: dict[str, Any]) -> None:
        problem = _unusable(self._url)
        if problem is None:
            put(str(self._url), _encode(body), deadline=self._deadline)
            return
        shown = _shown(self._url)
        # The answer is all a developer trying a sample event wants to see: log it in full.
        logger().error(
            "Custom resource answer not sent (%s): %s",
            problem,
            _encode(body).decode("ascii"),
        )
        self._sent = body  # the timer must not try again
        raise CustomResourceResponseError(None, problem, url=shown)


def _result_fields(result: Any) -> tuple[str | None, Mapping[str, Any], bool]:
    if result is None:
        return None, {}, False
    if not isinstance(result, Mapping):
        raise TypeError(
            "a custom resource handler returns None or a dict with PhysicalResourceId, Data "
            f"and NoEcho, not {type(result).__name__}"
        )
    unknown = [repr(key) for key in result if key not in _RESULT_KEYS]
    if unknown:
        raise TypeError(
            f"the handler returned unexpected keys {', '.join(unknown)}; return "
            '{"PhysicalResourceId": ..., "Data": {...}, "NoEcho": bool} (values for '
            "Fn::GetAtt go in Data)"
        )
    physical_id = result.get("PhysicalResourceId")
    if physical_id is not None and (
        not isinstance(physical_id, str)
        or not physical_id
        or len(physical_id.encode("utf-8")) > 1024
    ):
        raise ValueError("PhysicalResourceId must be a non-empty string of at most 1 KB")
    data = result.get("Data")
    if data is None:
        data = {}
    elif not isinstance(data, Mapping):
        raise TypeError(f"Data must be a dict of attribute values, not {type(data).__name__}")
    no_echo = result.get("NoEcho", False)
    if not isinstance(no_echo, bool):
        raise TypeError(f"NoEcho must be True or False, not {no_echo!r}")
    return physical_id, data, no_echo


def _encode(body: Mapping[str, Any]) -> bytes:
    import json

    return json.dumps(body, separators=(",", ":")).encode("ascii")


def _unusable(url: str | None) -> str | None:
    """Why the answer cannot go to ``url``, or None when it can."""
    from urllib.parse import urlsplit

    if not url:
        return "the request has no ResponseURL"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return f"ResponseURL {_shown(url)!r} is not a URL"
    if parts.scheme == "https" and host:
        return None
    if parts.scheme == "http" and host in _LOOPBACK:
        return None
    return (
        f"ResponseURL {_shown(url)!r} is not usable: it must be an https URL (plain http only "
        "to localhost, for tests)"
    )


def _shown(url: str | None) -> str:
    """``url`` without its query string, which holds the pre-signed URL's signature."""
    base, question, _ = (url or "").partition("?")
    return f"{base}?..." if question else base


def put(url: str, payload: bytes, *, deadline: float | None = None) -> int:
    """PUT ``payload`` to a pre-signed URL the way CloudFormation expects, and return the status.

    The ``Content-Type`` header is sent empty: the URL is signed without one. Network errors, 429
    and 5xx answers are retried with growing pauses while ``deadline`` (a ``time.monotonic()``
    value) allows; other errors raise :class:`CustomResourceResponseError` at once.
    """
    import time
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=payload, method="PUT", headers={"Content-Type": ""})
    pause = BACKOFF
    status: int | None = None
    detail = "no attempt made before the deadline"
    for attempt in range(ATTEMPTS):
        timeout = ATTEMPT_TIMEOUT
        if deadline is not None:
            timeout = min(timeout, deadline - time.monotonic())
            if timeout <= 0:
                break
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                code: int = response.status
                return code
        except urllib.error.HTTPError as exc:
            exc.close()
            status, detail = exc.code, f"HTTP {exc.code} {exc.reason}"
            if exc.code < 500 and exc.code != 429:
                raise CustomResourceResponseError(status, detail) from None
        except OSError as exc:  # URLError, timeouts, refused and reset connections
            status, detail = None, str(exc)
        if attempt + 1 < ATTEMPTS:
            if deadline is not None and time.monotonic() + pause >= deadline:
                break
            time.sleep(pause)
            pause *= 2
    raise CustomResourceResponseError(status, detail)
