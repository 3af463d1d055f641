"""The lambda-router command: generate-event, invoke, routes, demo, --help and exit statuses."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from lambda_universal_router._cli.main import main
from lambda_universal_router.testing import generate, http, names, sqs

APP = """
import logging

from lambda_universal_router import Router

router = Router()


@router.get("/hello/{name}")
def hello(event, context):
    print("hello handler ran")
    logging.getLogger("app").info("greeting %s", event.path_parameters["name"])
    return {"hello": event.path_parameters["name"], "function": context.function_name}


@router.sqs(queue="jobs", per_record=True, concurrency=4)
def job(message, context):
    if message.body == "boom":
        raise ValueError("bad job")


@router.s3(bucket="uploads", prefix="in/")
def upload(event, context):
    pass


@router.eventbridge(source="shop", pattern={"detail": {"total": [{"numeric": [">", 100]}]}})
def big_order(event, context):
    pass


@router.custom()
def other(event, context):
    if event.event_data.get("fail"):
        raise RuntimeError("unhandled!")
    return {"echo": event.event_data}
"""


@pytest.fixture(autouse=True)
def app_dir(isolated_app_dir: Path) -> Path:
    (isolated_app_dir / "app.py").write_text(APP, encoding="utf-8")
    return isolated_app_dir


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# --- help and usage -------------------------------------------------------------------------------

COMMANDS = ["demo", "generate-event", "invoke", "routes", "serve", "template"]


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--help")

    assert status == 0
    for command in COMMANDS:
        assert command in out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    status, out, _ = run(capsys, command, "--help")

    assert status == 0
    assert out.startswith(f"usage: lambda-router {command}")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["deploy"], "invalid choice: 'deploy'"),
        (["invoke", "app.py"], "one of the arguments --event/-e --sample/-s is required"),
        (["serve", "app.py", "--flavor", "soap"], "argument --flavor: invalid choice: 'soap'"),
        (["serve", "app.py", "--port", "http"], "argument --port: invalid int value: 'http'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = run(capsys, *argv)

    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert message in err
    assert err.rstrip().endswith("--help)")


def test_python_dash_m_runs_the_command(app_dir: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "lambda_universal_router", "invoke", "app.py", "-s", "custom"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert completed.returncode == 0, completed.stderr
    assert "echo" in json.loads(completed.stdout)


def test_python_dash_m_exits_2_on_a_bad_app(app_dir: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "lambda_universal_router", "routes", "nope.py"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert completed.returncode == 2
    assert completed.stderr == "lambda-router routes: error: nope.py: no such file nope.py\n"


def test_a_reader_that_stops_early_ends_the_command_quietly(isolated_app_dir: Path) -> None:
    # `lambda-router routes --json | head`: more output than a pipe holds, and a reader that
    # closes after the first bytes; the shell's convention for a writer stopped by SIGPIPE is 141.
    (isolated_app_dir / "many.py").write_text(
        "from lambda_universal_router import Router\n"
        "router = Router()\n"
        "for i in range(3000):\n"
        "    router.get(f'/items{i}/{{item_id}}')(lambda event, context: None)\n"
    )
    command = [sys.executable, "-m", "lambda_universal_router", "routes", "many.py", "--json"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.read(10)
        process.stdout.close()
        errors = process.stderr.read().decode()
        status = process.wait(timeout=60)

    assert status == 141
    assert errors == ""


# --- generate-event -------------------------------------------------------------------------------


def test_generate_event_prints_a_catalog_event(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "generate-event", "sqs", "fifo")

    event = json.loads(out)
    assert status == 0
    assert event["Records"][0]["eventSourceARN"].endswith(".fifo")
    assert set(event) == set(generate("sqs:fifo"))


def test_generate_event_takes_source_colon_variant_too(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "generate-event", "http:alb")

    assert status == 0
    assert "elb" in json.loads(out)["requestContext"]


def test_generate_event_sets_fields_by_path(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "generate-event",
        "sqs",
        "--set",
        'Records.0.body={"isbn": "1"}',
        "--set",
        "Records.0.attributes.ApproximateReceiveCount=3",
        "--set",
        "Records.0.messageAttributes={}",
        "--set",
        "Records.0.extra.deep=true",
    )

    record = json.loads(out)["Records"][0]
    assert status == 0
    # Fields AWS sends as text stay text, JSON or not: the body is a JSON string.
    assert record["body"] == '{"isbn": "1"}'
    assert record["attributes"]["ApproximateReceiveCount"] == "3"
    # Elsewhere a JSON value is parsed.
    assert record["messageAttributes"] == {}
    assert record["extra"] == {"deep": True}


def test_generate_event_sets_fields_under_keys_with_dots(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(
        capsys, "generate-event", "codepipeline", "--set", "CodePipeline.job.id=job-1"
    )

    assert status == 0
    assert json.loads(out)["CodePipeline.job"]["id"] == "job-1"


def test_a_set_json_body_reaches_the_handler_as_json_text(
    app_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (app_dir / "orders.py").write_text(
        "from lambda_universal_router import Router\n"
        "router = Router()\n"
        "@router.sqs()\n"
        "def orders(event, context):\n"
        "    return [message.json() for message in event.records]\n"
    )

    status, out, _ = run(
        capsys, "invoke", "orders.py", "--sample", "sqs", "--set", 'Records.0.body={"isbn": "1"}'
    )

    assert status == 0
    assert json.loads(out) == [{"isbn": "1"}]


def test_generate_event_lists_every_name(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "generate-event", "--list")

    assert status == 0
    assert out.split() == names()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sqss"], "unknown event source 'sqss'; did you mean sqs"),
        (["nothing-like-it"], "unknown event source 'nothing-like-it'; (generate-event --list"),
        (["sqs", "lifo"], "sqs has no variant 'lifo'; its variants: fifo, standard"),
        (["sqs", "--set", "Records.0.body"], "--set takes PATH=VALUE"),
        (["sqs", "--set", "Records.9.body=x"], "Cannot set 'Records.9.body'"),
        ([], "name an event source, such as sqs or http (--list shows them all)"),
    ],
)
def test_generate_event_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = run(capsys, "generate-event", *argv)

    assert status == 2
    assert out == ""
    assert err.startswith("lambda-router generate-event: error: ")
    assert message in err
    assert err.count("\n") == 1


# --- invoke ---------------------------------------------------------------------------------------


def test_invoke_an_event_file_prints_the_result_as_json(
    app_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (app_dir / "hello.json").write_text(json.dumps(http("GET", "/hello/ada", flavor="http")))

    status, out, err = run(capsys, "invoke", "app.py", "--event", "hello.json")

    result = json.loads(out)
    assert status == 0
    assert result["statusCode"] == 200
    assert json.loads(result["body"]) == {"hello": "ada", "function": "app"}
    # What the handler prints and logs is the function's log: stderr, never the result.
    assert "hello handler ran" in err
    assert "INFO app: greeting ada" in err


def test_invoke_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"order": 7})))

    status, out, _ = run(capsys, "invoke", "app.py", "--event", "-")

    assert status == 0
    assert json.loads(out) == {"echo": {"order": 7}}


def test_invoke_a_sample_with_settings(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "invoke",
        "app.py",
        "--sample",
        "sqs",
        "--set",
        "Records.0.body=boom",
        "--set",
        "Records.0.eventSourceARN=arn:aws:sqs:us-east-1:123456789012:jobs",
        "--set",
        "Records.0.messageId=m-1",
    )

    assert status == 0
    assert json.loads(out) == {"batchItemFailures": [{"itemIdentifier": "m-1"}]}


def test_an_unhandled_error_exits_1_with_the_traceback(
    app_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (app_dir / "fail.json").write_text('{"fail": true}')

    status, out, err = run(capsys, "invoke", "app.py", "-e", "fail.json")

    assert status == 1
    assert json.loads(out) == {"errorMessage": "unhandled!", "errorType": "RuntimeError"}
    assert "Traceback (most recent call last)" in err
    assert "RuntimeError: unhandled!" in err


def test_invoke_prints_a_custom_resource_answer_instead_of_sending_it(
    app_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (app_dir / "provider.py").write_text(
        "from lambda_universal_router import Router\n"
        "router = Router()\n"
        "@router.cloudformation()\n"
        "def make(event, context):\n"
        "    return {'Data': {'Name': event.resource_properties['Name']}}\n"
    )
    event = generate("cloudformation", {"ResourceProperties.Name": "x"})
    # AWS's sample events carry this placeholder; nothing must be sent there or anywhere.
    event["ResponseURL"] = "http://pre-signed-S3-url-for-response"
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(event)))

    status, out, err = run(capsys, "invoke", "provider.py", "--event", "-")

    assert status == 0, err
    answer = json.loads(out)
    assert answer["Status"] == "SUCCESS"
    assert answer["Data"] == {"Name": "x"}
    assert answer["RequestId"] == event["RequestId"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-e", "missing.json"], "error: no such event file missing.json"),
        (
            ["-e", "bad.json"],
            "error: bad.json is not valid JSON: Expecting ',' delimiter at line 1",
        ),
        (["-s", "sqs", "--set", "x"], "error: --set takes PATH=VALUE"),
        (["-s", "nope"], "error: unknown event source 'nope'"),
        (["-e", "bad.json", "--set", "a=1"], "error: --set applies to --sample events"),
        (["-s", "sqs", "--log-level", "LOUD"], "error: --log-level takes DEBUG, INFO"),
    ],
)
def test_invoke_usage_errors_exit_2(
    app_dir: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    (app_dir / "bad.json").write_text('{"a": 1 "b": 2}')

    status, out, err = run(capsys, "invoke", "app.py", *argv)

    assert status == 2
    assert out == ""
    assert err.startswith("lambda-router invoke: ")
    assert message in err
    assert err.count("\n") == 1


def test_invoke_a_directory_runs_every_event_with_progress_and_summary(
    app_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = app_dir / "events"
    (events / "sqs").mkdir(parents=True)
    (events / "a_direct.json").write_text('{"hello": 1}')
    (events / "b_fail.json").write_text('{"fail": true}')
    (events / "c_broken.json").write_text("{")
    (events / "sqs" / "jobs.json").write_text(json.dumps(sqs(["fine"], queue="jobs")))
    (events / "notes.txt").write_text("not an event")

    status, out, err = run(capsys, "invoke", "app.py", "--event", "events")

    lines = out.splitlines()
    assert status == 1
    assert lines[0] == '[1/4] a_direct.json: ok -> {"echo": {"hello": 1}}'
    assert lines[1] == "[2/4] b_fail.json: FAIL, RuntimeError: unhandled!"
    assert lines[2].startswith("[3/4] c_broken.json: FAIL, not valid JSON: ")
    assert lines[3] == '[4/4] sqs/jobs.json: ok -> {"batchItemFailures": []}'
    assert lines[4] == "4 events: 2 ok, 2 failed"
    assert "RuntimeError: unhandled!" in err


def test_invoke_a_directory_that_all_passes_exits_0(
    app_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (app_dir / "ok").mkdir()
    (app_dir / "ok" / "one.json").write_text("{}")

    status, out, _ = run(capsys, "invoke", "app.py", "-e", "ok")

    assert status == 0
    assert out.splitlines()[-1] == "1 events: 1 ok, 0 failed"


def test_invoke_an_empty_directory_exits_2(
    app_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (app_dir / "empty").mkdir()

    status, _, err = run(capsys, "invoke", "app.py", "-e", "empty")

    assert status == 2
    assert "empty holds no .json event files" in err


def test_invoke_a_handler_function_app(app_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (app_dir / "fn.py").write_text("def handle(event, context):\n    return [event, 'seen']\n")

    status, out, _ = run(capsys, "invoke", "fn.py:handle", "-s", "custom")

    assert status == 0
    assert json.loads(out)[1] == "seen"


# --- routes ---------------------------------------------------------------------------------------


def test_routes_prints_the_routing_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "routes", "app.py")

    rows = [line.split() for line in out.splitlines()]
    assert status == 0
    assert out.splitlines()[0].split("  ")[0] == "SOURCE"
    assert "HANDLER (in app)" in out.splitlines()[0]
    assert rows[1] == ["http", "GET", "/hello/{name}", "-", "hello"]
    assert rows[2] == ["sqs", "queue=jobs", "per", "record,", "4", "at", "once", "job"]
    assert rows[3] == ["s3", "bucket=uploads", "prefix=in/", "-", "upload"]
    assert rows[4] == [
        "eventbridge",
        "source=shop",
        'pattern={"detail":{"total":[{"numeric":[">",100]}]}}',
        "-",
        "big_order",
    ]
    assert rows[5] == ["custom", "(any)", "-", "other"]


def test_routes_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "routes", "app.py", "--json")

    table = json.loads(out)
    assert status == 0
    assert table[0] == {
        "source": "http",
        "handler": "app.hello",
        "methods": ["GET"],
        "path": "/hello/{name}",
    }
    assert table[1]["filters"] == {"queue": ["jobs"]}
    assert table[1]["per_record"] is True
    assert table[1]["concurrency"] == 4
    assert table[3]["filters"]["pattern"] == {"detail": {"total": [{"numeric": [">", 100]}]}}


ROUTE_OPTIONS_APP = """
from lambda_universal_router import CORS, Conflict, Router

router = Router(cors=CORS(allow_origins="https://app.example.com", max_age=60), compress=True)
books = Router(compress=False)


@router.middleware
def timing(event, context, call_next):
    return call_next(event, context)


@books.middleware(sources=["http"])
def auth(event, context, call_next):
    return call_next(event, context)


def audit(event, context, call_next):
    return call_next(event, context)


@books.post(
    "/",
    status_code=201,
    tags=["books"],
    operation_id="addBook",
    deprecated=True,
    responses=[Conflict],
    middlewares=[audit],
    cors=False,
)
def add_book(event, context):
    return {}


@books.get("/{isbn}", include_in_schema=False, compress=2048)
def get_book(event, context):
    return {}


@router.get("/health")
def health(event, context):
    return "ok"


@router.sqs(queue="jobs", per_record=True, middlewares=[audit])
def job(record, context):
    pass


router.include(books, prefix="/books")
"""


def test_routes_as_json_shows_each_routes_options(
    app_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (app_dir / "options.py").write_text(ROUTE_OPTIONS_APP, encoding="utf-8")

    status, out, _ = run(capsys, "routes", "options.py", "--json")

    assert status == 0
    health, job, add_book, get_book = json.loads(out)
    cors = {
        "allow_origins": ["https://app.example.com"],
        "allow_headers": [],
        "expose_headers": [],
        "allow_credentials": False,
        "max_age": 60,
    }
    # Settings a route leaves unset show what applies to it: the router's.
    assert health == {
        "source": "http",
        "handler": "options.health",
        "methods": ["GET"],
        "path": "/health",
        "middlewares": ["options.timing"],
        "cors": cors,
        "compress": True,
    }
    assert add_book == {
        "source": "http",
        "handler": "options.add_book",
        "methods": ["POST"],
        "path": "/books",
        "status_code": 201,
        "tags": ["books"],
        "operation_id": "addBook",
        "deprecated": True,
        "responses": [409],
        "middlewares": ["options.timing", "options.auth", "options.audit"],
        "cors": False,
        "compress": False,
    }
    assert get_book["include_in_schema"] is False
    assert get_book["compress"] == 2048
    assert get_book["cors"] == cors
    assert get_book["middlewares"] == ["options.timing", "options.auth"]
    assert job["middlewares"] == ["options.timing", "options.audit"]
    assert "cors" not in job and "compress" not in job and "status_code" not in job


def test_routes_of_an_empty_router(app_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (app_dir / "blank.py").write_text(
        "from lambda_universal_router import Router\nrouter = Router()\n"
    )

    status, out, _ = run(capsys, "routes", "blank.py")

    assert status == 0
    assert out == "blank.py: no handlers registered\n"


def test_routes_of_the_bookstore(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "routes", "lambda_universal_router.examples.bookstore")

    assert status == 0
    assert "(in lambda_universal_router.examples.bookstore)" in out
    assert "sqs       queue=orders" in out
    assert "schedule  rule=nightly-report" in out


# --- demo -----------------------------------------------------------------------------------------


def test_demo_reports_every_source_of_the_bookstore(capsys: pytest.CaptureFixture[str]) -> None:
    from lambda_universal_router.examples import bookstore

    try:
        status, out, err = run(capsys, "demo")
    finally:
        bookstore.reset()

    assert status == 0
    for source in ("HTTP", "SQS", "DynamoDB", "S3", "Schedule"):
        assert f"  {source} " in out
    assert "-> 200 " in out
    assert "-> 404 " in out
    assert "-> 201 " in out
    assert "-> 405 " in out
    assert "1 message reported for retry" in out
    assert "covers stored: covers/dune.jpg" in out
    assert "Traceback" not in out + err


@pytest.mark.parametrize("argv", [["schedule"], ["eventbridge", "scheduled"]])
def test_generate_event_takes_the_source_name_and_its_old_spelling(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    status, out, _ = run(capsys, "generate-event", *argv)

    assert status == 0
    assert json.loads(out)["detail-type"] == "Scheduled Event"


def test_invoke_warns_when_a_record_reached_no_handler(capsys: pytest.CaptureFixture[str]) -> None:
    # The app's only SQS handler reads the queue "jobs"; the sample comes from another queue.
    status, _, err = run(
        capsys,
        "invoke",
        "app.py",
        "--sample",
        "sqs",
        "--set",
        "Records.0.eventSourceARN=arn:aws:sqs:us-east-1:123456789012:elsewhere",
    )

    warnings = [line for line in err.splitlines() if "lambda-router invoke: warning:" in line]
    assert status == 0
    assert len(warnings) == 1
    assert "sqs" in warnings[0]


def test_invoke_prints_no_warning_when_every_record_was_handled(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(
        capsys,
        "invoke",
        "app.py",
        "--sample",
        "sqs",
        "--set",
        "Records.0.eventSourceARN=arn:aws:sqs:us-east-1:123456789012:jobs",
    )

    assert status == 0
    assert "warning" not in err
