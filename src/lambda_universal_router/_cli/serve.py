"""``lambda-router serve``: a local HTTP server speaking one integration's events to the app.

Each request becomes the event that integration would send (API Gateway REST or HTTP API, ALB, a
function URL), built by the testing ``http`` factory; the router's answer becomes the HTTP
response the integration would return (status, headers, multi-value headers, cookies, base64
bodies). ``POST /2015-03-31/functions/<name>/invocations`` takes a raw event of any source, as the
Lambda invoke API does. HTTP/1.1 with keep-alive; what it checks on the wire (body limits,
framing, timeouts, answers API Gateway would refuse) is in ``_cli.serve_wire``. Stdlib only; meant
for development, not production.
"""

from __future__ import annotations

import io
import json
import re
import socket
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TextIO

from .invoke import logging_to
from .loader import App, AppImportError, UsageError, reload_app, watched_files
from .serve_wire import (
    DEFAULT_TIMEOUT,
    DeadlineReader,
    RequestProblem,
    answer_problem,
    body_limit,
    body_problem,
    framing,
    is_loopback,
    read_body,
    status_of,
)

INVOKE_PATH = re.compile(r"/2015-03-31/functions/[^/]+/invocations")
#: Request headers the integration sets itself (or that only concern this hop).
_DROPPED = frozenset({"host", "content-length", "connection", "keep-alive", "transfer-encoding"})
#: Response headers this server writes itself.
_OWN = frozenset({"content-length", "connection", "transfer-encoding", "date", "server"})
_TEXT_TYPES = ("json", "xml", "javascript", "x-www-form-urlencoded", "yaml", "csv")


class Server(ThreadingHTTPServer):
    """The HTTP server; ``app`` may be replaced while it runs (``--reload``)."""

    daemon_threads = True

    def __init__(
        self,
        app: App,
        address: tuple[str, int],
        flavor: str,
        log: TextIO,
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)
        self.app = app
        self.flavor = flavor
        self.log = log
        #: Seconds a client may take to send a request, or stay idle between two.
        self.request_timeout = timeout
        #: The largest request body, in bytes, as the flavor's integration allows.
        self.body_limit = body_limit(flavor)

    @property
    def loopback(self) -> bool:
        """Whether only this machine can connect."""
        host = self.server_address[0]
        return is_loopback(host if isinstance(host, str) else bytes(host).decode())

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"


def serve(
    app: App,
    *,
    host: str = "127.0.0.1",
    port: int = 3000,
    flavor: str = "rest",
    reload: bool = False,
    log: TextIO | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> int:
    """Serve ``app`` until interrupted (Ctrl-C); returns the exit status."""
    out = log if log is not None else sys.stderr
    if not timeout > 0:
        raise UsageError(f"--timeout takes a number of seconds above 0, not {timeout}")
    try:
        server = Server(app, (host, port), flavor, out, timeout=timeout)
    except OSError as error:
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    reloader = Reloader(server) if reload else None
    if not server.loopback:
        print(
            f"WARNING: listening on {host}, reachable from other machines: this development "
            "server runs your code for anyone who can connect. Use 127.0.0.1 unless you mean it.",
            file=out,
        )
    print(f"Serving {app.spec} as {flavor} events on {server.url}", file=out)
    print(
        f"  raw events of any source: POST {server.url}/2015-03-31/functions/function/invocations",
        file=out,
    )
    print("  Ctrl-C stops" + (", edits reload the app" if reload else ""), file=out, flush=True)
    try:
        with logging_to(out, "INFO"):
            if reloader is not None:
                reloader.start()
            server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if reloader is not None:
            reloader.stop()
        server.server_close()
    return 0


class Reloader(threading.Thread):
    """Re-imports the server's app when one of its source files changes (polling mtimes).

    The files watched are those of the app's own modules loaded when it was (re)imported.
    """

    def __init__(self, server: Server, interval: float = 0.5) -> None:
        super().__init__(name="lambda-router-reload", daemon=True)
        self.server = server
        self.interval = interval
        self._stopped = threading.Event()
        self._files = self._app_files()
        self._seen = self._stamps()

    def stop(self) -> None:
        self._stopped.set()

    def run(self) -> None:
        while not self._stopped.wait(self.interval):
            stamps = self._stamps()
            if stamps == self._seen:
                continue
            # NOTE: remember what triggered this reload, not what is there after it: an edit
            # made while the app re-imports must trigger the next one.
            self._seen = stamps
            try:
                self.server.app = reload_app(self.server.app)
                print(f"Reloaded {self.server.app.spec}", file=self.server.log, flush=True)
            except (UsageError, AppImportError) as error:
                cause = error.error if isinstance(error, AppImportError) else error
                details = traceback.format_exception(type(cause), cause, cause.__traceback__)
                print("".join(details).rstrip(), file=self.server.log)
                print(
                    f"Reload failed, still serving the previous app: {error}",
                    file=self.server.log,
                    flush=True,
                )
            added = self._app_files() - self._files
            self._files |= added
            self._seen.update(self._stamps(added))

    def _app_files(self) -> set[Path]:
        app = self.server.app
        files = set(watched_files(app.root))
        own = getattr(app.module, "__file__", None)
        if isinstance(own, str):
            files.add(Path(own).resolve())
        return files

    def _stamps(self, files: set[Path] | None = None) -> dict[Path, tuple[int, int] | None]:
        stamps: dict[Path, tuple[int, int] | None] = {}
        for path in self._files if files is None else files:
            try:
                stat = path.stat()
                stamps[path] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                stamps[path] = None
        return stamps


class _Handler(BaseHTTPRequestHandler):
    server: Server
    server_version = "lambda-router"
    protocol_version = "HTTP/1.1"
    # An error found before the request's version is read still gets a status line (the
    # default, HTTP/0.9, would send a bare body).
    default_request_version = "HTTP/1.0"

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.request_timeout)
        self._reader = DeadlineReader(self.connection, self.server.request_timeout)
        self.rfile = io.BufferedReader(self._reader)

    def handle(self) -> None:
        """Serve the connection's requests; a client that goes away is normal: one line."""
        try:
            super().handle()
        except ConnectionError as error:  # reset, or a broken pipe while answering
            self.close_connection = True
            self.log_message("the client went away: %s", error.strerror or type(error).__name__)

    def handle_one_request(self) -> None:
        # The idle wait for a request and the request itself share one deadline.
        self._reader.start()
        super().handle_one_request()

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if len(self.requestline.split()) != 3:  # HTTP/0.9, which API Gateway does not speak
            self._refuse(RequestProblem(400, "the request line has no HTTP version"))
            return False
        return True

    def handle_expect_100(self) -> bool:
        """Refuse a body that will not be accepted before the client sends it."""
        try:
            framing(self.headers, self.server.body_limit)
        except RequestProblem as problem:
            self._refuse(problem)
            return False
        return super().handle_expect_100()

    def _handle(self) -> None:
        try:
            length = framing(self.headers, self.server.body_limit)
            body = read_body(self.rfile, length, self.server.body_limit)
        except RequestProblem as problem:
            self._refuse(problem)
            return
        self._reader.stop()
        if self.command == "POST" and INVOKE_PATH.fullmatch(self.path.partition("?")[0]):
            self._invoke(body)
        else:
            self._http(body)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _handle

    def _refuse(self, problem: RequestProblem) -> None:
        """Answer ``problem`` and close: what is left of the body cannot be told from a request."""
        self.close_connection = True
        answer = json.dumps({"message": problem.message}).encode()
        headers = [("Content-Type", "application/json"), ("Connection", "close")]
        self._send(problem.status, headers, answer)
        self.log_message("refused: %s", problem.message)
        self._linger()

    def _linger(self, seconds: float = 1.0) -> None:
        """Discard what the client still sends for a moment before closing: closing with unread
        bytes resets the connection, and the client could lose the answer with them."""
        import time

        try:
            self.connection.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + seconds
            while (left := deadline - time.monotonic()) > 0:
                self.connection.settimeout(left)
                if not self.connection.recv(65536):
                    break
        except OSError:
            pass  # reset, timed out or closed: nothing more to do

    def _http(self, body: bytes) -> None:
        from lambda_universal_router.testing import LambdaContext, http
        from lambda_universal_router.testing._client import _read

        flavor = self.server.flavor
        headers: dict[str, list[str]] = {}
        cookies: dict[str, str] | None = None
        for name, value in self.headers.items():
            lower = name.lower()
            if lower in _DROPPED:
                continue
            if lower == "cookie" and flavor in ("http", "url"):
                # Payload 2.0 moves cookies out of the headers into their own list.
                cookies = cookies or {}
                for pair in value.split(";"):
                    key, _, cookie = pair.strip().partition("=")
                    if key:
                        cookies[key] = cookie
                continue
            headers.setdefault(name, []).append(value)
        event = http(
            self.command,
            self.path,
            flavor=flavor,
            headers=headers,
            cookies=cookies,
            body=_body(body, self.headers.get("Content-Type", "")),
            source_ip=self.client_address[0],
        )
        app = self.server.app
        try:
            result = app.invoke(event, LambdaContext(function_name=app.name))
        except Exception:
            self._log_error()
            self._bad_gateway()
            return
        if isinstance(result, dict) and "statusCode" in result:
            result = {**result, "statusCode": status_of(result["statusCode"])}
            problem = answer_problem(result["statusCode"], []) or body_problem(result)
            if problem is not None:
                self._bad_gateway(problem)
                return
        response = _read(result, flavor)
        pairs = [
            (name, value)
            for name in response.headers
            if name.lower() not in _OWN
            for value in response.headers.get_list(name)
        ]
        problem = answer_problem(response.status_code, pairs)
        if problem is not None:
            self._bad_gateway(problem)
            return
        self._send(response.status_code, pairs, response.body)

    def _bad_gateway(self, problem: str | None = None) -> None:
        """The 502 API Gateway answers for a function that failed or answered what it refuses."""
        if problem is not None:
            print(
                f"502: the app's answer to {self.command} {self.path.partition('?')[0]} is not "
                f"one API Gateway accepts: {problem}",
                file=self.server.log,
                flush=True,
            )
        answer = b'{"message": "Internal server error"}'
        self._send(502, [("Content-Type", "application/json")], answer)

    def _invoke(self, body: bytes) -> None:
        from lambda_universal_router._answers.custom_resource import answers_returned
        from lambda_universal_router.testing import LambdaContext

        json_type = ("Content-Type", "application/json")
        try:
            event = json.loads(body) if body.strip() else {}
        except ValueError as error:
            message = {
                "Type": "User",
                "message": f"Could not parse request body into json: {error}",
            }
            headers = [json_type, ("X-Amzn-ErrorType", "InvalidRequestContentException")]
            self._send(400, headers, json.dumps(message).encode())
            return
        app = self.server.app
        try:
            with answers_returned():
                result = app.invoke(event, LambdaContext(function_name=app.name))
        except Exception as error:
            self._log_error()
            failure = {
                "errorMessage": str(error),
                "errorType": type(error).__name__,
                "stackTrace": traceback.format_tb(error.__traceback__),
            }
            headers = [json_type, ("X-Amz-Function-Error", "Unhandled")]
            self._send(200, headers, json.dumps(failure).encode())
            return
        answer = json.dumps(result, default=str).encode()
        self._send(200, [json_type, ("X-Amz-Executed-Version", "$LATEST")], answer)

    def _send(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        # NOTE: ``send_response`` without its log line, written once the answer is: a client
        # that went away meanwhile is logged as that alone.
        self.send_response_only(status)
        self.send_header("Server", self.version_string())
        self.send_header("Date", self.date_time_string())
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.log_request(status)

    def _log_error(self) -> None:
        print(traceback.format_exc().rstrip(), file=self.server.log, flush=True)

    def log_message(self, format: str, *args: Any) -> None:
        print(f"{self.address_string()} - {format % args}", file=self.server.log, flush=True)


def _body(data: bytes, content_type: str) -> str | bytes | None:
    """The body as text when it is text (as API Gateway sees it), else bytes (sent base64)."""
    if not data:
        return None
    kind = content_type.split(";", 1)[0].strip().lower()
    if not kind or kind.startswith("text/") or any(word in kind for word in _TEXT_TYPES):
        try:
            return data.decode()
        except UnicodeDecodeError:
            return data
    return data
