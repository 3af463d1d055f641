"""Cold import: what a Lambda cold start pays to load the router, in a fresh interpreter each time.

Every sample is a new ``python -c <statement>`` process timed from launch to exit, so it includes
what a cold start includes: interpreter startup, site, and the import. The statements run
round-robin; ``pass`` measures the bare interpreter so the import's own cost can be shown apart.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable

from _report import Report, Target, millis, ratio, table
from _stats import interleaved, median, paired_ratio

BARE = "pass"
JSON = "import json"
OURS = "from lambda_universal_router import Router"
POWERTOOLS = "from aws_lambda_powertools.event_handler import APIGatewayRestResolver"
STATEMENTS = (BARE, JSON, OURS, POWERTOOLS)

#: The issue's budget: the router import costs at most this multiple of ``import json``.
IMPORT_TARGET = 1.5

# NOTE: a child that may not write bytecode would recompile on every sample and time the compiler.
_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}

_COUNT_MODULES = "import sys; before = set(sys.modules); {}; print(len(set(sys.modules) - before))"


def _launch(statement: str) -> Callable[[], float]:
    command = [sys.executable, "-c", statement]

    def sample() -> float:
        start = time.perf_counter()
        subprocess.run(command, env=_ENV, check=True, stdin=subprocess.DEVNULL)
        return time.perf_counter() - start

    return sample


def _modules_loaded(statement: str) -> int:
    script = _COUNT_MODULES.format(statement)
    output = subprocess.run(
        [sys.executable, "-c", script], env=_ENV, check=True, capture_output=True, text=True
    ).stdout
    return int(output)


def run(quick: bool) -> Report:
    rounds = 8 if quick else 40
    samplers = {statement: _launch(statement) for statement in STATEMENTS}
    for sampler in samplers.values():  # warm the bytecode and file-system caches
        sampler()
    samples = interleaved(samplers, rounds)
    bare = samples[BARE]
    target = Target(
        "router import ÷ `import json`", paired_ratio(samples[OURS], samples[JSON]), IMPORT_TARGET
    )
    rows = []
    for statement in STATEMENTS:
        checked = statement == OURS
        own = median([a - b for a, b in zip(samples[statement], bare, strict=True)])
        rows.append(
            [
                f"`{statement}`",
                millis(median(samples[statement])),
                "" if statement == BARE else millis(own),
                "" if statement == BARE else str(_modules_loaded(statement)),
                ratio(paired_ratio(samples[statement], samples[JSON])),
                f"≤ {IMPORT_TARGET}x" if checked else "",
                target.verdict() if checked else "",
            ]
        )
    header = [
        "Statement, fresh interpreter",
        "Process (median)",
        "Import alone",
        "Modules loaded",
        "÷ `import json`",
        "Target",
        "Result",
    ]
    body = (
        table(header, rows, align="lrrrrll")
        + f"\n\n{rounds} interleaved rounds. *Process* is launch to exit of `python -c` (what a"
        " cold start pays); *import alone* subtracts the bare interpreter (`pass`) of the same"
        " round; *modules loaded* counts the modules the statement adds to `sys.modules`. Ratios"
        " are medians of the ratios within each round."
    )
    return Report("import", "Cold import", body, [target])
