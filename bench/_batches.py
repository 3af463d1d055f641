"""What the batch suites share: Lambda-like logging, and peak memory in a fresh interpreter.

Peak memory is measured in a child process per system, so nothing one system allocated, cached or
imported earlier in the run (another system's objects, a module-level cache, a warm-up batch of
the same records) changes what another's dispatch allocates. The child builds the batch, builds
the system, dispatches a small warm-up batch of the same shape (imports and lazy setup are a cold
start's cost, not the batch's), then traces one dispatch of the measured batch with
``tracemalloc``: the peak is the most memory allocated during the dispatch and live at once,
the batch itself not included.
"""

from __future__ import annotations

import gc
import logging
import os
import subprocess
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent


@contextmanager
def lambda_logging() -> Iterator[None]:
    """Log as the Lambda runtime does, to a stream that discards what it is given.

    Lambda's Python runtime gives the root logger a handler, so a warning a system logs (this
    library logs one per batch with failures, with the first traceback) is formatted and written
    in a real function; here it costs the same and prints nothing.
    """
    root = logging.getLogger()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        handler = logging.StreamHandler(sink)
        handler.setFormatter(logging.Formatter("[%(levelname)s] %(asctime)s %(message)s"))
        root.addHandler(handler)
        try:
            yield
        finally:
            root.removeHandler(handler)


def traced_peak(dispatch: Callable[[], Any]) -> int:
    """Bytes at the peak of memory allocated by ``dispatch()`` and live at the same time."""
    gc.collect()
    tracemalloc.start()
    try:
        dispatch()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def peak_in_child(module: str, *arguments: str) -> int:
    """``module.peak_bytes(*arguments)``, run in a fresh interpreter."""
    code = (
        f"import sys; sys.path.insert(0, {str(BENCH)!r}); import {module}; "
        f"print({module}.peak_bytes(*{arguments!r}))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return int(output)


def kib(size: float) -> str:
    return f"{size / 1024:,.0f} KiB"
