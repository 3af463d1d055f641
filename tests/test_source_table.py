"""A source is complete or the suite fails.

The source table (``_sources.SOURCES``) is where a source starts; everything a user or a tool
needs of it must exist too: its decorator, its typed event exported from ``events``, a factory in
the testing catalog whose event is recognised as that source, a docs page linked from
docs/sources/index.md, a SAM template writer or a ``NotWired`` note, and a test module. The
table's ``"module:attribute"`` strings are resolved only when a router compiles, so every one of
them is resolved here: a moved module cannot break a source silently.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from lambda_universal_router import Router, events
from lambda_universal_router._classify import classify
from lambda_universal_router._cli.template import _WRITERS, MANUAL
from lambda_universal_router._dispatch import load
from lambda_universal_router._sources import SOURCES, Source
from lambda_universal_router.testing._catalog import catalog

ROOT = Path(__file__).resolve().parent.parent
REFERENCES = ("event", "dispatcher", "filters", "identity", "batch")
#: One row per source (HTTP has a row per payload version).
BY_NAME = {source.name: source for source in SOURCES}
#: Sources whose decorator, docs page or tests carry another name.
DECORATOR = {"http": "route"}
PAGE = {"http": "../http.md"}
TESTS = {"http": "test_http_routing.py"}


@pytest.mark.parametrize("source", SOURCES, ids=lambda source: source.name)
def test_every_module_attribute_string_resolves(source: Source) -> None:
    for field in REFERENCES:
        reference = getattr(source, field)
        if reference is not None:
            assert ":" in reference, f"{source.name}.{field} = {reference!r}"
            assert load(reference) is not None, f"{source.name}.{field} = {reference!r}"


@cache
def _recognised() -> dict[str, list[str]]:
    """Source name -> the catalog events recognised as that source."""
    found: dict[str, list[str]] = {}
    for name, factory in catalog().items():
        source, _ = classify(factory())
        found.setdefault(source.name, []).append(name)
    return found


def _typed_event(source: Source) -> str:
    event = load(source.event)
    if isinstance(event, type):
        return event.__name__
    # A builder choosing among classes (EventBridge: ScheduledEvent for scheduled rules).
    return str(event.__annotations__["return"])


@pytest.mark.parametrize("name", BY_NAME)
def test_every_source_is_complete(name: str) -> None:
    source = BY_NAME[name]
    decorator = DECORATOR.get(name, name)
    assert callable(getattr(Router, decorator, None)), f"no @router.{decorator}"
    typed = _typed_event(source)
    assert typed in events.__all__, f"{typed} is not in events.__all__"
    assert _recognised().get(name), f"no factory in the testing catalog classifies as {name}"
    index = (ROOT / "docs" / "sources" / "index.md").read_text()
    page = PAGE.get(name, f"{name}.md")
    assert f"]({page})" in index, f"docs/sources/index.md does not link {page}"
    assert (ROOT / "docs" / "sources" / page).resolve().is_file(), f"no page {page}"
    assert name in _WRITERS or name in MANUAL, f"no template writer or NotWired note for {name}"
    tests = TESTS.get(name, f"test_source_{name}.py")
    assert (ROOT / "tests" / tests).is_file() or (
        ROOT / "tests" / f"test_events_{name}.py"
    ).is_file(), f"no tests/{tests}"


def test_events_exports_one_table() -> None:
    # __all__ is computed from _MODULES; the imports for type checkers must say the same.
    tree = ast.parse((ROOT / "src/lambda_universal_router/events/__init__.py").read_text())
    guarded = next(node for node in tree.body if isinstance(node, ast.If))
    imported = {
        alias.asname: f"{node.module}"
        for node in guarded.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    assert imported == events._MODULES
    assert all(re.fullmatch(r"_\w+", module) for module in imported.values())
