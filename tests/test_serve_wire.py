"""lambda-router serve on the wire, over real loopback sockets: HTTP/1.1 keep-alive, Expect:
100-continue, chunked bodies, body limits, malformed requests, answers API Gateway would refuse,
and timeouts for idle and slow clients."""

from __future__ import annotations

import http.client
import io
import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from lambda_universal_router._cli.loader import load_app
from lambda_universal_router._cli.serve import Server
from lambda_universal_router._cli.serve_wire import MEBIBYTE, is_loopback

APP = """
from lambda_universal_router import Router

router = Router()


@router.post("/echo")
def echo(event, context):
    return {"size": len(event.decoded_body or b""), "body": (event.body or "")[:40]}, 201


@router.get("/answer/{kind}")
def answer(event, context):
    kind = event.path_parameters["kind"]
    if kind == "ok":
        return {"statusCode": "200", "headers": {"X-Ok": "yes"}, "body": "fine"}
    if kind == "status":
        return {"statusCode": "abc", "body": "no"}
    if kind == "split":
        where = event.query_string_parameters.get("next", "")
        return {"statusCode": 302, "headers": {"Location": where}, "body": ""}
    if kind == "unicode":
        return {"statusCode": 200, "headers": {"X-Mood": "\\u2615"}, "body": "coffee"}
    if kind == "latin1":
        return {"statusCode": 200, "headers": {"X-Cafe": "caf\\u00e9"}, "body": "ok"}
    if kind == "name":
        return {"statusCode": 200, "headers": {"Bad Name": "x"}, "body": "no"}
    return {"statusCode": 200, "isBase64Encoded": True, "body": "%%%"}
"""


@pytest.fixture(autouse=True)
def app_dir(isolated_app_dir: Path) -> Path:
    (isolated_app_dir / "wire_app.py").write_text(APP, encoding="utf-8")
    return isolated_app_dir


@contextmanager
def running(
    flavor: str = "rest", timeout: float = 30.0, log: io.StringIO | None = None
) -> Iterator[Server]:
    app = load_app("wire_app.py")
    server = Server(
        app, ("127.0.0.1", 0), flavor, log if log is not None else io.StringIO(), timeout=timeout
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def connect(server: Server) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=10)


def read_response(connection: socket.socket) -> http.client.HTTPResponse:
    response = http.client.HTTPResponse(connection)
    response.begin()
    return response


def exchange(server: Server, raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``raw`` bytes as they are; the status, headers and body that came back."""
    with connect(server) as connection:
        connection.sendall(raw)
        response = read_response(connection)
        body = response.read()
        return response.status, dict(response.getheaders()), body


def closed_by_server(connection: socket.socket, within: float) -> bool:
    """Whether the server closes ``connection`` (after any answer) within ``within`` seconds."""
    connection.settimeout(within)
    try:
        while connection.recv(65536):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True
    return True


# --- HTTP/1.1 -------------------------------------------------------------------------------------


def test_http_1_1_keeps_the_connection_alive_across_requests() -> None:
    with running() as server:
        client = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
        answers, sockets = [], []
        for number in range(3):
            client.request("POST", "/echo", body=f"request {number}")
            response = client.getresponse()
            answers.append((response.version, response.status, json.loads(response.read())))
            sockets.append(client.sock)
        client.close()

    assert sockets[0] is not None
    assert all(used is sockets[0] for used in sockets)  # one connection for the three

    assert answers == [(11, 201, {"size": 9, "body": f"request {n}"}) for n in range(3)]


def test_expect_100_continue_is_answered_before_the_body_is_sent() -> None:
    with running() as server, connect(server) as connection:
        connection.sendall(
            b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
            b"Content-Type: text/plain\r\nExpect: 100-continue\r\n\r\n"
        )
        interim = connection.recv(64)
        connection.sendall(b"hello")
        response = read_response(connection)

        assert interim.startswith(b"HTTP/1.1 100 Continue\r\n")
        assert response.status == 201
        assert json.loads(response.read()) == {"size": 5, "body": "hello"}


def test_expect_100_continue_over_the_limit_is_413_without_continue() -> None:
    with running("alb") as server, connect(server) as connection:
        connection.sendall(
            b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n"
            b"Expect: 100-continue\r\n\r\n" % (MEBIBYTE + 1)
        )
        response = read_response(connection)

        assert response.status == 413
        assert response.getheader("Connection") == "close"
        assert closed_by_server(connection, 5)


def test_a_chunked_body_reaches_the_handler_whole() -> None:
    raw = (
        b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
        b"5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n"
    )

    with running("http") as server:
        status, _, body = exchange(server, raw)

    assert status == 201
    assert json.loads(body) == {"size": 12, "body": "hello, world"}


# --- limits and malformed requests ----------------------------------------------------------------


@pytest.mark.parametrize(("flavor", "limit"), [("rest", 6 * MEBIBYTE), ("alb", MEBIBYTE)])
def test_a_body_over_the_flavor_limit_is_413_without_reading_it(flavor: str, limit: int) -> None:
    with running(flavor) as server, connect(server) as connection:
        # Only the headers are sent: the answer must not wait for the body.
        connection.sendall(
            b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % (limit + 1)
        )
        response = read_response(connection)

        assert response.status == 413
        assert str(limit) in json.loads(response.read())["message"]
        assert closed_by_server(connection, 5)


def test_a_body_at_the_limit_is_accepted() -> None:
    with running("alb") as server:
        client = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
        client.request(
            "POST", "/echo", body=b"a" * MEBIBYTE, headers={"Content-Type": "text/plain"}
        )
        response = client.getresponse()
        answer = json.loads(response.read())
        client.close()

    assert response.status == 201
    assert answer["size"] == MEBIBYTE


def test_a_chunked_body_over_the_limit_is_413() -> None:
    with running("alb") as server, connect(server) as connection:
        connection.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"%x\r\n%s\r\n" % (256 * 1024, b"z" * (256 * 1024))
        try:
            for _ in range(5):  # 1.25 MiB, over ALB's 1 MiB
                connection.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may stop reading and close first
        response = read_response(connection)

        assert response.status == 413


@pytest.mark.parametrize(
    ("headers", "body", "status", "message"),
    [
        (b"Content-Length: abc\r\n", b"", 400, "is not a number of bytes"),
        (b"Content-Length: -1\r\n", b"", 400, "is not a number of bytes"),
        (b"Content-Length: 2\r\nContent-Length: 3\r\n", b"abc", 400, "conflicting"),
        (
            b"Content-Length: 3\r\nTransfer-Encoding: chunked\r\n",
            b"0\r\n\r\n",
            400,
            "Content-Length and Transfer-Encoding",
        ),
        (b"Transfer-Encoding: chunked\r\n", b"zz\r\nhello\r\n0\r\n\r\n", 400, "chunk size"),
        (b"Transfer-Encoding: chunked\r\n", b"5\r\nhello!!\r\n0\r\n\r\n", 400, "match its size"),
        (b"Transfer-Encoding: gzip, chunked\r\n", b"", 501, "not supported"),
    ],
)
def test_malformed_framing_is_answered_and_the_connection_closed(
    headers: bytes, body: bytes, status: int, message: str
) -> None:
    raw = b"POST /echo HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n" + body

    with running() as server:
        got, answer_headers, answer = exchange(server, raw)

    assert got == status
    assert message in json.loads(answer)["message"]
    assert answer_headers["Connection"] == "close"


@pytest.mark.parametrize(
    "line", [b"NOT A REQUEST LINE AT ALL", b"GET /answer/ok", b"GET /answer/ok HTTP/x.y"]
)
def test_a_malformed_request_line_is_400(line: bytes) -> None:
    with running() as server:
        status, _, _ = exchange(server, line + b"\r\n\r\n")

    assert status == 400


# --- answers API Gateway would refuse -------------------------------------------------------------


def test_a_numeric_string_status_is_accepted() -> None:
    with running() as server:
        status, headers, body = exchange(server, b"GET /answer/ok HTTP/1.1\r\nHost: x\r\n\r\n")

    assert (status, headers["X-Ok"], body) == (200, "yes", b"fine")


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        ("status", "statusCode 'abc' is not an HTTP status"),
        ("split?next=/home%0D%0ASet-Cookie:%20admin=1", "header Location has a line break"),
        ("unicode", "header X-Mood has a character outside Latin-1"),
        ("name", "header name 'Bad Name' is not a valid token"),
        ("base64", "isBase64Encoded is true but the body is not base64"),
    ],
)
def test_an_answer_the_platform_would_refuse_is_a_logged_502(kind: str, problem: str) -> None:
    log = io.StringIO()

    with running(log=log) as server, connect(server) as connection:
        connection.sendall(b"GET /answer/%s HTTP/1.1\r\nHost: x\r\n\r\n" % kind.encode())
        response = read_response(connection)
        body = response.read()
        # The connection stays usable: nothing half-written went out.
        connection.sendall(b"GET /answer/ok HTTP/1.1\r\nHost: x\r\n\r\n")
        after = read_response(connection)
        after.read()

    assert response.status == 502
    assert json.loads(body) == {"message": "Internal server error"}
    assert response.getheader("Set-Cookie") is None
    assert response.getheader("Location") is None
    assert after.status == 200
    logged = [line for line in log.getvalue().splitlines() if line.startswith("502:")]
    assert len(logged) == 1
    assert problem in logged[0]
    assert "GET /answer/" in logged[0]


def test_latin_1_header_values_pass() -> None:
    with running() as server:
        status, headers, _ = exchange(server, b"GET /answer/latin1 HTTP/1.1\r\nHost: x\r\n\r\n")

    assert status == 200
    assert headers["X-Cafe"] == "caf\u00e9"


# --- timeouts -------------------------------------------------------------------------------------


def test_an_idle_connection_is_closed_after_the_timeout() -> None:
    with running(timeout=0.5) as server, connect(server) as connection:
        started = time.monotonic()

        assert closed_by_server(connection, 5)
        assert time.monotonic() - started < 4


def test_an_idle_kept_alive_connection_is_closed_after_the_timeout() -> None:
    with running(timeout=0.5) as server, connect(server) as connection:
        connection.sendall(b"GET /answer/ok HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_response(connection).status == 200

        assert closed_by_server(connection, 5)


def test_a_client_trickling_its_request_is_cut_off_at_the_deadline() -> None:
    request = b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + b"a" * 1000
    with running(timeout=0.5) as server, connect(server) as connection:
        started = time.monotonic()
        cut_off = False
        for byte in request:
            try:
                connection.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                cut_off = True
                break
            if time.monotonic() - started > 6:
                break
            time.sleep(0.05)  # each byte well within the timeout; the whole request is not
        cut_off = cut_off or closed_by_server(connection, 5)

        assert cut_off
        assert time.monotonic() - started < 6


def test_the_default_timeout_is_at_most_30_seconds() -> None:
    with running() as server:
        assert 0 < server.request_timeout <= 30


# --- clients that go away ------------------------------------------------------------------------


@pytest.mark.parametrize("reset", [False, True], ids=["closed", "reset"])
def test_a_client_going_away_mid_request_is_one_quiet_line(
    reset: bool, capfd: pytest.CaptureFixture[str]
) -> None:
    log = io.StringIO()
    with running(log=log) as server:
        connection = connect(server)
        connection.sendall(
            b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly 10 b"
        )
        time.sleep(0.1)  # the server waits for the rest of the body
        if reset:  # an abortive close: the server's next read or write is reset
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()
        deadline = time.monotonic() + 5
        while "went away" not in log.getvalue() and time.monotonic() < deadline:
            time.sleep(0.02)
        answered = exchange(server, b"GET /answer/ok HTTP/1.1\r\nHost: x\r\n\r\n")

    [line] = log.getvalue().splitlines()[:-1]  # the last line is the next request's
    assert line.startswith("127.0.0.1 - the client went away: ")
    assert answered[0] == 200
    errors = capfd.readouterr().err
    assert "Traceback" not in errors and "Exception occurred" not in errors


# --- where it listens -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("fe80::1%eth0", False),
    ],
)
def test_only_loopback_addresses_count_as_local(address: str, loopback: bool) -> None:
    assert is_loopback(address) is loopback


@pytest.mark.parametrize("loopback", [True, False])
def test_serve_warns_when_others_can_connect(
    loopback: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lambda_universal_router._cli import serve as _serve

    def stop_at_once(self: Server, poll_interval: float = 0.5) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(_serve.Server, "serve_forever", stop_at_once)
    # Stands in for a non-loopback address: the tests never listen on one.
    monkeypatch.setattr(_serve.Server, "loopback", property(lambda self: loopback))
    log = io.StringIO()

    status = _serve.serve(load_app("wire_app.py"), host="127.0.0.1", port=0, log=log)

    assert status == 0
    assert ("WARNING: listening on 127.0.0.1, reachable from other machines" in log.getvalue()) is (
        not loopback
    )


def test_serve_refuses_a_timeout_that_is_not_positive() -> None:
    from lambda_universal_router._cli import serve as _serve
    from lambda_universal_router._cli.loader import UsageError

    with pytest.raises(UsageError, match="--timeout takes a number of seconds above 0"):
        _serve.serve(load_app("wire_app.py"), port=0, timeout=0, log=io.StringIO())
