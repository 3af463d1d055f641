"""Run the benchmark suite: ``python3 dev.py bench [--quick] [--only SUITE ...] [--write-docs]``.

Each suite runs in a fresh interpreter, as a Lambda function serves one kind of event per process:
no suite is timed amid the garbage and memory layout another left behind (measured: the SQS ratio
read about 4% higher after the HTTP suite than alone). Prints one markdown section per suite,
then every target with PASS or FAIL. ``--write-docs``
puts the sections into docs/performance.md (and, for a run of every suite, the table of every
target's verdict); ``--check`` exits with status 1 when a target fails.
What each suite measures, and how to read it: docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import app_layer
import detection
import dynamodb_stream
import http_dispatch
import import_time
import observability
import poll_cost
import sqs_batch
import typed_handlers
from _report import Report, Target, verdicts, write_docs

DOCS = Path(__file__).resolve().parent.parent / "docs" / "performance.md"

#: Suite name -> function(quick) returning its report; run in this order.
SUITES: dict[str, Callable[[bool], Report]] = {
    "import": import_time.run,
    "http": http_dispatch.run,
    "detection": detection.run,
    "sqs": sqs_batch.run,
    "dynamodb": dynamodb_stream.run,
    "observability": observability.run,
    "poll": poll_cost.run,
    "apps": app_layer.run,
    "typed": typed_handlers.run,
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python3 dev.py bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few rounds: a smoke run, not data")
    parser.add_argument(
        "--only", action="append", choices=SUITES, metavar="SUITE", help="run only SUITE"
    )
    parser.add_argument("--write-docs", action="store_true", help=f"update {DOCS.name}")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("--worker", choices=SUITES, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.worker:  # one suite, in the interpreter run_apart started
        print(json.dumps(asdict(SUITES[options.worker](options.quick))))
        return 0

    reports = []
    for name in options.only or SUITES:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        report = run_apart(name, options.quick)
        print(f"## {report.title}\n\n{report.body}\n", flush=True)
        reports.append(report)

    targets = [target for report in reports for target in report.targets]
    for target in targets:
        print(f"{target.verdict()}  {target.name}: {target.measured:.2f}x (≤ {target.limit:g}x)")
    if options.write_docs:
        if not options.only:  # the table of every verdict comes from full runs only
            reports.append(verdicts(targets))
        write_docs(DOCS, reports)
        print(f"wrote {DOCS}", file=sys.stderr)
    return 1 if options.check and not all(target.met for target in targets) else 0


def run_apart(suite: str, quick: bool) -> Report:
    """Run ``suite`` in a fresh interpreter; its report is the last line it prints."""
    command = [sys.executable, __file__, "--worker", suite, *(["--quick"] if quick else [])]
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    fields = json.loads(done.stdout.splitlines()[-1])
    targets = [Target(**target) for target in fields.pop("targets")]
    return Report(**fields, targets=targets)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
