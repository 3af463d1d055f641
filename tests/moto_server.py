"""moto's server on 127.0.0.1 and a free port, for tests and bench/ scripts (never elsewhere)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

HOST = "127.0.0.1"
REGION = "eu-west-1"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": REGION,
}


@contextmanager
def moto_server() -> Iterator[str]:
    """Start moto's threaded server; yields its URL; stops it on the way out.

    Port 0: the system picks a free port, read back from the listening socket.
    """
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address=HOST, port=0, verbose=False)
    server.start()
    saved = {name: os.environ.get(name) for name in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    try:
        _reset(url)  # moto's state is per process, shared by every server it runs
        yield url
    finally:
        _reset(url)
        server.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def client(service: str, endpoint: str) -> Any:
    import boto3

    return boto3.session.Session(region_name=REGION).client(service, endpoint_url=endpoint)


def _reset(url: str) -> None:
    from urllib.request import Request, urlopen

    with urlopen(Request(f"{url}/moto-api/reset", method="POST"), timeout=30) as response:
        response.read()
