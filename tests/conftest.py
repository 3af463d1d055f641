"""Shared test helpers: realistic events live as JSON files under tests/events/<source>/."""

from __future__ import annotations

import copy
import json
import logging
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

EVENTS = Path(__file__).parent / "events"


@cache
def _read(name: str) -> Any:
    return json.loads((EVENTS / name).read_text(encoding="utf-8"))


def load_event(name: str) -> Any:
    """A fresh copy of ``tests/events/<name>`` (e.g. ``"sqs/standard.json"``)."""
    return copy.deepcopy(_read(name))


@pytest.fixture
def isolated_app_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``tmp_path`` as the working directory for apps a test writes (the CLI's and the
    server's tests); the modules imported from it are forgotten afterwards, so the next test
    may reuse their names."""
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", None) or "").startswith(str(tmp_path)):
            del sys.modules[name]


@pytest.fixture
def observability_reset() -> Iterator[None]:
    """Put ``logging`` and the cold start back after a test that turns observability on."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    from lambda_universal_router.observability import _invocation, _log_output, _metrics

    _log_output.uninstall()
    _invocation._cold[0] = True
    _metrics.pending.clear()
    root.handlers[:] = handlers
    root.setLevel(level)
