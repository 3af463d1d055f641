"""What ``lambda-router serve`` checks on the wire, as API Gateway does, so nothing unsafe passes.

Requests: a body is read by ``Content-Length`` or in chunks, never past the integration's payload
limit (answered 413 without reading it), and a malformed framing is answered 400; reads share a
deadline, so an idle or slow client cannot hold a thread. Answers: a status or header the
platform would refuse (a status that is not a number, CR or LF in a header, a character outside
Latin-1) is never written; the server answers 502 and logs the problem instead.
"""

from __future__ import annotations

import io
import re
import socket
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from email.message import Message

    from _typeshed import WriteableBuffer

#: The largest request body each integration hands to Lambda: the 6 MB synchronous invocation
#: payload, and 1 MB for an Application Load Balancer.
MEBIBYTE = 1024 * 1024
BODY_LIMITS = {"alb": MEBIBYTE, "alb_multi": MEBIBYTE}
DEFAULT_BODY_LIMIT = 6 * MEBIBYTE
#: Seconds a client may take to send one request, or leave a kept-alive connection idle.
DEFAULT_TIMEOUT = 30.0

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_HEX = b"0123456789abcdefABCDEF"
_CHUNK_LINE_LIMIT = 4096
_TRAILER_LIMIT = 100


class RequestProblem(Exception):
    """A request the server answers with ``status`` and closes the connection after."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def body_limit(flavor: str) -> int:
    """The largest request body, in bytes, ``flavor``'s integration accepts."""
    return BODY_LIMITS.get(flavor, DEFAULT_BODY_LIMIT)


def framing(headers: Message, limit: int) -> int | None:
    """The body's ``Content-Length`` (None: chunked), checked before any of it is read."""
    encodings = headers.get_all("Transfer-Encoding") or []
    lengths = headers.get_all("Content-Length") or []
    if encodings:
        if lengths:
            raise RequestProblem(400, "Content-Length and Transfer-Encoding together")
        codings = [c.strip().lower() for value in encodings for c in value.split(",")]
        if codings != ["chunked"]:
            raise RequestProblem(501, f"Transfer-Encoding {', '.join(codings)} is not supported")
        return None
    values = {value.strip() for value in lengths}
    if not values:
        return 0
    if len(values) > 1:
        raise RequestProblem(400, "conflicting Content-Length headers")
    (text,) = values
    if not text.isascii() or not text.isdigit():
        raise RequestProblem(400, f"Content-Length {text!r} is not a number of bytes")
    length = int(text)
    if length > limit:
        raise RequestProblem(413, f"the body is {length} bytes; the limit is {limit}")
    return length


def read_body(stream: io.BufferedIOBase, length: int | None, limit: int) -> bytes:
    """The body framed by ``length`` (None: chunked), never reading more than ``limit`` bytes."""
    if length is not None:
        data = stream.read(length) if length else b""
        if len(data) < length:
            raise RequestProblem(400, "the connection closed before the whole body arrived")
        return data
    parts = _read_chunks(stream, limit)
    for _ in range(_TRAILER_LIMIT):
        trailer = stream.readline(_CHUNK_LINE_LIMIT)
        if trailer in (b"\r\n", b"\n"):
            return b"".join(parts)
        if not trailer.endswith(b"\n"):
            break
    raise RequestProblem(400, "the chunked body does not end properly")


def _read_chunks(stream: io.BufferedIOBase, limit: int) -> list[bytes]:
    """The chunks of a chunked body up to its last (empty) chunk, trailers left unread."""
    parts: list[bytes] = []
    size = 0
    while True:
        line = stream.readline(_CHUNK_LINE_LIMIT)
        if not line.endswith(b"\n"):
            raise RequestProblem(400, "a chunk size line is missing or too long")
        text = line.split(b";", 1)[0].strip()
        if not text or not all(byte in _HEX for byte in text):
            raise RequestProblem(400, f"{text[:20]!r} is not a chunk size")
        chunk = int(text, 16)
        if chunk == 0:
            return parts
        size += chunk
        if size > limit:
            raise RequestProblem(413, f"the chunked body is over the limit of {limit} bytes")
        data = stream.read(chunk)
        if len(data) < chunk or stream.read(2) != b"\r\n":
            raise RequestProblem(400, "a chunk does not match its size")
        parts.append(data)


def answer_problem(status: object, headers: list[tuple[str, str]]) -> str | None:
    """Why API Gateway would refuse this answer (and answer 502), or None when it is fine."""
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        return f"statusCode {status!r} is not an HTTP status"
    for name, value in headers:
        if not _TOKEN.fullmatch(name):
            return f"header name {name!r} is not a valid token"
        if "\r" in value or "\n" in value or "\0" in value:
            return f"header {name} has a line break or NUL in its value"
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            return f"header {name} has a character outside Latin-1 (encode it, e.g. RFC 8187)"
    return None


def body_problem(answer: dict[str, object]) -> str | None:
    """Why the integration could not read the answer's body, or None."""
    import base64
    import binascii

    body = answer.get("body")
    if body is None:
        return None
    if not isinstance(body, str):
        return f"body is a {type(body).__name__}, not a string"
    if answer.get("isBase64Encoded"):
        try:
            base64.b64decode(body, validate=True)
        except binascii.Error:
            return "isBase64Encoded is true but the body is not base64"
    return None


def is_loopback(address: str) -> bool:
    """Whether a server bound to ``address`` (an IP address) is reachable from this machine only."""
    import ipaddress

    try:
        return ipaddress.ip_address(address.partition("%")[0]).is_loopback
    except ValueError:
        return False


def status_of(value: object) -> object:
    """The answer's ``statusCode`` as an int when it is a number or a numeric string."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return value


class DeadlineReader(io.RawIOBase):
    """A socket's bytes; while ``deadline`` (a ``time.monotonic()`` value) is set, no read ends
    after it, so a client trickling a byte at a time cannot hold the connection either."""

    def __init__(self, connection: socket.socket, timeout: float) -> None:
        super().__init__()
        self.connection = connection
        self.timeout = timeout
        self.deadline: float | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the request did not arrive in time")
            self.connection.settimeout(left)
        return self.connection.recv_into(buffer)

    def start(self) -> None:
        """Begin timing a request (or the idle wait for the next one)."""
        self.deadline = time.monotonic() + self.timeout

    def stop(self) -> None:
        """The request is in: answering it may take as long as the app does."""
        self.deadline = None
        self.connection.settimeout(self.timeout)
