"""``lambda-router invoke``: events through the app as Lambda would send them, results as JSON.

stdout carries only the result, so it can be piped; logs, and whatever handlers print (which Lambda
would send to CloudWatch Logs), go to stderr. Custom resource answers are printed, never sent.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import Any, TextIO

from .loader import App, UsageError, load_app


def invoke(
    spec: str,
    *,
    event: str | None = None,
    sample: str | None = None,
    settings: Sequence[str] = (),
    log_level: str = "INFO",
) -> int:
    """Run one event (a file, ``-`` for stdin, or a catalog ``sample``) or a directory of them."""
    if settings and sample is None:
        raise UsageError("--set applies to --sample events; edit the event file instead")
    with logging_to(sys.stderr, log_level):
        if sample is not None:
            from .main import sample_event

            payload = sample_event(sample, settings)
            return _run_one(load_app(spec), payload)
        if event == "-":
            return _run_one(load_app(spec), _parse(sys.stdin.read(), "stdin"))
        path = Path(event or "")
        if path.is_dir():
            return _run_directory(load_app(spec), path)
        if not path.is_file():
            raise UsageError(f"no such event file {event}")
        payload = _parse(path.read_text(encoding="utf-8"), str(path))
        return _run_one(load_app(spec), payload)


@contextmanager
def logging_to(stream: TextIO, level: str) -> Iterator[None]:
    """Send log records of ``level`` and above to ``stream`` while the block runs."""
    import logging

    if not isinstance(logging.getLevelName(level), int):
        raise UsageError(f"--log-level takes DEBUG, INFO, WARNING or ERROR, not {level!r}")
    root = logging.getLogger()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.setLevel(level)
    previous = root.level
    root.addHandler(handler)
    root.setLevel(min(previous, handler.level) if previous else handler.level)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def _parse(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as error:
        raise UsageError(f"{where} is not valid JSON: {_json_error(error)}") from None


def _json_error(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at line {error.lineno} column {error.colno}"
    return str(error)


def _call(app: App, event: Any) -> Any:
    from lambda_universal_router._answers.custom_resource import answers_returned
    from lambda_universal_router.testing import LambdaContext

    with redirect_stdout(sys.stderr), answers_returned(), _warn_unmatched(sys.stderr):
        return app.invoke(event, LambdaContext(function_name=app.name))


@contextmanager
def _warn_unmatched(stream: TextIO) -> Iterator[None]:
    """Print a warning for each record or event that reached no handler while the block ran.

    The router logs those at DEBUG when it acknowledges them (as Lambda's own event filtering
    would); locally that is almost always a filter naming the wrong queue or rule.
    """
    import logging

    seen: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if getattr(record, "unmatched", False):
                seen.append(record.getMessage())

    library = logging.getLogger("lambda_universal_router")
    collector = Collector(logging.DEBUG)
    previous = library.level
    library.addHandler(collector)
    library.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        library.removeHandler(collector)
        library.setLevel(previous)
        for message in seen:
            print(f"lambda-router invoke: warning: {message}", file=stream, flush=True)


def _run_one(app: App, event: Any) -> int:
    try:
        result = _call(app, event)
    except Exception as error:
        traceback.print_exc()
        failure = {"errorMessage": str(error), "errorType": type(error).__name__}
        print(json.dumps(failure, indent=2))
        return 1
    print(json.dumps(result, indent=2, default=str))
    return 0


def _run_directory(app: App, directory: Path) -> int:
    files = sorted(path for path in directory.rglob("*.json") if path.is_file())
    if not files:
        raise UsageError(f"{directory} holds no .json event files")
    failed = 0
    for number, path in enumerate(files, 1):
        name = path.relative_to(directory).as_posix()
        where = f"[{number}/{len(files)}] {name}"
        try:
            event = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as error:
            failed += 1
            print(f"{where}: FAIL, not valid JSON: {_json_error(error)}", flush=True)
            continue
        try:
            result = _call(app, event)
        except Exception as error:
            failed += 1
            print(f"--- {name}", file=sys.stderr)
            traceback.print_exc()
            print(f"{where}: FAIL, {type(error).__name__}: {error}", flush=True)
            continue
        print(f"{where}: ok -> {_short(json.dumps(result, default=str))}", flush=True)
    print(f"{len(files)} events: {len(files) - failed} ok, {failed} failed")
    return 1 if failed else 0


def _short(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."
