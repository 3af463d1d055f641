"""The public namespace: complete, sorted, and cheap to import."""

from __future__ import annotations

import subprocess
import sys

import lambda_universal_router
from lambda_universal_router import events


def test_top_level_all_is_sorted_and_every_name_resolves() -> None:
    names = lambda_universal_router.__all__
    assert names == sorted(names)
    for name in names:
        assert getattr(lambda_universal_router, name) is not None


def test_events_all_is_sorted_and_every_name_resolves() -> None:
    assert events.__all__ == sorted(events.__all__)
    for name in events.__all__:
        assert isinstance(getattr(events, name), type)


def test_every_public_exception_is_exported() -> None:
    from lambda_universal_router import _exceptions

    public = {
        name
        for name, value in vars(_exceptions).items()
        if isinstance(value, type) and issubclass(value, Exception) and not name.startswith("_")
    }
    assert public <= set(lambda_universal_router.__all__)


def test_importing_the_router_loads_only_the_core() -> None:
    script = (
        "import sys; from lambda_universal_router import Router; "
        "print(' '.join(sorted(m for m in sys.modules)))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    ours = {name for name in loaded if name.startswith("lambda_universal_router")}
    assert ours == {
        "lambda_universal_router",
        "lambda_universal_router._classify",
        "lambda_universal_router._exceptions",
        "lambda_universal_router._registry",
        "lambda_universal_router._router",
        "lambda_universal_router._decorators",
        "lambda_universal_router._sources",
        "lambda_universal_router._dispatch",
    }
    heavy = {"logging", "asyncio", "decimal", "dataclasses", "inspect", "http.cookies", "gzip"}
    assert not heavy & loaded
    # typing (and re through it) costs more than the whole core: annotations only, never imported
    script = (
        "import sys; before = set(sys.modules); from lambda_universal_router import Router; "
        "print(' '.join(sorted(set(sys.modules) - before)))"
    )
    added = set(
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert not {"typing", "re", "collections", "json"} & added


#: Names in the docs that look like exceptions but are not the library's: placeholders in prose
#: and AWS error codes.
NOT_OURS = {"SomeError", "InternalError"}


def test_every_exception_the_docs_name_is_exported() -> None:
    import builtins
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    pages = [root / "README.md", *sorted((root / "docs").rglob("*.md"))]
    text = "\n".join(page.read_text(encoding="utf-8") for page in pages)
    defined_in_examples = set(re.findall(r"^\s*class (\w+)\(", text, re.MULTILINE))
    named = set(re.findall(r"\b[A-Z]\w*(?:Error|Exception)\b", text))
    ours = named - NOT_OURS - defined_in_examples - set(dir(builtins))
    assert "CustomResourceResponseError" in ours  # the test sees what it should
    assert ours <= set(lambda_universal_router.__all__), ours - set(lambda_universal_router.__all__)
    for name in ours:
        value = getattr(lambda_universal_router, name)
        assert isinstance(value, type) and issubclass(value, Exception)


def test_a_router_without_observability_imports_nothing_of_it() -> None:
    script = (
        "import sys\n"
        "from lambda_universal_router import Router\n"
        "router = Router()\n"
        "router.get('/')(lambda event, context: None)\n"
        "router.sqs(per_record=True)(lambda record, context: None)\n"
        "router.dispatch({'httpMethod': 'GET', 'path': '/', 'resource': '/'}, None)\n"
        "router.dispatch({'Records': [{'eventSource': 'aws:sqs', 'messageId': '1',"
        " 'body': ''}]}, None)\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [name for name in loaded if "observability" in name or "opentelemetry" in name]
    assert "logging" not in loaded


def test_observability_exports_its_switch_metrics_and_logger() -> None:
    from lambda_universal_router import observability

    assert observability.__all__ == ["Observability", "logger", "metrics"]
    assert observability.logger("x").name == "x"
