"""lambda-router serve: real HTTP requests over a loopback socket, for every flavor."""

from __future__ import annotations

import http.client
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from lambda_universal_router._cli.loader import App, load_app
from lambda_universal_router._cli.serve import Reloader, Server
from lambda_universal_router.testing import cloudformation, sqs

APP = """
from lambda_universal_router import Response, Router

router = Router()


def values(event, name):
    return [v for k, vs in event.multi_value_headers.items() if k.lower() == name for v in vs]


@router.get("/items/{id}")
def get_item(event, context):
    return {
        "id": event.path_parameters["id"],
        "query": event.query_string_parameters,
        "cookies": event.cookies,
        "flavor": event.flavor,
        "tags": values(event, "x-tag"),
    }


@router.post("/items")
def create_item(event, context):
    return {"created": event.json_body}, 201


@router.put("/blobs/{name}")
def put_blob(event, context):
    return Response(200, event.decoded_body[::-1], content_type="application/octet-stream")


@router.get("/login")
def login(event, context):
    return Response(
        200,
        "welcome",
        headers={"X-Server": "test"},
        cookies=["session=abc; Path=/; HttpOnly", "theme=dark"],
    )


@router.get("/multi")
def multi(event, context):
    return {"statusCode": 200, "multiValueHeaders": {"X-Tag": ["a", "b"]}, "body": "tagged"}


@router.get("/crash")
def crash(event, context):
    raise RuntimeError("boom")


@router.sqs(queue="jobs", per_record=True)
def job(message, context):
    if message.body == "bad":
        raise ValueError("bad job")


@router.cloudformation("Custom::Thing")
def thing(event, context):
    return {"PhysicalResourceId": "thing-1", "Data": {"Size": 3}}


@router.custom()
def direct(event, context):
    if event.event_data.get("explode"):
        raise KeyError("explode")
    return {"got": event.event_data}
"""

FLAVORS = ["rest", "http", "alb", "alb_multi", "url"]


class Answer:
    """A response as the client received it."""

    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body)


@pytest.fixture(autouse=True)
def app_dir(isolated_app_dir: Path) -> Path:
    (isolated_app_dir / "app.py").write_text(APP, encoding="utf-8")
    return isolated_app_dir


@contextmanager
def running(app: App, flavor: str = "rest", log: io.StringIO | None = None) -> Iterator[Server]:
    """The server on a free loopback port, in a thread, stopped at the end of the block."""
    server = Server(app, ("127.0.0.1", 0), flavor, log if log is not None else io.StringIO())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(params=FLAVORS)
def server(request: pytest.FixtureRequest) -> Iterator[Server]:
    with running(load_app("app.py"), request.param) as started:
        yield started


def send(
    server: Server,
    method: str,
    path: str,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    request = urllib.request.Request(
        server.url + path, data=data, headers=headers or {}, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, error.headers, error.read())


# --- HTTP requests become the flavor's events -----------------------------------------------------


def test_get_with_path_parameter_query_and_cookies(server: Server) -> None:
    answer = send(server, "GET", "/items/42?color=red", headers={"Cookie": "a=1; b=two"})

    assert answer.status == 200
    assert answer.headers["Content-Type"] == "application/json"
    body = answer.json()
    assert body["id"] == "42"
    assert body["query"] == {"color": "red"}
    assert body["cookies"] == {"a": "1", "b": "two"}
    expected = {"alb_multi": "alb"}.get(server.flavor, server.flavor)
    assert body["flavor"] == expected


def test_post_json_answers_201(server: Server) -> None:
    answer = send(
        server,
        "POST",
        "/items",
        data=json.dumps({"name": "lamp"}).encode(),
        headers={"Content-Type": "application/json"},
    )

    assert answer.status == 201
    assert answer.json() == {"created": {"name": "lamp"}}


def test_binary_bodies_go_both_ways(server: Server) -> None:
    payload = bytes(range(256))

    answer = send(
        server,
        "PUT",
        "/blobs/raw",
        data=payload,
        headers={"Content-Type": "application/octet-stream"},
    )

    assert answer.status == 200
    assert answer.headers["Content-Type"] == "application/octet-stream"
    assert answer.body == payload[::-1]


def test_response_cookies_and_headers(server: Server) -> None:
    answer = send(server, "GET", "/login")

    assert answer.status == 200
    assert answer.body == b"welcome"
    assert answer.headers["X-Server"] == "test"
    assert answer.headers.get_all("Set-Cookie") == ["session=abc; Path=/; HttpOnly", "theme=dark"]


def test_not_found_and_method_not_allowed(server: Server) -> None:
    missing = send(server, "GET", "/nothing")
    wrong = send(server, "DELETE", "/items/1")

    assert missing.status == 404
    assert wrong.status == 405
    assert wrong.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_head_answers_headers_without_body(server: Server) -> None:
    answer = send(server, "HEAD", "/items/7")

    assert answer.status == 200
    assert answer.body == b""


def test_a_handler_error_is_the_routers_500(server: Server) -> None:
    answer = send(server, "GET", "/crash")

    assert answer.status == 500
    assert b"boom" not in answer.body


@pytest.mark.parametrize("flavor", ["rest", "alb_multi"])
def test_multi_value_request_and_response_headers(flavor: str) -> None:
    with running(load_app("app.py"), flavor) as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
        try:
            connection.putrequest("GET", "/items/1?color=red")
            connection.putheader("X-Tag", "one")
            connection.putheader("X-Tag", "two")
            connection.endheaders()
            tags = json.loads(connection.getresponse().read())["tags"]
            connection.request("GET", "/multi")
            multi = connection.getresponse()
            multi.read()
        finally:
            connection.close()

    assert tags == ["one", "two"]
    assert multi.headers.get_all("X-Tag") == ["a", "b"]


def test_payload_2_joins_repeated_request_headers() -> None:
    with running(load_app("app.py"), "http") as server:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
        try:
            connection.putrequest("GET", "/items/1")
            connection.putheader("X-Tag", "one")
            connection.putheader("X-Tag", "two")
            connection.endheaders()
            tags = json.loads(connection.getresponse().read())["tags"]
        finally:
            connection.close()

    # As HTTP APIs do: one header, its values joined by commas.
    assert tags == ["one,two"]


def test_a_function_that_raises_is_a_502_and_the_traceback_is_logged(app_dir: Path) -> None:
    (app_dir / "fn.py").write_text("def handler(event, context):\n    raise OSError('down')\n")
    log = io.StringIO()

    with running(load_app("fn.py:handler"), "http", log) as server:
        answer = send(server, "GET", "/")

    assert answer.status == 502
    assert answer.json() == {"message": "Internal server error"}
    assert "OSError: down" in log.getvalue()


def test_requests_are_logged(app_dir: Path) -> None:
    log = io.StringIO()

    with running(load_app("app.py"), "rest", log) as server:
        send(server, "GET", "/items/9")

    assert '"GET /items/9 HTTP/1.1" 200' in log.getvalue()


# --- raw events at the Lambda invoke API path -----------------------------------------------------

INVOKE = "/2015-03-31/functions/function/invocations"


def test_a_raw_sqs_event_is_dispatched_with_partial_failures(server: Server) -> None:
    event = sqs(["fine", "bad"], queue="jobs")
    bad_id = event["Records"][1]["messageId"]

    answer = send(server, "POST", INVOKE, data=json.dumps(event).encode())

    assert answer.status == 200
    assert answer.headers["X-Amz-Executed-Version"] == "$LATEST"
    assert answer.json() == {"batchItemFailures": [{"itemIdentifier": bad_id}]}


def test_any_function_name_and_an_empty_payload(server: Server) -> None:
    answer = send(server, "POST", "/2015-03-31/functions/my-fn/invocations", data=b"")

    assert answer.status == 200
    assert answer.json() == {"got": {}}


def test_an_unhandled_error_is_reported_as_the_invoke_api_does(app_dir: Path) -> None:
    log = io.StringIO()

    with running(load_app("app.py"), "rest", log) as server:
        answer = send(server, "POST", INVOKE, data=b'{"explode": true}')

    assert answer.status == 200
    assert answer.headers["X-Amz-Function-Error"] == "Unhandled"
    failure = answer.json()
    assert failure["errorType"] == "KeyError"
    assert failure["errorMessage"] == "'explode'"
    assert isinstance(failure["stackTrace"], list)
    assert "KeyError: 'explode'" in log.getvalue()


def test_a_payload_that_is_not_json_is_a_400(server: Server) -> None:
    answer = send(server, "POST", INVOKE, data=b"{nope")

    assert answer.status == 400
    assert answer.headers["X-Amzn-ErrorType"] == "InvalidRequestContentException"
    assert "Could not parse request body into json" in answer.json()["message"]


@pytest.mark.parametrize(
    "url", ["http://pre-signed-S3-url-for-response", "https://example.invalid/response?sig=x"]
)
def test_a_custom_resource_answer_is_returned_never_sent(url: str) -> None:
    event = cloudformation(resource_type="Custom::Thing", response_url=url)

    with running(load_app("app.py")) as server:
        answer = send(server, "POST", INVOKE, data=json.dumps(event).encode())

    assert answer.status == 200
    assert "X-Amz-Function-Error" not in answer.headers
    reply = answer.json()
    assert reply["Status"] == "SUCCESS"
    assert reply["PhysicalResourceId"] == "thing-1"
    assert reply["Data"] == {"Size": 3}


def test_get_on_the_invoke_path_is_an_http_request(server: Server) -> None:
    assert send(server, "GET", INVOKE).status == 404


# --- --reload -------------------------------------------------------------------------------------


def wait_for(condition: Any, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def touch_with(path: Path, text: str) -> None:
    """Rewrite ``path`` and move its mtime forward, so the change shows whatever the clock."""
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_reload_serves_the_edited_app_and_keeps_the_old_one_on_errors(app_dir: Path) -> None:
    version_app = (
        "from lambda_universal_router import Router\n"
        "from settings import VERSION\n"
        "router = Router()\n"
        "@router.get('/version')\n"
        "def version(event, context):\n"
        "    return {'version': VERSION}\n"
    )
    (app_dir / "settings.py").write_text("VERSION = 1\n")
    (app_dir / "versioned.py").write_text(version_app)
    log = io.StringIO()

    with running(load_app("versioned.py"), "http", log) as server:
        reloader = Reloader(server, interval=0.05)
        reloader.start()
        try:
            assert send(server, "GET", "/version").json() == {"version": 1}

            # When a module the app imports changes, the app is imported again.
            touch_with(app_dir / "settings.py", "VERSION = 2\n")
            assert wait_for(lambda: send(server, "GET", "/version").json() == {"version": 2})

            # A broken edit is reported; the previous app keeps serving.
            touch_with(app_dir / "versioned.py", version_app + "def broken(:\n")
            assert wait_for(lambda: "Reload failed" in log.getvalue())
            assert send(server, "GET", "/version").json() == {"version": 2}

            # Fixing it brings the new code in.
            touch_with(app_dir / "versioned.py", version_app.replace("VERSION}", "VERSION + 1}"))
            assert wait_for(lambda: send(server, "GET", "/version").json() == {"version": 3})
        finally:
            reloader.stop()
            reloader.join(timeout=10)

    assert "SyntaxError" in log.getvalue()
    assert "Reloaded versioned.py" in log.getvalue()


# --- the command ----------------------------------------------------------------------------------


def test_the_serve_command_listens_answers_and_stops_on_ctrl_c(app_dir: Path) -> None:
    command = ["serve", "app.py", "--port", "0", "--flavor", "http", "--reload"]
    process = subprocess.Popen(
        [sys.executable, "-m", "lambda_universal_router", *command],
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(60, process.kill)
    watchdog.start()
    try:
        assert process.stderr is not None
        banner = process.stderr.readline()
        assert banner.startswith("Serving app.py as http events on http://127.0.0.1:")
        url = banner.rsplit(" ", 1)[1].strip()
        with urllib.request.urlopen(url + "/items/5", timeout=10) as response:
            assert json.loads(response.read())["id"] == "5"
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


def test_the_serve_command_refuses_a_port_in_use(
    capsys: pytest.CaptureFixture[str], app_dir: Path
) -> None:
    from lambda_universal_router._cli.main import main

    with running(load_app("app.py")) as busy:
        status = main(["serve", "app.py", "--port", str(busy.server_address[1])])

    assert status == 2
    assert "lambda-router serve: error: cannot listen on 127.0.0.1:" in capsys.readouterr().err
