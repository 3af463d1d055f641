"""`lambda-router poll` as a command: its errors, a clean stop, and a SIGKILL that loses nothing."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from lambda_universal_router._cli.main import main

APP = """
import os
import time

from lambda_universal_router import Router

router = Router()


@router.sqs(queue="work", per_record=True)
def work(message, context):
    time.sleep(0.01)
    with open(os.environ["POLL_TEST_LOG"], "a") as log:
        log.write(message.body + "\\n")
"""


@pytest.fixture
def app_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "app.py").write_text(APP)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delitem(sys.modules, "app", raising=False)
    return tmp_path


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "name something to poll"),
        (["--sqs", "http://q", "--batch-size", "20"], "needs --batch-window"),
        (["--sqs", "http://q", "--on-failure", "http://dlq"], "redrive policy"),
        (["--kinesis", "s", "--max-retries", "-2"], "--max-retries is -1"),
        (["--sqs", "http://q", "--function-timeout", "0"], "--function-timeout is 1 to 900"),
    ],
)
def test_options_lambda_would_refuse_exit_2_saying_why(
    app_dir: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    assert main(["poll", "app.py", "--region", "eu-west-1", *arguments]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lambda-router poll: error: ")
    assert message in err


def test_without_boto3_the_error_names_the_extra(app_dir: Path) -> None:
    code = (
        "import sys; sys.modules['boto3'] = None\n"
        "from lambda_universal_router._cli.main import main\n"
        "sys.exit(main(['poll', 'app.py', '--sqs', 'http://127.0.0.1:1/q', '--region', 'x']))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert completed.returncode == 2
    assert "pip install 'lambda-universal-router[aws]'" in completed.stderr


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    pytest.importorskip("boto3")
    from tests.moto_server import moto_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with moto_server() as url:
        yield url


def _lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def _wait_for(condition: Callable[[], bool], limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert condition(), "timed out"


def test_sigkill_only_redelivers_and_sigterm_stops_cleanly(endpoint: str, app_dir: Path) -> None:
    from tests.moto_server import CREDENTIALS, client

    sqs = client("sqs", endpoint)
    url = sqs.create_queue(QueueName="work", Attributes={"VisibilityTimeout": "2"})["QueueUrl"]
    bodies = [f"m{n:03d}" for n in range(60)]
    for start in range(0, len(bodies), 10):
        entries = [
            {"Id": str(i), "MessageBody": b} for i, b in enumerate(bodies[start : start + 10])
        ]
        sqs.send_message_batch(QueueUrl=url, Entries=entries)
    log = app_dir / "processed.log"
    env = {**os.environ, **CREDENTIALS, "POLL_TEST_LOG": str(log)}
    command = [
        sys.executable,
        "-m",
        "lambda_universal_router",
        "poll",
        "app.py",
        "--sqs",
        url,
        "--endpoint-url",
        endpoint,
        "--function-timeout",
        "2",
    ]

    def start() -> subprocess.Popen[str]:
        return subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)

    first = start()
    _wait_for(lambda: len(_lines(log)) >= 15)  # killed on progress, mid-stream
    first.send_signal(signal.SIGKILL)
    first.wait(30)
    assert first.stderr is not None
    first.stderr.close()
    killed_after = len(_lines(log))

    second = start()
    _wait_for(lambda: set(_lines(log)) == set(bodies))
    _wait_for(lambda: _depth(sqs, url) == 0)
    stopping = time.monotonic()
    second.send_signal(signal.SIGTERM)
    _, err = second.communicate(timeout=30)
    assert second.returncode == 0, err
    # within a long poll (at most the function timeout) and a batch (at most it too), with room
    # for a busy machine
    assert time.monotonic() - stopping < 2 + 2 + 2
    assert "finishing the batch in flight" in err
    processed = _lines(log)
    duplicates = len(processed) - len(set(processed))
    # Only what the killed process had run but not yet deleted comes again: one batch at most.
    assert duplicates <= 10, (killed_after, duplicates)


def _depth(sqs: Any, url: str) -> int:
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    values = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
    return sum(int(values[name]) for name in names)
