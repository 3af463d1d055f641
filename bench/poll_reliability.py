"""Nothing lost: `lambda-router poll` killed with SIGKILL mid-stream, restarted, on moto's server.

    .venv/bin/python bench/poll_reliability.py [--write-docs]

(after ``python3 dev.py test`` or ``dev.py bench`` has made ``.venv/``). moto's server runs in
this process on 127.0.0.1 and a free port; the poller runs as the real command, in a child
process, and is killed when the app has made a given amount of progress (never on a timer), then
started again. Two scenarios:

- SQS: 300 messages, 5% failing once, 1% always failing, a dead-letter queue after 3 receives;
  SIGKILL three times. Every good message must be processed at least once, every always-failing
  one must be in the dead-letter queue, none lost; duplicates are counted.
- Kinesis: 600 records over 10 partition keys on 2 shards, one record failing twice, checkpoints
  in a state directory; SIGKILL twice. Per-key order must hold, none lost, and re-processing must
  stay within the batches in flight when the poller was killed.

``--write-docs`` writes docs/reliability.md. Queues stay at a few hundred messages because moto's
receive slows with the depth of the queue.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.moto_server import CREDENTIALS, client, moto_server  # noqa: E402

from _report import machine, table  # noqa: E402

DOCS = ROOT / "docs" / "reliability.md"
COMMAND = (
    "python3 dev.py test -k nothing && .venv/bin/python bench/poll_reliability.py --write-docs"
)

SQS_MESSAGES, SQS_KILLS_AT = 300, (60, 130, 200)
SQS_BATCH, SQS_TIMEOUT, MAX_RECEIVES = 10, 2, 3
KINESIS_RECORDS, KINESIS_KEYS, KINESIS_KILLS_AT, KINESIS_BATCH = 600, 10, (150, 380), 50
FAILS_TWICE = 300

SQS_APP = """
import os
import time
from pathlib import Path

from lambda_universal_router import Router

router = Router()
STATE = Path(os.environ["BENCH_STATE"])


@router.sqs(queue="orders", per_record=True)
def order(message, context):
    number, kind = message.body.split()
    time.sleep(0.005)
    if kind == "always":
        raise ValueError(f"order {number} always fails")
    if kind == "once":
        marker = STATE / f"failed-{number}"
        if not marker.exists():
            marker.touch()
            raise ValueError(f"order {number} fails once")
    with open(STATE / "done.log", "a") as log:
        log.write(number + "\\n")
"""

KINESIS_APP = """
import os
import time
from pathlib import Path

from lambda_universal_router import Router

router = Router()
STATE = Path(os.environ["BENCH_STATE"])


@router.kinesis(stream="clicks", per_record=True)
def click(record, context):
    value = record.json()
    time.sleep(0.002)
    if value["n"] == FAILS_TWICE:
        marker = STATE / "failures"
        failures = int(marker.read_text()) if marker.exists() else 0
        if failures < 2:
            marker.write_text(str(failures + 1))
            raise ValueError("fails twice")
    with open(STATE / "done.log", "a") as log:
        log.write(f"{value['key']} {value['n']}\\n")
""".replace("FAILS_TWICE", str(FAILS_TWICE))


@dataclass
class Run:
    """One scenario: its folder, the poller command, and what the kills saw."""

    folder: Path
    command: list[str]
    env: dict[str, str]
    kills: list[int] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def lines(self) -> list[str]:
        log = self.folder / "done.log"
        return log.read_text().splitlines() if log.exists() else []

    def start(self) -> subprocess.Popen[bytes]:
        log = (self.folder / "poller.log").open("ab")
        return subprocess.Popen(self.command, cwd=self.folder, env=self.env, stderr=log)

    def kill_on_progress(self, thresholds: tuple[int, ...]) -> subprocess.Popen[bytes]:
        """SIGKILL the poller when the app has done each threshold's records; the last poller."""
        poller = self.start()
        for threshold in thresholds:
            wait_for(lambda threshold=threshold: len(self.lines()) >= threshold, poller)
            poller.send_signal(signal.SIGKILL)
            poller.wait(30)
            self.kills.append(len(self.lines()))
            poller = self.start()
        return poller

    def stop(self, poller: subprocess.Popen[bytes]) -> tuple[int, float]:
        """SIGTERM; the exit status and the seconds it took."""
        asked = time.monotonic()
        poller.send_signal(signal.SIGTERM)
        status = poller.wait(60)
        return status, time.monotonic() - asked


def wait_for(
    condition: Callable[[], bool], poller: subprocess.Popen[bytes], limit: float = 600
) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if poller.poll() is not None:
            raise SystemExit(f"the poller exited with status {poller.returncode}")
        if time.monotonic() > deadline:
            raise SystemExit("no progress in time")
        time.sleep(0.02)


def new_run(app: str, arguments: list[str], endpoint: str) -> Run:
    folder = Path(tempfile.mkdtemp(prefix="poll-reliability-"))
    (folder / "app.py").write_text(app)
    env = {**os.environ, **CREDENTIALS, "BENCH_STATE": str(folder)}
    command = [sys.executable, "-m", "lambda_universal_router", "poll", "app.py"]
    return Run(folder, [*command, *arguments, "--endpoint-url", endpoint], env)


def depth(sqs: Any, url: str) -> int:
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    values = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
    return sum(int(values[name]) for name in names)


# --- SQS ----------------------------------------------------------------------------------------


def kind_of(number: int) -> str:
    if number % 100 == 42:
        return "always"
    return "once" if number % 20 == 7 else "ok"


def sqs_scenario(endpoint: str) -> dict[str, Any]:
    sqs = client("sqs", endpoint)
    dlq = sqs.create_queue(QueueName="orders-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    redrive = {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(MAX_RECEIVES)}
    url = sqs.create_queue(
        QueueName="orders",
        Attributes={"VisibilityTimeout": str(SQS_TIMEOUT), "RedrivePolicy": json.dumps(redrive)},
    )["QueueUrl"]
    for start in range(0, SQS_MESSAGES, 10):
        entries = [
            {"Id": str(n), "MessageBody": f"{n} {kind_of(n)}"} for n in range(start, start + 10)
        ]
        sqs.send_message_batch(QueueUrl=url, Entries=entries)
    good = {str(n) for n in range(SQS_MESSAGES) if kind_of(n) != "always"}
    always = {str(n) for n in range(SQS_MESSAGES) if kind_of(n) == "always"}

    run = new_run(SQS_APP, ["--sqs", url, "--function-timeout", str(SQS_TIMEOUT)], endpoint)
    poller = run.kill_on_progress(SQS_KILLS_AT)
    wait_for(lambda: good <= set(run.lines()) and depth(sqs, dlq) == len(always), poller)
    wait_for(lambda: depth(sqs, url) == 0, poller)
    elapsed = time.monotonic() - run.started
    status, stop_seconds = run.stop(poller)
    dead: set[str] = set()
    while len(dead) < depth(sqs, dlq):
        received = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10)
        dead.update(message["Body"].split()[0] for message in received.get("Messages", []))
    lines = run.lines()
    return {
        "messages": SQS_MESSAGES,
        "good": len(good),
        "good_processed": len(good & set(lines)),
        "always": len(always),
        "in_dlq": len(always & dead),
        "dlq_unexpected": len(dead - always),
        "lost": len(good - set(lines)) + len(always - dead),
        "duplicates": len(lines) - len(set(lines)),
        "kills": run.kills,
        "status": status,
        "stop_seconds": stop_seconds,
        "elapsed": elapsed,
    }


# --- Kinesis ------------------------------------------------------------------------------------


def kinesis_scenario(endpoint: str) -> dict[str, Any]:
    kinesis = client("kinesis", endpoint)
    kinesis.create_stream(StreamName="clicks", ShardCount=2)
    for start in range(0, KINESIS_RECORDS, 100):
        entries = []
        for n in range(start, start + 100):
            key = f"user-{n % KINESIS_KEYS}"
            entries.append({"Data": json.dumps({"key": key, "n": n}).encode(), "PartitionKey": key})
        kinesis.put_records(StreamName="clicks", Records=entries)
    arguments = [
        "--kinesis",
        "clicks",
        "--starting-position",
        "TRIM_HORIZON",
        "--batch-size",
        str(KINESIS_BATCH),
    ]
    run = new_run(KINESIS_APP, arguments, endpoint)
    run.command += ["--state-dir", str(run.folder / "state")]
    poller = run.kill_on_progress(KINESIS_KILLS_AT)
    wait_for(lambda: len(set(run.lines())) == KINESIS_RECORDS, poller)
    elapsed = time.monotonic() - run.started
    status, stop_seconds = run.stop(poller)

    lines = run.lines()
    by_key: dict[str, list[int]] = defaultdict(list)
    for line in lines:
        key, number = line.split()
        by_key[key].append(int(number))
    out_of_order = 0
    for numbers in by_key.values():
        first: list[int] = []
        for number in numbers:
            if number not in first:
                first.append(number)
        out_of_order += sum(1 for a, b in itertools.pairwise(first) if b < a)
    failing_key = f"user-{FAILS_TWICE % KINESIS_KEYS}"
    overtook = by_key[failing_key][: by_key[failing_key].index(FAILS_TWICE)]
    return {
        "records": KINESIS_RECORDS,
        "keys": KINESIS_KEYS,
        "processed": len(set(lines)),
        "lost": KINESIS_RECORDS - len(set(lines)),
        "out_of_order": out_of_order,
        "overtook_failing": sum(1 for n in overtook if n > FAILS_TWICE),
        "duplicates": len(lines) - len(set(lines)),
        "bound": len(run.kills) * KINESIS_BATCH,
        "kills": run.kills,
        "status": status,
        "stop_seconds": stop_seconds,
        "elapsed": elapsed,
    }


# --- the report ---------------------------------------------------------------------------------


def report(sqs: dict[str, Any], kinesis: dict[str, Any]) -> str:
    sqs_rows = [
        ["messages sent", f"{sqs['messages']}"],
        ["good messages processed at least once", f"{sqs['good_processed']} of {sqs['good']}"],
        ["always-failing messages in the dead-letter queue", f"{sqs['in_dlq']} of {sqs['always']}"],
        ["good messages also in the dead-letter queue (see below)", f"{sqs['dlq_unexpected']}"],
        ["**lost**", f"**{sqs['lost']}**"],
        ["duplicates (processed more than once)", f"{sqs['duplicates']}"],
        ["SIGKILLs, at messages done", ", ".join(map(str, sqs["kills"]))],
        [
            "final SIGTERM: exit status, seconds to exit",
            f"{sqs['status']}, {sqs['stop_seconds']:.1f}",
        ],
        [
            "whole run on moto, restarts and retry waits included (context only)",
            f"{sqs['elapsed']:.0f} s, {sqs['messages'] / sqs['elapsed']:.0f} messages/s",
        ],
    ]
    kinesis_rows = [
        ["records sent (2 shards, 10 partition keys)", f"{kinesis['records']}"],
        ["processed at least once", f"{kinesis['processed']} of {kinesis['records']}"],
        ["**lost**", f"**{kinesis['lost']}**"],
        ["records out of order within their key", f"{kinesis['out_of_order']}"],
        ["records of the failing key run before it succeeded", f"{kinesis['overtook_failing']}"],
        [
            "re-processed records (bound: kills x batch size)",
            f"{kinesis['duplicates']} (≤ {kinesis['bound']})",
        ],
        ["SIGKILLs, at records done", ", ".join(map(str, kinesis["kills"]))],
        [
            "final SIGTERM: exit status, seconds to exit",
            f"{kinesis['status']}, {kinesis['stop_seconds']:.1f}",
        ],
        [
            "whole run on moto, restarts included (context only)",
            f"{kinesis['elapsed']:.0f} s, {kinesis['records'] / kinesis['elapsed']:.0f} records/s",
        ],
    ]
    return f"""# Reliability of `lambda-router poll`

What the poller promises ([poll](poll.md)): nothing is deleted or checkpointed before the app has
answered, so a crash causes redelivery, not loss. On a queue that always holds; on a stream it
holds when its checkpoints are kept in `--state-dir`, as here (without one a restart starts over
at `--starting-position`, and `LATEST` then skips what was written while the poller was down;
with one, `LATEST` skips only what was written before the stream's very first start, see
[poll](poll.md)). These figures test it the hard way: the real
command, on moto's server, killed with SIGKILL when the app has made a given amount of progress
(never on a timer, so every kill lands mid-stream), then started again, and the outcome counted.
Produced by `bench/poll_reliability.py`; rerun it with (`.venv/` as `python3 dev.py test` or
`python3 dev.py bench` makes it):

```sh
{COMMAND}
```

## SQS: {sqs["messages"]} messages, SIGKILL three times

5% of the messages fail once, 1% always fail; the queue's visibility timeout is {SQS_TIMEOUT} s
(the function timeout too) and its redrive policy moves a message to the dead-letter queue after
{MAX_RECEIVES} receives. Batches of {SQS_BATCH}.

{table(["", "outcome"], sqs_rows, align="lr")}

**Duplicates, explained.** A message is deleted only after its batch's answer. A process killed
mid-batch has run some of its batch's messages without deleting them, so they reappear after the
visibility timeout and run again: at most one batch ({SQS_BATCH} messages) per kill, which is what
at-least-once delivery means and why SQS handlers must be idempotent. Messages that failed once
are not duplicates (their first run failed and did not count). Every receive counts towards
`maxReceiveCount`, a killed process's too: a message that failed once and was then in flight at
two kills can reach the dead-letter queue after it was processed. That is a duplicate too (it was
processed, and is also kept), never a loss; a larger `maxReceiveCount` makes it rarer.

## Kinesis: {kinesis["records"]} records, SIGKILL twice

Two shards, {KINESIS_KEYS} partition keys, batches of {KINESIS_BATCH}, checkpoints in
`--state-dir`; record {FAILS_TWICE} fails twice, then succeeds.

{table(["", "outcome"], kinesis_rows, align="lr")}

**Re-processing, explained.** A shard's checkpoint moves after each batch's answer and is written
to disk before the next batch starts. A killed poller restarts after the last checkpoint, so what
runs again is the part of the batch in flight that had already run: at most one batch per kill.
The failing record held its shard (the router stops a stream batch at its first failure and
reports the rest), so no later record of its key ran before it.

Measured on {machine()}.
"""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write-docs", action="store_true", help=f"write {DOCS.name}")
    options = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with moto_server() as endpoint:
        print("SQS scenario ...", file=sys.stderr, flush=True)
        sqs = sqs_scenario(endpoint)
        print(json.dumps(sqs), file=sys.stderr)
        print("Kinesis scenario ...", file=sys.stderr, flush=True)
        kinesis = kinesis_scenario(endpoint)
        print(json.dumps(kinesis), file=sys.stderr)
    text = report(sqs, kinesis)
    print(text)
    if options.write_docs:
        DOCS.write_text(text, encoding="utf-8")
        print(f"wrote {DOCS}", file=sys.stderr)
    failed = sqs["lost"] or kinesis["lost"] or kinesis["out_of_order"] or sqs["status"]
    return 1 if failed or kinesis["status"] or kinesis["duplicates"] > kinesis["bound"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
